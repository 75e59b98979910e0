using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws.Generated.AutoScaling;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Scaling
{
    public sealed class ScalingPlanTests
    {
        private readonly FakeAutoScaling _aws = new FakeAutoScaling();
        private ScalingOperations Ops => new ScalingOperations(_aws.Api.Factory);

        private static SetScalingOptions Seed() => new SetScalingOptions
        {
            Cluster = "prod", Service = "web", MinCapacity = 1, MaxCapacity = 10,
            TargetCpuPercent = 70, ScaleOutCooldownSec = 300, ScaleInCooldownSec = 300,
        };

        private async Task<(ScalingPlan Plan, CollectingSink Sink)> Set(SetScalingOptions options, bool outputChanges = false)
        {
            var sink = new CollectingSink();
            var plan = await Ops.PlanSetAsync(CollectingSink.Session(), options, sink.Context());
            await Ops.ApplyAsync(CollectingSink.Session(), plan, plan.Changes, outputChanges, sink.Context());
            return (plan, sink);
        }

        [Fact]
        public async Task Seed_scenario_registers_the_target_and_one_cpu_policy()
        {
            var (plan, sink) = await Set(Seed());

            Assert.Equal(new[] { "RegisterScalableTarget", "PutScalingPolicy" }, plan.Changes.Select(c => c.Action));
            Assert.All(plan.Changes, c => Assert.True(c.Applied));
            var register = (RegisterScalableTargetRequest)_aws.Mutations.First().Input;
            Assert.Equal("service/prod/web", register.ResourceId);
            Assert.Equal("ecs", register.ServiceNamespace);
            Assert.Equal("ecs:service:DesiredCount", register.ScalableDimension);
            Assert.Equal(1, register.MinCapacity);
            Assert.Equal(10, register.MaxCapacity);
            var put = (PutScalingPolicyRequest)_aws.Mutations.Last().Input;
            Assert.Equal("EcsAdmin-Cpu", put.PolicyName);
            Assert.Equal("TargetTrackingScaling", put.PolicyType);
            Assert.Equal(70, put.TargetTrackingScalingPolicyConfiguration.TargetValue);
            Assert.Equal("ECSServiceAverageCPUUtilization", put.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType);
            Assert.Equal(300, put.TargetTrackingScalingPolicyConfiguration.ScaleOutCooldown);
            Assert.Equal(300, put.TargetTrackingScalingPolicyConfiguration.ScaleInCooldown);

            var config = Assert.Single(sink.Outputs<EcsScalingConfiguration>());
            Assert.Equal("prod", config.Cluster);
            Assert.Equal("web", config.Service);
            Assert.Equal("us-east-1", config.Region);
            Assert.True(config.Registered);
            Assert.Equal(1, config.MinCapacity);
            Assert.Equal(10, config.MaxCapacity);
            var policy = Assert.Single(config.Policies);
            Assert.True(policy.Managed);
            Assert.Equal("ECSServiceAverageCPUUtilization", policy.Metric);
            Assert.Equal(70, policy.TargetValue);
            Assert.NotEmpty(policy.Alarms);
            Assert.Equal(2, config.Changes.Length);
            Assert.Equal("Setting desired count to 3.", config.RecentActivities[0].Description);
        }

        [Fact]
        public async Task Running_the_same_desired_state_twice_makes_no_mutating_call_the_second_time()
        {
            var options = Seed();
            options.TargetMemoryPercent = 80;
            options.TargetRequestsPerTarget = 1000;
            options.ResourceLabel = "app/web-alb/50dc6c495c0c9188/targetgroup/web-tg/943f017f100becff";
            options.CustomMetrics = new[] { new ScalingCustomMetricSpec { Namespace = "MyApp", MetricName = "QueueDepth", Dimensions = { ["Queue"] = "jobs", ["Env"] = "prod" }, TargetValue = 100 } };
            options.ScheduledActions = new[] { new ScheduledActionSpec { Name = "night", Schedule = "cron(0 22 * * ? *)", MinCapacity = 1, MaxCapacity = 2 } };
            await Set(options);
            var first = _aws.MutatingCalls;
            Assert.Equal(6, first);

            var (plan, sink) = await Set(options);

            Assert.Empty(plan.Changes);
            Assert.Equal(first, _aws.MutatingCalls);
            var config = Assert.Single(sink.Outputs<EcsScalingConfiguration>());
            Assert.Empty(config.Changes);
            Assert.Equal(4, config.Policies.Length);
            Assert.Single(config.ScheduledActions);
        }

        [Fact]
        public async Task Requests_custom_metric_and_scale_in_settings_reach_the_wire_as_the_api_expects()
        {
            var options = Seed();
            options.TargetCpuPercent = null;
            options.TargetRequestsPerTarget = 1000;
            options.ResourceLabel = "app/web-alb/50dc6c495c0c9188/targetgroup/web-tg/943f017f100becff";
            options.DisableScaleIn = true;
            options.ScaleOutCooldownSec = 60;
            options.CustomMetrics = new[] { new ScalingCustomMetricSpec { Name = "queue", Namespace = "MyApp", MetricName = "QueueDepth", Statistic = "Maximum", Dimensions = { ["Queue"] = "jobs", ["Env"] = "prod" }, TargetValue = 100 } };

            await Set(options);

            var puts = _aws.Mutations.Where(c => c.Operation == "PutScalingPolicy").Select(c => (PutScalingPolicyRequest)c.Input).ToDictionary(r => r.PolicyName);
            Assert.Equal(new[] { "EcsAdmin-Custom-queue", "EcsAdmin-Requests" }, puts.Keys.OrderBy(k => k, StringComparer.Ordinal));
            var req = puts["EcsAdmin-Requests"].TargetTrackingScalingPolicyConfiguration;
            Assert.Equal("ALBRequestCountPerTarget", req.PredefinedMetricSpecification.PredefinedMetricType);
            Assert.Equal(options.ResourceLabel, req.PredefinedMetricSpecification.ResourceLabel);
            Assert.True(req.DisableScaleIn);
            Assert.Equal(60, req.ScaleOutCooldown);
            Assert.Equal(300, req.ScaleInCooldown);
            var custom = puts["EcsAdmin-Custom-queue"].TargetTrackingScalingPolicyConfiguration;
            Assert.Null(custom.PredefinedMetricSpecification);
            Assert.Equal("MyApp", custom.CustomizedMetricSpecification.Namespace);
            Assert.Equal("QueueDepth", custom.CustomizedMetricSpecification.MetricName);
            Assert.Equal("Maximum", custom.CustomizedMetricSpecification.Statistic);
            Assert.Equal(new[] { "Env=prod", "Queue=jobs" }, custom.CustomizedMetricSpecification.Dimensions.Select(d => d.Name + "=" + d.Value));
            Assert.Equal(100, custom.TargetValue);
            Assert.DoesNotContain(_aws.Mutations, c => c.Json.Contains("EcsAdmin-Cpu"));
        }

        [Fact]
        public async Task A_changed_target_value_sends_only_that_policy()
        {
            await Set(Seed());
            var before = _aws.MutatingCalls;
            var options = Seed();
            options.TargetCpuPercent = 60;

            var (plan, _) = await Set(options);

            var change = Assert.Single(plan.Changes);
            Assert.Equal("PutScalingPolicy", change.Action);
            Assert.Equal("EcsAdmin-Cpu", change.Target);
            Assert.Contains("70", change.Detail);
            Assert.Contains("60", change.Detail);
            Assert.Equal(before + 1, _aws.MutatingCalls);
        }

        [Fact]
        public async Task Changed_bounds_reregister_the_target_only()
        {
            await Set(Seed());
            var options = Seed();
            options.MaxCapacity = 20;

            var (plan, _) = await Set(options);

            var change = Assert.Single(plan.Changes);
            Assert.Equal("RegisterScalableTarget", change.Action);
            Assert.Equal(20, _aws.Targets.Single().MaxCapacity);
        }

        [Fact]
        public async Task Pruning_deletes_managed_policies_and_actions_no_longer_asked_for_and_never_touches_the_users_own()
        {
            var options = Seed();
            options.TargetMemoryPercent = 75;
            options.ScheduledActions = new[] { new ScheduledActionSpec { Name = "night", Schedule = "rate(1 day)", MinCapacity = 1 } };
            await Set(options);
            _aws.Policies.Add(new ScalingPolicy { PolicyName = "my-step-policy", ResourceId = "service/prod/web", PolicyType = "StepScaling" });
            _aws.Actions.Add(new ScheduledAction { ScheduledActionName = "my-weekend", ResourceId = "service/prod/web", Schedule = "cron(0 0 ? * SAT *)" });
            var before = _aws.MutatingCalls;

            var (plan, sink) = await Set(Seed());

            Assert.Equal(new[] { ("DeleteScalingPolicy", "EcsAdmin-Memory"), ("DeleteScheduledAction", "EcsAdmin-night") },
                plan.Changes.Select(c => (c.Action, c.Target)));
            Assert.Equal(before + 2, _aws.MutatingCalls);
            Assert.DoesNotContain(_aws.Mutations, c => c.Json.Contains("my-step-policy") || c.Json.Contains("my-weekend"));
            var config = Assert.Single(sink.Outputs<EcsScalingConfiguration>());
            Assert.Equal(new[] { "EcsAdmin-Cpu", "my-step-policy" }, config.Policies.Select(p => p.Name));
            Assert.False(config.Policies.Single(p => p.Name == "my-step-policy").Managed);
            Assert.Equal("my-weekend", Assert.Single(config.ScheduledActions).Name);
        }

        [Fact]
        public async Task Scheduled_actions_get_the_managed_prefix_and_changes_are_detected()
        {
            var options = Seed();
            options.ScheduledActions = new[] { new ScheduledActionSpec { Name = "business-hours", Schedule = "cron(0 8 ? * MON-FRI *)", Timezone = "Europe/Berlin", MinCapacity = 4, MaxCapacity = 10 } };
            var (first, _) = await Set(options);
            Assert.Contains(first.Changes, c => c.Action == "PutScheduledAction" && c.Target == "EcsAdmin-business-hours");
            var put = (PutScheduledActionRequest)_aws.Mutations.Single(c => c.Operation == "PutScheduledAction").Input;
            Assert.Equal("Europe/Berlin", put.Timezone);
            Assert.Equal(4, put.ScalableTargetAction.MinCapacity);

            options.ScheduledActions[0].MinCapacity = 5;
            var (second, _) = await Set(options);

            var change = Assert.Single(second.Changes);
            Assert.Equal("PutScheduledAction", change.Action);
        }

        [Fact]
        public async Task Planning_sends_only_read_calls()
        {
            var sink = new CollectingSink();
            var plan = await Ops.PlanSetAsync(CollectingSink.Session(), Seed(), sink.Context());

            Assert.Equal(2, plan.Changes.Count);
            Assert.Equal(0, _aws.MutatingCalls);
            Assert.All(_aws.Api.Calls, c => Assert.StartsWith("Describe", c.Operation));
        }

        [Fact]
        public async Task Declined_changes_are_not_sent_and_PassThru_reports_them_as_not_applied()
        {
            var sink = new CollectingSink();
            var plan = await Ops.PlanSetAsync(CollectingSink.Session(), Seed(), sink.Context());
            var onlyTarget = plan.Changes.Where(c => c.Action == "RegisterScalableTarget").ToList();

            await Ops.ApplyAsync(CollectingSink.Session(), plan, onlyTarget, true, sink.Context());

            Assert.Equal(new[] { "RegisterScalableTarget" }, _aws.Mutations.Select(c => c.Operation));
            var changes = sink.Outputs<EcsScalingChange>().ToList();
            Assert.Equal(2, changes.Count);
            Assert.True(changes[0].Applied);
            Assert.False(changes[1].Applied);
            Assert.Empty(sink.Outputs<EcsScalingConfiguration>());
        }

        [Fact]
        public async Task A_missing_service_is_ServiceNotFound_and_nothing_is_sent_to_auto_scaling()
        {
            var options = Seed();
            options.Service = "nope";

            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Ops.PlanSetAsync(CollectingSink.Session(), options, new CollectingSink().Context()));

            Assert.Equal("ServiceNotFound", ex.ErrorId);
            Assert.Equal(EcsErrorKind.ObjectNotFound, ex.Kind);
            Assert.False(string.IsNullOrEmpty(ex.RecommendedAction));
            Assert.Equal(new[] { "DescribeServices" }, _aws.Api.Calls.Select(c => c.Operation));
        }

        [Fact]
        public async Task A_failed_step_stops_the_service_and_reports_what_was_applied()
        {
            _aws.Api.Fail(AutoScalingApi.PutScalingPolicy, "ValidationException", "bad policy");
            var sink = new CollectingSink();
            var plan = await Ops.PlanSetAsync(CollectingSink.Session(), Seed(), sink.Context());

            await Ops.ApplyAsync(CollectingSink.Session(), plan, plan.Changes, false, sink.Context());

            var error = Assert.Single(sink.Errors);
            Assert.Contains("PutScalingPolicy EcsAdmin-Cpu failed", error.Message);
            Assert.Contains("RegisterScalableTarget", error.Message);
            Assert.Empty(sink.Outputs<EcsScalingConfiguration>());
        }

        [Fact]
        public async Task Missing_DescribeScalingActivities_degrades_to_an_empty_list_with_a_verbose_note()
        {
            _aws.ActivitiesSupported = false;

            var (_, sink) = await Set(Seed());

            var config = Assert.Single(sink.Outputs<EcsScalingConfiguration>());
            Assert.Empty(config.RecentActivities);
            Assert.Contains(sink.Verbose, v => v.Contains("DescribeScalingActivities"));
            Assert.Empty(sink.Errors);
        }

        [Fact]
        public async Task A_server_error_from_DescribeScalingActivities_still_returns_the_configuration()
        {
            await Set(Seed());
            _aws.Api.Fail(AutoScalingApi.DescribeScalingActivities, "InternalServerError", "InternalServerError");
            var sink = new CollectingSink();

            await Ops.GetAsync(CollectingSink.Session(), "prod", new[] { "web" }, sink.Context());

            var config = Assert.Single(sink.Outputs<EcsScalingConfiguration>());
            Assert.Empty(config.RecentActivities);
            Assert.Single(config.Policies);
            Assert.Contains(sink.Verbose, v => v.Contains("DescribeScalingActivities failed"));
            Assert.Empty(sink.Errors);
        }

        [Fact]
        public async Task A_throttled_read_of_the_policies_is_not_swallowed()
        {
            await Set(Seed());
            _aws.Api.Fail(AutoScalingApi.DescribeScalingPolicies, "ThrottlingException");

            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Ops.GetAsync(CollectingSink.Session(), "prod", new[] { "web" }, new CollectingSink().Context()));

            Assert.Equal("Aws.ThrottlingException", ex.ErrorId);
        }

        [Fact]
        public async Task Get_by_cluster_returns_only_that_clusters_targets()
        {
            _aws.Services.Add("prod/api");
            _aws.Services.Add("staging/web");
            await Set(Seed());
            var api = Seed(); api.Service = "api";
            await Set(api);
            var staging = Seed(); staging.Cluster = "staging";
            await Set(staging);
            var sink = new CollectingSink();

            await Ops.GetAsync(CollectingSink.Session(), "prod", null, sink.Context());

            Assert.Equal(new[] { "service/prod/api", "service/prod/web" }, sink.Outputs<EcsScalingConfiguration>().Select(c => c.ResourceId));
        }

        [Fact]
        public async Task Get_of_a_service_without_scaling_is_a_ScalingNotConfigured_error()
        {
            await Set(Seed());
            var sink = new CollectingSink();

            await Ops.GetAsync(CollectingSink.Session(), "prod", new[] { "web", "other" }, sink.Context());

            Assert.Equal("web", Assert.Single(sink.Outputs<EcsScalingConfiguration>()).Service);
            Assert.Equal("ScalingNotConfigured", Assert.Single(sink.Errors).ErrorId);
        }

        [Fact]
        public async Task Remove_deregisters_the_target_and_reports_what_was_there()
        {
            await Set(Seed());
            var sink = new CollectingSink();

            await Ops.RemoveAsync(CollectingSink.Session(), "prod", "web", sink.Context());

            Assert.Equal("DeregisterScalableTarget", _aws.Mutations.Last().Operation);
            var config = Assert.Single(sink.Outputs<EcsScalingConfiguration>());
            Assert.False(config.Registered);
            Assert.Single(config.Policies);
            Assert.Empty(_aws.Targets);

            var again = new CollectingSink();
            await Ops.RemoveAsync(CollectingSink.Session(), "prod", "web", again.Context());
            Assert.Equal("ScalingNotConfigured", Assert.Single(again.Errors).ErrorId);
        }

        [Fact]
        public async Task Suspend_changes_only_the_chosen_kinds_and_is_idempotent()
        {
            await Set(Seed());
            var before = _aws.MutatingCalls;
            var sink = new CollectingSink();

            await Ops.SetSuspendedAsync(CollectingSink.Session(), new SuspendScalingOptions { Cluster = "prod", Service = "web", DynamicIn = true, Suspend = true }, sink.Context());
            await Ops.SetSuspendedAsync(CollectingSink.Session(), new SuspendScalingOptions { Cluster = "prod", Service = "web", DynamicIn = true, Suspend = true }, sink.Context());

            Assert.Equal(before + 1, _aws.MutatingCalls);
            var configs = sink.Outputs<EcsScalingConfiguration>().ToList();
            Assert.True(configs[0].DynamicScalingInSuspended);
            Assert.False(configs[0].DynamicScalingOutSuspended);
            Assert.False(configs[0].ScheduledScalingSuspended);
            Assert.Single(configs[0].Changes);
            Assert.Empty(configs[1].Changes);
        }

        [Fact]
        public async Task Resume_without_switches_resumes_all_three()
        {
            await Set(Seed());
            var t = _aws.Targets.Single();
            t.SuspendedState = new SuspendedState { DynamicScalingInSuspended = true, DynamicScalingOutSuspended = true, ScheduledScalingSuspended = true };
            var sink = new CollectingSink();

            await Ops.SetSuspendedAsync(CollectingSink.Session(), new SuspendScalingOptions { Cluster = "prod", Service = "web", Suspend = false }, sink.Context());

            var request = (RegisterScalableTargetRequest)_aws.Mutations.Last().Input;
            Assert.False(request.SuspendedState.DynamicScalingInSuspended);
            Assert.False(request.SuspendedState.DynamicScalingOutSuspended);
            Assert.False(request.SuspendedState.ScheduledScalingSuspended);
            Assert.Null(request.MinCapacity);
            var config = Assert.Single(sink.Outputs<EcsScalingConfiguration>());
            Assert.False(config.DynamicScalingInSuspended || config.DynamicScalingOutSuspended || config.ScheduledScalingSuspended);
        }

        [Fact]
        public void Planner_treats_missing_cooldowns_and_flags_as_the_service_defaults()
        {
            var desired = ScalingPlanner.DesiredPolicies(new SetScalingOptions { Cluster = "c", Service = "s", MinCapacity = 1, MaxCapacity = 2, TargetCpuPercent = 50 }).Single().Config;
            var current = new TargetTrackingScalingPolicyConfiguration
            {
                TargetValue = 50,
                PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = "ECSServiceAverageCPUUtilization" },
            };
            Assert.True(ScalingPlanner.SameConfig(current, desired));
            current.DisableScaleIn = true;
            Assert.False(ScalingPlanner.SameConfig(current, desired));
        }
    }
}
