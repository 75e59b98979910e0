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
    }

    /// <summary>The stop reason of one failed task of a deployment.</summary>
    public sealed class EcsStoppedTaskInfo
    {
        public string TaskArn { get; set; } = "";
        public string? StopCode { get; set; }
        public string? StoppedReason { get; set; }
        /// <summary>"container: reason (exit N)" for each container that stopped with a reason or exit code.</summary>
        public string[] ContainerReasons { get; set; } = Array.Empty<string>();
        public override string ToString() => (StoppedReason ?? StopCode ?? "") + (ContainerReasons.Length > 0 ? " [" + string.Join("; ", ContainerReasons) + "]" : "");
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
        public EcsStoppedTaskInfo[] StoppedTasks { get; set; } = Array.Empty<EcsStoppedTaskInfo>();
        /// <summary>The distinct stop reasons of the deployment's failed tasks.</summary>
        public string[] StopReasons { get; set; } = Array.Empty<string>();
        /// <summary>Service events seen while following the deployment, oldest first.</summary>
        public EcsServiceEvent[] Events { get; set; } = Array.Empty<EcsServiceEvent>();

        public override string ToString() => Service + ": " + Outcome;
    }
}
