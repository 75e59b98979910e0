using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    internal sealed class GetTaskOptions
    {
        public string Cluster { get; set; } = "";
        public string? Service { get; set; }
        public string? Family { get; set; }
        /// <summary>RUNNING or STOPPED; null lists RUNNING (the API's default).</summary>
        public string? DesiredStatus { get; set; }
        /// <summary>Task ids or ARNs to describe directly (no listing).</summary>
        public string[]? Tasks { get; set; }
    }

    /// <summary>One container override for RunTask.</summary>
    internal sealed class ContainerOverrideOptions
    {
        public string Name { get; set; } = "";
        public string[]? Command { get; set; }
        public Dictionary<string, string>? Environment { get; set; }
    }

    internal sealed class StartTaskOptions
    {
        public string Cluster { get; set; } = "";
        public string TaskDefinition { get; set; } = "";
        public int Count { get; set; } = 1;
        public string[] Subnets { get; set; } = Array.Empty<string>();
        public string[] SecurityGroups { get; set; } = Array.Empty<string>();
        public bool AssignPublicIp { get; set; }
        public EcsCapacityProviderStrategyItem[]? CapacityProviderStrategy { get; set; }
        public string? LaunchType { get; set; }
        public string? PlatformVersion { get; set; }
        public ContainerOverrideOptions[]? Overrides { get; set; }
        public bool EnableExecuteCommand { get; set; }
        public string? StartedBy { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
        public string ClientToken { get; set; } = Guid.NewGuid().ToString("N");
        /// <summary>Wait for the tasks to stop and report exit codes.</summary>
        public WaitSettings? Wait { get; set; }
        public EcsPlacementStrategy[]? PlacementStrategies { get; set; }
        public EcsPlacementConstraint[]? PlacementConstraints { get; set; }
        /// <summary>-Subnet, -SecurityGroup or -AssignPublicIp was given (they apply to awsvpc only).</summary>
        public bool NetworkGiven => Subnets.Length > 0 || SecurityGroups.Length > 0 || AssignPublicIp;
    }

    internal sealed class StopTaskOptions
    {
        public string Cluster { get; set; } = "";
        public string Task { get; set; } = "";
        public string? Reason { get; set; }
    }

    /// <summary>Tasks: list, describe, run, stop.</summary>
    internal interface ITaskOperations
    {
        Task GetAsync(EcsSession session, GetTaskOptions options, OperationContext context);
        Task StartAsync(EcsSession session, StartTaskOptions options, OperationContext context);
        Task StopAsync(EcsSession session, StopTaskOptions options, OperationContext context);
    }
}
