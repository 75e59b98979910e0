using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Tests.Infrastructure;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Services
{
    /// <summary>Builders for scripted DescribeServices / DescribeTasks replies.</summary>
    internal static class Fx
    {
        public const string Cluster = "prod";
        public const string Svc = "web";
        public const string OldTd = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1";
        public const string NewTd = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2";
        public static readonly DateTime T0 = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

        public static Ecs.Deployment Dep(string id, string status, string td, string? rollout, int desired = 2, int running = 0, int pending = 0, int failed = 0, string? reason = null)
            => new Ecs.Deployment
            {
                Id = id, Status = status, TaskDefinition = td, RolloutState = rollout, RolloutStateReason = reason,
                DesiredCount = desired, RunningCount = running, PendingCount = pending, FailedTasks = failed,
                CreatedAt = T0, UpdatedAt = T0,
            };

        public static Ecs.ServiceEvent Ev(string id, int secondsAfterT0, string message) => new Ecs.ServiceEvent { Id = id, CreatedAt = T0.AddSeconds(secondsAfterT0), Message = message };

        public static Ecs.DescribeServicesResponse Services(bool rollback, IEnumerable<Ecs.Deployment> deployments, params Ecs.ServiceEvent[] events)
            => new Ecs.DescribeServicesResponse
            {
                Services = new List<Ecs.Service>
                {
                    new Ecs.Service
                    {
                        ServiceName = Svc,
                        ServiceArn = "arn:aws:ecs:us-east-1:123456789012:service/prod/web",
                        ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
                        Status = "ACTIVE",
                        DesiredCount = 2,
                        TaskDefinition = deployments.FirstOrDefault(d => d.Status == "PRIMARY")?.TaskDefinition,
                        DeploymentConfiguration = new Ecs.DeploymentConfiguration
                        {
                            DeploymentCircuitBreaker = new Ecs.DeploymentCircuitBreaker { Enable = rollback, Rollback = rollback },
                        },
                        Deployments = deployments.ToList(),
                        Events = events.OrderByDescending(e => e.CreatedAt).ToList(),
                    },
                },
            };

        public static Ecs.Task StoppedTask(string id, string startedBy, string td, string reason, int? exitCode = 1, string container = "app")
            => new Ecs.Task
            {
                TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/prod/" + id,
                ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
                StartedBy = startedBy,
                TaskDefinitionArn = td,
                LastStatus = "STOPPED",
                DesiredStatus = "STOPPED",
                StopCode = "EssentialContainerExited",
                StoppedReason = reason,
                Group = "service:web",
                Containers = new List<Ecs.Container> { new Ecs.Container { Name = container, ExitCode = exitCode, Reason = exitCode is null ? "CannotPullContainerError: not found" : null, LastStatus = "STOPPED" } },
            };

        /// <summary>A watcher whose waits return at once and whose clock moves by each requested wait.</summary>
        public static DeploymentWatcher Watcher(FakeAwsApi api, FakeClock? clock = null)
        {
            clock ??= new FakeClock();
            return new DeploymentWatcher(api, Cluster, Svc) { Delay = clock.Delay, Clock = clock.Now };
        }

        public static WaitSettings Quick(int timeoutSec = 600) => new WaitSettings { Timeout = TimeSpan.FromSeconds(timeoutSec), PollInterval = TimeSpan.FromSeconds(2), MaxPollInterval = TimeSpan.FromSeconds(10) };

        public static FakeAwsApi WithNoStoppedTasks(this FakeAwsApi api)
            => api.Handle(Ecs.EcsApi.ListTasks, _ => new Ecs.ListTasksResponse { TaskArns = new List<string>() })
                  .Handle(Ecs.EcsApi.DescribeTasks, _ => new Ecs.DescribeTasksResponse { Tasks = new List<Ecs.Task>() });
    }

    /// <summary>A clock that advances by exactly the waits asked of it (so timeouts are tested without sleeping).</summary>
    internal sealed class FakeClock
    {
        private DateTime _now = Fx.T0;
        public List<TimeSpan> Waits { get; } = new List<TimeSpan>();
        public DateTime Now() { lock (Waits) return _now; }
        public Task Delay(TimeSpan t, CancellationToken ct)
        {
            ct.ThrowIfCancellationRequested();
            lock (Waits) { Waits.Add(t); _now += t; }
            return Task.CompletedTask;
        }
    }
}
