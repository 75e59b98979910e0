using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Service deployments and revisions to public models, and strategy options to the wire.</summary>
    internal static class DeploymentMapping
    {
        /// <summary>The service name of a service ARN (arn:aws:ecs:region:acct:service/cluster/name).</summary>
        public static string ServiceName(string? serviceArn) => Mapping.NameFromArn(serviceArn);

        public static EcsServiceDeployment Deployment(Ecs.ServiceDeployment d, string region)
        {
            var hooks = (d.LifecycleHookDetails ?? new List<Ecs.DeploymentLifecycleHookDetail>()).Select(h => new EcsLifecycleHookState
            {
                HookId = h.HookId ?? "", TargetType = h.TargetType ?? "", TargetArn = h.TargetArn, Status = h.Status ?? "",
                ExpiresAt = h.ExpiresAt, TimeoutAction = h.TimeoutAction,
            }).ToArray();
            var paused = hooks.FirstOrDefault(h => h.TargetType == "PAUSE" && h.Status == "AWAITING_ACTION");
            return new EcsServiceDeployment
            {
                Region = region,
                Cluster = ServiceMapping.ClusterName(d.ClusterArn),
                Service = ServiceName(d.ServiceArn),
                ServiceDeploymentArn = d.ServiceDeploymentArn ?? "",
                Status = d.Status ?? "",
                StatusReason = d.StatusReason,
                LifecycleStage = d.LifecycleStage,
                Strategy = d.DeploymentConfiguration?.Strategy ?? "ROLLING",
                BakeTimeInMinutes = d.DeploymentConfiguration?.BakeTimeInMinutes,
                CreatedAt = d.CreatedAt, StartedAt = d.StartedAt, UpdatedAt = d.UpdatedAt, FinishedAt = d.FinishedAt, StoppedAt = d.StoppedAt,
                SourceRevisions = (d.SourceServiceRevisions ?? new List<Ecs.ServiceRevisionSummary>()).Select(Summary).ToArray(),
                TargetRevision = d.TargetServiceRevision is null ? null : Summary(d.TargetServiceRevision),
                CircuitBreakerStatus = d.DeploymentCircuitBreaker?.Status,
                CircuitBreakerFailureCount = d.DeploymentCircuitBreaker?.FailureCount,
                CircuitBreakerThreshold = d.DeploymentCircuitBreaker?.Threshold,
                AlarmStatus = d.Alarms?.Status,
                AlarmNames = d.Alarms?.AlarmNames?.ToArray() ?? Array.Empty<string>(),
                TriggeredAlarms = d.Alarms?.TriggeredAlarmNames?.ToArray() ?? Array.Empty<string>(),
                RollbackReason = d.Rollback?.Reason,
                RollbackStartedAt = d.Rollback?.StartedAt,
                RollbackRevisionArn = d.Rollback?.ServiceRevisionArn,
                LifecycleHooks = hooks,
                IsPaused = paused != null,
                PausedHookId = paused?.HookId,
                PauseExpiresAt = paused?.ExpiresAt,
                PauseTimeoutAction = paused?.TimeoutAction,
            };
        }

        public static EcsServiceDeployment Brief(Ecs.ServiceDeploymentBrief b, string region) => new EcsServiceDeployment
        {
            Region = region,
            Cluster = ServiceMapping.ClusterName(b.ClusterArn),
            Service = ServiceName(b.ServiceArn),
            ServiceDeploymentArn = b.ServiceDeploymentArn ?? "",
            Status = b.Status ?? "",
            StatusReason = b.StatusReason,
            CreatedAt = b.CreatedAt, StartedAt = b.StartedAt, FinishedAt = b.FinishedAt,
            TargetRevision = b.TargetServiceRevisionArn is null ? null : new EcsRevisionSummary { Arn = b.TargetServiceRevisionArn },
        };

        private static EcsRevisionSummary Summary(Ecs.ServiceRevisionSummary s) => new EcsRevisionSummary
        {
            Arn = s.Arn ?? "",
            RequestedTaskCount = s.RequestedTaskCount ?? 0,
            RunningTaskCount = s.RunningTaskCount ?? 0,
            PendingTaskCount = s.PendingTaskCount ?? 0,
            TestTrafficWeight = s.RequestedTestTrafficWeight,
            ProductionTrafficWeight = s.RequestedProductionTrafficWeight,
        };

        public static EcsServiceRevision Revision(Ecs.ServiceRevision r, string region) => new EcsServiceRevision
        {
            Region = region,
            Cluster = ServiceMapping.ClusterName(r.ClusterArn),
            Service = ServiceName(r.ServiceArn),
            ServiceRevisionArn = r.ServiceRevisionArn ?? "",
            TaskDefinition = r.TaskDefinition ?? "",
            LaunchType = r.LaunchType,
            PlatformVersion = r.PlatformVersion,
            CapacityProviderStrategy = Mapping.FromWire(r.CapacityProviderStrategy),
            LoadBalancers = (r.LoadBalancers ?? new List<Ecs.LoadBalancer>()).Select(l => new EcsLoadBalancer
            {
                TargetGroupArn = l.TargetGroupArn, LoadBalancerName = l.LoadBalancerName, ContainerName = l.ContainerName ?? "", ContainerPort = l.ContainerPort ?? 0,
            }).ToArray(),
            NetworkConfiguration = ServiceMapping.Network(r.NetworkConfiguration),
            ContainerImages = (r.ContainerImages ?? new List<Ecs.ContainerImage>()).Select(i => new EcsContainerImage
            {
                ContainerName = i.ContainerName ?? "", Image = i.Image ?? "", ImageDigest = i.ImageDigest,
            }).ToArray(),
            Volumes = (r.VolumeConfigurations ?? new List<Ecs.ServiceVolumeConfiguration>())
                .Select(v => v.Name + ": " + (v.ManagedEBSVolume is null ? "" : (v.ManagedEBSVolume.SizeInGiB?.ToString() ?? "snapshot") + " GiB " + v.ManagedEBSVolume.VolumeType)).ToArray(),
            EphemeralStorageGiB = null,
            CreatedAt = r.CreatedAt,
        };

        // ------------------------------------------------------------------ strategy options to the wire

        /// <summary>Applies the strategy settings to a deployment configuration (a copy of the current one on update).</summary>
        public static Ecs.DeploymentConfiguration Apply(Ecs.DeploymentConfiguration? current, DeploymentStrategyOptions o)
        {
            var c = current ?? new Ecs.DeploymentConfiguration();
            var result = new Ecs.DeploymentConfiguration
            {
                DeploymentCircuitBreaker = c.DeploymentCircuitBreaker,
                MaximumPercent = c.MaximumPercent,
                MinimumHealthyPercent = c.MinimumHealthyPercent,
                Alarms = c.Alarms,
                Strategy = o.Strategy ?? c.Strategy,
                BakeTimeInMinutes = o.BakeTimeInMinutes ?? c.BakeTimeInMinutes,
                LifecycleHooks = c.LifecycleHooks,
                LinearConfiguration = c.LinearConfiguration,
                CanaryConfiguration = c.CanaryConfiguration,
            };
            if (result.Strategy == "LINEAR" && (o.LinearStepPercent != null || o.LinearStepBakeTimeInMinutes != null))
                result.LinearConfiguration = new Ecs.LinearConfiguration
                {
                    StepPercent = o.LinearStepPercent ?? c.LinearConfiguration?.StepPercent,
                    StepBakeTimeInMinutes = o.LinearStepBakeTimeInMinutes ?? c.LinearConfiguration?.StepBakeTimeInMinutes,
                };
            if (result.Strategy == "CANARY" && (o.CanaryPercent != null || o.CanaryBakeTimeInMinutes != null))
                result.CanaryConfiguration = new Ecs.CanaryConfiguration
                {
                    CanaryPercent = o.CanaryPercent ?? c.CanaryConfiguration?.CanaryPercent,
                    CanaryBakeTimeInMinutes = o.CanaryBakeTimeInMinutes ?? c.CanaryConfiguration?.CanaryBakeTimeInMinutes,
                };
            if (result.Strategy != "LINEAR") result.LinearConfiguration = null;
            if (result.Strategy != "CANARY") result.CanaryConfiguration = null;
            if (o.LifecycleHooks != null)
                result.LifecycleHooks = o.LifecycleHooks.Select(h => new Ecs.DeploymentLifecycleHook
                {
                    TargetType = h.TargetType,
                    HookTargetArn = h.HookTargetArn,
                    RoleArn = h.RoleArn,
                    LifecycleStages = h.Stages.ToList(),
                    TimeoutConfiguration = h.TimeoutInMinutes is null && h.TimeoutAction is null ? null
                        : new Ecs.DeploymentLifecycleHookTimeoutConfiguration { TimeoutInMinutes = h.TimeoutInMinutes, Action = h.TimeoutAction },
                }).ToList();
            if (result.Strategy == "ROLLING") { result.LifecycleHooks = null; result.BakeTimeInMinutes = null; }
            if (o.AlarmNames != null)
                result.Alarms = new Ecs.DeploymentAlarms
                {
                    AlarmNames = o.AlarmNames.ToList(),
                    Enable = o.AlarmNames.Length > 0,
                    Rollback = o.AlarmNames.Length > 0 && (o.AlarmRollback ?? true),
                };
            else if (o.AlarmRollback is bool rb && result.Alarms != null)
                result.Alarms = new Ecs.DeploymentAlarms { AlarmNames = result.Alarms.AlarmNames, Enable = result.Alarms.Enable, Rollback = rb };
            return result;
        }

        /// <summary>Puts the advanced configuration (alternate target group, listener rules, role) on each load balancer.</summary>
        public static List<Ecs.LoadBalancer>? ApplyLoadBalancers(List<Ecs.LoadBalancer>? loadBalancers, DeploymentStrategyOptions o)
        {
            if (loadBalancers is null || !o.HasAdvancedLoadBalancer) return loadBalancers;
            return loadBalancers.Select(l => new Ecs.LoadBalancer
            {
                TargetGroupArn = l.TargetGroupArn, LoadBalancerName = l.LoadBalancerName, ContainerName = l.ContainerName, ContainerPort = l.ContainerPort,
                AdvancedConfiguration = new Ecs.AdvancedConfiguration
                {
                    AlternateTargetGroupArn = o.AlternateTargetGroupArn ?? l.AdvancedConfiguration?.AlternateTargetGroupArn,
                    ProductionListenerRule = o.ProductionListenerRule ?? l.AdvancedConfiguration?.ProductionListenerRule,
                    TestListenerRule = o.TestListenerRule ?? l.AdvancedConfiguration?.TestListenerRule,
                    RoleArn = o.LoadBalancerRoleArn ?? l.AdvancedConfiguration?.RoleArn,
                },
            }).ToList();
        }

        /// <summary>Adds the test-traffic header rule to every client alias of the Service Connect configuration.</summary>
        public static void ApplyTestTraffic(Ecs.ServiceConnectConfiguration? sc, DeploymentStrategyOptions o)
        {
            if (sc?.Services is null || o.TestTrafficHeaderName is null) return;
            foreach (var alias in sc.Services.SelectMany(s => s.ClientAliases ?? new List<Ecs.ServiceConnectClientAlias>()))
                alias.TestTrafficRules = new Ecs.ServiceConnectTestTrafficRules
                {
                    Header = new Ecs.ServiceConnectTestTrafficHeaderRules
                    {
                        Name = o.TestTrafficHeaderName,
                        Value = o.TestTrafficHeaderValue is null ? null : new Ecs.ServiceConnectTestTrafficHeaderMatchRules { Exact = o.TestTrafficHeaderValue },
                    },
                };
        }
    }
}
