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
    /// Base of New-EcsService and New-EcsFargateService: the parameters of a new service and the one way it is
    /// created. The Fargate front door keeps to FARGATE/FARGATE_SPOT and awsvpc; New-EcsService takes every launch
    /// model (EC2, EXTERNAL, FARGATE, Auto Scaling group capacity providers), DAEMON scheduling and placement.
    /// </summary>
    public abstract class EcsNewServiceCmdlet : EcsServiceChangeCmdlet
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

        /// <summary>The deployment circuit breaker with rollback: on unless -CircuitBreaker:$false, the same switch as Update-EcsService.</summary>
        [Parameter]
        public SwitchParameter CircuitBreaker { get; set; } = new SwitchParameter(true);

        [Parameter]
        public SwitchParameter EnableExecuteCommand { get; set; }

        [Parameter]
        [ValidateSet("SERVICE", "TASK_DEFINITION", "NONE")]
        public string? PropagateTags { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

        /// <summary>A token fixed for this invocation and item: the SDK's retries send the same one, so ECS creates the service once.</summary>
        internal static string ClientTokenFor(Guid invocation, string cluster, string name)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(invocation.ToString("N") + "|" + cluster + "|" + name));
            var sb = new StringBuilder();
            for (int i = 0; i < 16; i++) sb.Append(hash[i].ToString("x2"));
            return sb.ToString();
        }

        /// <summary>Checks and creates one service (the item being processed).</summary>
        private protected void CreateService(bool fargateOnly, string? launchType, string? schedulingStrategy, string action)
        {
            var options = new NewServiceOptions
            {
                Name = Name?.Trim() ?? "",
                TaskDefinition = TaskDefinition?.Trim() ?? "",
                DesiredCount = DesiredCount,
                Subnets = Subnet ?? Array.Empty<string>(),
                SecurityGroups = SecurityGroup ?? Array.Empty<string>(),
                AssignPublicIp = AssignPublicIp,
                LaunchType = launchType?.ToUpperInvariant(),
                FargateOnly = fargateOnly,
                SchedulingStrategy = schedulingStrategy?.ToUpperInvariant(),
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
                    if (options.SchedulingStrategy == "DAEMON" && MyInvocation.BoundParameters.ContainsKey(nameof(DesiredCount)))
                        throw new EcsAdminException("DaemonDesiredCount", EcsErrorKind.InvalidArgument,
                            "A DAEMON service runs one task on each container instance: it takes no -DesiredCount (got " + DesiredCount + ").", DesiredCount,
                            "Leave out -DesiredCount; choose the instances with -PlacementConstraint 'memberOf:...'.");
                    options.CapacityProviderStrategy = CapacityStrategy();
                    options.PlacementStrategies = PlacementStrategies();
                    options.PlacementConstraints = PlacementConstraints();
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
                action: action,
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
