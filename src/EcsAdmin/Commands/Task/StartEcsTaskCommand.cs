using System;
using System.Collections;
using System.Management.Automation;
using EcsAdmin.Commands.Cluster;
using EcsAdmin.Commands.Service;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Tasks
{
    /// <summary>
    /// <para type="synopsis">Runs tasks on Fargate (or FARGATE_SPOT by strategy), optionally waiting for their exit codes.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "EcsTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsTask))]
    public sealed class StartEcsTaskCommand : EcsCmdlet
    {
        private readonly Guid _invocation = Guid.NewGuid();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskDefinitionArn")]
        public string TaskDefinition { get; set; } = "";

        [Parameter]
        [ValidateRange(1, 10)]
        public int Count { get; set; } = 1;

        [Parameter]
        public string[]? Subnet { get; set; }

        [Parameter]
        public string[]? SecurityGroup { get; set; }

        [Parameter]
        public SwitchParameter AssignPublicIp { get; set; }

        [Parameter]
        public object[]? CapacityProviderStrategy { get; set; }

        [Parameter]
        [ValidateSet("FARGATE")]
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
                Cluster = Cluster?.Trim() ?? "default",
                TaskDefinition = TaskDefinition?.Trim() ?? "",
                Count = Count,
                Subnets = Subnet ?? Array.Empty<string>(),
                SecurityGroups = SecurityGroup ?? Array.Empty<string>(),
                AssignPublicIp = AssignPublicIp,
                LaunchType = LaunchType?.ToUpperInvariant(),
                PlatformVersion = PlatformVersion,
                EnableExecuteCommand = EnableExecuteCommand,
                StartedBy = StartedBy,
                Tags = Binding.ToStringMap(Tag),
                Wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec), PollInterval = TimeSpan.FromSeconds(3), MaxPollInterval = TimeSpan.FromSeconds(15) } : null,
            };
            try
            {
                options.CapacityProviderStrategy = Binding.ToStrategy(CapacityProviderStrategy);
                options.Overrides = ServiceChecks.ToOverrides(Override);
                ServiceChecks.StartTask(options);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            if (!ShouldProcess(options.TaskDefinition + " x" + options.Count + " (cluster " + (Cluster ?? "default") + ")", "Run ECS task")) return;
            RunOperation(PerItem.NonTerminating(ctx =>
            {
                var session = ResolveSession(ctx);
                options.Cluster = ClusterOrDefault(Cluster, session);
                options.ClientToken = NewEcsFargateServiceCommand.ClientTokenFor(_invocation, options.Cluster, options.TaskDefinition + "#" + options.Count);
                return Engine.Tasks.StartAsync(session, options, ctx);
            }));
        }
    }
}
