using System;
using System.Collections;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Deploys a task definition or new images to a service, or changes its count, deployment settings, strategy, placement, network, load balancers, registries, Service Connect, capacity strategy or ECS Exec.</para>
    /// </summary>
    [Cmdlet(VerbsData.Update, "EcsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsService), typeof(EcsDeploymentResult))]
    public sealed partial class UpdateEcsServiceCommand : EcsServiceChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskDefinitionCompleter))]
        public string? TaskDefinition { get; set; }

        [Parameter]
        public object? Image { get; set; }

        [Parameter]
        [ValidateRange(0, 100000)]
        public int? DesiredCount { get; set; }

        [Parameter]
        public SwitchParameter ForceNewDeployment { get; set; }

        [Parameter]
        public SwitchParameter CircuitBreaker { get; set; }

        [Parameter]
        public SwitchParameter EnableExecuteCommand { get; set; }

        /// <summary>Turn Service Connect off for the service.</summary>
        [Parameter]
        public SwitchParameter DisableServiceConnect { get; set; }

        protected override void ProcessRecord()
        {
            var bound = MyInvocation.BoundParameters;
            var options = new UpdateServiceOptions
            {
                Service = Name?.Trim() ?? "",
                TaskDefinition = TaskDefinition?.Trim(),
                DesiredCount = DesiredCount,
                ForceNewDeployment = ForceNewDeployment,
                MinimumHealthyPercent = MinimumHealthyPercent,
                MaximumPercent = MaximumPercent,
                CircuitBreaker = bound.ContainsKey(nameof(CircuitBreaker)) ? CircuitBreaker.ToBool() : (bool?)null,
                EnableExecuteCommand = bound.ContainsKey(nameof(EnableExecuteCommand)) ? EnableExecuteCommand.ToBool() : (bool?)null,
                HealthCheckGracePeriodSeconds = HealthCheckGracePeriodSec,
                PlatformVersion = PlatformVersion,
                Wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec) } : null,
                Subnets = Subnet,
                SecurityGroups = SecurityGroup,
                AssignPublicIp = bound.ContainsKey(nameof(AssignPublicIp)) ? AssignPublicIp.IsPresent : (bool?)null,
                ServiceConnectNamespace = ServiceConnectNamespace,
                ServiceConnectPortName = ServiceConnectPortName,
                ServiceConnectDiscoveryName = ServiceConnectDiscoveryName,
                DisableServiceConnect = DisableServiceConnect,
            };
            // A piped Get-EcsRightSizing record whose verdict is not a resize has nothing to do: UpdateEcsServiceCommand.Resize.cs.
            if (SkipsRecordWithoutSize(options)) return;
            ProcessItem(
                validate: () =>
                {
                    options.Images = ServiceBinding.ToImages(Image);
                    options.CapacityProviderStrategy = CapacityStrategy();
                    options.PlacementStrategies = PlacementStrategies();
                    options.PlacementConstraints = PlacementConstraints();
                    options.LoadBalancers = ServiceBinding.ToLoadBalancers(LoadBalancer);
                    options.ServiceRegistries = ServiceBinding.ToRegistries(ServiceRegistry);
                    options.ServiceConnectClientAliases = ServiceBinding.ToAliases(ServiceConnectClientAlias);
                    // The rules read the cluster too: check them with the given one, or a stand-in when it comes from the session.
                    options.Cluster = Cluster?.Trim() ?? "default";
                    options.Strategy = StrategyBinding.ToOptions(this);
                    CheckUpdate(options); // the shared checks, and with -Cpu/-Memory the resize's own
                    if (options.Strategy?.Strategy != null) DeploymentStrategyChecks.Check(options.Strategy, options.Strategy.Strategy);
                },
                target: session => options.Service + " (cluster " + ClusterFor(session) + ")",
                // The action is named after validate, when the placement and attachments are options: -WhatIf lists them.
                actionFor: _ => ResizeAction(Image != null ? "Register a revision with new images and deploy it"
                    : options.TaskDefinition != null ? "Deploy " + options.TaskDefinition
                    : "Update ECS service") + ServiceChangeText.Describe(options),
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return UpdateWithResizeAsync(session, options, ctx);
                });
        }
    }
}
