using System;
using System.Collections;
using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Tests.Infrastructure;
using EcsAdmin.Validation;
using Xunit;

namespace EcsAdmin.Tests.Scaling
{
    /// <summary>Each validation rule of Set-EcsScaling: a typed error with a stable ErrorId and advice, and no request sent.</summary>
    public sealed class ScalingValidationTests
    {
        private static SetScalingOptions Valid() => new SetScalingOptions
        {
            Cluster = "prod", Service = "web", MinCapacity = 1, MaxCapacity = 10, TargetCpuPercent = 70,
        };

        private static void Mutate(string rule, SetScalingOptions o)
        {
            switch (rule)
            {
                case "min greater than max": o.MinCapacity = 11; break;
                case "negative min": o.MinCapacity = -1; break;
                case "max above 5000": o.MaxCapacity = 5001; break;
                case "cpu percent zero": o.TargetCpuPercent = 0; break;
                case "cpu percent above 100": o.TargetCpuPercent = 100.5; break;
                case "memory percent negative": o.TargetMemoryPercent = -5; break;
                case "requests without label": o.TargetRequestsPerTarget = 1000; break;
                case "requests zero": o.TargetRequestsPerTarget = 0; o.ResourceLabel = "app/a/1/targetgroup/t/2"; break;
                case "malformed label": o.TargetRequestsPerTarget = 1000; o.ResourceLabel = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/2"; break;
                case "label without requests": o.ResourceLabel = "app/a/1/targetgroup/t/2"; break;
                case "negative scale-out cooldown": o.ScaleOutCooldownSec = -1; break;
                case "negative scale-in cooldown": o.ScaleInCooldownSec = -30; break;
                case "cron with 5 fields": o.ScheduledActions = new[] { Action("cron(0 8 * * MON)") }; break;
                case "cron with both day fields": o.ScheduledActions = new[] { Action("cron(0 8 1 * MON *)") }; break;
                case "cron with bad characters": o.ScheduledActions = new[] { Action("cron(0 8 ? * MON; *)") }; break;
                case "rate with unknown unit": o.ScheduledActions = new[] { Action("rate(5 weeks)") }; break;
                case "rate 1 with plural unit": o.ScheduledActions = new[] { Action("rate(1 minutes)") }; break;
                case "rate zero": o.ScheduledActions = new[] { Action("rate(0 minutes)") }; break;
                case "at with impossible date": o.ScheduledActions = new[] { Action("at(2030-02-30T10:00:00)") }; break;
                case "at without seconds": o.ScheduledActions = new[] { Action("at(2030-01-30T10:00)") }; break;
                case "not an expression": o.ScheduledActions = new[] { Action("every day at 8") }; break;
                case "action without capacities": o.ScheduledActions = new[] { new ScheduledActionSpec { Name = "x", Schedule = "rate(1 day)" } }; break;
                case "action min greater than max": o.ScheduledActions = new[] { new ScheduledActionSpec { Name = "x", Schedule = "rate(1 day)", MinCapacity = 5, MaxCapacity = 2 } }; break;
                case "action above 5000": o.ScheduledActions = new[] { new ScheduledActionSpec { Name = "x", Schedule = "rate(1 day)", MaxCapacity = 6000 } }; break;
                case "action name with colon": o.ScheduledActions = new[] { new ScheduledActionSpec { Name = "a:b", Schedule = "rate(1 day)", MinCapacity = 1 } }; break;
                case "action without name": o.ScheduledActions = new[] { new ScheduledActionSpec { Name = "", Schedule = "rate(1 day)", MinCapacity = 1 } }; break;
                case "duplicate action names": o.ScheduledActions = new[] { Action("rate(1 day)"), Action("rate(2 days)") }; break;
                case "custom metric without namespace": o.CustomMetrics = new[] { new ScalingCustomMetricSpec { MetricName = "Depth", TargetValue = 10 } }; break;
                case "custom metric bad statistic": o.CustomMetrics = new[] { new ScalingCustomMetricSpec { Namespace = "N", MetricName = "Depth", Statistic = "p99", TargetValue = 10 } }; break;
                case "custom metric zero target": o.CustomMetrics = new[] { new ScalingCustomMetricSpec { Namespace = "N", MetricName = "Depth", TargetValue = 0 } }; break;
                case "duplicate custom metrics": o.CustomMetrics = new[] { new ScalingCustomMetricSpec { Namespace = "N", MetricName = "Depth", TargetValue = 1 }, new ScalingCustomMetricSpec { Namespace = "M", MetricName = "Depth", TargetValue = 2 } }; break;
                case "blank service": o.Service = " "; break;
                case "blank cluster": o.Cluster = ""; break;
                default: throw new ArgumentException(rule);
            }
        }

        private static ScheduledActionSpec Action(string schedule) => new ScheduledActionSpec { Name = "a", Schedule = schedule, MinCapacity = 1, MaxCapacity = 2 };

