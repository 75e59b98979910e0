using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// Checks of the scaling cmdlets, made before any request (by the cmdlets, so -WhatIf sees them, and again by
    /// the engine). Each failure is a typed EcsAdminException with a stable ErrorId and a recommended action.
    /// </summary>
    internal static class ScalingChecks
    {
        /// <summary>Policies and scheduled actions whose name starts with this are EcsAdmin's; no other is touched.</summary>
        public const string ManagedPrefix = "EcsAdmin-";
        /// <summary>The largest MaxCapacity accepted (ECS allows 5,000 tasks per service).</summary>
        public const int MaxCapacityLimit = 5000;
        public const string Namespace = "ecs";
        public const string Dimension = "ecs:service:DesiredCount";

        public static readonly string[] Statistics = { "Average", "Minimum", "Maximum", "SampleCount", "Sum" };

        private static readonly Regex ResourceLabelPattern = new Regex(@"^app/[^/\s]+/[0-9A-Za-z]+/targetgroup/[^/\s]+/[0-9A-Za-z]+$", RegexOptions.Compiled);
        private static readonly Regex RatePattern = new Regex(@"^rate\((\d+) ([a-z]+)\)$", RegexOptions.Compiled);
        private static readonly Regex AtPattern = new Regex(@"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$", RegexOptions.Compiled);
        private static readonly Regex CronPattern = new Regex(@"^cron\((.*)\)$", RegexOptions.Compiled);
        private static readonly Regex CronField = new Regex(@"^[0-9A-Za-z\*\?,/\-#]+$", RegexOptions.Compiled);
        private static readonly Regex ActionNamePattern = new Regex(@"^[^\s:/|\u0000-\u001f\u007f-\u009f]([^:/|\u0000-\u001f\u007f-\u009f]{0,254}[^\s:/|\u0000-\u001f\u007f-\u009f])?$", RegexOptions.Compiled);
        private static readonly Regex PolicyNamePart = new Regex(@"^[A-Za-z0-9_.\-]{1,200}$", RegexOptions.Compiled);

        /// <summary>service/&lt;cluster&gt;/&lt;service&gt; (names, not ARNs).</summary>
        public static string ResourceId(string cluster, string service) => "service/" + cluster + "/" + service;

        /// <summary>The name part of a cluster or service ARN; a name as is.</summary>
        public static string NameOf(string? value)
        {
            var v = (value ?? "").Trim();
            if (!v.StartsWith("arn:", StringComparison.Ordinal)) return v;
            var slash = v.LastIndexOf('/');
            return slash >= 0 ? v.Substring(slash + 1) : v;
        }

        public static bool IsManaged(string? name) => name != null && name.StartsWith(ManagedPrefix, StringComparison.Ordinal);

        /// <summary>The managed name of a scheduled action: EcsAdmin-&lt;name&gt; (the prefix is not doubled).</summary>
        public static string ManagedActionName(string name) => IsManaged(name) ? name : ManagedPrefix + name;

        public static void ServiceRef(string? cluster, string? service)
        {
            if (string.IsNullOrWhiteSpace(cluster))
                throw new EcsAdminException("InvalidClusterName", EcsErrorKind.InvalidArgument, "A cluster name cannot be empty or blank.", cluster,
                    "Give -Cluster, or pipe Get-EcsService output.");
            if (string.IsNullOrWhiteSpace(service))
                throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A service name cannot be empty or blank.", service,
                    "Give -Service, or pipe Get-EcsService output.");
        }

        public static void Capacity(int min, int max, object? target)
        {
            if (min < 0 || max < 0)
                throw new EcsAdminException("InvalidScalingCapacity", EcsErrorKind.InvalidArgument,
                    "MinCapacity and MaxCapacity cannot be negative (got " + min + " and " + max + ").", target, "Use -MinCapacity 0 or more.");
            if (min > max)
                throw new EcsAdminException("ScalingMinGreaterThanMax", EcsErrorKind.InvalidArgument,
                    "MinCapacity (" + min + ") is greater than MaxCapacity (" + max + ").", target,
                    "Give -MinCapacity less than or equal to -MaxCapacity, e.g. -MinCapacity 1 -MaxCapacity 10.");
            if (max > MaxCapacityLimit)
                throw new EcsAdminException("ScalingMaxCapacityTooLarge", EcsErrorKind.InvalidArgument,
                    "MaxCapacity " + max + " is above " + MaxCapacityLimit + ", the most tasks an ECS service can run.", target,
                    "Give -MaxCapacity " + MaxCapacityLimit + " or less; split the load over several services if you need more.");
        }

        public static void TargetPercent(double? value, string parameter)
        {
            if (value is null) return;
            if (double.IsNaN(value.Value) || value <= 0 || value > 100)
                throw new EcsAdminException("InvalidTargetPercent", EcsErrorKind.InvalidArgument,
                    "-" + parameter + " must be above 0 and at most 100 (a utilization percentage), not " + value.Value.ToString(CultureInfo.InvariantCulture) + ".", value,
                    "Give a percentage such as -" + parameter + " 70.");
        }

        public static void TargetValue(double value, string what)
        {
            if (double.IsNaN(value) || double.IsInfinity(value) || value <= 0)
                throw new EcsAdminException("InvalidTargetValue", EcsErrorKind.InvalidArgument,
                    "The target value of " + what + " must be a positive number, not " + value.ToString(CultureInfo.InvariantCulture) + ".", value,
                    "Give the value the metric should stay at, e.g. 1000 requests per target.");
        }

        public static void Cooldown(int? seconds, string parameter)
        {
            if (seconds is null) return;
            if (seconds < 0)
                throw new EcsAdminException("InvalidCooldown", EcsErrorKind.InvalidArgument,
                    "-" + parameter + " cannot be negative (got " + seconds + ").", seconds, "Give 0 or more seconds, e.g. -" + parameter + " 300.");
            if (seconds > 31536000)
                throw new EcsAdminException("InvalidCooldown", EcsErrorKind.InvalidArgument,
                    "-" + parameter + " cannot be longer than a year (31536000 seconds; got " + seconds + ").", seconds, "Give a cooldown in seconds, e.g. -" + parameter + " 300.");
        }

        public static void ResourceLabel(double? requestsPerTarget, string? label)
        {
            if (requestsPerTarget != null && string.IsNullOrWhiteSpace(label))
                throw new EcsAdminException("ResourceLabelRequired", EcsErrorKind.InvalidArgument,
                    "-TargetRequestsPerTarget needs -ResourceLabel, the load balancer and target group the requests are counted on.", null,
                    "Give -ResourceLabel 'app/<load-balancer>/<id>/targetgroup/<target-group>/<id>' (the tail of the two ARNs).");
            if (!string.IsNullOrWhiteSpace(label))
            {
                if (requestsPerTarget is null)
                    throw new EcsAdminException("ResourceLabelWithoutRequestTarget", EcsErrorKind.InvalidArgument,
                        "-ResourceLabel is only used with -TargetRequestsPerTarget.", label, "Add -TargetRequestsPerTarget, or leave -ResourceLabel out.");
                if (!ResourceLabelPattern.IsMatch(label!.Trim()))
                    throw new EcsAdminException("InvalidResourceLabel", EcsErrorKind.InvalidArgument,
                        "'" + label + "' is not a target group resource label.", label,
                        "Write it as app/<load-balancer>/<id>/targetgroup/<target-group>/<id>, e.g. app/web-alb/50dc6c495c0c9188/targetgroup/web-tg/943f017f100becff.");
            }
        }

        /// <summary>cron(6 fields), rate(N unit) or at(yyyy-mm-ddThh:mm:ss).</summary>
        public static void Schedule(string? schedule, string? actionName = null)
        {
            string where = actionName is null ? "" : " of scheduled action '" + actionName + "'";
            const string advice = "Write cron(0 8 ? * MON-FRI *) (minutes hours day-of-month month day-of-week year), rate(5 minutes), or at(2030-01-31T18:00:00).";
            var s = (schedule ?? "").Trim();
            Match m;
            if ((m = CronPattern.Match(s)).Success)
            {
                var fields = m.Groups[1].Value.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 6)
                    throw new EcsAdminException("InvalidScheduleExpression", EcsErrorKind.InvalidArgument,
                        "The cron expression '" + s + "'" + where + " has " + fields.Length + " fields; Application Auto Scaling needs 6 (minutes hours day-of-month month day-of-week year).", schedule, advice);
                var bad = fields.FirstOrDefault(f => !CronField.IsMatch(f));
                if (bad != null)
                    throw new EcsAdminException("InvalidScheduleExpression", EcsErrorKind.InvalidArgument,
                        "The cron field '" + bad + "' in '" + s + "'" + where + " holds characters cron does not allow.", schedule, advice);
                if ((fields[2] == "?") == (fields[4] == "?"))
                    throw new EcsAdminException("InvalidScheduleExpression", EcsErrorKind.InvalidArgument,
                        "In '" + s + "'" + where + " exactly one of day-of-month (field 3) and day-of-week (field 5) must be '?'.", schedule, advice);
                return;
            }
            if ((m = RatePattern.Match(s)).Success)
            {
                var unit = m.Groups[2].Value;
                if (!long.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
                    throw new EcsAdminException("InvalidScheduleExpression", EcsErrorKind.InvalidArgument,
                        "The rate in '" + s + "'" + where + " must be a whole number of 1 or more.", schedule, advice);
                var singular = new[] { "minute", "hour", "day" };
                var plural = new[] { "minutes", "hours", "days" };
                if (n == 1 ? !singular.Contains(unit) : !plural.Contains(unit))
                    throw new EcsAdminException("InvalidScheduleExpression", EcsErrorKind.InvalidArgument,
                        "The unit '" + unit + "' in '" + s + "'" + where + " must be " + (n == 1 ? "minute, hour or day (singular for 1)" : "minutes, hours or days") + ".", schedule, advice);
                return;
            }
            if ((m = AtPattern.Match(s)).Success)
            {
                if (!DateTime.TryParseExact(m.Groups[1].Value, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                    throw new EcsAdminException("InvalidScheduleExpression", EcsErrorKind.InvalidArgument,
                        "'" + m.Groups[1].Value + "' in '" + s + "'" + where + " is not a valid date and time.", schedule, advice);
                return;
            }
            throw new EcsAdminException("InvalidScheduleExpression", EcsErrorKind.InvalidArgument,
                "'" + s + "'" + where + " is not a schedule expression.", schedule, advice);
        }

        public static void ScheduledActions(ScheduledActionSpec[]? actions)
        {
            if (actions is null) return;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var a in actions)
            {
                var name = (a.Name ?? "").Trim();
                if (name.Length == 0 || !ActionNamePattern.IsMatch(ManagedActionName(name)))
                    throw new EcsAdminException("InvalidScheduledAction", EcsErrorKind.InvalidArgument,
                        "A scheduled action needs a Name of up to 246 characters without ':', '/', '|' or leading/trailing spaces (got '" + a.Name + "').", a,
                        "Write @{Name='business-hours'; Schedule='cron(0 8 ? * MON-FRI *)'; MinCapacity=4; MaxCapacity=20}.");
                if (!seen.Add(ManagedActionName(name)))
                    throw new EcsAdminException("DuplicateScheduledAction", EcsErrorKind.InvalidArgument,
                        "The scheduled action name '" + name + "' is given more than once.", a, "Give each -ScheduledAction a different Name.");
                Schedule(a.Schedule, name);
                if (a.MinCapacity is null && a.MaxCapacity is null)
                    throw new EcsAdminException("InvalidScheduledAction", EcsErrorKind.InvalidArgument,
                        "Scheduled action '" + name + "' sets neither MinCapacity nor MaxCapacity.", a, "Give MinCapacity, MaxCapacity or both.");
                if (a.MinCapacity < 0 || a.MaxCapacity < 0)
                    throw new EcsAdminException("InvalidScalingCapacity", EcsErrorKind.InvalidArgument,
                        "Scheduled action '" + name + "' has a negative capacity.", a, "Use capacities of 0 or more.");
                if (a.MinCapacity != null && a.MaxCapacity != null && a.MinCapacity > a.MaxCapacity)
                    throw new EcsAdminException("ScalingMinGreaterThanMax", EcsErrorKind.InvalidArgument,
                        "Scheduled action '" + name + "' has MinCapacity (" + a.MinCapacity + ") greater than MaxCapacity (" + a.MaxCapacity + ").", a,
                        "Give MinCapacity less than or equal to MaxCapacity.");
                if (a.MaxCapacity > MaxCapacityLimit || a.MinCapacity > MaxCapacityLimit)
                    throw new EcsAdminException("ScalingMaxCapacityTooLarge", EcsErrorKind.InvalidArgument,
                        "Scheduled action '" + name + "' asks for more than " + MaxCapacityLimit + " tasks, the most an ECS service can run.", a,
                        "Give capacities of " + MaxCapacityLimit + " or less.");
                if (a.Timezone != null && string.IsNullOrWhiteSpace(a.Timezone))
                    throw new EcsAdminException("InvalidScheduledAction", EcsErrorKind.InvalidArgument,
                        "Scheduled action '" + name + "' has a blank Timezone.", a, "Give an IANA time zone such as 'Europe/Berlin', or leave Timezone out for UTC.");
            }
        }

        public static void CustomMetrics(ScalingCustomMetricSpec[]? metrics)
        {
            if (metrics is null) return;
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var m in metrics)
            {
                if (string.IsNullOrWhiteSpace(m.Namespace) || string.IsNullOrWhiteSpace(m.MetricName))
                    throw new EcsAdminException("InvalidCustomMetric", EcsErrorKind.InvalidArgument,
                        "A -CustomMetric needs Namespace and MetricName.", m,
                        "Write @{Namespace='MyApp'; MetricName='QueueDepth'; Dimensions=@{Queue='jobs'}; Statistic='Average'; TargetValue=100}.");
                if (!Statistics.Contains(m.Statistic ?? "", StringComparer.Ordinal))
                    throw new EcsAdminException("InvalidCustomMetric", EcsErrorKind.InvalidArgument,
                        "Statistic '" + m.Statistic + "' of custom metric " + m.Namespace + "/" + m.MetricName + " is not one of " + string.Join(", ", Statistics) + ".", m,
                        "Give Statistic='Average' (or leave it out).");
                TargetValue(m.TargetValue, "custom metric " + m.Namespace + "/" + m.MetricName);
                var suffix = CustomPolicySuffix(m);
                if (!PolicyNamePart.IsMatch(suffix))
                    throw new EcsAdminException("InvalidCustomMetric", EcsErrorKind.InvalidArgument,
                        "'" + suffix + "' cannot name a policy: use letters, digits, '.', '_' and '-' (Name, or the metric name when Name is left out).", m,
                        "Add Name='queue-depth' to the -CustomMetric hashtable.");
                if (!names.Add(suffix))
                    throw new EcsAdminException("DuplicateCustomMetric", EcsErrorKind.InvalidArgument,
                        "Two -CustomMetric entries would both be the policy EcsAdmin-Custom-" + suffix + ".", m, "Give each a different Name.");
                if (m.Dimensions.Any(d => string.IsNullOrWhiteSpace(d.Key) || d.Value is null))
                    throw new EcsAdminException("InvalidCustomMetric", EcsErrorKind.InvalidArgument,
                        "A dimension of custom metric " + m.Namespace + "/" + m.MetricName + " has an empty name or no value.", m, "Write Dimensions=@{Name='value'}.");
            }
        }

        public static string CustomPolicySuffix(ScalingCustomMetricSpec m) => (string.IsNullOrWhiteSpace(m.Name) ? m.MetricName : m.Name!).Trim();

        /// <summary>Every check of Set-EcsScaling.</summary>
        public static void Validate(SetScalingOptions o)
        {
            ServiceRef(o.Cluster, o.Service);
            Capacity(o.MinCapacity, o.MaxCapacity, o);
            TargetPercent(o.TargetCpuPercent, "TargetCpuPercent");
            TargetPercent(o.TargetMemoryPercent, "TargetMemoryPercent");
            if (o.TargetRequestsPerTarget != null) TargetValue(o.TargetRequestsPerTarget.Value, "-TargetRequestsPerTarget");
            ResourceLabel(o.TargetRequestsPerTarget, o.ResourceLabel);
            CustomMetrics(o.CustomMetrics);
            Cooldown(o.ScaleOutCooldownSec, "ScaleOutCooldownSec");
            Cooldown(o.ScaleInCooldownSec, "ScaleInCooldownSec");
            ScheduledActions(o.ScheduledActions);
        }
    }
}
