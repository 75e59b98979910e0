using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Wire services, deployments and tasks to public models.</summary>
    internal static class ServiceMapping
    {
        /// <summary>The cluster name in a service or task ARN (long format), or in a cluster ARN.</summary>
        public static string ClusterName(string? clusterArn) => Mapping.NameFromArn(clusterArn);

        public static EcsDeployment Deployment(Ecs.Deployment d) => new EcsDeployment
        {
            Id = d.Id ?? "",
            Status = d.Status ?? "",
            TaskDefinition = d.TaskDefinition ?? "",
            RolloutState = d.RolloutState,
            RolloutStateReason = d.RolloutStateReason,
            DesiredCount = d.DesiredCount ?? 0,
            RunningCount = d.RunningCount ?? 0,
            PendingCount = d.PendingCount ?? 0,
            FailedTasks = d.FailedTasks ?? 0,
            CreatedAt = d.CreatedAt,
            UpdatedAt = d.UpdatedAt,
        };

        public static EcsServiceEvent Event(Ecs.ServiceEvent e) => new EcsServiceEvent { Id = e.Id ?? "", CreatedAt = e.CreatedAt, Message = e.Message ?? "" };

        public static EcsNetworkConfiguration? Network(Ecs.NetworkConfiguration? n)
        {
            var c = n?.AwsvpcConfiguration;
            if (c is null) return null;
            return new EcsNetworkConfiguration
            {
                Subnets = c.Subnets?.ToArray() ?? Array.Empty<string>(),
                SecurityGroups = c.SecurityGroups?.ToArray() ?? Array.Empty<string>(),
                AssignPublicIp = string.Equals(c.AssignPublicIp, "ENABLED", StringComparison.OrdinalIgnoreCase),
            };
        }

        public static EcsService Service(Ecs.Service s, string region) => new EcsService
        {
            Region = region,
            Cluster = ClusterName(s.ClusterArn),
            Service = s.ServiceName ?? Mapping.NameFromArn(s.ServiceArn),
            ServiceArn = s.ServiceArn ?? "",
            Status = s.Status ?? "",
            DesiredCount = s.DesiredCount ?? 0,
            RunningCount = s.RunningCount ?? 0,
            PendingCount = s.PendingCount ?? 0,
            TaskDefinition = s.TaskDefinition ?? "",
            LaunchType = s.LaunchType,
            CapacityProviderStrategy = Mapping.FromWire(s.CapacityProviderStrategy),
            EnableExecuteCommand = s.EnableExecuteCommand ?? false,
            PlatformVersion = s.PlatformVersion,
            Deployments = s.Deployments?.Select(Deployment).ToArray() ?? Array.Empty<EcsDeployment>(),
            Events = s.Events?.Select(Event).ToArray() ?? Array.Empty<EcsServiceEvent>(),
            LoadBalancers = s.LoadBalancers?.Select(l => new EcsLoadBalancer
            {
                TargetGroupArn = l.TargetGroupArn,
                LoadBalancerName = l.LoadBalancerName,
                ContainerName = l.ContainerName ?? "",
                ContainerPort = l.ContainerPort ?? 0,
            }).ToArray() ?? Array.Empty<EcsLoadBalancer>(),
            NetworkConfiguration = Network(s.NetworkConfiguration),
            SchedulingStrategy = s.SchedulingStrategy,
            PlacementStrategy = PlacementMapping.FromWire(s.PlacementStrategy),
            PlacementConstraints = PlacementMapping.FromWire(s.PlacementConstraints),
            CreatedAt = s.CreatedAt,
            Tags = Mapping.Tags(s.Tags),
        };

        public static EcsTask Task(Ecs.Task t, string region) => new EcsTask
        {
            Region = region,
            Cluster = ClusterName(t.ClusterArn),
            TaskArn = t.TaskArn ?? "",
            TaskId = Mapping.NameFromArn(t.TaskArn),
            Service = t.Group != null && t.Group.StartsWith("service:", StringComparison.Ordinal) ? t.Group.Substring("service:".Length) : null,
            Group = t.Group,
            TaskDefinition = t.TaskDefinitionArn ?? "",
            LastStatus = t.LastStatus,
            DesiredStatus = t.DesiredStatus,
            HealthStatus = t.HealthStatus,
            LaunchType = t.LaunchType,
            CapacityProviderName = t.CapacityProviderName,
            PlatformVersion = t.PlatformVersion,
            EnableExecuteCommand = t.EnableExecuteCommand ?? false,
            StopCode = t.StopCode,
            StoppedReason = t.StoppedReason,
            StartedAt = t.StartedAt,
            StoppedAt = t.StoppedAt,
            CreatedAt = t.CreatedAt,
            Containers = t.Containers?.Select(c => new EcsContainer
            {
                Name = c.Name ?? "",
                Image = c.Image,
                LastStatus = c.LastStatus,
                ExitCode = c.ExitCode,
                Reason = c.Reason,
                HealthStatus = c.HealthStatus,
                RuntimeId = c.RuntimeId,
                ExecAgentStatus = c.ManagedAgents?.FirstOrDefault(a => a.Name == "ExecuteCommandAgent")?.LastStatus,
            }).ToArray() ?? Array.Empty<EcsContainer>(),
        };

        public static Ecs.NetworkConfiguration ToWireNetwork(string[] subnets, string[] securityGroups, bool assignPublicIp)
            => new Ecs.NetworkConfiguration
            {
                AwsvpcConfiguration = new Ecs.AwsVpcConfiguration
                {
                    Subnets = subnets.Select(s => s.Trim()).ToList(),
                    SecurityGroups = securityGroups.Length == 0 ? null : securityGroups.Select(s => s.Trim()).ToList(),
                    AssignPublicIp = assignPublicIp ? "ENABLED" : "DISABLED",
                },
            };
    }
}
