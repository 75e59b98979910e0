using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using Cw = EcsAdmin.Engine.Aws.Generated.CloudWatch;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Logs = EcsAdmin.Engine.Aws.Generated.Logs;
using Elb = EcsAdmin.Engine.Aws.Generated.Elbv2;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// Get-EcsServiceHealth, service metrics and alarms, container logs. Health gathers everything for all the
    /// services of one session with the fewest requests the APIs allow (see <see cref="HealthRequestPlan"/>).
    /// </summary>
    internal sealed partial class ObservabilityOperations : IObservabilityOperations
    {
        /// <summary>DescribeServices takes at most 10 services per call.</summary>
        public const int DescribeServicesBatch = Batches.DescribeServices;
        /// <summary>DescribeTasks takes at most 100 tasks per call; ListTasks returns at most 100 per page.</summary>
        public const int DescribeTasksBatch = Batches.DescribeTasks;
        /// <summary>GetMetricData takes at most 500 queries per call.</summary>
        public const int MetricQueriesPerCall = Batches.MetricDataQueries;
        /// <summary>CPU average/maximum and memory average/maximum.</summary>
        public const int MetricQueriesPerService = 4;
        /// <summary>DescribeAlarms returns at most 100 alarms per page.</summary>
        public const int AlarmsPerPage = 100;
        /// <summary>How many stopped tasks one health entry keeps.</summary>
        public const int StoppedTasksKept = 10;

        private readonly AwsApiFactory _api;
        public ObservabilityOperations(AwsApiFactory api) => _api = api;

        // ================================================================= health

        private sealed class ServiceEntry
        {
            public string Cluster = "";
            public Ecs.Service Service = new Ecs.Service();
            public List<string> StoppedTaskArns = new List<string>();
            public List<Ecs.Task> StoppedTasks = new List<Ecs.Task>();
            public double? CpuAvg, CpuMax, MemAvg, MemMax;
            public List<EcsAlarmState> Alarms = new List<EcsAlarmState>();
            public string Name => Service.ServiceName ?? Mapping.NameFromArn(Service.ServiceArn);
        }

        public async Task GetHealthAsync(EcsSession session, ServiceHealthOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var now = options.Now ?? DateTime.UtcNow;
            var window = options.Window <= TimeSpan.Zero ? TimeSpan.FromMinutes(15) : options.Window;
            var targets = options.Targets.Count == 0 ? new List<HealthTarget> { new HealthTarget() } : options.Targets;

            // 1. Clusters: exact names as given; ListClusters (paged) once when any target is all/wildcard.
            var (wants, order) = await ServiceTargets.ResolveAsync(api, targets, ct).ConfigureAwait(false);

            // 2 + 3. Services, every cluster concurrently: ListServices (paged) when all/wildcard, then
            // DescribeServices 10 per call, all batches of all clusters within one bound.
            var entries = new List<ServiceEntry>();
            using var gate = new SemaphoreSlim(Batches.DefaultConcurrency);
            await Batches.InOrderAsync(order, async cluster =>
            {
                var w = wants[cluster];
                var found = new List<ServiceEntry>();
                var errors = new List<EcsAdminException>();
                var names = new List<string>(w.Exact);
                try
                {
                    if (w.AllServices || w.Wild.Count > 0)
                    {
                        var arns = await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListServices, new Ecs.ListServicesRequest { Cluster = cluster, NextToken = token, MaxResults = 100 }, ct),
                            r => r.ServiceArns, r => r.NextToken, ct).ConfigureAwait(false);
                        foreach (var arn in arns)
                        {
                            var name = Mapping.NameFromArn(arn);
                            if ((w.AllServices || w.Wild.Any(r => r.IsMatch(name))) && !names.Contains(name)) names.Add(name);
                        }
                    }
                    await Batches.DescribeAsync(names, DescribeServicesBatch,
                        batch => api.CallAsync(Ecs.EcsApi.DescribeServices, new Ecs.DescribeServicesRequest { Cluster = cluster, Services = batch }, ct),
                        (batch, reply) =>
                        {
                            var described = reply.Services ?? new List<Ecs.Service>();
                            foreach (var name in batch)
                            {
                                var s = described.FirstOrDefault(x => x.ServiceName == name || x.ServiceArn == name);
                                if (s != null) found.Add(new ServiceEntry { Cluster = cluster, Service = s });
                                else if (w.Exact.Contains(name)) errors.Add(ServiceNotFound(cluster, name, api.Region));
                            }
                        }, ct, gate: gate).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (ex.AwsErrorCode == "ClusterNotFoundException")
                {
                    found.Clear();
                    errors.Clear();
                    errors.Add(ClusterOperations.NotFound(cluster, api.Region, null));
                }
                return (found, errors);
            }, (_, r) =>
            {
                entries.AddRange(r.found);
                foreach (var e in r.errors) context.Error(e);
            }, ct, options.ClusterConcurrency > 0 ? options.ClusterConcurrency : ClusterConcurrency).ConfigureAwait(false);
            if (entries.Count == 0) return;

            // 4-7 need only the services: stopped tasks, metrics, alarms and target health go out together.
            var alarmsTask = ReadAlarms(api, entries, context);
            var stoppedTask = ReadStoppedTasks(api, entries, now - window, context, gate);
            var metricsTask = FetchUtilization(api, entries, now, window, ct, gate);
            var targetsTask = ReadTargetHealth(api, entries, ct, gate);
            await Task.WhenAll(alarmsTask, stoppedTask, metricsTask, targetsTask).ConfigureAwait(false);

            // 8. Verdicts.
            foreach (var e in entries)
                context.Output(BuildHealth(e, api.Region, now, window, options.EventCount, targetsTask.Result));
        }

        /// <summary>How many clusters one health check reads at the same time (their requests share one bound).</summary>
        internal const int ClusterConcurrency = 8;

        /// <summary>
        /// Up to this many services of a cluster that need stopped tasks are listed one by one (ListTasks
        /// serviceName=..., one round trip for all); above it the cluster's stopped tasks are listed once, cluster-wide.
        /// </summary>
        public const int StoppedTasksPerServiceLimit = 3;

        /// <summary>The cluster-wide listing of stopped tasks reads at most this many pages (of 100).</summary>
        public const int StoppedTaskPagesRead = 3;

        /// <summary>
        /// True when a service's stopped tasks can change its verdict or explain it: it is ACTIVE and runs fewer
        /// tasks than desired, has tasks pending, is deploying or failed a deployment, counts failed tasks, or logged
        /// a task start, stop or failure within the window. A service at its steady state is not asked about.
        /// </summary>
        internal static bool NeedsStoppedTasks(Ecs.Service s, DateTime since)
        {
            if (s.Status != "ACTIVE") return false;
            if ((s.RunningCount ?? 0) < (s.DesiredCount ?? 0) || (s.PendingCount ?? 0) > 0) return true;
            var deployments = s.Deployments ?? new List<Ecs.Deployment>();
            if (deployments.Count > 1) return true;
            if (deployments.Any(d => (d.FailedTasks ?? 0) > 0 || d.RolloutState == "FAILED" || d.RolloutState == "IN_PROGRESS")) return true;
            return (s.Events ?? new List<Ecs.ServiceEvent>()).Any(e => (e.CreatedAt is null || e.CreatedAt >= since) && e.Message != null
                && TaskEventWords.Any(w => e.Message.IndexOf(w, StringComparison.OrdinalIgnoreCase) >= 0));
        }

        private static readonly string[] TaskEventWords = { "has started", "has stopped", "unable", "fail", "unhealthy" };

        private static async Task ReadStoppedTasks(IAwsApi api, List<ServiceEntry> entries, DateTime since, OperationContext context, SemaphoreSlim gate)
        {
            var ct = context.CancellationToken;
            var clusters = entries.Where(e => NeedsStoppedTasks(e.Service, since)).GroupBy(e => e.Cluster).ToList();
            await Task.WhenAll(clusters.Select(async group =>
            {
                var needy = group.ToList();
                var byName = needy.ToDictionary(e => e.Name, StringComparer.Ordinal);
                var owners = new Dictionary<string, ServiceEntry?>(StringComparer.Ordinal); // task ARN -> its service (null: attribute by group)
                try
                {
                    if (needy.Count <= StoppedTasksPerServiceLimit)
                    {
                        await Task.WhenAll(needy.Select(async e =>
                        {
                            var page = await api.CallAsync(Ecs.EcsApi.ListTasks, new Ecs.ListTasksRequest
                            {
                                Cluster = e.Cluster, ServiceName = e.Name, DesiredStatus = "STOPPED", MaxResults = DescribeTasksBatch,
                            }, ct).ConfigureAwait(false);
                            lock (owners) foreach (var arn in page.TaskArns ?? new List<string>()) owners[arn] = e;
                        })).ConfigureAwait(false);
                    }
                    else
                    {
                        int pages = 0;
                        await Paging.EachPageAsync(token => api.CallAsync(Ecs.EcsApi.ListTasks, new Ecs.ListTasksRequest
                            {
                                Cluster = group.Key, DesiredStatus = "STOPPED", MaxResults = DescribeTasksBatch, NextToken = token,
                            }, ct),
                            page => page.NextToken,
                            page =>
                            {
                                foreach (var arn in page.TaskArns ?? new List<string>()) owners[arn] = null;
                                if (++pages < StoppedTaskPagesRead || string.IsNullOrEmpty(page.NextToken)) return Task.FromResult(true);
                                context.Verbose("Stopped tasks of cluster " + group.Key + ": the newest " + owners.Count + " were read (more are listed).");
                                return Task.FromResult(false);
                            }, ct).ConfigureAwait(false);
                    }
                    await Batches.DescribeAsync(owners.Keys.ToList(), DescribeTasksBatch,
                        batch => api.CallAsync(Ecs.EcsApi.DescribeTasks, new Ecs.DescribeTasksRequest { Cluster = group.Key, Tasks = batch }, ct),
                        (_, reply) =>
                        {
                            foreach (var t in reply.Tasks ?? new List<Ecs.Task>())
                            {
                                if (t.TaskArn is null || !owners.TryGetValue(t.TaskArn, out var owner)) continue;
                                // A service's tasks carry the group "service:<name>".
                                if (owner is null && t.Group != null && t.Group.StartsWith("service:", StringComparison.Ordinal))
                                    byName.TryGetValue(t.Group.Substring("service:".Length), out owner);
                                owner?.StoppedTasks.Add(t);
                            }
                        }, ct, gate: gate).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (ex.Kind != EcsErrorKind.AuthenticationError)
                {
                    context.Warning("Stopped tasks of cluster " + group.Key + " could not be read: " + ex.Message);
                }
            })).ConfigureAwait(false);
        }

        private static async Task ReadAlarms(IAwsApi api, List<ServiceEntry> entries, OperationContext context)
        {
            // DescribeAlarms (paged), matched to services by their ClusterName/ServiceName dimensions.
            try
            {
                var ct = context.CancellationToken;
                var alarms = await Paging.AllAsync(token => api.CallAsync(Cw.CloudWatchApi.DescribeAlarms, new Cw.DescribeAlarmsInput { MaxRecords = AlarmsPerPage, NextToken = token }, ct),
                    r => r.MetricAlarms, r => r.NextToken, ct).ConfigureAwait(false);
                var index = new Dictionary<string, ServiceEntry>(StringComparer.Ordinal);
                foreach (var e in entries) index[e.Cluster + "\n" + e.Name] = e;
                foreach (var a in alarms)
                {
                    var (cluster, service, metric, ns) = ServiceDimensions(a);
                    if (cluster != null && service != null && index.TryGetValue(cluster + "\n" + service, out var e))
                        e.Alarms.Add(new EcsAlarmState { AlarmName = a.AlarmName ?? "", StateValue = a.StateValue ?? "", MetricName = metric, Namespace = ns, StateReason = a.StateReason });
                }
            }
            catch (EcsAdminException ex) when (ex.Kind != EcsErrorKind.AuthenticationError)
            {
                context.Warning("CloudWatch alarms could not be read in " + api.Region + ": " + ex.Message);
            }
        }

        private static async Task<IDictionary<string, EcsTargetHealth>> ReadTargetHealth(IAwsApi api, List<ServiceEntry> entries, CancellationToken ct, SemaphoreSlim gate)
        {
            // One DescribeTargetHealth (ELBv2, query protocol) per distinct target group.
            var groups = entries.SelectMany(e => e.Service.LoadBalancers ?? new List<Ecs.LoadBalancer>())
                .Select(lb => lb.TargetGroupArn).Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).Distinct(StringComparer.Ordinal).ToList();
            var health = new Dictionary<string, EcsTargetHealth>(StringComparer.Ordinal);
            await Batches.InOrderAsync(groups, arn => TargetGroupHealth(api, arn, ct), (arn, h) => health[arn] = h, ct, gate: gate).ConfigureAwait(false);
            return health;
        }

        private static async Task<EcsTargetHealth> TargetGroupHealth(IAwsApi api, string arn, CancellationToken ct)
        {
            try
            {
                var reply = await api.CallAsync(Elb.Elbv2Api.DescribeTargetHealth, new Elb.DescribeTargetHealthInput { TargetGroupArn = arn }, ct).ConfigureAwait(false);
                var list = (reply.TargetHealthDescriptions ?? new List<Elb.TargetHealthDescription>())
                    .Select(t => (Id: t.Target?.Id ?? "", Port: t.Target?.Port, State: t.TargetHealth?.State ?? "", Reason: t.TargetHealth?.Reason)).ToList();
                var bad = list.Where(t => t.State != "healthy").Select(t => t.Id + (t.Port.HasValue ? ":" + t.Port : "") + " " + t.State + (string.IsNullOrEmpty(t.Reason) ? "" : " (" + t.Reason + ")")).ToList();
                return new EcsTargetHealth
                {
                    TargetGroupArn = arn,
                    State = "Checked",
                    HealthyTargets = list.Count(t => t.State == "healthy"),
                    UnhealthyTargets = list.Count(t => t.State.StartsWith("unhealthy", StringComparison.Ordinal)),
                    Reason = list.Count == 0 ? "No target is registered." : bad.Count == 0 ? null : string.Join("; ", bad.Take(5)),
                };
            }
            catch (EcsAdminException ex) when (ex.Kind != EcsErrorKind.AuthenticationError)
            {
                return new EcsTargetHealth
                {
                    TargetGroupArn = arn,
                    State = "NotChecked",
                    Reason = (AwsErrorMap.IsUnknownOperation(ex) ? "The endpoint does not support Elastic Load Balancing v2 DescribeTargetHealth" : "DescribeTargetHealth failed: " + ex.Message)
                             + ". Check it with 'aws elbv2 describe-target-health --target-group-arn " + arn + "'.",
                };
            }
        }

        private static EcsServiceHealth BuildHealth(ServiceEntry e, string region, DateTime now, TimeSpan window, int eventCount,
            IDictionary<string, EcsTargetHealth> targets)
        {
            var s = e.Service;
            var since = now - window;
            var h = new EcsServiceHealth
            {
                Region = region,
                Cluster = e.Cluster,
                Service = e.Name,
                ServiceStatus = s.Status ?? "",
                DesiredCount = s.DesiredCount ?? 0,
                RunningCount = s.RunningCount ?? 0,
                PendingCount = s.PendingCount ?? 0,
                TaskDefinition = s.TaskDefinition,
                Window = window,
                CheckedAt = now,
                Deployments = (s.Deployments ?? new List<Ecs.Deployment>()).Select(d => new EcsDeploymentState
                {
                    Id = d.Id ?? "",
                    Status = d.Status ?? "",
                    RolloutState = d.RolloutState,
                    RolloutStateReason = d.RolloutStateReason,
                    TaskDefinition = d.TaskDefinition,
                    DesiredCount = d.DesiredCount ?? 0,
                    RunningCount = d.RunningCount ?? 0,
                    PendingCount = d.PendingCount ?? 0,
                    FailedTasks = d.FailedTasks ?? 0,
                    CreatedAt = d.CreatedAt,
                    UpdatedAt = d.UpdatedAt,
                }).ToArray(),
                LatestEvents = (s.Events ?? new List<Ecs.ServiceEvent>()).OrderByDescending(v => v.CreatedAt).Take(Math.Max(0, eventCount))
                    .Select(v => new EcsServiceEventEntry { CreatedAt = v.CreatedAt, Message = v.Message ?? "" }).ToArray(),
                StoppedTasks = e.StoppedTasks.Where(t => t.StoppedAt is null || t.StoppedAt >= since)
                    .OrderByDescending(t => t.StoppedAt ?? DateTime.MinValue).Take(StoppedTasksKept).Select(StoppedTask).ToArray(),
                TargetHealth = (s.LoadBalancers ?? new List<Ecs.LoadBalancer>()).Where(lb => !string.IsNullOrEmpty(lb.TargetGroupArn)).Select(lb =>
                {
                    targets.TryGetValue(lb.TargetGroupArn!, out var checkedHealth);
                    return new EcsTargetHealth
                    {
                        TargetGroupArn = lb.TargetGroupArn!,
                        ContainerName = lb.ContainerName,
                        ContainerPort = lb.ContainerPort,
                        State = checkedHealth?.State ?? "NotChecked",
                        HealthyTargets = checkedHealth?.HealthyTargets ?? 0,
                        UnhealthyTargets = checkedHealth?.UnhealthyTargets ?? 0,
                        Reason = checkedHealth is null ? "Target health was not read." : checkedHealth.Reason,
                    };
                }).ToArray(),
                CpuAverage = e.CpuAvg,
                CpuMaximum = e.CpuMax,
                MemoryAverage = e.MemAvg,
                MemoryMaximum = e.MemMax,
                Alarms = e.Alarms.ToArray(),
            };
            var (status, reasons) = HealthVerdict.Evaluate(h);
            h.Status = status;
            h.Reasons = reasons;
            return h;
        }

        internal static EcsStoppedTask StoppedTask(Ecs.Task t)
        {
            var containers = t.Containers ?? new List<Ecs.Container>();
            return new EcsStoppedTask
            {
                TaskArn = t.TaskArn ?? "",
                TaskId = Mapping.NameFromArn(t.TaskArn),
                StopCode = t.StopCode,
                StoppedReason = t.StoppedReason,
                StoppedAt = t.StoppedAt,
                TaskDefinition = t.TaskDefinitionArn,
                ContainerExitCodes = containers.Where(c => c.ExitCode.HasValue).Select(c => c.Name + "=" + c.ExitCode).ToArray(),
                Failed = HealthVerdict.IsFailedStop(t.StopCode, containers.Select(c => c.ExitCode)),
            };
        }

        private static async Task FetchUtilization(IAwsApi api, List<ServiceEntry> entries, DateTime now, TimeSpan window, CancellationToken ct, SemaphoreSlim gate)
        {
            int period = Math.Max(60, (int)Math.Ceiling(window.TotalSeconds / 60.0) * 60);
            var queries = new List<(string Id, ServiceEntry Entry, int Kind)>();
            for (int i = 0; i < entries.Count; i++)
                for (int k = 0; k < MetricQueriesPerService; k++)
                    queries.Add(("s" + i + "_" + k, entries[i], k));
            var values = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            await Batches.DescribeAsync(queries, MetricQueriesPerCall, batch =>
                {
                    var request = new Cw.GetMetricDataInput
                    {
                        StartTime = now - window,
                        EndTime = now,
                        ScanBy = "TimestampDescending",
                        MetricDataQueries = batch.Select(q => new Cw.MetricDataQuery
                        {
                            Id = q.Id,
                            ReturnData = true,
                            MetricStat = new Cw.MetricStat
                            {
                                Metric = ServiceMetric("AWS/ECS", q.Kind < 2 ? "CPUUtilization" : "MemoryUtilization", q.Entry.Cluster, q.Entry.Name),
                                Period = period,
                                Stat = q.Kind % 2 == 0 ? "Average" : "Maximum",
                            },
                        }).ToList(),
                    };
                    return Paging.AllAsync(token => { request.NextToken = token; return api.CallAsync(Cw.CloudWatchApi.GetMetricData, request, ct); },
                        reply => reply.MetricDataResults, reply => reply.NextToken, ct);
                },
                (_, results) =>
                {
                    foreach (var r in results)
                    {
                        if (r.Id is null || r.Values is null) continue;
                        if (!values.TryGetValue(r.Id, out var list)) values[r.Id] = list = new List<double>();
                        list.AddRange(r.Values);
                    }
                }, ct, gate: gate).ConfigureAwait(false);
            foreach (var q in queries)
            {
                if (!values.TryGetValue(q.Id, out var list) || list.Count == 0) continue;
                switch (q.Kind)
                {
                    case 0: q.Entry.CpuAvg = Math.Round(list.Average(), 2); break;
                    case 1: q.Entry.CpuMax = Math.Round(list.Max(), 2); break;
                    case 2: q.Entry.MemAvg = Math.Round(list.Average(), 2); break;
                    case 3: q.Entry.MemMax = Math.Round(list.Max(), 2); break;
                }
            }
        }

        private static Cw.Metric ServiceMetric(string ns, string metricName, string cluster, string service)
            => new Cw.Metric
            {
                Namespace = ns,
                MetricName = metricName,
                Dimensions = new List<Cw.Dimension>
                {
                    new Cw.Dimension { Name = "ClusterName", Value = cluster },
                    new Cw.Dimension { Name = "ServiceName", Value = service },
                },
            };

        /// <summary>The cluster/service an alarm watches (its own dimensions, or those of a metric-math query).</summary>
        internal static (string? Cluster, string? Service, string? Metric, string? Namespace) ServiceDimensions(Cw.MetricAlarm a)
        {
            string? Dim(List<Cw.Dimension>? dims, string name) => dims?.FirstOrDefault(d => d.Name == name)?.Value;
            if (a.Dimensions != null && Dim(a.Dimensions, "ClusterName") != null)
                return (Dim(a.Dimensions, "ClusterName"), Dim(a.Dimensions, "ServiceName"), a.MetricName, a.Namespace);
            foreach (var m in a.Metrics ?? new List<Cw.MetricDataQuery>())
            {
                var metric = m.MetricStat?.Metric;
                if (metric != null && Dim(metric.Dimensions, "ClusterName") != null)
                    return (Dim(metric.Dimensions, "ClusterName"), Dim(metric.Dimensions, "ServiceName"), metric.MetricName, metric.Namespace);
            }
            return (null, null, a.MetricName, a.Namespace);
        }

        internal static EcsAdminException ServiceNotFound(string cluster, string service, string region)
            => new EcsAdminException("ServiceNotFound", EcsErrorKind.ObjectNotFound,
                "Service '" + service + "' was not found in cluster '" + cluster + "' (" + region + ").", service,
                "List the cluster's services (Get-EcsServiceHealth -Cluster " + cluster + "), or check -Cluster and -Region.");
    }

    /// <summary>
    /// The requests Get-EcsServiceHealth makes for one session, given what it finds:
    ///   ListClusters pages (0 when every cluster is named)
    /// + per cluster: ListServices pages (0 when every service is named) + ceil(S_c / 10) DescribeServices
    ///                + stopped tasks, only when N_c &gt; 0 services of the cluster need them (see NeedsStoppedTasks):
    ///                  N_c ListTasks (serviceName) when N_c &lt;= 3, else the cluster-wide ListTasks(STOPPED) pages (at most 3),
    ///                  then ceil(T_c / 100) DescribeTasks
    /// + ceil(4 S / 500) GetMetricData
    /// + max(1, ceil(A / 100)) DescribeAlarms          (all only when S &gt; 0)
    /// + G DescribeTargetHealth (ELBv2 takes one target group per call)
    /// where S_c is the cluster's services, T_c the stopped tasks listed in it, S the session's services, A the alarms
    /// and G the distinct target groups of the services. Round trips one after another: ListClusters pages, ListServices
    /// pages, one for DescribeServices (all batches at once), then the longest of: GetMetricData, DescribeAlarms pages,
    /// DescribeTargetHealth, stopped-task list pages + one DescribeTasks.
    /// </summary>
    internal static class HealthRequestPlan
    {
        internal sealed class ClusterCounts
        {
            public int ListServicesPages { get; set; }
            public int Services { get; set; }
            /// <summary>Services whose stopped tasks are read (ObservabilityOperations.NeedsStoppedTasks).</summary>
            public int ServicesNeedingStoppedTasks { get; set; }
            /// <summary>Pages of the cluster-wide stopped-task listing (used when more than 3 services need stopped tasks).</summary>
            public int StoppedTaskPages { get; set; } = 1;
            public int StoppedTasks { get; set; }
        }

        public static int Ceil(int n, int per) => n <= 0 ? 0 : (n + per - 1) / per;

        /// <summary>The ListTasks requests for one cluster.</summary>
        public static int StoppedTaskLists(ClusterCounts c)
            => c.ServicesNeedingStoppedTasks == 0 ? 0
                : c.ServicesNeedingStoppedTasks <= ObservabilityOperations.StoppedTasksPerServiceLimit ? c.ServicesNeedingStoppedTasks
                : Math.Min(Math.Max(1, c.StoppedTaskPages), ObservabilityOperations.StoppedTaskPagesRead);

        public static int Minimum(int listClusterPages, IEnumerable<ClusterCounts> clusters, int alarms, int targetGroups = 0)
        {
            int total = listClusterPages;
            int services = 0;
            foreach (var c in clusters)
            {
                total += c.ListServicesPages + Ceil(c.Services, ObservabilityOperations.DescribeServicesBatch)
                         + StoppedTaskLists(c) + Ceil(c.StoppedTasks, ObservabilityOperations.DescribeTasksBatch);
                services += c.Services;
            }
            if (services == 0) return total;
            return total + Ceil(services * ObservabilityOperations.MetricQueriesPerService, ObservabilityOperations.MetricQueriesPerCall)
                   + Math.Max(1, Ceil(alarms, ObservabilityOperations.AlarmsPerPage)) + targetGroups;
        }
    }
}
