using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Contracts;

namespace EcsAdmin.Binding
{
    /// <summary>Turns the hashtables of Set-EcsScaling into option records (typed errors for unknown keys and bad values).</summary>
    internal static class ScalingBinding
    {
        private static readonly string[] MetricKeys = { "Name", "Namespace", "MetricName", "Dimensions", "Statistic", "Unit", "TargetValue" };
        private static readonly string[] ActionKeys = { "Name", "Schedule", "Timezone", "MinCapacity", "MaxCapacity" };

        private static IDictionary AsDictionary(object? raw, string errorId, string example)
        {
            var item = raw is PSObject pso ? pso.BaseObject : raw;
            if (item is IDictionary d) return d;
            if (raw is PSObject obj)
            {
                var h = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (var p in obj.Properties) h[p.Name] = p.Value;
                return h;
            }
            throw new EcsAdminException(errorId, EcsErrorKind.InvalidArgument,
                "Expected a hashtable, not " + (item?.GetType().Name ?? "null") + ".", item, "Write " + example + ".");
        }

        private static object? Get(IDictionary d, string key)
        {
            foreach (var k in d.Keys)
                if (string.Equals(k?.ToString(), key, StringComparison.OrdinalIgnoreCase))
                {
                    var v = d[k];
                    return v is PSObject p ? p.BaseObject : v;
                }
            return null;
        }

        private static void CheckKeys(IDictionary d, string[] allowed, string errorId, string what, string example)
        {
            foreach (var k in d.Keys)
            {
                var name = k?.ToString() ?? "";
                if (!allowed.Contains(name, StringComparer.OrdinalIgnoreCase))
                    throw new EcsAdminException(errorId, EcsErrorKind.InvalidArgument,
                        "'" + name + "' is not a key of " + what + "; the keys are " + string.Join(", ", allowed) + ".", d, "Write " + example + ".");
            }
        }

        private static double? ToDouble(object? v, string errorId, string key, string what)
        {
            if (v is null) return null;
            try { return Convert.ToDouble(v, CultureInfo.InvariantCulture); }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException)
            {
                throw new EcsAdminException(errorId, EcsErrorKind.InvalidArgument, key + " of " + what + " must be a number, not '" + v + "'.", v, "Give " + key + " as a number.");
            }
        }

        private static int? ToInt(object? v, string errorId, string key, string what)
        {
            if (v is null) return null;
            try
            {
                var d = Convert.ToDouble(v, CultureInfo.InvariantCulture);
                if (d != Math.Floor(d) || d > int.MaxValue || d < int.MinValue) throw new FormatException();
                return (int)d;
            }
            catch (Exception ex) when (ex is FormatException || ex is InvalidCastException || ex is OverflowException)
            {
                throw new EcsAdminException(errorId, EcsErrorKind.InvalidArgument, key + " of " + what + " must be a whole number, not '" + v + "'.", v, "Give " + key + " as a whole number of tasks.");
            }
        }

        public const string MetricExample = "@{Namespace='MyApp'; MetricName='QueueDepth'; Dimensions=@{Queue='jobs'}; Statistic='Average'; TargetValue=100}";
        public const string ActionExample = "@{Name='business-hours'; Schedule='cron(0 8 ? * MON-FRI *)'; Timezone='Europe/Berlin'; MinCapacity=4; MaxCapacity=20}";

        public static ScalingCustomMetricSpec[]? ToCustomMetrics(object[]? items)
        {
            if (items is null) return null;
            var list = new List<ScalingCustomMetricSpec>();
            foreach (var raw in items)
            {
                var d = AsDictionary(raw, "InvalidCustomMetric", MetricExample);
                CheckKeys(d, MetricKeys, "InvalidCustomMetric", "-CustomMetric", MetricExample);
                var spec = new ScalingCustomMetricSpec
                {
                    Name = Get(d, "Name")?.ToString(),
                    Namespace = Get(d, "Namespace")?.ToString() ?? "",
                    MetricName = Get(d, "MetricName")?.ToString() ?? "",
                    Statistic = Get(d, "Statistic")?.ToString() ?? "Average",
                    Unit = Get(d, "Unit")?.ToString(),
                };
                var target = ToDouble(Get(d, "TargetValue"), "InvalidCustomMetric", "TargetValue", "-CustomMetric");
                if (target is null)
                    throw new EcsAdminException("InvalidCustomMetric", EcsErrorKind.InvalidArgument,
                        "A -CustomMetric needs TargetValue, the value the metric should stay at.", d, "Write " + MetricExample + ".");
                spec.TargetValue = target.Value;
                var dims = Get(d, "Dimensions");
                if (dims != null)
                {
                    if (!(dims is IDictionary dd))
                        throw new EcsAdminException("InvalidCustomMetric", EcsErrorKind.InvalidArgument,
                            "Dimensions of a -CustomMetric must be a hashtable of name = value.", dims, "Write Dimensions=@{Queue='jobs'}.");
                    foreach (DictionaryEntry e in dd)
                        spec.Dimensions[e.Key?.ToString() ?? ""] = (e.Value is PSObject p ? p.BaseObject : e.Value)?.ToString()!;
                }
                list.Add(spec);
            }
            return list.ToArray();
        }

        public static ScheduledActionSpec[]? ToScheduledActions(object[]? items)
        {
            if (items is null) return null;
            var list = new List<ScheduledActionSpec>();
            foreach (var raw in items)
            {
                var d = AsDictionary(raw, "InvalidScheduledAction", ActionExample);
                CheckKeys(d, ActionKeys, "InvalidScheduledAction", "-ScheduledAction", ActionExample);
                list.Add(new ScheduledActionSpec
                {
                    Name = Get(d, "Name")?.ToString() ?? "",
                    Schedule = Get(d, "Schedule")?.ToString() ?? "",
                    Timezone = Get(d, "Timezone")?.ToString(),
                    MinCapacity = ToInt(Get(d, "MinCapacity"), "InvalidScheduledAction", "MinCapacity", "-ScheduledAction"),
                    MaxCapacity = ToInt(Get(d, "MaxCapacity"), "InvalidScheduledAction", "MaxCapacity", "-ScheduledAction"),
                });
            }
            return list.ToArray();
        }
    }
}
