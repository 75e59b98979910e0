using System;

namespace EcsAdmin.Models
{
    /// <summary>How a followed deployment ended.</summary>
    public enum EcsDeploymentOutcome
    {
        Succeeded,
        RolledBack,
        Failed,
        TimedOut,
        /// <summary>A pause hook awaits an operator (Wait-EcsService -Until Paused).</summary>
        Paused,
        /// <summary>The deployment was stopped without a rollback (Stop-EcsServiceDeployment -Abort).</summary>
        Aborted,
        /// <summary>The deployment reached the lifecycle stage Wait-EcsService -Until named.</summary>
        StageReached,
    }

    /// <summary>The stop reason of one failed task of a deployment.</summary>
    public sealed class EcsStoppedTaskInfo
    {
        public string TaskArn { get; set; } = "";
        public string? StopCode { get; set; }
        public string? StoppedReason { get; set; }
        /// <summary>"container: reason (exit N)" for each container that stopped with a reason or exit code.</summary>
        public EcsList<string> ContainerReasons { get; set; } = new EcsList<string>();
        public override string ToString() => (StoppedReason ?? StopCode ?? "") + (ContainerReasons.Count > 0 ? " [" + string.Join("; ", ContainerReasons) + "]" : "");
    }

    /// <summary>The result of Wait-EcsService (and -Wait on New-EcsFargateService / Update-EcsService).</summary>
    public sealed class EcsDeploymentResult
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public EcsDeploymentOutcome Outcome { get; set; }
        public string DeploymentId { get; set; } = "";
        /// <summary>The task definition the followed deployment rolls out.</summary>
        public string TaskDefinition { get; set; } = "";
        /// <summary>When rolled back: the task definition the service went back to.</summary>
        public string? RolledBackTo { get; set; }
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
        public TimeSpan Duration { get; set; }
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int FailedTaskCount { get; set; }
        public EcsList<EcsStoppedTaskInfo> StoppedTasks { get; set; } = new EcsList<EcsStoppedTaskInfo>();
        /// <summary>The distinct stop reasons of the deployment's failed tasks.</summary>
        public EcsList<string> StopReasons { get; set; } = new EcsList<string>();
        /// <summary>Service events seen while following the deployment, oldest first.</summary>
        public EcsList<EcsServiceEvent> Events { get; set; } = new EcsList<EcsServiceEvent>();
        /// <summary>
        /// The service as last described while the deployment was followed (or as the create or update returned it),
        /// so that -Wait emits one object per service: this result, carrying the service.
        /// </summary>
        public EcsService? ServiceDetail { get; set; }

        // Filled when the service deployment was followed through the deployments API.
        /// <summary>The service deployment followed (arn:...:service-deployment/...); empty when followed through DescribeServices.</summary>
        public string? ServiceDeploymentArn { get; set; }
        /// <summary>ROLLING, BLUE_GREEN, LINEAR or CANARY.</summary>
        public string? Strategy { get; set; }
        /// <summary>The last lifecycle stage seen.</summary>
        public string? LifecycleStage { get; set; }
        /// <summary>Every lifecycle stage seen, in order.</summary>
        public EcsList<string> StagesSeen { get; set; } = new EcsList<string>();
        /// <summary>The deployment alarms that fired.</summary>
        public EcsList<string> TriggeredAlarms { get; set; } = new EcsList<string>();
        public int? CircuitBreakerFailureCount { get; set; }
        public int? CircuitBreakerThreshold { get; set; }
        public string? RollbackReason { get; set; }
        /// <summary>The pause hook awaiting an operator (outcome Paused), for Approve-/Deny-EcsServiceDeployment.</summary>
        public string? PausedHookId { get; set; }
        public DateTime? PauseExpiresAt { get; set; }
        /// <summary>A pause hook timed out while followed (ECS then took its timeout action).</summary>
        public bool PauseExpired { get; set; }

        public override string ToString() => Service + ": " + Outcome;
    }
}
