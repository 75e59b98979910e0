using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// The local rules of ECS progressive deployments, checked before any request: each strategy's own
    /// settings, bake time and percent ranges, lifecycle hooks (pause not allowed on the traffic-shift stages), and
    /// where traffic shifts, a load balancer with its advanced configuration or Service Connect.
    /// </summary>
    internal static class DeploymentStrategyChecks
    {
        public static readonly string[] Strategies = { "ROLLING", "BLUE_GREEN", "LINEAR", "CANARY" };

        /// <summary>The stages a hook can run at, in deployment order.</summary>
        public static readonly string[] HookStages =
        {
            "RECONCILE_SERVICE", "PRE_SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
            "PRE_PRODUCTION_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT",
        };

        /// <summary>The stages ECS reports for a deployment, in order.</summary>
        public static readonly string[] LifecycleStages =
        {
            "RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
            "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP",
        };

        /// <summary>Stages during which traffic is moving; a pause there would hold traffic half shifted.</summary>
        public static readonly string[] TrafficShiftStages = { "TEST_TRAFFIC_SHIFT", "PRODUCTION_TRAFFIC_SHIFT" };

        public const int MaxBakeMinutes = 1440;
        public const int MaxHookTimeoutMinutes = 20160;

        /// <summary>The wire name of a -Strategy value (Rolling, BlueGreen, Linear, Canary, or the wire names).</summary>
        public static string? WireStrategy(string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            var v = value!.Trim().Replace("_", "").Replace("-", "").ToUpperInvariant();
            return v switch
            {
                "ROLLING" => "ROLLING",
                "BLUEGREEN" => "BLUE_GREEN",
                "LINEAR" => "LINEAR",
                "CANARY" => "CANARY",
                _ => throw Bad("InvalidDeploymentStrategy", "'" + value + "' is not a deployment strategy.", value, "Use Rolling, BlueGreen, Linear or Canary."),
            };
        }

        public static bool ShiftsTraffic(string? strategy) => strategy == "BLUE_GREEN" || strategy == "LINEAR" || strategy == "CANARY";

        /// <summary>Checks the settings on their own; <paramref name="effectiveStrategy"/> is the strategy they will run under (given or current).</summary>
        public static void Check(DeploymentStrategyOptions o, string? effectiveStrategy)
        {
            var strategy = o.Strategy ?? effectiveStrategy;
            if (o.Strategy != null && !Strategies.Contains(o.Strategy))
                throw Bad("InvalidDeploymentStrategy", "'" + o.Strategy + "' is not a deployment strategy.", o.Strategy, "Use Rolling, BlueGreen, Linear or Canary.");

            Minutes(o.BakeTimeInMinutes, "-BakeTimeMinutes");
            Minutes(o.LinearStepBakeTimeInMinutes, "-LinearStepBakeMinutes");
            Minutes(o.CanaryBakeTimeInMinutes, "-CanaryBakeMinutes");
            // strategy null: the service's current strategy is unknown (an endpoint that does not report it); ECS judges.
            bool known = strategy != null;
            if (o.BakeTimeInMinutes != null && known && !ShiftsTraffic(strategy))
                throw Bad("BakeTimeNeedsTrafficShift", "-BakeTimeMinutes applies to BlueGreen, Linear and Canary deployments, not to " + (strategy ?? "ROLLING") + ".", o.BakeTimeInMinutes,
                    "Add -Strategy BlueGreen (or Linear, Canary), or leave -BakeTimeMinutes out.");

            if ((o.LinearStepPercent != null || o.LinearStepBakeTimeInMinutes != null) && known && strategy != "LINEAR")
                throw Bad("LinearSettingsNeedLinear", "-LinearStepPercent and -LinearStepBakeMinutes apply to Linear deployments only (strategy: " + (strategy ?? "ROLLING") + ").", o.LinearStepPercent,
                    "Add -Strategy Linear, or leave the linear settings out.");
            if ((o.CanaryPercent != null || o.CanaryBakeTimeInMinutes != null) && known && strategy != "CANARY")
                throw Bad("CanarySettingsNeedCanary", "-CanaryPercent and -CanaryBakeMinutes apply to Canary deployments only (strategy: " + (strategy ?? "ROLLING") + ").", o.CanaryPercent,
                    "Add -Strategy Canary, or leave the canary settings out.");
            if (o.LinearStepPercent is double step)
                Percent(step, 3.0, "-LinearStepPercent");
            if (o.CanaryPercent is double canary)
                Percent(canary, 0.1, "-CanaryPercent");

            if (o.HasAdvancedLoadBalancer)
            {
                if (known && !ShiftsTraffic(strategy))
                    throw Bad("AdvancedLoadBalancerNeedsTrafficShift", "The load balancer's alternate target group and listener rules are used by BlueGreen, Linear and Canary deployments, not " + (strategy ?? "ROLLING") + ".",
                        o.AlternateTargetGroupArn ?? o.ProductionListenerRule, "Add -Strategy BlueGreen (or Linear, Canary).");
                var missing = new List<string>();
                if (string.IsNullOrWhiteSpace(o.AlternateTargetGroupArn)) missing.Add("-AlternateTargetGroupArn");
                if (string.IsNullOrWhiteSpace(o.ProductionListenerRule)) missing.Add("-ProductionListenerRule");
                if (string.IsNullOrWhiteSpace(o.LoadBalancerRoleArn)) missing.Add("-LoadBalancerRoleArn");
                if (missing.Count > 0)
                    throw Bad("IncompleteAdvancedLoadBalancer", "Traffic shifting through a load balancer needs " + string.Join(", ", missing) + " as well.", o.AlternateTargetGroupArn ?? o.ProductionListenerRule,
                        "Give the alternate target group, the production listener rule and the role ECS uses to change the listener (-TestListenerRule is optional).");
            }

            if (o.TestTrafficHeaderName != null)
            {
                if (known && !ShiftsTraffic(strategy))
                    throw Bad("TestTrafficNeedsTrafficShift", "Test-traffic header rules apply to BlueGreen, Linear and Canary deployments.", o.TestTrafficHeaderName, "Add -Strategy BlueGreen (or Linear, Canary).");
                if (string.IsNullOrWhiteSpace(o.TestTrafficHeaderName))
                    throw Bad("InvalidTestTrafficHeader", "-TestTrafficHeader needs a header name.", o.TestTrafficHeaderName, "Give a header name such as x-canary.");
            }

            foreach (var hook in o.LifecycleHooks ?? Array.Empty<LifecycleHookOptions>())
                Hook(hook, strategy);

            if (o.AlarmNames != null && o.AlarmNames.Any(string.IsNullOrWhiteSpace))
                throw Bad("InvalidAlarmName", "A deployment alarm name cannot be blank.", o.AlarmNames, "Give CloudWatch alarm names (Get-EcsServiceAlarm lists them).");
        }

        /// <summary>Where traffic shifts, something must carry it: a load balancer with its advanced configuration, or Service Connect.</summary>
        public static void RequireTrafficPath(string? strategy, bool loadBalancerWithAdvanced, bool loadBalancer, bool serviceConnect, object? target)
        {
            if (!ShiftsTraffic(strategy) || serviceConnect || loadBalancerWithAdvanced) return;
            if (loadBalancer)
                throw Bad("AdvancedLoadBalancerRequired", strategy + " deployments shift traffic between two target groups: the load balancer needs -AlternateTargetGroupArn, -ProductionListenerRule and -LoadBalancerRoleArn.", target,
                    "Give the alternate target group, the production listener rule and the role.");
            throw Bad("TrafficPathRequired", strategy + " deployments shift traffic, so the service needs a load balancer (with an alternate target group) or Service Connect.", target,
                "Add -LoadBalancer with -AlternateTargetGroupArn/-ProductionListenerRule/-LoadBalancerRoleArn, or -ServiceConnectNamespace; or use -Strategy Rolling.");
        }

        /// <summary>The strategy of a new service, with what the service brings (load balancers, Service Connect).</summary>
        public static void CheckNew(NewServiceOptions o)
        {
            var s = o.Strategy;
            if (s is null) return;
            Check(s, s.Strategy ?? "ROLLING");
            bool lb = o.LoadBalancers is { Length: > 0 };
            if (s.HasAdvancedLoadBalancer && !lb)
                throw Bad("AdvancedLoadBalancerNeedsLoadBalancer", "-AlternateTargetGroupArn and the listener rules go with a load balancer; the service has none.", s.AlternateTargetGroupArn,
                    "Add -LoadBalancer @{TargetGroupArn=...; ContainerName=...; ContainerPort=...}.");
            if (s.TestTrafficHeaderName != null && !(o.ServiceConnectClientAliases is { Length: > 0 }))
                throw Bad("TestTrafficNeedsServiceConnect", "-TestTrafficHeader routes Service Connect test traffic; the service has no Service Connect client alias.", s.TestTrafficHeaderName,
                    "Add -ServiceConnectNamespace, -ServiceConnectPortName and -ServiceConnectClientAlias.");
            RequireTrafficPath(s.Strategy, lb && s.HasAdvancedLoadBalancer, lb, !string.IsNullOrWhiteSpace(o.ServiceConnectNamespace), o.Name);
            if (s.Strategy == "BLUE_GREEN" && s.BakeTimeInMinutes is null)
                throw Bad("BakeTimeRequired", "A BlueGreen deployment needs a bake time (how long both revisions run after the production shift).", o.Name, "Add -BakeTimeMinutes (0 to 1440).");
        }

        public static void Hook(LifecycleHookOptions h, string? strategy)
        {
            if (strategy != null && !ShiftsTraffic(strategy))
                throw Bad("HooksNeedTrafficShift", "Lifecycle hooks run in BlueGreen, Linear and Canary deployments, not " + (strategy ?? "ROLLING") + ".", h, "Add -Strategy BlueGreen (or Linear, Canary).");
            if (h.TargetType != "PAUSE" && h.TargetType != "AWS_LAMBDA")
                throw Bad("InvalidHookType", "'" + h.TargetType + "' is not a lifecycle hook type.", h, "Use Pause or Lambda.");
            if (h.Stages.Length == 0)
                throw Bad("HookStagesRequired", "A lifecycle hook needs at least one stage.", h, "Give stages: " + string.Join(", ", HookStages) + ".");
            foreach (var s in h.Stages)
            {
                if (!HookStages.Contains(s))
                    throw Bad("InvalidHookStage", "'" + s + "' is not a lifecycle stage a hook can run at.", s, "Use one of " + string.Join(", ", HookStages) + ".");
                if (h.TargetType == "PAUSE" && TrafficShiftStages.Contains(s))
                    throw Bad("PauseOnTrafficShift", "A pause cannot be set at " + s + ": traffic would stay half shifted while it waits.", s,
                        "Pause before or after the shift: " + (s == "TEST_TRAFFIC_SHIFT" ? "POST_SCALE_UP or POST_TEST_TRAFFIC_SHIFT" : "PRE_PRODUCTION_TRAFFIC_SHIFT or POST_PRODUCTION_TRAFFIC_SHIFT") + ".");
            }
            if (h.TargetType == "AWS_LAMBDA" && (string.IsNullOrWhiteSpace(h.HookTargetArn) || string.IsNullOrWhiteSpace(h.RoleArn)))
                throw Bad("LambdaHookIncomplete", "A Lambda lifecycle hook needs the function ARN and the role ECS invokes it with.", h, "Give @{Type='Lambda'; FunctionArn=...; RoleArn=...; Stages=...}.");
            if (h.TargetType == "PAUSE" && !string.IsNullOrWhiteSpace(h.HookTargetArn))
                throw Bad("PauseHookTarget", "A pause hook has no target; it waits for Approve-EcsServiceDeployment or Deny-EcsServiceDeployment.", h, "Leave FunctionArn out of a pause hook.");
            if (h.TimeoutInMinutes is int t && (t < 1 || t > MaxHookTimeoutMinutes))
                throw Bad("InvalidHookTimeout", "A hook timeout of " + t + " minutes is outside 1 to " + MaxHookTimeoutMinutes + " (14 days).", t, "Give 1 to " + MaxHookTimeoutMinutes + " minutes.");
            if (h.TimeoutAction != null && h.TimeoutAction != "CONTINUE" && h.TimeoutAction != "ROLLBACK")
                throw Bad("InvalidHookTimeoutAction", "'" + h.TimeoutAction + "' is not a timeout action.", h.TimeoutAction, "Use Continue or Rollback.");
        }

        private static void Minutes(int? value, string name)
        {
            if (value is int m && (m < 0 || m > MaxBakeMinutes))
                throw Bad("InvalidBakeTime", name + " " + m + " is outside 0 to " + MaxBakeMinutes + " minutes (24 hours).", m, "Give 0 to " + MaxBakeMinutes + " minutes.");
        }

        private static void Percent(double value, double min, string name)
        {
            // Multiples of 0.1 from min to 100.
            var tenths = Math.Round(value * 10);
            if (value < min - 1e-9 || value > 100 + 1e-9 || Math.Abs(tenths - value * 10) > 1e-6)
                throw Bad("InvalidTrafficPercent", name + " " + value + " is not a multiple of 0.1 from " + min + " to 100.", value, "Give a percent such as " + (min >= 3 ? "10" : "5") + " or 12.5.");
        }

        private static EcsAdminException Bad(string id, string message, object? target, string action)
            => new EcsAdminException(id, EcsErrorKind.InvalidArgument, message, target, action);
    }
}