        [Theory]
        [InlineData("min greater than max", "ScalingMinGreaterThanMax")]
        [InlineData("negative min", "InvalidScalingCapacity")]
        [InlineData("max above 5000", "ScalingMaxCapacityTooLarge")]
        [InlineData("cpu percent zero", "InvalidTargetPercent")]
        [InlineData("cpu percent above 100", "InvalidTargetPercent")]
        [InlineData("memory percent negative", "InvalidTargetPercent")]
        [InlineData("requests without label", "ResourceLabelRequired")]
        [InlineData("requests zero", "InvalidTargetValue")]
        [InlineData("malformed label", "InvalidResourceLabel")]
        [InlineData("label without requests", "ResourceLabelWithoutRequestTarget")]
        [InlineData("negative scale-out cooldown", "InvalidCooldown")]
        [InlineData("negative scale-in cooldown", "InvalidCooldown")]
        [InlineData("cron with 5 fields", "InvalidScheduleExpression")]
        [InlineData("cron with both day fields", "InvalidScheduleExpression")]
        [InlineData("cron with bad characters", "InvalidScheduleExpression")]
        [InlineData("rate with unknown unit", "InvalidScheduleExpression")]
        [InlineData("rate 1 with plural unit", "InvalidScheduleExpression")]
        [InlineData("rate zero", "InvalidScheduleExpression")]
        [InlineData("at with impossible date", "InvalidScheduleExpression")]
        [InlineData("at without seconds", "InvalidScheduleExpression")]
        [InlineData("not an expression", "InvalidScheduleExpression")]
        [InlineData("action without capacities", "InvalidScheduledAction")]
        [InlineData("action min greater than max", "ScalingMinGreaterThanMax")]
        [InlineData("action above 5000", "ScalingMaxCapacityTooLarge")]
        [InlineData("action name with colon", "InvalidScheduledAction")]
        [InlineData("action without name", "InvalidScheduledAction")]
        [InlineData("duplicate action names", "DuplicateScheduledAction")]
        [InlineData("custom metric without namespace", "InvalidCustomMetric")]
        [InlineData("custom metric bad statistic", "InvalidCustomMetric")]
        [InlineData("custom metric zero target", "InvalidTargetValue")]
        [InlineData("duplicate custom metrics", "DuplicateCustomMetric")]
        [InlineData("blank service", "InvalidServiceName")]
        [InlineData("blank cluster", "InvalidClusterName")]
        public async Task Rule_is_a_typed_error_before_any_request(string rule, string errorId)
        {
            var options = Valid();
            Mutate(rule, options);
            var aws = new FakeAutoScaling();

            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ScalingOperations(aws.Api.Factory).PlanSetAsync(CollectingSink.Session(), options, new CollectingSink().Context()));

            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidArgument, ex.Kind);
            Assert.False(string.IsNullOrWhiteSpace(ex.RecommendedAction));
            Assert.Empty(aws.Api.Calls);
        }

        [Theory]
        [InlineData("cron(0 8 ? * MON-FRI *)")]
        [InlineData("cron(*/15 0-6 * * ? *)")]
        [InlineData("cron(0 0 L * ? 2030)")]
        [InlineData("rate(1 minute)")]
        [InlineData("rate(5 minutes)")]
        [InlineData("rate(2 days)")]
        [InlineData("at(2030-01-31T18:00:00)")]
        public void Well_formed_schedules_pass(string schedule) => ScalingChecks.Schedule(schedule);

        [Fact]
        public void Boundaries_that_are_allowed_pass()
        {
            var o = Valid();
            o.MinCapacity = 0; o.MaxCapacity = 5000; o.TargetCpuPercent = 100; o.ScaleInCooldownSec = 0; o.ScaleOutCooldownSec = 0;
            o.TargetRequestsPerTarget = 0.5; o.ResourceLabel = "app/web-alb/50dc6c495c0c9188/targetgroup/web-tg/943f017f100becff";
            ScalingChecks.Validate(o);
        }

        [Fact]
        public void CustomMetric_hashtable_binds_with_defaults_and_rejects_unknown_keys()
        {
            var specs = ScalingBinding.ToCustomMetrics(new object[] { new Hashtable { ["namespace"] = "MyApp", ["MetricName"] = "Depth", ["Dimensions"] = new Hashtable { ["Queue"] = "jobs" }, ["TargetValue"] = 100 } })!;
            Assert.Equal("Average", specs[0].Statistic);
            Assert.Equal("jobs", specs[0].Dimensions["Queue"]);
            Assert.Equal(100, specs[0].TargetValue);

            var ex = Assert.Throws<EcsAdminException>(() => ScalingBinding.ToCustomMetrics(new object[] { new Hashtable { ["Namespace"] = "N", ["MetricName"] = "M", ["TargetValue"] = 1, ["Treshold"] = 2 } }));
            Assert.Equal("InvalidCustomMetric", ex.ErrorId);
            Assert.Contains("Treshold", ex.Message);
        }

        [Fact]
        public void ScheduledAction_hashtable_needs_whole_numbers()
        {
            var ok = ScalingBinding.ToScheduledActions(new object[] { new Hashtable { ["Name"] = "n", ["Schedule"] = "rate(1 day)", ["MinCapacity"] = "2", ["MaxCapacity"] = 4 } })!;
            Assert.Equal(2, ok[0].MinCapacity);
            Assert.Equal(4, ok[0].MaxCapacity);

            var ex = Assert.Throws<EcsAdminException>(() => ScalingBinding.ToScheduledActions(new object[] { new Hashtable { ["Name"] = "n", ["Schedule"] = "rate(1 day)", ["MinCapacity"] = 1.5 } }));
            Assert.Equal("InvalidScheduledAction", ex.ErrorId);
        }
    }
}
