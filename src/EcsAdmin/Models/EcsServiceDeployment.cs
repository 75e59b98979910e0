using System;

namespace EcsAdmin.Models
{
    /// <summary>One service revision's share of a deployment: task counts and the traffic weights ECS asked for.</summary>
    public sealed class EcsRevisionSummary
    {
        public string Arn { get; set; } = "";
        public int RequestedTaskCount { get; set; }
        public int RunningTaskCount { get; set; }
        public int PendingTaskCount { get; set; }
        /// <summary>Percent of test traffic requested for this revision (blue/green, linear, canary).</summary>
        public double? TestTrafficWeight { get; set; }
        /// <summary>Percent of production traffic requested for this revision.</summary>
        public double? ProductionTrafficWeight { get; set; }
        public override string ToString() => Arn;
    }

    /// <summary>A lifecycle hook of a deployment as ECS reports it (a Lambda, or a pause awaiting an operator).</summary>
    public sealed class EcsLifecycleHookState
    {
        public string HookId { get; set; } = "";
        /// <summary>AWS_LAMBDA or PAUSE.</summary>
        public string TargetType { get; set; } = "";
        public string? TargetArn { get; set; }
        /// <summary>AWAITING_ACTION, IN_PROGRESS, SUCCEEDED, FAILED or TIMED_OUT.</summary>
        public string Status { get; set; } = "";
        public DateTime? ExpiresAt { get; set; }
        /// <summary>What ECS does when the hook times out: CONTINUE or ROLLBACK.</summary>
        public string? TimeoutAction { get; set; }
        public override string ToString() => TargetType + " " + Status;
    }

    /// <summary>A service deployment (ECS's own deployment object: ListServiceDeployments/DescribeServiceDeployments).</summary>
    public sealed class EcsServiceDeployment
    {
        public string Region { get; set; } = "";
        /// <summary>The cluster's name (pipes into -Cluster).</summary>
        public string Cluster { get; set; } = "";
        /// <summary>The service's name (pipes into -Service / -Name).</summary>
        public string Service { get; set; } = "";
        public string ServiceDeploymentArn { get; set; } = "";
        /// <summary>PENDING, IN_PROGRESS, SUCCESSFUL, STOP_REQUESTED, STOPPED, ROLLBACK_REQUESTED, ROLLBACK_IN_PROGRESS, ROLLBACK_SUCCESSFUL or ROLLBACK_FAILED.</summary>
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        /// <summary>The lifecycle stage (RECONCILE_SERVICE ... BAKE_TIME, CLEAN_UP).</summary>
        public string? LifecycleStage { get; set; }
        /// <summary>ROLLING, BLUE_GREEN, LINEAR or CANARY.</summary>
        public string? Strategy { get; set; }
        public int? BakeTimeInMinutes { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? UpdatedAt { get; set; }
        public DateTime? FinishedAt { get; set; }
        public DateTime? StoppedAt { get; set; }
        public EcsList<EcsRevisionSummary> SourceRevisions { get; set; } = new EcsList<EcsRevisionSummary>();
        public EcsRevisionSummary? TargetRevision { get; set; }
        /// <summary>TRIGGERED, MONITORING, MONITORING_COMPLETE or DISABLED.</summary>
        public string? CircuitBreakerStatus { get; set; }
        public int? CircuitBreakerFailureCount { get; set; }
        public int? CircuitBreakerThreshold { get; set; }
        public string? AlarmStatus { get; set; }
        public EcsList<string> AlarmNames { get; set; } = new EcsList<string>();
        /// <summary>The deployment alarms that went into ALARM (and so rolled the deployment back).</summary>
        public EcsList<string> TriggeredAlarms { get; set; } = new EcsList<string>();
        public string? RollbackReason { get; set; }
        public DateTime? RollbackStartedAt { get; set; }
        /// <summary>The revision the rollback returns to.</summary>
        public string? RollbackRevisionArn { get; set; }
        public EcsList<EcsLifecycleHookState> LifecycleHooks { get; set; } = new EcsList<EcsLifecycleHookState>();
        /// <summary>A pause hook awaits an operator (Approve-EcsServiceDeployment / Deny-EcsServiceDeployment).</summary>
        public bool IsPaused { get; set; }
        public string? PausedHookId { get; set; }
        /// <summary>When the pause times out and ECS takes <see cref="PauseTimeoutAction"/>.</summary>
        public DateTime? PauseExpiresAt { get; set; }
        public string? PauseTimeoutAction { get; set; }

        public override string ToString() => ServiceDeploymentArn;
    }

    /// <summary>A container image of a service revision, with the digest ECS resolved.</summary>
    public sealed class EcsContainerImage
    {
        public string ContainerName { get; set; } = "";
        public string Image { get; set; } = "";
        public string? ImageDigest { get; set; }
        public override string ToString() => ContainerName + "=" + Image;
    }

    /// <summary>A service revision: what one deployment ran (task definition, images and digests, network, load balancers, capacity).</summary>
    public sealed class EcsServiceRevision
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public string ServiceRevisionArn { get; set; } = "";
        public string TaskDefinition { get; set; } = "";
        public string? LaunchType { get; set; }
        public string? PlatformVersion { get; set; }
        public EcsList<EcsCapacityProviderStrategyItem> CapacityProviderStrategy { get; set; } = new EcsList<EcsCapacityProviderStrategyItem>();
        public EcsList<EcsLoadBalancer> LoadBalancers { get; set; } = new EcsList<EcsLoadBalancer>();
        public EcsNetworkConfiguration? NetworkConfiguration { get; set; }
        public EcsList<EcsContainerImage> ContainerImages { get; set; } = new EcsList<EcsContainerImage>();
        /// <summary>Volumes configured at deployment (name: EBS size and type).</summary>
        public EcsList<string> Volumes { get; set; } = new EcsList<string>();
        public int? EphemeralStorageGiB { get; set; }
        public DateTime? CreatedAt { get; set; }
        public override string ToString() => ServiceRevisionArn;
    }

    /// <summary>One property that differs between two service revisions (Compare-EcsServiceRevision).</summary>
    public sealed class EcsRevisionDifference
    {
        /// <summary>Image, Environment, Size, Network, LoadBalancer, Capacity, Volume or Platform.</summary>
        public string Category { get; set; } = "";
        /// <summary>The property path, e.g. web.image or web.environment.LOG_LEVEL.</summary>
        public string Property { get; set; } = "";
        public string? Reference { get; set; }
        public string? Difference { get; set; }
        public string ReferenceRevision { get; set; } = "";
        public string DifferenceRevision { get; set; } = "";
        public override string ToString() => Property + ": " + Reference + " -> " + Difference;
    }
}
