using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Services
{
    public class DeploymentWatcherTests
    {
        private static void AssertProgressOpenedAndClosed(CollectingSink sink)
        {
            var progress = sink.Progress.ToList();
            Assert.True(progress.Count >= 2, "expected progress records");
            Assert.All(progress, p => Assert.Equal(DeploymentWatcher.ProgressActivityId, p.ActivityId));
            Assert.False(progress.First().Completed);
            Assert.True(progress.Last().Completed);
            Assert.Single(progress, p => p.Completed);
        }

        [Fact]
        public async Task Completed_rollout_is_Succeeded_with_progress_opened_and_closed()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS", running: 0, pending: 2), Fx.Dep("ecs-svc/old", "ACTIVE", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS", running: 1, pending: 1), Fx.Dep("ecs-svc/old", "ACTIVE", Fx.OldTd, "COMPLETED", running: 1) },
                    Fx.Ev("e1", 5, "(service web) has started 1 tasks: (task abc).")))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "COMPLETED", running: 2) },
                    Fx.Ev("e1", 5, "(service web) has started 1 tasks: (task abc)."), Fx.Ev("e2", 30, "(service web) has reached a steady state.")))
                .WithNoStoppedTasks();
            var sink = new CollectingSink();
            var result = await Fx.Watcher(api).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new", PreviousTaskDefinition = Fx.OldTd }, Fx.Quick(), sink.Context());

            Assert.Equal(EcsDeploymentOutcome.Succeeded, result.Outcome);
            Assert.Equal("ecs-svc/new", result.DeploymentId);
            Assert.Equal(Fx.NewTd, result.TaskDefinition);
            Assert.Equal(2, result.RunningCount);
            Assert.Equal(new[] { "e1", "e2" }, result.Events.Select(e => e.Id).ToArray());
            Assert.Empty(sink.Errors);
            Assert.Equal(3, api.Count("DescribeServices"));
            Assert.Equal(0, api.Count("ListTasks"));
            AssertProgressOpenedAndClosed(sink);
            Assert.Contains(sink.Progress, p => p.Status.Contains("running 1/2") && p.Status.Contains("pending 1") && p.CurrentOperation == "(service web) has started 1 tasks: (task abc).");
        }

        [Fact]
        public async Task Circuit_breaker_rollback_with_new_primary_is_RolledBack_never_Succeeded()
        {
            // The rollback deployment (previous task definition) becomes PRIMARY and even COMPLETES: a naive
            // "PRIMARY is COMPLETED" check would say success.
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS", failed: 1), Fx.Dep("ecs-svc/old", "ACTIVE", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[]
                    {
                        Fx.Dep("ecs-svc/rb", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2),
                        Fx.Dep("ecs-svc/new", "ACTIVE", Fx.NewTd, "FAILED", failed: 3, reason: "ECS deployment circuit breaker: tasks failed to start."),
                    },
                    Fx.Ev("e1", 40, "(service web) (deployment ecs-svc/new) deployment failed: tasks failed to start."),
                    Fx.Ev("e2", 41, "(service web) rolling back to deployment ecs-svc/rb.")))
                .Reply(Ecs.EcsApi.ListTasks, new Ecs.ListTasksResponse { TaskArns = new List<string> { "t1", "t2", "t3", "t4" } })
                .Reply(Ecs.EcsApi.DescribeTasks, new Ecs.DescribeTasksResponse
                {
                    Tasks = new List<Ecs.Task>
                    {
                        Fx.StoppedTask("t1", "ecs-svc/new", Fx.NewTd, "Essential container in task exited", 1),
                        Fx.StoppedTask("t2", "ecs-svc/new", Fx.NewTd, "Essential container in task exited", 1),
                        Fx.StoppedTask("t3", "ecs-svc/new", Fx.NewTd, "CannotPullContainerError", null),
                        Fx.StoppedTask("t4", "ecs-svc/old", Fx.OldTd, "Scaling activity initiated by deployment", 0),
                    },
                });
            var sink = new CollectingSink();
            var result = await Fx.Watcher(api).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new", PreviousTaskDefinition = Fx.OldTd }, Fx.Quick(), sink.Context());

            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.Equal(Fx.OldTd, result.RolledBackTo);
            Assert.Equal(Fx.NewTd, result.TaskDefinition);
            Assert.Equal(3, result.FailedTaskCount);
            Assert.Equal(3, result.StoppedTasks.Length);
            Assert.DoesNotContain(result.StoppedTasks, t => t.TaskArn.EndsWith("/t4"));
            Assert.Contains(result.StopReasons, r => r.Contains("exit 1"));
            Assert.Contains(result.StopReasons, r => r.Contains("CannotPullContainerError"));
            var error = Assert.Single(sink.Errors);
            Assert.Equal("DeploymentRolledBack", error.ErrorId);
            Assert.Same(result, error.Target);
            AssertProgressOpenedAndClosed(sink);
        }

        [Fact]
        public async Task Deployment_that_disappears_after_a_rollback_event_is_RolledBack()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS"), Fx.Dep("ecs-svc/old", "ACTIVE", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/rb", "PRIMARY", Fx.NewTd + "x", "COMPLETED", running: 2) },
                    Fx.Ev("e9", 50, "(service web) rolling back to deployment ecs-svc/rb.")))
                .WithNoStoppedTasks();
            var sink = new CollectingSink();
            var result = await Fx.Watcher(api).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new" }, Fx.Quick(), sink.Context());

            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.Equal("DeploymentRolledBack", Assert.Single(sink.Errors).ErrorId);
        }

        [Fact]
        public async Task Failed_rollout_awaiting_rollback_is_followed_until_the_rollback_shows()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "FAILED", failed: 2, reason: "circuit breaker"), Fx.Dep("ecs-svc/old", "ACTIVE", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "FAILED", failed: 2, reason: "circuit breaker"), Fx.Dep("ecs-svc/old", "ACTIVE", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/rb", "PRIMARY", Fx.OldTd, "IN_PROGRESS", running: 2), Fx.Dep("ecs-svc/new", "ACTIVE", Fx.NewTd, "FAILED", failed: 2) }))
                .WithNoStoppedTasks();
            var sink = new CollectingSink();
            var result = await Fx.Watcher(api).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new", PreviousTaskDefinition = Fx.OldTd }, Fx.Quick(), sink.Context());

            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.Equal(3, api.Count("DescribeServices"));
            Assert.Equal(Fx.OldTd, result.RolledBackTo);
        }

        [Fact]
        public async Task Failed_rollout_without_rollback_is_Failed_with_error()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(false, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "FAILED", failed: 4, reason: "ECS deployment circuit breaker: tasks failed to start.") }))
                .WithNoStoppedTasks();
            var sink = new CollectingSink();
            var result = await Fx.Watcher(api).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new" }, Fx.Quick(), sink.Context());

            Assert.Equal(EcsDeploymentOutcome.Failed, result.Outcome);
            Assert.Equal(4, result.FailedTaskCount);
            Assert.Equal("DeploymentFailed", Assert.Single(sink.Errors).ErrorId);
            Assert.Equal(1, api.Count("ListTasks"));
            AssertProgressOpenedAndClosed(sink);
        }

        [Fact]
        public async Task Deployment_superseded_by_another_is_Failed_not_Succeeded()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(false, new[] { Fx.Dep("ecs-svc/other", "PRIMARY", Fx.NewTd + "-3", "COMPLETED", running: 2), Fx.Dep("ecs-svc/new", "ACTIVE", Fx.NewTd, "IN_PROGRESS") }))
                .WithNoStoppedTasks();
            var sink = new CollectingSink();
            var result = await Fx.Watcher(api).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new", PreviousTaskDefinition = Fx.OldTd }, Fx.Quick(), sink.Context());
            Assert.Equal(EcsDeploymentOutcome.Failed, result.Outcome);
            Assert.Contains("superseded", Assert.Single(sink.Errors).Message);
        }

        [Fact]
        public async Task Never_completing_deployment_times_out_after_the_timeout_with_backoff()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS", running: 1, pending: 1) }))
                .WithNoStoppedTasks();
            var clock = new FakeClock();
            var sink = new CollectingSink();
            var result = await Fx.Watcher(api, clock).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new" }, Fx.Quick(timeoutSec: 60), sink.Context());

            Assert.Equal(EcsDeploymentOutcome.TimedOut, result.Outcome);
            Assert.Equal(TimeSpan.FromSeconds(60), result.Duration);
            // A timeout is an error like a rollback, so -ErrorAction Stop halts; its target is the result.
            var error = Assert.Single(sink.Errors);
            Assert.Equal("DeploymentTimedOut", error.ErrorId);
            Assert.Equal(EcsErrorKind.OperationTimeout, error.Kind);
            Assert.Contains("did not finish", error.Message);
            Assert.Same(result, error.Target);
            Assert.Contains("-DeploymentId ecs-svc/new", error.RecommendedAction);
            // Back-off: 2 s, 3 s, 4.5 s, ... capped at 10 s; the last wait is cut to the time left.
            Assert.Equal(TimeSpan.FromSeconds(2), clock.Waits[0]);
            Assert.Equal(TimeSpan.FromSeconds(3), clock.Waits[1]);
            Assert.True(clock.Waits.Skip(2).All(w => w <= TimeSpan.FromSeconds(10)));
            Assert.Equal(TimeSpan.FromSeconds(60), clock.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b));
            AssertProgressOpenedAndClosed(sink);
        }

        [Fact]
        public async Task Very_long_timeouts_are_accepted()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS") }))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "COMPLETED", running: 2) }))
                .WithNoStoppedTasks();
            var sink = new CollectingSink();
            var settings = new WaitSettings { Timeout = TimeSpan.FromDays(3650), PollInterval = TimeSpan.FromSeconds(1) };
            var result = await Fx.Watcher(api).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new" }, settings, sink.Context());
            Assert.Equal(EcsDeploymentOutcome.Succeeded, result.Outcome);
        }

        [Fact]
        public async Task Cancellation_interrupts_the_wait_at_once_and_closes_progress()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS") }));
            var sink = new CollectingSink();
            using var cts = new CancellationTokenSource();
            // Real delays (a long poll interval): only cancellation can end the wait.
            var watcher = new DeploymentWatcher(api, Fx.Cluster, Fx.Svc);
            var settings = new WaitSettings { Timeout = TimeSpan.FromHours(1), PollInterval = TimeSpan.FromMinutes(10), MaxPollInterval = TimeSpan.FromMinutes(10) };
            var run = watcher.WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new" }, settings, sink.Context(cts.Token));
            while (api.Count("DescribeServices") == 0) await Task.Delay(5);
            cts.CancelAfter(50);
            Assert.Same(run, await Task.WhenAny(run, Task.Delay(TimeSpan.FromMinutes(1)))); // a hang guard, well inside the 10-minute poll
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            Assert.Equal(1, api.Count("DescribeServices"));
            AssertProgressOpenedAndClosed(sink);
        }

        [Fact]
        public async Task Deployment_not_yet_listed_is_waited_for_then_counted_as_gone()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .WithNoStoppedTasks();
            var sink = new CollectingSink();
            var result = await Fx.Watcher(api).WatchAsync(new DeploymentFacts { DeploymentId = "ecs-svc/new", TaskDefinition = Fx.NewTd }, Fx.Quick(), sink.Context());
            Assert.Equal(EcsDeploymentOutcome.Failed, result.Outcome);
            Assert.Equal(DeploymentRules.MissingPollsAllowed, api.Count("DescribeServices"));
        }

        public static IEnumerable<object[]> RollbackShapes()
        {
            // FAILED + new PRIMARY with the previous task definition (COMPLETED or not).
            yield return new object[] { new[] { Fx.Dep("rb", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2), Fx.Dep("ours", "ACTIVE", Fx.NewTd, "FAILED") }, false };
            yield return new object[] { new[] { Fx.Dep("rb", "PRIMARY", Fx.OldTd, "IN_PROGRESS"), Fx.Dep("ours", "ACTIVE", Fx.NewTd, "FAILED") }, false };
            // Ours gone, rollback event.
            yield return new object[] { new[] { Fx.Dep("rb", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }, true };
            // Ours gone, previous task definition PRIMARY again, no event seen.
            yield return new object[] { new[] { Fx.Dep("rb", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }, false };
            // Ours still PRIMARY but FAILED, rollback event seen.
            yield return new object[] { new[] { Fx.Dep("ours", "PRIMARY", Fx.NewTd, "FAILED") }, true };
            // Ours INACTIVE (no rollout state) and the previous task definition is PRIMARY.
            yield return new object[] { new[] { Fx.Dep("rb", "PRIMARY", Fx.OldTd, null, running: 2), Fx.Dep("ours", "INACTIVE", Fx.NewTd, null, running: 2) }, false };
        }

        [Theory]
        [MemberData(nameof(RollbackShapes))]
        public void Rollback_shapes_are_RolledBack(Ecs.Deployment[] deployments, bool rollbackEvent)
        {
            var svc = Fx.Services(true, deployments).Services![0];
            var verdict = DeploymentRules.Evaluate(svc, new DeploymentFacts { DeploymentId = "ours", TaskDefinition = Fx.NewTd, PreviousTaskDefinition = Fx.OldTd, SeenOnce = true, RollbackEventSeen = rollbackEvent });
            Assert.Equal(DeploymentState.RolledBack, verdict.State);
        }

        [Theory]
        [InlineData("(service web) rolling back to deployment ecs-svc/1.", true)]
        [InlineData("(service web) deployment ecs-svc/1 deployment failed: tasks failed to start. Rolled back.", true)]
        [InlineData("(service web) has reached a steady state.", false)]
        [InlineData(null, false)]
        public void Rollback_events_are_recognised(string? message, bool expected)
            => Assert.Equal(expected, DeploymentRules.IsRollbackEvent(message));

        [Fact]
        public void Deployment_without_rollout_state_succeeds_only_when_alone_and_at_count()
        {
            var facts = new DeploymentFacts { DeploymentId = "ours", SeenOnce = true };
            Assert.Equal(DeploymentState.InProgress, DeploymentRules.Evaluate(Fx.Services(false, new[] { Fx.Dep("ours", "PRIMARY", Fx.NewTd, null, running: 2), Fx.Dep("old", "ACTIVE", Fx.OldTd, null, running: 1) }).Services![0], facts).State);
            Assert.Equal(DeploymentState.InProgress, DeploymentRules.Evaluate(Fx.Services(false, new[] { Fx.Dep("ours", "PRIMARY", Fx.NewTd, null, running: 1, pending: 1) }).Services![0], facts).State);
            Assert.Equal(DeploymentState.Succeeded, DeploymentRules.Evaluate(Fx.Services(false, new[] { Fx.Dep("ours", "PRIMARY", Fx.NewTd, null, running: 2) }).Services![0], facts).State);
        }

        [Fact]
        public void Completed_deployment_scaled_up_succeeds_only_when_its_tasks_run()
        {
            var facts = new DeploymentFacts { DeploymentId = "ours", SeenOnce = true };
            Assert.Equal(DeploymentState.InProgress, DeploymentRules.Evaluate(Fx.Services(true, new[] { Fx.Dep("ours", "PRIMARY", Fx.NewTd, "COMPLETED", desired: 4, running: 2, pending: 2) }).Services![0], facts).State);
            Assert.Equal(DeploymentState.Succeeded, DeploymentRules.Evaluate(Fx.Services(true, new[] { Fx.Dep("ours", "PRIMARY", Fx.NewTd, "COMPLETED", desired: 4, running: 4) }).Services![0], facts).State);
        }

        [Fact]
        public void Deleted_service_is_Failed()
        {
            var svc = Fx.Services(true, new[] { Fx.Dep("ours", "PRIMARY", Fx.NewTd, "IN_PROGRESS") }).Services![0];
            svc.Status = "DRAINING";
            Assert.Equal(DeploymentState.Failed, DeploymentRules.Evaluate(svc, new DeploymentFacts { DeploymentId = "ours", SeenOnce = true }).State);
        }
    }
}
