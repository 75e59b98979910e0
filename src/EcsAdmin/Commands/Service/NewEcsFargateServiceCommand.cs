using System;
using System.Collections;
using System.Management.Automation;
using System.Security.Cryptography;
using System.Text;
using EcsAdmin.Commands.Cluster;
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
    public sealed class NewEcsFargateServiceCommand : EcsCmdlet
    {
        private readonly Guid _invocation = Guid.NewGuid();

        /// <summary>The cluster (name or ARN); the session's default cluster, else "default", when left out.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>The service name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName")]
        public string Name { get; set; } = "";

        /// <summary>family, family:revision or ARN; an EcsTaskDefinition binds through TaskDefinitionArn.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskDefinitionArn")]
        public string TaskDefinition { get; set; } = "";

        [Parameter]
        [ValidateRange(0, 100000)]
        public int DesiredCount { get; set; } = 1;

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
        public int? MinimumHealthyPercent { get; set; }

        [Parameter]
        public int? MaximumPercent { get; set; }

        [Parameter]
        public SwitchParameter DisableCircuitBreaker { get; set; }

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

        protected override void ProcessRecord()
        {
            var options = new NewServiceOptions
            {
                Cluster = Cluster?.Trim() ?? "default",
                Name = Name?.Trim() ?? "",
                TaskDefinition = TaskDefinition?.Trim() ?? "",
                DesiredCount = DesiredCount,
                Subnets = Subnet ?? Array.Empty<string>(),
                SecurityGroups = SecurityGroup ?? Array.Empty<string>(),
                AssignPublicIp = AssignPublicIp,
                LaunchType = LaunchType?.ToUpperInvariant(),
                MinimumHealthyPercent = MinimumHealthyPercent,
                MaximumPercent = MaximumPercent,
                CircuitBreaker = !DisableCircuitBreaker,
                EnableExecuteCommand = EnableExecuteCommand,
                ServiceConnectNamespace = ServiceConnectNamespace,
                ServiceConnectPortName = ServiceConnectPortName,
                ServiceConnectDiscoveryName = ServiceConnectDiscoveryName,
                PropagateTags = PropagateTags?.ToUpperInvariant(),
                Tags = Binding.ToStringMap(Tag),
                HealthCheckGracePeriodSeconds = HealthCheckGracePeriodSec,
                PlatformVersion = PlatformVersion,
                Wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec) } : null,
            };
            try
            {
                options.CapacityProviderStrategy = Binding.ToStrategy(CapacityProviderStrategy);
                options.LoadBalancers = ServiceChecks.ToLoadBalancers(LoadBalancer);
                options.ServiceRegistries = ServiceChecks.ToRegistries(ServiceRegistry);
                options.ServiceConnectClientAliases = ServiceChecks.ToAliases(ServiceConnectClientAlias);
                ServiceChecks.NewService(options);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            var target = options.Name + " (cluster " + (Cluster ?? "default") + ", " + options.TaskDefinition + ")";
            if (!ShouldProcess(target, "Create Fargate service")) return;
            RunOperation(PerItem.NonTerminating(ctx =>
            {
                var session = ResolveSession(ctx);
                options.Cluster = ClusterOrDefault(Cluster, session);
                options.ClientToken = ClientTokenFor(_invocation, options.Cluster, options.Name);
                return Engine.Services.CreateAsync(session, options, ctx);
            }));
        }
    }
}
