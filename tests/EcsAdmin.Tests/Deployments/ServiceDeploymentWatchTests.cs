using System;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using EcsAdmin.Validation;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Deployments
{
    public class ServiceDeploymentWatchTests
    {
        private static readonly string[] AllStages = DeploymentStrategyChecks.LifecycleStages;

        [Fact]
        public async Task BlueGreen_success_walks_every_stage_into_progress_and_result()
        {
            var api = new FakeAwsApi();
            api.Sequence(Dx.D("PENDING", null));
            api.Sequence(AllStages.Select(s => Dx.D("IN_PROGRESS", s,
                prod: s.StartsWith("POST_PRODUCTION") || s == "BAKE_TIME" || s == "CLEAN_UP" ? 100 : s == "PRODUCTION_TRAFFIC_SHIFT" ? 50 : 0,
                test: s.Contains("TEST_TRAFFIC") || s.Contains("PRODUCTION") ? 100 : 0)).ToArray());
            api.Sequence(Dx.D("SUCCESSFUL", "CLEAN_UP", prod: 100, cbStatus: "MONITORING_COMPLETE"));
            var sink = new CollectingSink();

            var result = await Dx.Watcher(api).WatchAsync(Dx.Arn, Dx.Quick(), new WaitUntil(), sink.Context());

            Assert.Equal(EcsDeploymentOutcome.Succeeded, result.Outcome);
            Assert.Equal(AllStages, result.StagesSeen);
            Assert.Equal("BLUE_GREEN", result.Strategy);
            Assert.Equal(Dx.Arn, result.ServiceDeploymentArn);
            Assert.Equal(Dx.NewRev, result.TaskDefinition);
            Assert.Empty(sink.Errors);
            var progress = sink.Progress.ToList();
            foreach (var stage in AllStages)
                Assert.Contains(progress, p => !p.Completed && p.Status.StartsWith(stage + ","));
            Assert.Contains(progress, p => p.Status.Contains("production traffic 50% to new"));
            Assert.Contains(progress, p => p.Status.Contains("bake time left 00:10:00"));
            Assert.Single(progress, p => p.Completed);
            Assert.StartsWith("Outcome: Succeeded", progress.Last().Status);
            Assert.True(progress.Last().Completed);
        }

        [Fact]
        public async Task Rollback_by_alarm_is_RolledBack_with_the_alarm_and_an_error_never_Succeeded()
        {
            var api = new FakeAwsApi().Sequence(
                Dx.D("IN_PROGRESS", "BAKE_TIME", prod: 100),
                Dx.D("ROLLBACK_IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", prod: 0, triggered: new[] { "web-5xx" }, rollbackReason: "Alarm web-5xx is in ALARM state."),
                Dx.D("ROLLBACK_SUCCESSFUL", "CLEAN_UP", prod: 0, triggered: new[] { "web-5xx" }, rollbackReason: "Alarm web-5xx is in ALARM state."));
            var sink = new CollectingSink();

            var result = await Dx.Watcher(api).WatchAsync(Dx.Arn, Dx.Quick(), new WaitUntil(), sink.Context());

            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.Equal(new[] { "web-5xx" }, result.TriggeredAlarms);
            Assert.Equal(Dx.OldRev, result.RolledBackTo);
            Assert.Contains("web-5xx", result.RollbackReason);
            var error = Assert.Single(sink.Errors);
            Assert.Equal("DeploymentRolledBack", error.ErrorId);
            Assert.Same(result, error.Target);
            Assert.Contains(sink.Progress, p => p.Status.Contains("alarms fired: web-5xx"));
            Assert.StartsWith("Outcome: RolledBack", sink.Progress.Last().Status);
            Assert.Equal(new[] { "BAKE_TIME", "PRODUCTION_TRAFFIC_SHIFT", "CLEAN_UP" }, result.StagesSeen);
        }

        [Theory]
        [InlineData("alarm")]
        [InlineData("circuit")]
        [InlineData("reason")]
        public void A_SUCCESSFUL_status_that_carries_a_rollback_is_never_Succeeded(string why)
        {
            var d = DeploymentMapping.Deployment(Dx.D("SUCCESSFUL", "CLEAN_UP",
                triggered: why == "alarm" ? new[] { "web-5xx" } : null,
                cbStatus: why == "circuit" ? "TRIGGERED" : "MONITORING_COMPLETE", failures: why == "circuit" ? 3 : 0,
                rollbackReason: why == "reason" ? "Rolled back by the operator." : null), "us-east-1");
            var verdict = ServiceDeploymentRules.Evaluate(d, new WaitUntil());
            Assert.Equal(StagedState.RolledBack, verdict.State);
            Assert.Equal(EcsDeploymentOutcome.RolledBack, verdict.Outcome);
        }

        [Fact]
        public async Task Circuit_breaker_figures_reach_the_result()
        {
            var api = new FakeAwsApi().Sequence(
                Dx.D("IN_PROGRESS", "SCALE_UP", running: 0, failures: 2),
                Dx.D("ROLLBACK_SUCCESSFUL", "CLEAN_UP", cbStatus: "TRIGGERED", failures: 3, running: 0, rollbackReason: "Circuit breaker triggered."));
            var sink = new CollectingSink();
            var result = await Dx.Watcher(api).WatchAsync(Dx.Arn, Dx.Quick(), new WaitUntil(), sink.Context());
            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.Equal(3, result.CircuitBreakerFailureCount);
            Assert.Equal(3, result.CircuitBreakerThreshold);
            Assert.Contains("circuit breaker", result.RollbackReason);
            Assert.Contains(sink.Progress, p => p.Status.Contains("failed tasks 2/3"));
        }

        [Fact]
        public async Task Until_Paused_stops_at_the_pause_with_hook_and_expiry()
        {
            var api = new FakeAwsApi().Sequence(
                Dx.D("IN_PROGRESS", "SCALE_UP"),
                Dx.D("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", prod: 0, test: 100, hook: Dx.Pause()));
            var sink = new CollectingSink();
            var result = await Dx.Watcher(api).WatchAsync(Dx.Arn, Dx.Quick(), new WaitUntil { Target = "Paused" }, sink.Context());
            Assert.Equal(EcsDeploymentOutcome.Paused, result.Outcome);
            Assert.Equal("hook-3f2a", result.PausedHookId);
            Assert.Equal(Dx.T0.AddHours(1), result.PauseExpiresAt);
            Assert.Equal("POST_TEST_TRAFFIC_SHIFT", result.LifecycleStage);
            Assert.Empty(sink.Errors);
            Assert.Contains(sink.Progress, p => p.Status.Contains("PAUSED (hook hook-3f2a"));
            Assert.StartsWith("Outcome: Paused", sink.Progress.Last().Status);
        }

        [Fact]
        public async Task Until_a_stage_is_StageReached_at_or_past_it()
        {
            var api = new FakeAwsApi().Sequence(Dx.D("IN_PROGRESS", "SCALE_UP"), Dx.D("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", prod: 20));
            var sink = new CollectingSink();
            var result = await Dx.Watcher(api).WatchAsync(Dx.Arn, Dx.Quick(), new WaitUntil { Target = "POST_TEST_TRAFFIC_SHIFT" }, sink.Context());
            Assert.Equal(EcsDeploymentOutcome.StageReached, result.Outcome);
            Assert.Equal("PRODUCTION_TRAFFIC_SHIFT", result.LifecycleStage);
            Assert.StartsWith("Outcome: StageReached", sink.Progress.Last().Status);
        }

        [Fact]
        public async Task Pause_expiry_with_rollback_is_RolledBack_and_says_the_pause_expired()
        {
            var api = new FakeAwsApi().Sequence(
                Dx.D("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", test: 100, hook: Dx.Pause()),
                Dx.D("ROLLBACK_IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", test: 0, hook: Dx.Pause("TIMED_OUT"), rollbackReason: "Lifecycle hook hook-3f2a timed out."),
                Dx.D("ROLLBACK_SUCCESSFUL", "CLEAN_UP", hook: Dx.Pause("TIMED_OUT"), rollbackReason: "Lifecycle hook hook-3f2a timed out."));
            var sink = new CollectingSink();
            var result = await Dx.Watcher(api).WatchAsync(Dx.Arn, Dx.Quick(), new WaitUntil(), sink.Context());
            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.True(result.PauseExpired);
            Assert.Contains("timed out", result.RollbackReason);
            Assert.Contains(sink.Messages, m => m.Kind == OperationMessageKind.Warning && ((string)m.Payload).Contains("pause of deployment") && ((string)m.Payload).Contains("expired"));
            Assert.Equal("DeploymentRolledBack", Assert.Single(sink.Errors).ErrorId);
        }

        [Fact]
        public async Task A_stopped_deployment_is_Aborted_with_an_error()
        {
            var api = new FakeAwsApi().Sequence(Dx.D("STOP_REQUESTED", "PRODUCTION_TRAFFIC_SHIFT", prod: 30), Dx.D("STOPPED", "PRODUCTION_TRAFFIC_SHIFT", prod: 30));
            var sink = new CollectingSink();
            var result = await Dx.Watcher(api).WatchAsync(Dx.Arn, Dx.Quick(), new WaitUntil(), sink.Context());
            Assert.Equal(EcsDeploymentOutcome.Aborted, result.Outcome);
            Assert.Equal("DeploymentAborted", Assert.Single(sink.Errors).ErrorId);
            Assert.StartsWith("Outcome: Aborted", sink.Progress.Last().Status);
        }

        [Fact]
        public async Task Timeout_while_paused_is_TimedOut_with_an_error()
        {
            var clock = Dx.T0;
            var api = new FakeAwsApi().Sequence(Dx.D("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", hook: Dx.Pause()));
            var w = new ServiceDeploymentWatcher(api) { Clock = () => clock, Delay = (t, _) => { clock += t; return Task.CompletedTask; } };
            var sink = new CollectingSink();
            var result = await w.WatchAsync(Dx.Arn, new WaitSettings { Timeout = TimeSpan.FromMinutes(1) }, new WaitUntil(), sink.Context());
            Assert.Equal(EcsDeploymentOutcome.TimedOut, result.Outcome);
            var error = Assert.Single(sink.Errors);
            Assert.Equal("DeploymentTimedOut", error.ErrorId);
            Assert.Contains("did not reach Deployed", error.Message);
            Assert.StartsWith("Outcome: TimedOut", sink.Progress.Last().Status);
        }
    }
}
