using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Tests.Infrastructure;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Deployments
{
    /// <summary>Service deployments shaped as DescribeServiceDeployments returns them (the ECS API reference's shapes).</summary>
    internal static class Dx
    {
        public const string Cluster = "prod";
        public const string Service = "web";
        public const string ServiceArn = "arn:aws:ecs:us-east-1:123456789012:service/prod/web";
        public const string ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";
        public const string Arn = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/Kp7bOtLrbYd3X5uGZl3kQ";
        public const string OldRev = "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/4980306466373577095";
        public const string NewRev = "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/4980306466373577096";
        public static readonly DateTime T0 = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

        public static Ecs.ServiceDeployment D(string status, string? stage, double? prod = null, double? test = null,
            Ecs.DeploymentLifecycleHookDetail? hook = null, string[]? triggered = null, string? rollbackReason = null, string strategy = "BLUE_GREEN",
            string? cbStatus = "MONITORING", int failures = 0, int running = 2)
            => new Ecs.ServiceDeployment
            {
                ServiceDeploymentArn = Arn, ServiceArn = ServiceArn, ClusterArn = ClusterArn,
                CreatedAt = T0, StartedAt = T0, UpdatedAt = T0.AddMinutes(1),
                Status = status, LifecycleStage = stage,
                SourceServiceRevisions = new List<Ecs.ServiceRevisionSummary> { new Ecs.ServiceRevisionSummary { Arn = OldRev, RequestedTaskCount = 2, RunningTaskCount = 2, PendingTaskCount = 0, RequestedProductionTrafficWeight = prod is double p ? 100 - p : 100 } },
                TargetServiceRevision = new Ecs.ServiceRevisionSummary { Arn = NewRev, RequestedTaskCount = 2, RunningTaskCount = running, PendingTaskCount = 0, RequestedProductionTrafficWeight = prod, RequestedTestTrafficWeight = test },
                DeploymentConfiguration = new Ecs.DeploymentConfiguration { Strategy = strategy, BakeTimeInMinutes = 10 },
                DeploymentCircuitBreaker = new Ecs.ServiceDeploymentCircuitBreaker { Status = cbStatus, FailureCount = failures, Threshold = 3 },
                Alarms = new Ecs.ServiceDeploymentAlarms { Status = triggered is { Length: > 0 } ? "TRIGGERED" : "MONITORING", AlarmNames = new List<string> { "web-5xx", "web-latency" }, TriggeredAlarmNames = triggered?.ToList() ?? new List<string>() },
                Rollback = rollbackReason is null ? null : new Ecs.Rollback { Reason = rollbackReason, StartedAt = T0.AddMinutes(5), ServiceRevisionArn = OldRev },
                LifecycleHookDetails = hook is null ? null : new List<Ecs.DeploymentLifecycleHookDetail> { hook },
            };

        public static Ecs.DeploymentLifecycleHookDetail Pause(string status = "AWAITING_ACTION", string timeoutAction = "ROLLBACK")
            => new Ecs.DeploymentLifecycleHookDetail { HookId = "hook-3f2a", TargetType = "PAUSE", Status = status, ExpiresAt = T0.AddHours(1), TimeoutAction = timeoutAction };

        public static Ecs.DescribeServiceDeploymentsResponse R(Ecs.ServiceDeployment d) => new Ecs.DescribeServiceDeploymentsResponse { ServiceDeployments = new List<Ecs.ServiceDeployment> { d }, Failures = new List<Ecs.Failure>() };

        public static FakeAwsApi Sequence(this FakeAwsApi api, params Ecs.ServiceDeployment[] states)
        {
            foreach (var s in states) api.Reply(Ecs.EcsApi.DescribeServiceDeployments, R(s));
            return api;
        }

        public static FakeAwsApi Listing(this FakeAwsApi api, params (string Arn, string Status, string Rev)[] items)
            => api.Reply(Ecs.EcsApi.ListServiceDeployments, new Ecs.ListServiceDeploymentsResponse
            {
                ServiceDeployments = items.Select((x, i) => new Ecs.ServiceDeploymentBrief
                {
                    ServiceDeploymentArn = x.Arn, ServiceArn = ServiceArn, ClusterArn = ClusterArn, Status = x.Status, TargetServiceRevisionArn = x.Rev,
                    CreatedAt = T0.AddDays(-i), StartedAt = T0.AddDays(-i),
                }).ToList(),
            });

        public static FakeAwsApi WithService(this FakeAwsApi api, string td = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7", string? current = null)
            => api.Handle(Ecs.EcsApi.DescribeServices, _ => new Ecs.DescribeServicesResponse
            {
                Services = new List<Ecs.Service>
                {
                    new Ecs.Service
                    {
                        ServiceName = Service, ServiceArn = ServiceArn, ClusterArn = ClusterArn, Status = "ACTIVE", DesiredCount = 2, RunningCount = 2, TaskDefinition = td,
                        CurrentServiceDeployment = current,
                        Deployments = new List<Ecs.Deployment> { new Ecs.Deployment { Id = "ecs-svc/1", Status = "PRIMARY", TaskDefinition = td, DesiredCount = 2, RunningCount = 2, RolloutState = "COMPLETED" } },
                    },
                },
            });

        public static DeploymentOperations Ops(FakeAwsApi api) => new DeploymentOperations(api.Factory) { Delay = (_, _) => Task.CompletedTask };
        public static ServiceOperations Services(FakeAwsApi api) => new ServiceOperations(api.Factory) { Delay = (_, _) => Task.CompletedTask };

        /// <summary>Instant polls and a clock that stands still (bake time left is then exact).</summary>
        public static ServiceDeploymentWatcher Watcher(FakeAwsApi api) => new ServiceDeploymentWatcher(api) { Delay = (_, _) => Task.CompletedTask, Clock = () => T0 };

        public static WaitSettings Quick() => new WaitSettings { Timeout = TimeSpan.FromMinutes(30), PollInterval = TimeSpan.FromSeconds(2), MaxPollInterval = TimeSpan.FromSeconds(10) };
    }
}
