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
    /// <para type="synopsis">Deploys a task definition or new images to a service, or changes its count, deployment settings, strategy or ECS Exec.</para>
    /// </summary>
    [Cmdlet(VerbsData.Update, "EcsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsService), typeof(EcsDeploymentResult))]
    public sealed partial class UpdateEcsServiceCommand : EcsCapacityCmdlet, IStrategyParameters
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
        public int? MinimumHealthyPercent { get; set; }

        [Parameter]
        public int? MaximumPercent { get; set; }

        [Parameter]
        public SwitchParameter CircuitBreaker { get; set; }

        [Parameter]
        public SwitchParameter EnableExecuteCommand { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? HealthCheckGracePeriodSec { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PlatformVersion { get; set; }

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 1800;

        // ---------------------------------------------------------------- deployment strategy

        [Parameter]
        [ValidateSet("Rolling", "BlueGreen", "Linear", "Canary")]
        public string? Strategy { get; set; }

        [Parameter]
        public int? BakeTimeMinutes { get; set; }

        [Parameter]
        public double? LinearStepPercent { get; set; }

        [Parameter]
        public int? LinearStepBakeMinutes { get; set; }

        [Parameter]
        public double? CanaryPercent { get; set; }

        [Parameter]
        public int? CanaryBakeMinutes { get; set; }

        [Parameter]
        public string? AlternateTargetGroupArn { get; set; }

        [Parameter]
        public string? ProductionListenerRule { get; set; }

        [Parameter]
        public string? TestListenerRule { get; set; }

        [Parameter]
        public string? LoadBalancerRoleArn { get; set; }

        [Parameter]
        public string? TestTrafficHeader { get; set; }

        [Parameter]
        public string? TestTrafficHeaderValue { get; set; }

        [Parameter]
        [ValidateSet("RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT", "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT")]
        public string[]? PauseAt { get; set; }

        [Parameter]
        public int? PauseTimeoutMinutes { get; set; }

        [Parameter]
        [ValidateSet("Continue", "Rollback")]
        public string? PauseTimeoutAction { get; set; }

        [Parameter]
        public Hashtable[]? LifecycleHook { get; set; }

        [Parameter]
        [AllowEmptyCollection]
        public string[]? DeploymentAlarm { get; set; }

        [Parameter]
        public bool? AlarmRollback { get; set; }

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
            };
            // A piped Get-EcsRightSizing record whose verdict is not a resize has nothing to do: UpdateEcsServiceCommand.Resize.cs.
            if (SkipsRecordWithoutSize(options)) return;
            ProcessItem(
                validate: () =>
                {
                    options.Images = ServiceBinding.ToImages(Image);
                    options.CapacityProviderStrategy = CapacityStrategy();
                    // The rules read the cluster too: check them with the given one, or a stand-in when it comes from the session.
                    options.Cluster = Cluster?.Trim() ?? "default";
                    options.Strategy = StrategyBinding.ToOptions(this);
                    CheckUpdate(options); // the shared checks, and with -Cpu/-Memory the resize's own
                    if (options.Strategy?.Strategy != null) DeploymentStrategyChecks.Check(options.Strategy, options.Strategy.Strategy);
                },
                target: session => options.Service + " (cluster " + ClusterFor(session) + ")",
                action: ResizeAction(Image != null ? "Register a revision with new images and deploy it"
                    : options.TaskDefinition != null ? "Deploy " + options.TaskDefinition
                    : "Update ECS service"),
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return UpdateWithResizeAsync(session, options, ctx);
                });
        }
    }
}
