using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Cw = EcsAdmin.Engine.Aws.Generated.CloudWatch;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Service metrics (GetMetricData) and service alarms (PutMetricAlarm / DescribeAlarms / DeleteAlarms).</summary>
    internal sealed partial class ObservabilityOperations
    {
        /// <summary>GetMetricData returns at most 100,800 data points per call; one call holds every statistic.</summary>
        public async Task GetMetricAsync(EcsSession session, ServiceMetricOptions options, OperationContext context)
        {
            Validate(options);
            var metrics = options.MetricNames.Select(m => MetricNames.Resolve(m, options.Namespace)).Distinct().ToList();
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var stats = options.Statistics.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            // One query per metric and statistic, all in one GetMetricData call (500 queries at most).
            var queries = metrics.SelectMany((m, mi) => stats.Select((s, si) => (Id: "m" + mi + "s" + si, Metric: m, Stat: s))).ToList();
            var request = new Cw.GetMetricDataInput
            {
                StartTime = options.StartTime,
                EndTime = options.EndTime,
                ScanBy = "TimestampAscending",
                MetricDataQueries = queries.Select(q => new Cw.MetricDataQuery
                {
                    Id = q.Id,
                    ReturnData = true,
                    MetricStat = new Cw.MetricStat
                    {
                        Metric = ServiceMetric(q.Metric.Namespace, q.Metric.Name, options.Cluster, options.Service),
                        Period = options.PeriodSec,
                        Stat = q.Stat,
                    },
                }).ToList(),
            };
            // Statistics become columns: one point per metric and timestamp.
            var points = new Dictionary<(int Metric, DateTime At), EcsMetricPoint>();
            await Paging.EachPageAsync(token => { request.NextToken = token; return api.CallAsync(Cw.CloudWatchApi.GetMetricData, request, ct); }, reply => reply.NextToken, reply =>
            {
                foreach (var r in reply.MetricDataResults ?? new List<Cw.MetricDataResult>())
                {
                    var q = queries.FirstOrDefault(x => x.Id == r.Id);
                    if (q.Id is null || r.Timestamps is null || r.Values is null) continue;
                    int mi = metrics.IndexOf(q.Metric);
                    for (int i = 0; i < Math.Min(r.Timestamps.Count, r.Values.Count); i++)
                    {
                        var at = DateTime.SpecifyKind(r.Timestamps[i], DateTimeKind.Utc);
                        if (!points.TryGetValue((mi, at), out var p))
                            points[(mi, at)] = p = new EcsMetricPoint
                            {
                                Region = api.Region, Cluster = options.Cluster, Service = options.Service, Namespace = q.Metric.Namespace,
                                MetricName = q.Metric.Name, Timestamp = at, Unit = UnitOf(q.Metric.Namespace, q.Metric.Name),
                            };
                        p.Statistics[q.Stat] = r.Values[i];
                    }
                }
            }, ct).ConfigureAwait(false);
            foreach (var p in points.OrderBy(kv => kv.Key.At).ThenBy(kv => kv.Key.Metric).Select(kv => kv.Value))
            {
                var ordered = new EcsStatisticValues();
                foreach (var s in stats.Where(p.Statistics.ContainsKey)) ordered[s] = p.Statistics[s];
                p.Statistics = ordered;
                var first = ordered.First();
                p.Statistic = first.Key;
                p.Value = first.Value;
                p.Average = Stat(ordered, "Average");
                p.Maximum = Stat(ordered, "Maximum");
                p.Minimum = Stat(ordered, "Minimum");
                p.Sum = Stat(ordered, "Sum");
                p.SampleCount = Stat(ordered, "SampleCount");
                context.Output(p);
            }
        }

        private static double? Stat(EcsStatisticValues values, string name) => values.TryGetValue(name, out var v) ? v : (double?)null;

        internal static string UnitOf(string ns, string metric)
        {
            if (metric.EndsWith("Utilization", StringComparison.Ordinal)) return "Percent";
            if (ns == "ECS/ContainerInsights")
            {
                if (metric.StartsWith("Cpu", StringComparison.Ordinal)) return "None";
                if (metric.StartsWith("Memory", StringComparison.Ordinal)) return "Megabytes";
                if (metric.IndexOf("Bytes", StringComparison.Ordinal) >= 0) return "Bytes/Second";
                if (metric.EndsWith("Count", StringComparison.Ordinal)) return "Count";
            }
            return "";
        }

        private static void Validate(ServiceMetricOptions o)
        {
            if (string.IsNullOrWhiteSpace(o.Cluster) || string.IsNullOrWhiteSpace(o.Service))
                throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A cluster and a service are needed to read a service metric.", o.Service, "Give -Cluster and -Service.");
            if (o.PeriodSec < 1 || (o.PeriodSec >= 60 && o.PeriodSec % 60 != 0) || (o.PeriodSec < 60 && 60 % o.PeriodSec != 0))
                throw new EcsAdminException("InvalidPeriod", EcsErrorKind.InvalidArgument, "-PeriodSec " + o.PeriodSec + " is not a CloudWatch period.", o.PeriodSec,
                    "Use 1, 5, 10, 30 or a multiple of 60 seconds.");
            if (o.EndTime <= o.StartTime)
                throw new EcsAdminException("InvalidTimeRange", EcsErrorKind.InvalidArgument, "The end of the time range (" + o.EndTime.ToString("u") + ") is not after its start (" + o.StartTime.ToString("u") + ").", o.EndTime,
                    "Give -Since before -Until, or use -Window.");
            if (o.Statistics.Length == 0)
                throw new EcsAdminException("InvalidStatistic", EcsErrorKind.InvalidArgument, "At least one statistic is needed.", null, "Give -Statistic Average, Maximum, Minimum, Sum, SampleCount or p99.");
        }

        public async Task NewAlarmAsync(EcsSession session, NewServiceAlarmOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var name = options.EffectiveName;
            var input = new Cw.PutMetricAlarmInput
            {
                AlarmName = name,
                AlarmDescription = options.Description ?? (options.MetricName + " of ECS service " + options.Cluster + "/" + options.Service + " above " + options.Threshold + "% (EcsAdmin)"),
                Namespace = "AWS/ECS",
                MetricName = options.MetricName,
                Dimensions = ServiceMetric("AWS/ECS", options.MetricName, options.Cluster, options.Service).Dimensions,
                Statistic = options.Statistic,
                Period = options.PeriodSec,
                EvaluationPeriods = options.EvaluationPeriods,
                Threshold = options.Threshold,
                ComparisonOperator = "GreaterThanThreshold",
                TreatMissingData = "missing",
                ActionsEnabled = options.AlarmActions != null && options.AlarmActions.Length > 0 ? true : (bool?)null,
                AlarmActions = options.AlarmActions?.ToList(),
            };
            await api.CallAsync(Cw.CloudWatchApi.PutMetricAlarm, input, ct).ConfigureAwait(false);
            var reply = await api.CallAsync(Cw.CloudWatchApi.DescribeAlarms, new Cw.DescribeAlarmsInput { AlarmNames = new List<string> { name } }, ct).ConfigureAwait(false);
            var created = reply.MetricAlarms?.FirstOrDefault(a => a.AlarmName == name);
            context.Output(created != null ? ToAlarm(created, api.Region)! : new EcsServiceAlarm
            {
                Region = api.Region,
                Cluster = options.Cluster,
                Service = options.Service,
                AlarmName = name,
                Namespace = "AWS/ECS",
                MetricName = options.MetricName,
                Statistic = options.Statistic,
                ComparisonOperator = input.ComparisonOperator,
                Threshold = options.Threshold,
                PeriodSec = options.PeriodSec,
                EvaluationPeriods = options.EvaluationPeriods,
                StateValue = "INSUFFICIENT_DATA",
                AlarmActions = options.AlarmActions ?? Array.Empty<string>(),
            });
        }

        public async Task GetAlarmAsync(EcsSession session, GetServiceAlarmOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var name = string.IsNullOrWhiteSpace(options.Name) ? null : options.Name!.Trim();
            var request = new Cw.DescribeAlarmsInput { MaxRecords = AlarmsPerPage };
            if (name != null && !Glob.HasWildcard(name)) request.AlarmNames = new List<string> { name };
            else if (name != null)
            {
                var prefix = name.Substring(0, name.IndexOfAny(new[] { '*', '?', '[' }));
                if (prefix.Length > 0) request.AlarmNamePrefix = prefix;
            }
            int found = 0;
            await Paging.EachPageAsync(token => { request.NextToken = token; return api.CallAsync(Cw.CloudWatchApi.DescribeAlarms, request, ct); }, reply => reply.NextToken, reply =>
            {
                foreach (var a in reply.MetricAlarms ?? new List<Cw.MetricAlarm>())
                {
                    var alarm = ToAlarm(a, api.Region);
                    if (alarm is null) continue;
                    if (name != null && !Glob.IsMatch(alarm.AlarmName, name)) continue;
                    if (!string.IsNullOrWhiteSpace(options.Cluster) && !Glob.IsMatch(alarm.Cluster, Mapping.NameFromArn(options.Cluster!.Trim()))) continue;
                    if (!string.IsNullOrWhiteSpace(options.Service) && !Glob.IsMatch(alarm.Service, Mapping.NameFromArn(options.Service!.Trim()))) continue;
                    found++;
                    context.Output(alarm);
                }
            }, ct).ConfigureAwait(false);
            if (found == 0 && name != null && !Glob.HasWildcard(name))
                context.Error(AlarmNotFound(name, api.Region));
        }

        public async Task RemoveAlarmAsync(EcsSession session, string[] alarmNames, bool force, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var names = alarmNames.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).Distinct(StringComparer.Ordinal).ToList();
            // DescribeAlarms and DeleteAlarms both take at most 100 names.
            for (int i = 0; i < names.Count; i += AlarmsPerPage)
            {
                var batch = names.Skip(i).Take(AlarmsPerPage).ToList();
                var reply = await api.CallAsync(Cw.CloudWatchApi.DescribeAlarms, new Cw.DescribeAlarmsInput { AlarmNames = batch, MaxRecords = AlarmsPerPage }, ct).ConfigureAwait(false);
                var existing = (reply.MetricAlarms ?? new List<Cw.MetricAlarm>()).Where(a => a.AlarmName != null).ToDictionary(a => a.AlarmName!, StringComparer.Ordinal);
                var delete = batch.Where(existing.ContainsKey).ToList();
                foreach (var missing in batch.Where(n => !existing.ContainsKey(n)))
                    context.Error(AlarmNotFound(missing, api.Region));
                if (!force)
                {
                    foreach (var managed in delete.Where(n => ManagedAlarmRules.ManagedBy(n, existing[n].AlarmActions) != null).ToList())
                    {
                        delete.Remove(managed);
                        context.Error(new EcsAdminException("AlarmManagedByAutoScaling", EcsErrorKind.InvalidOperation,
                            "Alarm '" + managed + "' belongs to Application Auto Scaling (a scaling policy acts on it); deleting it would break the service's scaling, so it was kept.",
                            managed, "Remove the scaling policy with Remove-EcsScaling (which deletes its alarms), or give -Force to delete the alarm anyway."));
                    }
                }
                if (delete.Count == 0) continue;
                await api.CallAsync(Cw.CloudWatchApi.DeleteAlarms, new Cw.DeleteAlarmsInput { AlarmNames = delete }, ct).ConfigureAwait(false);
                foreach (var n in delete)
                {
                    var a = existing[n];
                    context.Output(ToAlarm(a, api.Region) ?? new EcsServiceAlarm { Region = api.Region, AlarmName = n, Namespace = a.Namespace ?? "", MetricName = a.MetricName ?? "", StateValue = a.StateValue ?? "" });
                }
            }
        }

        /// <summary>The alarm as an EcsServiceAlarm, or null when it does not watch an ECS service (no ClusterName dimension).</summary>
        internal static EcsServiceAlarm? ToAlarm(Cw.MetricAlarm a, string region)
        {
            var (cluster, service, metric, ns) = ServiceDimensions(a);
            if (cluster is null) return null;
            return new EcsServiceAlarm
            {
                Region = region,
                Cluster = cluster,
                Service = service ?? "",
                AlarmName = a.AlarmName ?? "",
                AlarmArn = a.AlarmArn,
                Namespace = ns ?? "",
                MetricName = metric ?? "",
                Statistic = a.Statistic ?? a.ExtendedStatistic,
                ComparisonOperator = a.ComparisonOperator,
                Threshold = a.Threshold,
                PeriodSec = a.Period,
                EvaluationPeriods = a.EvaluationPeriods,
                StateValue = a.StateValue ?? "",
                StateReason = a.StateReason,
                StateUpdatedTimestamp = a.StateUpdatedTimestamp,
                AlarmActions = a.AlarmActions?.ToArray() ?? Array.Empty<string>(),
                ManagedBy = ManagedAlarmRules.ManagedBy(a.AlarmName, a.AlarmActions),
            };
        }

        internal static EcsAdminException AlarmNotFound(string name, string region)
            => new EcsAdminException("AlarmNotFound", EcsErrorKind.ObjectNotFound, "Alarm '" + name + "' was not found in " + region + ".", name,
                "List the service alarms with Get-EcsServiceAlarm -Region " + region + ".");
    }
}
