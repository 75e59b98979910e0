using System.Collections;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Models;

namespace EcsAdmin.Commands
{
    // The parameter groups of the cmdlets that place tasks and change services, each declared once on an abstract
    // base in the chain (PowerShell binds only properties of the cmdlet class and its bases):
    //   EcsNetworkCmdlet -> EcsPlacementCmdlet (Start-EcsTask) -> EcsServiceChangeCmdlet (Update-EcsService)
    //   -> EcsNewServiceCmdlet (New-EcsService, New-EcsFargateService).

    /// <summary>Base for cmdlets that place tasks: declares -PlacementStrategy and -PlacementConstraint once.</summary>
    public abstract class EcsPlacementCmdlet : EcsNetworkCmdlet
    {
        /// <summary>Placement strategies: 'binpack:memory', 'spread:attribute:ecs.availability-zone', 'random', @{type='binpack'; field='memory'} or JSON in the AWS shape.</summary>
        [Parameter]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(PlacementStrategyCompleter))]
        public object[]? PlacementStrategy { get; set; }

        /// <summary>Placement constraints: 'distinctInstance', 'memberOf:attribute:ecs.instance-type =~ t3.*', @{type='memberOf'; expression='...'} or JSON in the AWS shape.</summary>
        [Parameter]
        [AllowEmptyCollection]
        [ArgumentCompleter(typeof(PlacementConstraintCompleter))]
        public object[]? PlacementConstraint { get; set; }

        /// <summary>The strategies as items (throws EcsAdminException on a malformed item; the rules are checked by PlacementChecks).</summary>
        protected EcsPlacementStrategy[]? PlacementStrategies() => PlacementBinding.ToStrategies(PlacementStrategy);

        /// <summary>The constraints as items (throws EcsAdminException on a malformed item; the rules are checked by PlacementChecks).</summary>
        protected EcsPlacementConstraint[]? PlacementConstraints() => PlacementBinding.ToConstraints(PlacementConstraint);
    }

    /// <summary>
    /// Base for cmdlets that create or change a service: the deployment settings, the deployment strategy
    /// (blue/green, linear, canary, hooks, alarms), the load balancers, Cloud Map registries and Service Connect.
    /// </summary>
    public abstract class EcsServiceChangeCmdlet : EcsPlacementCmdlet, IStrategyParameters
    {
        [Parameter]
        public int? MinimumHealthyPercent { get; set; }

        [Parameter]
        public int? MaximumPercent { get; set; }

        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int? HealthCheckGracePeriodSec { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PlatformVersion { get; set; }

        [Parameter]
        [AllowEmptyCollection]
        public object[]? LoadBalancer { get; set; }

        [Parameter]
        [AllowEmptyCollection]
        public object[]? ServiceRegistry { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(NamespaceNameCompleter))]
        public string? ServiceConnectNamespace { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServiceConnectPortName { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? ServiceConnectDiscoveryName { get; set; }

        [Parameter]
        public object[]? ServiceConnectClientAlias { get; set; }

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
    }
}
