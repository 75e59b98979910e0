using System;
using System.Collections;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Creates a Fargate service (awsvpc, circuit breaker with rollback on by default) and optionally waits for its deployment.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsFargateService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsService), typeof(EcsDeploymentResult))]
    public sealed class NewEcsFargateServiceCommand : EcsNetworkCmdlet, IStrategyParameters
    {
        private readonly Guid _invocation = Guid.NewGuid();

        /// <summary>The service name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName")]
        public string Name { get; set; } = "";

        /// <summary>family, family:revision or ARN; an EcsTaskDefinition binds through TaskDefinitionArn.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("TaskDefinitionArn")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskDefinitionCompleter))]
        public string TaskDefinition { get; set; } = "";

        [Parameter]
        [ValidateRange(0, 100000)]
        public int DesiredCount { get; set; } = 1;

        [Parameter]
        [ValidateSet("FARGATE")]
        public string? LaunchType { get; set; }

        [Parameter]
        public int? MinimumHealthyPercent { get; set; }

        [Parameter]
        public int? MaximumPercent { get; set; }

        /// <summary>The deployment circuit breaker with rollback: on unless -CircuitBreaker:$false, the same switch as Update-EcsService.</summary>
        [Parameter]
        public SwitchParameter CircuitBreaker { get; set; } = new SwitchParameter(true);

        [Parameter]
        public SwitchParameter EnableExecuteCommand { get; set; }

        [Parameter]
        public object[]? LoadBalancer { get; set; }

        [Parameter]
        public object[]? ServiceRegistry { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
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
        [ValidateSet("SERVICE", "TASK_DEFINITION", "NONE")]
        public string? PropagateTags { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

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

        /// <summary>A token fixed for this invocation and item: the SDK's retries send the same one, so ECS creates the service once.</summary>
        internal static string ClientTokenFor(Guid invocation, string cluster, string name)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(invocation.ToString("N") + "|" + cluster + "|" + name));
            var sb = new StringBuilder();
            for (int i = 0; i < 16; i++) sb.Append(hash[i].ToString("x2"));
            return sb.ToString();
        }

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
            var options = new NewServiceOptions
            {
                Name = Name?.Trim() ?? "",
                TaskDefinition = TaskDefinition?.Trim() ?? "",
                DesiredCount = DesiredCount,
                Subnets = Subnet ?? Array.Empty<string>(),
                SecurityGroups = SecurityGroup ?? Array.Empty<string>(),
                AssignPublicIp = AssignPublicIp,
                LaunchType = LaunchType?.ToUpperInvariant(),
                MinimumHealthyPercent = MinimumHealthyPercent,
                MaximumPercent = MaximumPercent,
                CircuitBreaker = CircuitBreaker.ToBool(),
                EnableExecuteCommand = EnableExecuteCommand,
                ServiceConnectNamespace = ServiceConnectNamespace,
                ServiceConnectPortName = ServiceConnectPortName,
                ServiceConnectDiscoveryName = ServiceConnectDiscoveryName,
                PropagateTags = PropagateTags?.ToUpperInvariant(),
                Tags = ParameterBinding.ToStringMap(Tag),
                HealthCheckGracePeriodSeconds = HealthCheckGracePeriodSec,
                PlatformVersion = PlatformVersion,
                Wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec) } : null,
            };
            ProcessItem(
                validate: () =>
                {
                    options.CapacityProviderStrategy = CapacityStrategy();
                    options.LoadBalancers = ServiceBinding.ToLoadBalancers(LoadBalancer);
                    options.ServiceRegistries = ServiceBinding.ToRegistries(ServiceRegistry);
                    options.ServiceConnectClientAliases = ServiceBinding.ToAliases(ServiceConnectClientAlias);
                    // The rules read the cluster too: check them with the given one, or a stand-in when it comes from the session.
                    options.Cluster = Cluster?.Trim() ?? "default";
                    ServiceChecks.NewService(options);
                    options.Strategy = StrategyBinding.ToOptions(this);
                    DeploymentStrategyChecks.CheckNew(options);
                },
                target: session => options.Name + " (cluster " + ClusterFor(session) + ", " + options.TaskDefinition + ")",
                action: "Create Fargate service",
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    options.ClientToken = ClientTokenFor(_invocation, options.Cluster, options.Name);
                    return Engine.Services.CreateAsync(session, options, ctx);
                });
        }
    }
}
