using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>A Cloud Map registry for a service (-ServiceRegistry @{RegistryArn=...; ContainerName=...; ContainerPort=...}).</summary>
    internal sealed class ServiceRegistryOptions
    {
        public string RegistryArn { get; set; } = "";
        public int? Port { get; set; }
        public string? ContainerName { get; set; }
        public int? ContainerPort { get; set; }
    }

    /// <summary>A Service Connect client alias: port and optional DNS name.</summary>
    internal sealed class ServiceConnectAliasOptions
    {
        public int Port { get; set; }
        public string? DnsName { get; set; }
    }

    /// <summary>How long to follow a deployment and how often to look.</summary>
    internal sealed class WaitSettings
    {
        /// <summary>Give up (outcome TimedOut) after this long; any length.</summary>
        public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(30);
        /// <summary>First poll interval; grows by half each poll up to MaxPollInterval.</summary>
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(3);
        public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(15);
    }

    internal sealed class NewServiceOptions
    {
        public string Cluster { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>family, family:revision or ARN.</summary>
        public string TaskDefinition { get; set; } = "";
        public int DesiredCount { get; set; } = 1;
        public string[] Subnets { get; set; } = Array.Empty<string>();
        public string[] SecurityGroups { get; set; } = Array.Empty<string>();
        public bool AssignPublicIp { get; set; }
        public EcsCapacityProviderStrategyItem[]? CapacityProviderStrategy { get; set; }
        /// <summary>FARGATE when neither this nor a strategy is given.</summary>
        public string? LaunchType { get; set; }
        public int? MinimumHealthyPercent { get; set; }
        public int? MaximumPercent { get; set; }
        public bool CircuitBreaker { get; set; } = true;
        public bool EnableExecuteCommand { get; set; }
        public EcsLoadBalancer[]? LoadBalancers { get; set; }
        public ServiceRegistryOptions[]? ServiceRegistries { get; set; }
        public string? ServiceConnectNamespace { get; set; }
        public string? ServiceConnectPortName { get; set; }
        public string? ServiceConnectDiscoveryName { get; set; }
        public ServiceConnectAliasOptions[]? ServiceConnectClientAliases { get; set; }
        /// <summary>SERVICE, TASK_DEFINITION or NONE.</summary>
        public string? PropagateTags { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
        public int? HealthCheckGracePeriodSeconds { get; set; }
        public string? PlatformVersion { get; set; }
        /// <summary>Idempotency token; the same value is sent on every retry of this invocation.</summary>
        public string ClientToken { get; set; } = Guid.NewGuid().ToString("N");
        /// <summary>Follow the deployment and write an EcsDeploymentResult after the service.</summary>
        public WaitSettings? Wait { get; set; }
        /// <summary>The deployment strategy (blue/green, linear, canary), hooks and alarms.</summary>
        public DeploymentStrategyOptions? Strategy { get; set; }
        /// <summary>New-EcsFargateService: Fargate only (FARGATE/FARGATE_SPOT, awsvpc); New-EcsService: any launch model.</summary>
        public bool FargateOnly { get; set; } = true;
        /// <summary>REPLICA (null) or DAEMON; a daemon sends no desired count.</summary>
        public string? SchedulingStrategy { get; set; }
        public EcsPlacementStrategy[]? PlacementStrategies { get; set; }
        public EcsPlacementConstraint[]? PlacementConstraints { get; set; }
        /// <summary>-Subnet, -SecurityGroup or -AssignPublicIp was given (they apply to awsvpc only).</summary>
        public bool NetworkGiven => Subnets.Length > 0 || SecurityGroups.Length > 0 || AssignPublicIp;
    }

    internal sealed class GetServiceOptions
    {
        /// <summary>One cluster, or null for every cluster.</summary>
        public string? Cluster { get; set; }
        /// <summary>Names or ARNs; wildcards allowed; none means all.</summary>
        public string[]? Names { get; set; }
        /// <summary>
        /// Several (cluster, names) pairs read in one call, e.g. every cluster piped into Get-EcsService: their
        /// clusters are read concurrently. When set, Cluster and Names are not used.
        /// </summary>
        public List<ServiceTarget>? Targets { get; set; }
        /// <summary>How many clusters are read at the same time (0: the engine's default); their requests share one bound.</summary>
        public int ClusterConcurrency { get; set; }
    }

    /// <summary>One cluster (null: every cluster) and the service names, ARNs or wildcards wanted in it (none: all).</summary>
    internal sealed class ServiceTarget
    {
        public string? Cluster { get; set; }
        public string[]? Names { get; set; }
    }

    internal sealed class UpdateServiceOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public string? TaskDefinition { get; set; }
        /// <summary>container name → new image; registers a new revision of the current task definition.</summary>
        public Dictionary<string, string>? Images { get; set; }

        /// <summary>The key of <see cref="Images"/> for a plain -Image string: the task definition's only container.</summary>
        public const string OnlyContainer = "";
        public int? DesiredCount { get; set; }
        public bool ForceNewDeployment { get; set; }
        public int? MinimumHealthyPercent { get; set; }
        public int? MaximumPercent { get; set; }
        /// <summary>true: circuit breaker with rollback; false: off; null: unchanged.</summary>
        public bool? CircuitBreaker { get; set; }
        public EcsCapacityProviderStrategyItem[]? CapacityProviderStrategy { get; set; }
        public bool? EnableExecuteCommand { get; set; }
        public int? HealthCheckGracePeriodSeconds { get; set; }
        public string? PlatformVersion { get; set; }
        public WaitSettings? Wait { get; set; }
        /// <summary>The deployment strategy (blue/green, linear, canary), hooks and alarms.</summary>
        public DeploymentStrategyOptions? Strategy { get; set; }
        /// <summary>New placement (an empty array removes every strategy or constraint); null: unchanged.</summary>
        public EcsPlacementStrategy[]? PlacementStrategies { get; set; }
        public EcsPlacementConstraint[]? PlacementConstraints { get; set; }
        /// <summary>New awsvpc configuration: subnets and security groups (null: the service's current ones), public IP (null: current).</summary>
        public string[]? Subnets { get; set; }
        public string[]? SecurityGroups { get; set; }
        public bool? AssignPublicIp { get; set; }
        public bool NetworkChanged => Subnets != null || SecurityGroups != null || AssignPublicIp != null;
        /// <summary>New load balancers and service registries (an empty array removes them all); null: unchanged.</summary>
        public EcsLoadBalancer[]? LoadBalancers { get; set; }
        public ServiceRegistryOptions[]? ServiceRegistries { get; set; }
        /// <summary>New Service Connect settings (the namespace is required with them); DisableServiceConnect turns it off.</summary>
        public string? ServiceConnectNamespace { get; set; }
        public string? ServiceConnectPortName { get; set; }
        public string? ServiceConnectDiscoveryName { get; set; }
        public ServiceConnectAliasOptions[]? ServiceConnectClientAliases { get; set; }
        public bool DisableServiceConnect { get; set; }
        public bool ServiceConnectChanged => ServiceConnectNamespace != null || DisableServiceConnect;
    }

    internal sealed class RemoveServiceOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Delete without scaling to 0 first (DeleteService force).</summary>
        public bool Force { get; set; }
    }

    internal sealed class WaitServiceOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>The deployment to follow; the PRIMARY one when null.</summary>
        public string? DeploymentId { get; set; }
        public WaitSettings Wait { get; set; } = new WaitSettings();
        /// <summary>What to wait for (Deployed, Paused, Stable or a lifecycle stage).</summary>
        public WaitUntil Until { get; set; } = new WaitUntil();
    }

    internal sealed class ServiceEventOptions
    {
        public string Cluster { get; set; } = "";
        public string[] Services { get; set; } = new string[0];
        /// <summary>Only events at or after this time (UTC).</summary>
        public DateTime? Since { get; set; }
        /// <summary>Only the newest N events of each service.</summary>
        public int? Last { get; set; }
    }

    /// <summary>Fargate services and deployments. Results go through the context's Output.</summary>
    internal interface IServiceOperations
    {
        Task CreateAsync(EcsSession session, NewServiceOptions options, OperationContext context);
        Task GetAsync(EcsSession session, GetServiceOptions options, OperationContext context);
        Task UpdateAsync(EcsSession session, UpdateServiceOptions options, OperationContext context);
        Task RemoveAsync(EcsSession session, RemoveServiceOptions options, OperationContext context);
        Task WaitAsync(EcsSession session, WaitServiceOptions options, OperationContext context);
        /// <summary>The services' events (the newest 100 ECS keeps), newest first, each service in turn.</summary>
        Task GetEventsAsync(EcsSession session, ServiceEventOptions options, OperationContext context);
    }
}
