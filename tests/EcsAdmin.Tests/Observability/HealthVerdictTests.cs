using System;
using System.Linq;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using Xunit;

namespace EcsAdmin.Tests.Observability
{
    /// <summary>One test per verdict rule: each starts from a healthy service and breaks exactly one thing.</summary>
    public sealed class HealthVerdictTests
    {
        private static EcsServiceHealth Healthy() => new EcsServiceHealth
        {
            ServiceStatus = "ACTIVE",
            DesiredCount = 2,
            RunningCount = 2,
            Deployments = new[] { new EcsDeploymentState { Id = "ecs-svc/1", Status = "PRIMARY", RolloutState = "COMPLETED", DesiredCount = 2, RunningCount = 2 } },
            CpuMaximum = 40,
            MemoryMaximum = 50,
            Alarms = new[] { new EcsAlarmState { AlarmName = "cpu", StateValue = "OK", MetricName = "CPUUtilization" } },
        };

        private static void AssertVerdict(EcsServiceHealth h, string status, string reasonFragment)
        {
            var (s, reasons) = HealthVerdict.Evaluate(h);
            Assert.Equal(status, s);
            Assert.Contains(reasons, r => r.IndexOf(reasonFragment, StringComparison.OrdinalIgnoreCase) >= 0);
        }

        [Fact]
        public void Baseline_is_healthy_with_no_reasons()
        {
            var (s, reasons) = HealthVerdict.Evaluate(Healthy());
            Assert.Equal(EcsHealthStatus.Healthy, s);
            Assert.Empty(reasons);
        }

        [Theory]
        [InlineData("DRAINING")]
        [InlineData("INACTIVE")]
        public void I1_a_service_that_is_not_active_is_inactive(string status)
        {
            var h = Healthy(); h.ServiceStatus = status;
            AssertVerdict(h, EcsHealthStatus.Inactive, status);
        }

        [Fact]
        public void I1_wins_over_every_other_rule()
        {
            var h = Healthy(); h.ServiceStatus = "DRAINING"; h.RunningCount = 0;
            AssertVerdict(h, EcsHealthStatus.Inactive, "DRAINING");
        }

        [Fact]
        public void U1_no_running_task_with_desired_above_zero_is_unhealthy()
        {
            var h = Healthy(); h.RunningCount = 0;
            AssertVerdict(h, EcsHealthStatus.Unhealthy, "No task is running");
        }

        [Fact]
        public void U1_does_not_apply_when_desired_is_zero()
        {
            var h = Healthy(); h.DesiredCount = 0; h.RunningCount = 0;
            Assert.Equal(EcsHealthStatus.Healthy, HealthVerdict.Evaluate(h).Status);
        }

        [Fact]
        public void U2_a_failed_deployment_is_unhealthy()
        {
            var h = Healthy();
            h.Deployments = new[] { new EcsDeploymentState { Id = "ecs-svc/2", Status = "PRIMARY", RolloutState = "FAILED", RolloutStateReason = "circuit breaker" } };
            AssertVerdict(h, EcsHealthStatus.Unhealthy, "circuit breaker");
        }

        [Theory]
        [InlineData("CPUUtilization")]
        [InlineData("MemoryUtilization")]
        public void U3_a_cpu_or_memory_alarm_in_ALARM_is_unhealthy(string metric)
        {
            var h = Healthy(); h.Alarms = new[] { new EcsAlarmState { AlarmName = "hot", StateValue = "ALARM", MetricName = metric } };
            AssertVerdict(h, EcsHealthStatus.Unhealthy, "hot");
        }

        [Fact]
        public void U_rules_win_over_deploying()
        {
            var h = Healthy();
            h.Deployments = new[]
            {
                new EcsDeploymentState { Id = "new", Status = "PRIMARY", RolloutState = "FAILED" },
                new EcsDeploymentState { Id = "old", Status = "ACTIVE", RolloutState = "COMPLETED" },
            };
            AssertVerdict(h, EcsHealthStatus.Unhealthy, "new failed");
        }

        [Fact]
        public void P1_more_than_one_deployment_is_deploying()
        {
            var h = Healthy();
            h.Deployments = new[]
            {
                new EcsDeploymentState { Id = "new", Status = "PRIMARY", RolloutState = "COMPLETED" },
                new EcsDeploymentState { Id = "old", Status = "ACTIVE", RolloutState = "COMPLETED" },
            };
            AssertVerdict(h, EcsHealthStatus.Deploying, "2 deployments");
        }

        [Fact]
        public void P2_a_primary_deployment_in_progress_is_deploying()
        {
            var h = Healthy(); h.Deployments[0].RolloutState = "IN_PROGRESS";
            AssertVerdict(h, EcsHealthStatus.Deploying, "IN_PROGRESS");
        }

