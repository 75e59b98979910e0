using System;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>One deployment of a service (PRIMARY, ACTIVE or INACTIVE).</summary>
    public sealed class EcsDeployment
    {
        public string Id { get; set; } = "";
        public string Status { get; set; } = "";
        public string TaskDefinition { get; set; } = "";
        /// <summary>IN_PROGRESS, COMPLETED or FAILED.</summary>
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        public int FailedTasks { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? UpdatedAt { get; set; }
        public override string ToString() => Id + " " + Status + " " + RolloutState;
    }

    /// <summary>A service event message.</summary>
    public sealed class EcsServiceEvent
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public string Id { get; set; } = "";
        public DateTime? CreatedAt { get; set; }
        public string Message { get; set; } = "";
        public override string ToString() => (CreatedAt?.ToString("u") ?? "") + " " + Message;
    }

    /// <summary>A load balancer target group attachment of a service.</summary>
    public sealed class EcsLoadBalancer
    {
        public string? TargetGroupArn { get; set; }
        public string? LoadBalancerName { get; set; }
        public string ContainerName { get; set; } = "";
        public int ContainerPort { get; set; }
        public override string ToString() => ContainerName + ":" + ContainerPort + " -> " + (TargetGroupArn ?? LoadBalancerName);
    }

    /// <summary>The awsvpc network configuration of a service or task.</summary>
    public sealed class EcsNetworkConfiguration
    {
        public EcsList<string> Subnets { get; set; } = new EcsList<string>();
        public EcsList<string> SecurityGroups { get; set; } = new EcsList<string>();
        public bool AssignPublicIp { get; set; }
        public override string ToString() => string.Join(",", Subnets) + " / " + string.Join(",", SecurityGroups) + (AssignPublicIp ? " (public ip)" : "");
    }

    /// <summary>An ECS service as Get-EcsService, New-EcsFargateService and Update-EcsService return it.</summary>
    public sealed class EcsService
    {
        public string Region { get; set; } = "";
        /// <summary>The cluster's name (pipes into -Cluster).</summary>
        public string Cluster { get; set; } = "";
        /// <summary>The service's name (pipes into -Service / -Name).</summary>
        public string Service { get; set; } = "";
        public string ServiceArn { get; set; } = "";
        public string Status { get; set; } = "";
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        public string TaskDefinition { get; set; } = "";
        public string? LaunchType { get; set; }
        public EcsList<EcsCapacityProviderStrategyItem> CapacityProviderStrategy { get; set; } = new EcsList<EcsCapacityProviderStrategyItem>();
        public bool EnableExecuteCommand { get; set; }
        public string? PlatformVersion { get; set; }
        public EcsList<EcsDeployment> Deployments { get; set; } = new EcsList<EcsDeployment>();
        public EcsList<EcsServiceEvent> Events { get; set; } = new EcsList<EcsServiceEvent>();
        public EcsList<EcsLoadBalancer> LoadBalancers { get; set; } = new EcsList<EcsLoadBalancer>();
        public EcsNetworkConfiguration? NetworkConfiguration { get; set; }
        /// <summary>REPLICA or DAEMON.</summary>
        public string? SchedulingStrategy { get; set; }
        public EcsList<EcsPlacementStrategy> PlacementStrategy { get; set; } = new EcsList<EcsPlacementStrategy>();
        public EcsList<EcsPlacementConstraint> PlacementConstraints { get; set; } = new EcsList<EcsPlacementConstraint>();
        public DateTime? CreatedAt { get; set; }
        public EcsMap<string> Tags { get; set; } = new EcsMap<string>();

        public override string ToString() => Service;
    }
}
