using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws.Generated.AutoScaling;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>One change of a plan and the request that makes it.</summary>
    internal sealed class PlannedStep
    {
        public PlannedStep(EcsScalingChange change, object request)
        {
            Change = change;
            Request = request;
        }

        public EcsScalingChange Change { get; }
        /// <summary>A RegisterScalableTargetRequest, PutScalingPolicyRequest, DeleteScalingPolicyRequest, PutScheduledActionRequest or DeleteScheduledActionRequest.</summary>
        public object Request { get; }
    }

    /// <summary>
    /// The desired-state diff of Set-EcsScaling, free of I/O: desired options + what exists → the requests that
    /// make them match. Only policies and scheduled actions named EcsAdmin-* are created, changed or deleted.
    /// </summary>
    internal static class ScalingPlanner
    {
        public const string CpuPolicy = ScalingChecks.ManagedPrefix + "Cpu";
        public const string MemoryPolicy = ScalingChecks.ManagedPrefix + "Memory";
        public const string RequestsPolicy = ScalingChecks.ManagedPrefix + "Requests";
        public const string CustomPolicyPrefix = ScalingChecks.ManagedPrefix + "Custom-";
        /// <summary>What Application Auto Scaling uses for ECS when a cooldown is not given.</summary>
        public const int DefaultCooldown = 300;
        public const string DefaultTimezone = "UTC";

        /// <summary>The managed target-tracking policies the options ask for, by name.</summary>
        public static List<(string Name, TargetTrackingScalingPolicyConfiguration Config)> DesiredPolicies(SetScalingOptions o)
        {
            var list = new List<(string, TargetTrackingScalingPolicyConfiguration)>();
            TargetTrackingScalingPolicyConfiguration Make(double target)
                => new TargetTrackingScalingPolicyConfiguration
                {
                    TargetValue = target,
                    ScaleOutCooldown = o.ScaleOutCooldownSec ?? DefaultCooldown,
                    ScaleInCooldown = o.ScaleInCooldownSec ?? DefaultCooldown,
                    DisableScaleIn = o.DisableScaleIn,
                };
            if (o.TargetCpuPercent is double cpu)
            {
                var c = Make(cpu);
                c.PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = MetricTypeValues.ECSServiceAverageCPUUtilization };
                list.Add((CpuPolicy, c));
            }
            if (o.TargetMemoryPercent is double mem)
            {
                var c = Make(mem);
                c.PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = MetricTypeValues.ECSServiceAverageMemoryUtilization };
                list.Add((MemoryPolicy, c));
            }
            if (o.TargetRequestsPerTarget is double req)
            {
                var c = Make(req);
                c.PredefinedMetricSpecification = new PredefinedMetricSpecification { PredefinedMetricType = MetricTypeValues.ALBRequestCountPerTarget, ResourceLabel = o.ResourceLabel?.Trim() };
                list.Add((RequestsPolicy, c));
            }
            foreach (var m in o.CustomMetrics ?? Array.Empty<ScalingCustomMetricSpec>())
            {
                var c = Make(m.TargetValue);
                c.CustomizedMetricSpecification = new CustomizedMetricSpecification
                {
                    Namespace = m.Namespace.Trim(),
                    MetricName = m.MetricName.Trim(),
                    Statistic = m.Statistic,
                    Unit = string.IsNullOrWhiteSpace(m.Unit) ? null : m.Unit,
                    Dimensions = m.Dimensions.Count == 0 ? null
                        : m.Dimensions.OrderBy(d => d.Key, StringComparer.Ordinal).Select(d => new MetricDimension { Name = d.Key, Value = d.Value }).ToList(),
                };
                list.Add((CustomPolicyPrefix + ScalingChecks.CustomPolicySuffix(m), c));
            }
            return list;
        }

        public static List<PlannedStep> Plan(SetScalingOptions o, string region, ScalableTarget? target,
            IReadOnlyCollection<ScalingPolicy> policies, IReadOnlyCollection<ScheduledAction> actions)
        {
            var cluster = ScalingChecks.NameOf(o.Cluster);
            var service = ScalingChecks.NameOf(o.Service);
            var rid = ScalingChecks.ResourceId(cluster, service);
            var steps = new List<PlannedStep>();
            EcsScalingChange Change(string action, string name, string detail)
                => new EcsScalingChange { Region = region, Cluster = cluster, Service = service, ResourceId = rid, Action = action, Target = name, Detail = detail };

            // 1. The scalable target (first: policies and actions need it).
            if (target is null || target.MinCapacity != o.MinCapacity || target.MaxCapacity != o.MaxCapacity)
            {
                var detail = target is null
                    ? "register: min " + o.MinCapacity + ", max " + o.MaxCapacity
                    : "min " + target.MinCapacity + " → " + o.MinCapacity + ", max " + target.MaxCapacity + " → " + o.MaxCapacity;
                steps.Add(new PlannedStep(Change("RegisterScalableTarget", rid, detail), new RegisterScalableTargetRequest
                {
                    ServiceNamespace = ScalingChecks.Namespace,
                    ResourceId = rid,
                    ScalableDimension = ScalingChecks.Dimension,
                    MinCapacity = o.MinCapacity,
                    MaxCapacity = o.MaxCapacity,
                }));
            }

            var desired = DesiredPolicies(o);
            var desiredActions = (o.ScheduledActions ?? Array.Empty<ScheduledActionSpec>())
                .Select(a => (Name: ScalingChecks.ManagedActionName(a.Name.Trim()), Spec: a)).ToList();
            var mine = policies.Where(p => p.ResourceId == rid && ScalingChecks.IsManaged(p.PolicyName)).ToList();
            var myActions = actions.Where(a => a.ResourceId == rid && ScalingChecks.IsManaged(a.ScheduledActionName)).ToList();

            // 2. Prune managed policies and actions no longer asked for.
            foreach (var p in mine.Where(p => desired.All(d => d.Name != p.PolicyName)).OrderBy(p => p.PolicyName, StringComparer.Ordinal))
                steps.Add(new PlannedStep(Change("DeleteScalingPolicy", p.PolicyName, "delete: " + Describe(p.PolicyType, p.TargetTrackingScalingPolicyConfiguration)),
                    new DeleteScalingPolicyRequest { PolicyName = p.PolicyName, ServiceNamespace = ScalingChecks.Namespace, ResourceId = rid, ScalableDimension = ScalingChecks.Dimension }));
            foreach (var a in myActions.Where(a => desiredActions.All(d => d.Name != a.ScheduledActionName)).OrderBy(a => a.ScheduledActionName, StringComparer.Ordinal))
                steps.Add(new PlannedStep(Change("DeleteScheduledAction", a.ScheduledActionName, "delete: " + Describe(a)),
                    new DeleteScheduledActionRequest { ScheduledActionName = a.ScheduledActionName, ServiceNamespace = ScalingChecks.Namespace, ResourceId = rid, ScalableDimension = ScalingChecks.Dimension }));

            // 3. Create or change managed policies that differ.
            foreach (var (name, config) in desired)
            {
                var current = mine.FirstOrDefault(p => p.PolicyName == name);
                if (current != null && current.PolicyType == PolicyTypeValues.TargetTrackingScaling && SameConfig(current.TargetTrackingScalingPolicyConfiguration, config))
                    continue;
                var detail = current is null
                    ? "create: " + Describe(PolicyTypeValues.TargetTrackingScaling, config)
                    : Describe(current.PolicyType, current.TargetTrackingScalingPolicyConfiguration) + " → " + Describe(PolicyTypeValues.TargetTrackingScaling, config);
                steps.Add(new PlannedStep(Change("PutScalingPolicy", name, detail), new PutScalingPolicyRequest
                {
                    PolicyName = name,
                    ServiceNamespace = ScalingChecks.Namespace,
                    ResourceId = rid,
                    ScalableDimension = ScalingChecks.Dimension,
                    PolicyType = PolicyTypeValues.TargetTrackingScaling,
                    TargetTrackingScalingPolicyConfiguration = config,
                }));
            }

            // 4. Create or change managed scheduled actions that differ.
            foreach (var (name, spec) in desiredActions)
            {
                var current = myActions.FirstOrDefault(a => a.ScheduledActionName == name);
                if (current != null && SameAction(current, spec)) continue;
                var wanted = new ScheduledAction
                {
                    ScheduledActionName = name,
                    Schedule = spec.Schedule.Trim(),
                    Timezone = spec.Timezone?.Trim(),
                    ScalableTargetAction = new ScalableTargetAction { MinCapacity = spec.MinCapacity, MaxCapacity = spec.MaxCapacity },
                };
                var detail = current is null ? "create: " + Describe(wanted) : Describe(current) + " → " + Describe(wanted);
                steps.Add(new PlannedStep(Change("PutScheduledAction", name, detail), new PutScheduledActionRequest
                {
                    ScheduledActionName = name,
                    ServiceNamespace = ScalingChecks.Namespace,
                    ResourceId = rid,
                    ScalableDimension = ScalingChecks.Dimension,
                    Schedule = wanted.Schedule,
                    Timezone = wanted.Timezone,
                    ScalableTargetAction = wanted.ScalableTargetAction,
                }));
            }
            return steps;
        }

        internal static bool SameConfig(TargetTrackingScalingPolicyConfiguration? a, TargetTrackingScalingPolicyConfiguration b)
        {
            if (a is null) return false;
            if (a.TargetValue is null || b.TargetValue is null || Math.Abs(a.TargetValue.Value - b.TargetValue.Value) > 1e-9) return false;
            if ((a.ScaleOutCooldown ?? DefaultCooldown) != (b.ScaleOutCooldown ?? DefaultCooldown)) return false;
            if ((a.ScaleInCooldown ?? DefaultCooldown) != (b.ScaleInCooldown ?? DefaultCooldown)) return false;
            if ((a.DisableScaleIn ?? false) != (b.DisableScaleIn ?? false)) return false;
            var pa = a.PredefinedMetricSpecification;
            var pb = b.PredefinedMetricSpecification;
            if ((pa is null) != (pb is null)) return false;
            if (pa != null && (pa.PredefinedMetricType != pb!.PredefinedMetricType || (pa.ResourceLabel ?? "") != (pb.ResourceLabel ?? ""))) return false;
            var ca = a.CustomizedMetricSpecification;
            var cb = b.CustomizedMetricSpecification;
            if ((ca is null) != (cb is null)) return false;
            if (ca != null)
            {
                if (ca.Metrics != null && ca.Metrics.Count > 0) return false;
                if (ca.Namespace != cb!.Namespace || ca.MetricName != cb.MetricName || (ca.Statistic ?? "") != (cb.Statistic ?? "") || (ca.Unit ?? "") != (cb.Unit ?? "")) return false;
                string Dims(List<MetricDimension>? d) => string.Join("\n", (d ?? new List<MetricDimension>()).Select(x => x.Name + "=" + x.Value).OrderBy(x => x, StringComparer.Ordinal));
                if (Dims(ca.Dimensions) != Dims(cb.Dimensions)) return false;
            }
            return true;
        }

        internal static bool SameAction(ScheduledAction current, ScheduledActionSpec spec)
        {
            if ((current.Schedule ?? "").Trim() != spec.Schedule.Trim()) return false;
            var tzA = string.IsNullOrWhiteSpace(current.Timezone) ? DefaultTimezone : current.Timezone!.Trim();
            var tzB = string.IsNullOrWhiteSpace(spec.Timezone) ? DefaultTimezone : spec.Timezone!.Trim();
            if (!string.Equals(tzA, tzB, StringComparison.OrdinalIgnoreCase)) return false;
            if (current.ScalableTargetAction?.MinCapacity != spec.MinCapacity) return false;
            if (current.ScalableTargetAction?.MaxCapacity != spec.MaxCapacity) return false;
            if (current.StartTime != null || current.EndTime != null) return false;
            return true;
        }

        /// <summary>The metric a policy tracks, as shown: the predefined type or Namespace/MetricName.</summary>
        internal static string? MetricOf(TargetTrackingScalingPolicyConfiguration? c)
            => c?.PredefinedMetricSpecification?.PredefinedMetricType
               ?? (c?.CustomizedMetricSpecification is CustomizedMetricSpecification m
                   ? (m.MetricName != null ? m.Namespace + "/" + m.MetricName : "metric math")
                   : null);

        internal static string Describe(string? type, TargetTrackingScalingPolicyConfiguration? c)
        {
            if (c is null) return type ?? "policy";
            var metric = MetricOf(c) switch
            {
                MetricTypeValues.ECSServiceAverageCPUUtilization => "CPU",
                MetricTypeValues.ECSServiceAverageMemoryUtilization => "memory",
                MetricTypeValues.ALBRequestCountPerTarget => "requests per target",
                var other => other ?? "metric",
            };
            var unit = metric == "CPU" || metric == "memory" ? "%" : "";
            return metric + " " + (c.TargetValue ?? 0).ToString("0.###", CultureInfo.InvariantCulture) + unit
                + " (out " + (c.ScaleOutCooldown ?? DefaultCooldown) + " s, in " + (c.ScaleInCooldown ?? DefaultCooldown) + " s"
                + ((c.DisableScaleIn ?? false) ? ", no scale-in" : "") + ")";
        }

        internal static string Describe(ScheduledAction a)
            => (a.Schedule ?? "") + (string.IsNullOrWhiteSpace(a.Timezone) ? "" : " " + a.Timezone)
               + " min " + (a.ScalableTargetAction?.MinCapacity?.ToString(CultureInfo.InvariantCulture) ?? "-")
               + " max " + (a.ScalableTargetAction?.MaxCapacity?.ToString(CultureInfo.InvariantCulture) ?? "-");
    }
}