        [Fact]
        public void Deploying_wins_over_degraded()
        {
            var h = Healthy(); h.Deployments[0].RolloutState = "IN_PROGRESS"; h.RunningCount = 1;
            var (s, reasons) = HealthVerdict.Evaluate(h);
            Assert.Equal(EcsHealthStatus.Deploying, s);
            Assert.Contains(reasons, r => r.Contains("1 of 2"));
        }

        [Fact]
        public void D1_fewer_running_than_desired_is_degraded()
        {
            var h = Healthy(); h.RunningCount = 1;
            AssertVerdict(h, EcsHealthStatus.Degraded, "1 of 2");
        }

        [Fact]
        public void D2_a_recently_failed_task_is_degraded()
        {
            var h = Healthy();
            h.StoppedTasks = new[] { new EcsStoppedTask { TaskId = "t1", StopCode = "TaskFailedToStart", StoppedReason = "CannotPullContainerError", Failed = true } };
            AssertVerdict(h, EcsHealthStatus.Degraded, "CannotPullContainerError");
        }

        [Fact]
        public void D2_a_user_stopped_task_is_not_a_failure()
        {
            var h = Healthy();
            h.StoppedTasks = new[] { new EcsStoppedTask { TaskId = "t1", StopCode = "UserInitiated", Failed = false } };
            Assert.Equal(EcsHealthStatus.Healthy, HealthVerdict.Evaluate(h).Status);
        }

        [Fact]
        public void D2_failed_tasks_counted_by_a_deployment_are_degraded()
        {
            var h = Healthy(); h.Deployments[0].FailedTasks = 3;
            AssertVerdict(h, EcsHealthStatus.Degraded, "3 failed");
        }

        [Fact]
        public void D3_unhealthy_targets_are_degraded_and_unchecked_groups_are_not()
        {
            var h = Healthy();
            h.TargetHealth = new[] { new EcsTargetHealth { TargetGroupArn = "tg", State = "NotChecked", UnhealthyTargets = 0 } };
            Assert.Equal(EcsHealthStatus.Healthy, HealthVerdict.Evaluate(h).Status);
            h.TargetHealth = new[] { new EcsTargetHealth { TargetGroupArn = "tg", State = "Checked", HealthyTargets = 1, UnhealthyTargets = 2 } };
            AssertVerdict(h, EcsHealthStatus.Degraded, "2 load balancer target");
        }

        [Fact]
        public void D4_cpu_maximum_above_90_is_degraded()
        {
            var h = Healthy(); h.CpuMaximum = 95.5;
            AssertVerdict(h, EcsHealthStatus.Degraded, "CPU maximum 95.5");
        }

        [Fact]
        public void D4_memory_maximum_above_90_is_degraded()
        {
            var h = Healthy(); h.MemoryMaximum = 91;
            AssertVerdict(h, EcsHealthStatus.Degraded, "Memory maximum 91");
        }

        [Fact]
        public void D4_exactly_90_is_not_degraded()
        {
            var h = Healthy(); h.CpuMaximum = 90; h.MemoryMaximum = 90;
            Assert.Equal(EcsHealthStatus.Healthy, HealthVerdict.Evaluate(h).Status);
        }

        [Fact]
        public void D5_another_alarm_in_ALARM_is_degraded()
        {
            var h = Healthy(); h.Alarms = new[] { new EcsAlarmState { AlarmName = "5xx", StateValue = "ALARM", MetricName = "HTTPCode_Target_5XX_Count" } };
            AssertVerdict(h, EcsHealthStatus.Degraded, "5xx");
        }

        [Fact]
        public void Every_matching_rule_adds_a_reason()
        {
            var h = Healthy(); h.RunningCount = 0; h.CpuMaximum = 99; h.Deployments[0].RolloutState = "IN_PROGRESS";
            var (s, reasons) = HealthVerdict.Evaluate(h);
            Assert.Equal(EcsHealthStatus.Unhealthy, s);
            Assert.Equal(3, reasons.Length);
        }

        [Theory]
        [InlineData("TaskFailedToStart", null, true)]
        [InlineData("EssentialContainerExited", 0, true)]
        [InlineData("ServiceSchedulerInitiated", 137, true)]
        [InlineData("ServiceSchedulerInitiated", 0, false)]
        [InlineData("UserInitiated", 1, false)]
        public void Failed_stop_classification(string code, int? exit, bool failed)
            => Assert.Equal(failed, HealthVerdict.IsFailedStop(code, new[] { exit }));
    }
}
