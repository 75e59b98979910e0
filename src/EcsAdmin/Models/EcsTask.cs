using System;
using System.Linq;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>A container of a running or stopped task.</summary>
    public sealed class EcsContainer
    {
        public string Name { get; set; } = "";
        public string? Image { get; set; }
        public string? LastStatus { get; set; }
        public int? ExitCode { get; set; }
        public string? Reason { get; set; }
        public string? HealthStatus { get; set; }
        /// <summary>The container runtime id (ECS Exec targets it).</summary>
        public string? RuntimeId { get; set; }
        /// <summary>The ExecuteCommandAgent's lastStatus (RUNNING when ECS Exec can reach the container).</summary>
        public string? ExecAgentStatus { get; set; }
        /// <summary>Whether the task definition marks the container essential (known when the task definition was read).</summary>
        public bool? Essential { get; set; }
        public override string ToString() => Name;
    }

    /// <summary>An ECS task as Get-EcsTask, Start-EcsTask and Stop-EcsTask return it.</summary>
    public sealed class EcsTask
    {
        public string Region { get; set; } = "";
        /// <summary>The cluster's name.</summary>
        public string Cluster { get; set; } = "";
        public string TaskArn { get; set; } = "";
        /// <summary>The task id (last part of the ARN).</summary>
        public string TaskId { get; set; } = "";
        /// <summary>The service that started the task (from the group "service:name"), or null.</summary>
        public string? Service { get; set; }
        public string TaskDefinition { get; set; } = "";
        public string? LastStatus { get; set; }
        public string? DesiredStatus { get; set; }
        public string? HealthStatus { get; set; }
        public string? LaunchType { get; set; }
        public string? CapacityProviderName { get; set; }
        public string? PlatformVersion { get; set; }
        public bool EnableExecuteCommand { get; set; }
        public string? StopCode { get; set; }
        public string? StoppedReason { get; set; }
        public DateTime? StartedAt { get; set; }
        public DateTime? StoppedAt { get; set; }
        public EcsList<EcsContainer> Containers { get; set; } = new EcsList<EcsContainer>();
        /// <summary>
        /// The exit code of the essential container that exited (the one that stopped the task), else of the first
        /// container with one; null while nothing has exited.
        /// </summary>
        public int? ExitCode
            => (Containers.FirstOrDefault(c => c.Essential == true && c.ExitCode != null) ?? Containers.FirstOrDefault(c => c.ExitCode != null))?.ExitCode;
        public string? Group { get; set; }
        public DateTime? CreatedAt { get; set; }

        public override string ToString() => TaskId;
    }
}
