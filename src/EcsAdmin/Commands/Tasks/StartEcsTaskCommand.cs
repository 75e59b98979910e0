using System;
using System.Collections;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Commands.Service;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Tasks
{
    /// <summary>
    /// <para type="synopsis">Runs tasks on Fargate, EC2 or ECS Anywhere instances (or capacity providers), with placement, optionally waiting for their exit codes.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "EcsTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsTask))]
    public sealed class StartEcsTaskCommand : EcsPlacementCmdlet
    {
        private readonly Guid _invocation = Guid.NewGuid();

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("TaskDefinitionArn")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskDefinitionCompleter))]
        public string TaskDefinition { get; set; } = "";

        [Parameter]
        [ValidateRange(1, 10)]
        public int Count { get; set; } = 1;

        /// <summary>FARGATE (the default without a capacity provider strategy), EC2 or EXTERNAL (ECS Anywhere).</summary>
        [Parameter]
        [ValidateSet("FARGATE", "EC2", "EXTERNAL", IgnoreCase = true)]
        public string? LaunchType { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PlatformVersion { get; set; }

        [Parameter]
        public object[]? Override { get; set; }

        [Parameter]
        public SwitchParameter EnableExecuteCommand { get; set; }

        [Parameter]
        [ValidateLength(1, 128)]
        public string? StartedBy { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 3600;

        protected override void ProcessRecord()
        {
            var options = new StartTaskOptions
            {
                TaskDefinition = TaskDefinition?.Trim() ?? "",
                Count = Count,
                Subnets = Subnet ?? Array.Empty<string>(),
                SecurityGroups = SecurityGroup ?? Array.Empty<string>(),
                AssignPublicIp = AssignPublicIp,
                LaunchType = LaunchType?.ToUpperInvariant(),
                PlatformVersion = PlatformVersion,
                EnableExecuteCommand = EnableExecuteCommand,
                StartedBy = StartedBy,
                Tags = ParameterBinding.ToStringMap(Tag),
                Wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec), PollInterval = TimeSpan.FromSeconds(3), MaxPollInterval = TimeSpan.FromSeconds(15) } : null,
            };
            ProcessItem(
                validate: () =>
                {
                    options.CapacityProviderStrategy = CapacityStrategy();
                    options.Overrides = ServiceBinding.ToOverrides(Override);
                    options.PlacementStrategies = PlacementStrategies();
                    options.PlacementConstraints = PlacementConstraints();
                    // The rules read the cluster too: check them with the given one, or a stand-in when it comes from the session.
                    options.Cluster = Cluster?.Trim() ?? "default";
                    ServiceChecks.StartTask(options);
                },
                target: session => options.TaskDefinition + " x" + options.Count + " (cluster " + ClusterFor(session) + ")",
                action: "Run ECS task",
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    options.ClientToken = NewEcsFargateServiceCommand.ClientTokenFor(_invocation, options.Cluster, options.TaskDefinition + "#" + options.Count);
                    return Engine.Tasks.StartAsync(session, options, ctx);
                });
        }
    }
}
