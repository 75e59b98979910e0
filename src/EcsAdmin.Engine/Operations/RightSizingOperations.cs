using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
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
using EcsAdmin.Validation;
using As = EcsAdmin.Engine.Aws.Generated.AutoScaling;
using Cw = EcsAdmin.Engine.Aws.Generated.CloudWatch;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// Get-EcsRightSizing and the resize behind Update-EcsService -Cpu -Memory. For one session it reads, in this
    /// order: the clusters (ListClusters only when a cluster is left out or a wildcard), each cluster's services
    /// (clusters in parallel: ListServices when needed, DescribeServices 10 per call), DescribeClusters (100 per call)
    /// for default capacity provider strategies, each distinct task definition once, each cluster's stopped tasks
    /// (ListTasks STOPPED, DescribeTasks 100 per call) for SpotInterruption stop codes, the ECS scalable targets,
    /// and then the metrics of every service of every cluster at once, 500 series per GetMetricData call: per service
    /// AWS/ECS CPUUtilization and MemoryUtilization (per-period Maximum), and where the cluster has Container Insights
    /// also ECS/ContainerInsights CpuUtilized and MemoryUtilized (per-period Maximum over the tasks: the busiest task,
    /// in CPU units and MiB), which are used when they have data.
    /// </summary>
    internal sealed class RightSizingOperations : IRightSizingOperations
    {
        /// <summary>Series per service: CPU maximum and memory maximum (twice that in a Container Insights cluster).</summary>
        public const int SeriesPerService = 2;
        public const int MetricQueriesPerCall = ObservabilityOperations.MetricQueriesPerCall;
        public const int DescribeClustersBatch = 100;
        private const int ClusterParallelism = 4;
        private const int TaskDefinitionParallelism = 8;

        private readonly AwsApiFactory _api;
        public RightSizingOperations(AwsApiFactory api) => _api = api;

        private sealed class Entry
        {
            public string Cluster = "";
            public Ecs.Service Service = new Ecs.Service();
            public Ecs.TaskDefinition? TaskDefinition;
            public int Interruptions;
            public List<double> Cpu = new List<double>();
            public List<double> Memory = new List<double>();
            public bool Insights;
            public List<double> TaskCpu = new List<double>();
            public List<double> TaskMemory = new List<double>();
            public string Name => Service.ServiceName ?? Mapping.NameFromArn(Service.ServiceArn);
            public FargateSize? Size;
            public string? NotApplicable;
        }

        private sealed class ClusterWant
        {
            public bool AllServices;
            public List<string> Exact = new List<string>();
            public List<Regex> Wild = new List<Regex>();
        }

        // ================================================================= Get-EcsRightSizing

        public async Task GetAsync(EcsSession session, RightSizingOptions options, OperationContext context)
        {
            // Everything that needs no AWS first: a bad price table or option fails before any request.
            if (options.Days < 1 || options.Days > 455)
                throw new EcsAdminException("InvalidDays", EcsErrorKind.InvalidArgument, "-Days " + options.Days + " is outside 1 to 455 (CloudWatch keeps hourly data 455 days).",
                    options.Days, "Give -Days 1 to 455; 14 or more covers weekly peaks.");
            if (options.Headroom < 0 || options.Headroom > 4)
                throw new EcsAdminException("InvalidHeadroom", EcsErrorKind.InvalidArgument, "-Headroom " + options.Headroom * 100 + "% is outside 0 to 400%.",
                    options.Headroom, "Give -Headroom as a percentage, e.g. 20.");
            var prices = options.PriceTableJson is null ? PriceTable.Shipped() : PriceTable.Parse(options.PriceTableJson, options.PriceTableOrigin ?? "given");

            var api = _api(session, context);
            var ct = context.CancellationToken;
            var now = options.Now ?? DateTime.UtcNow;
            var window = TimeSpan.FromDays(options.Days);
            var regionPrice = prices.For(api.Region);
            if (regionPrice is null)
                context.Warning("The price table " + prices.Origin + " (" + prices.AsOf + ") has no prices for " + api.Region + ": costs are left empty. "
                                + "Give -PriceTable a table with this region.");

            var entries = await FindServices(api, options.Targets, context).ConfigureAwait(false);
            if (entries.Count == 0) return;
            Progress(context, "Reading task definitions", 20);
            await DescribeTaskDefinitions(api, entries, context).ConfigureAwait(false);
            var defaults = await DescribeClusters(api, entries, context).ConfigureAwait(false);
            Progress(context, "Reading stopped tasks", 40);
            await CountInterruptions(api, entries, context).ConfigureAwait(false);
            var scaled = await ScaledServices(api, context).ConfigureAwait(false);
            Progress(context, "Reading the metrics of " + entries.Count(e => e.Size != null) + " services", 60);
            int period = UtilizationStats.PeriodFor(window);
            await ReadMetrics(api, entries.Where(e => e.Size != null).ToList(), now, window, period, ct).ConfigureAwait(false);
            Progress(context, "Done", 100, completed: true);

            var results = entries.Select(e => Build(e, api.Region, options, prices, regionPrice, defaults, scaled, period, now)).ToList();
            if (!options.Summary)
            {
                foreach (var r in results) context.Output(r);
                return;
            }
            foreach (var s in Summarize(results, prices)) context.Output(s);
        }

        private static void Progress(OperationContext context, string status, int percent, bool completed = false)
            => context.Progress(new ProgressInfo { ActivityId = 1901, Activity = "Get-EcsRightSizing", Status = status, PercentComplete = percent, Completed = completed });

        /// <summary>Clusters and services, clusters in parallel; errors per cluster or service are non-terminating.</summary>
        private static async Task<List<Entry>> FindServices(IAwsApi api, List<HealthTarget> targetList, OperationContext context)
        {
            var ct = context.CancellationToken;
            var targets = targetList.Count == 0 ? new List<HealthTarget> { new HealthTarget() } : targetList;
            var wants = new Dictionary<string, ClusterWant>(StringComparer.Ordinal);
            var order = new List<string>();
            ClusterWant Want(string cluster)
            {
                if (!wants.TryGetValue(cluster, out var w)) { wants[cluster] = w = new ClusterWant(); order.Add(cluster); }
                return w;
            }
            void AddServices(ClusterWant w, string[]? services)
            {
                var list = services?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => Mapping.NameFromArn(s.Trim())).ToArray();
                if (list is null || list.Length == 0) { w.AllServices = true; return; }
                foreach (var s in list)
                {
                    if (Glob.HasWildcard(s)) w.Wild.Add(Glob.ToRegex(s));
                    else if (!w.Exact.Contains(s)) w.Exact.Add(s);
                }
            }
            var discovering = targets.Where(t => string.IsNullOrWhiteSpace(t.Cluster) || Glob.HasWildcard(t.Cluster!)).ToList();
            foreach (var t in targets.Except(discovering))
                AddServices(Want(Mapping.NameFromArn(t.Cluster!.Trim())), t.Services);
            if (discovering.Count > 0)
            {
                var all = await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListClusters, new Ecs.ListClustersRequest { NextToken = token, MaxResults = 100 }, ct),
                    r => r.ClusterArns, r => r.NextToken, ct).ConfigureAwait(false);
                foreach (var arn in all)
                {
                    var name = Mapping.NameFromArn(arn);
                    foreach (var t in discovering)
                        if (string.IsNullOrWhiteSpace(t.Cluster) || Glob.IsMatch(name, t.Cluster!.Trim()))
                            AddServices(Want(name), t.Services);
                }
            }

            var perCluster = new List<Entry>[order.Count];
            using (var gate = new SemaphoreSlim(ClusterParallelism))
            {
                await Task.WhenAll(order.Select(async (cluster, index) =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try { perCluster[index] = await ClusterServices(api, cluster, wants[cluster], context).ConfigureAwait(false); }
                    finally { gate.Release(); }
                })).ConfigureAwait(false);
            }
            return perCluster.SelectMany(l => l).ToList();
        }

        private static async Task<List<Entry>> ClusterServices(IAwsApi api, string cluster, ClusterWant w, OperationContext context)
        {
            var ct = context.CancellationToken;
            var entries = new List<Entry>();
            var names = new List<string>(w.Exact);
            if (w.AllServices || w.Wild.Count > 0)
            {
                List<string> arns;
                try
                {
                    arns = await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListServices, new Ecs.ListServicesRequest { Cluster = cluster, NextToken = token, MaxResults = 100 }, ct),
                        r => r.ServiceArns, r => r.NextToken, ct).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (ex.AwsErrorCode == "ClusterNotFoundException")
                {
                    context.Error(ClusterOperations.NotFound(cluster, api.Region, null));
                    return entries;
                }
                foreach (var arn in arns)
                {
                    var name = Mapping.NameFromArn(arn);
                    if ((w.AllServices || w.Wild.Any(r => r.IsMatch(name))) && !names.Contains(name)) names.Add(name);
                }
            }
            for (int i = 0; i < names.Count; i += ObservabilityOperations.DescribeServicesBatch)
            {
                var batch = names.Skip(i).Take(ObservabilityOperations.DescribeServicesBatch).ToList();
                Ecs.DescribeServicesResponse reply;
                try
                {
                    reply = await api.CallAsync(Ecs.EcsApi.DescribeServices, new Ecs.DescribeServicesRequest { Cluster = cluster, Services = batch }, ct).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (ex.AwsErrorCode == "ClusterNotFoundException")
                {
                    context.Error(ClusterOperations.NotFound(cluster, api.Region, null));
                    break;
                }
                var found = reply.Services ?? new List<Ecs.Service>();
                foreach (var name in batch)
                {
                    var s = found.FirstOrDefault(x => (x.ServiceName == name || x.ServiceArn == name) && x.Status != "INACTIVE");
                    if (s != null) entries.Add(new Entry { Cluster = cluster, Service = s });
                    else if (w.Exact.Contains(name)) context.Error(ObservabilityOperations.ServiceNotFound(cluster, name, api.Region));
                }
            }
            return entries;
        }

        /// <summary>Each distinct task definition once (there is no batch call); sets the size or why there is none.</summary>
        private static async Task DescribeTaskDefinitions(IAwsApi api, List<Entry> entries, OperationContext context)
        {
            var ct = context.CancellationToken;
            var distinct = entries.Select(e => e.Service.TaskDefinition).Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToList();
            var described = new ConcurrentDictionary<string, Ecs.TaskDefinition?>(StringComparer.Ordinal);
            using (var gate = new SemaphoreSlim(TaskDefinitionParallelism))
            {
                await Task.WhenAll(distinct.Select(async arn =>
                {
                    await gate.WaitAsync(ct).ConfigureAwait(false);
                    try
                    {
                        var reply = await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest { TaskDefinition = arn }, ct).ConfigureAwait(false);
                        described[arn!] = reply.TaskDefinition;
                    }
                    catch (EcsAdminException ex) when (ex.Kind != EcsErrorKind.AuthenticationError && ex.Kind != EcsErrorKind.PermissionDenied)
                    {
                        context.Warning("Task definition " + arn + " could not be read: " + ex.Message);
                        described[arn!] = null;
                    }
                    finally { gate.Release(); }
                })).ConfigureAwait(false);
            }
            foreach (var e in entries)
            {
                var td = e.Service.TaskDefinition is string a && described.TryGetValue(a, out var t) ? t : null;
                e.TaskDefinition = td;
                var mix = CostCalculator.Mix(e.Service.DesiredCount ?? 0, Mapping.FromWire(e.Service.CapacityProviderStrategy), e.Service.LaunchType);
                if (td is null) { e.NotApplicable = "Its task definition " + e.Service.TaskDefinition + " could not be read."; continue; }
                if (!mix.IsFargate) { e.NotApplicable = "It runs on " + mix.Description + ", not Fargate: Fargate sizes and prices do not apply."; continue; }
                int? cpu = FargateSizes.ParseCpu(td.Cpu), memory = FargateSizes.ParseMemory(td.Memory);
                if (cpu is null || memory is null || !FargateSizePicker.IsValid(cpu.Value, memory.Value))
                {
                    e.NotApplicable = "Task definition " + td.TaskDefinitionArn + " has no task-level Fargate size (cpu '" + td.Cpu + "', memory '" + td.Memory + "').";
                    continue;
                }
                e.Size = new FargateSize(cpu.Value, memory.Value);
            }
        }

        /// <summary>
        /// The clusters' default capacity provider strategies (for services that name neither a strategy nor a launch
        /// type) and Container Insights settings (marks the entries whose task-level metrics to read).
        /// </summary>
        private static async Task<Dictionary<string, EcsCapacityProviderStrategyItem[]>> DescribeClusters(IAwsApi api, List<Entry> entries, OperationContext context)
        {
            var result = new Dictionary<string, EcsCapacityProviderStrategyItem[]>(StringComparer.Ordinal);
            var clusters = entries.Select(e => e.Cluster).Distinct(StringComparer.Ordinal).ToList();
            var insights = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < clusters.Count; i += DescribeClustersBatch)
            {
                try
                {
                    var reply = await api.CallAsync(Ecs.EcsApi.DescribeClusters, new Ecs.DescribeClustersRequest
                    {
                        Clusters = clusters.Skip(i).Take(DescribeClustersBatch).ToList(), Include = new List<string> { "SETTINGS" },
                    }, context.CancellationToken).ConfigureAwait(false);
                    foreach (var c in reply.Clusters ?? new List<Ecs.Cluster>())
                    {
                        if (c.ClusterName is null) continue;
                        result[c.ClusterName] = Mapping.FromWire(c.DefaultCapacityProviderStrategy);
                        var ci = c.Settings?.FirstOrDefault(x => x.Name == "containerInsights")?.Value;
                        if (ci == "enabled" || ci == "enhanced") insights.Add(c.ClusterName);
                    }
                }
                catch (EcsAdminException ex) when (ex.Kind != EcsErrorKind.AuthenticationError)
                {
                    context.Warning("Cluster settings could not be read (default strategies and Container Insights unknown): " + ex.Message);
                }
            }
            foreach (var e in entries) e.Insights = insights.Contains(e.Cluster);
            return result;
        }

        /// <summary>
        /// SpotInterruption stops per service, from each cluster's stopped tasks (ECS lists stopped tasks for a
        /// while after they stop), grouped by the task's group "service:NAME".
        /// </summary>
        private static async Task CountInterruptions(IAwsApi api, List<Entry> entries, OperationContext context)
        {
            var ct = context.CancellationToken;
            foreach (var group in entries.GroupBy(e => e.Cluster))
            {
                try
                {
                    var arns = await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListTasks, new Ecs.ListTasksRequest
                    {
                        Cluster = group.Key, DesiredStatus = "STOPPED", MaxResults = ObservabilityOperations.DescribeTasksBatch, NextToken = token,
                    }, ct), r => r.TaskArns, r => r.NextToken, ct).ConfigureAwait(false);
                    var byName = group.ToDictionary(e => "service:" + e.Name, StringComparer.Ordinal);
                    for (int i = 0; i < arns.Count; i += ObservabilityOperations.DescribeTasksBatch)
                    {
                        var reply = await api.CallAsync(Ecs.EcsApi.DescribeTasks, new Ecs.DescribeTasksRequest { Cluster = group.Key, Tasks = arns.Skip(i).Take(ObservabilityOperations.DescribeTasksBatch).ToList() }, ct).ConfigureAwait(false);
                        foreach (var t in reply.Tasks ?? new List<Ecs.Task>())
                            if (t.StopCode == "SpotInterruption" && t.Group != null && byName.TryGetValue(t.Group, out var owner)) owner.Interruptions++;
                    }
                }
                catch (EcsAdminException ex) when (ex.Kind != EcsErrorKind.AuthenticationError)
                {
                    context.Warning("Stopped tasks of cluster " + group.Key + " could not be read (Spot interruption history unknown): " + ex.Message);
                }
            }
        }

        /// <summary>Resource ids ("service/CLUSTER/NAME") that Application Auto Scaling scales.</summary>
        private static async Task<HashSet<string>> ScaledServices(IAwsApi api, OperationContext context)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                var targets = await Paging.AllAsync(token => api.CallAsync(As.AutoScalingApi.DescribeScalableTargets, new As.DescribeScalableTargetsRequest
                {
                    ServiceNamespace = ScalingChecks.Namespace, ScalableDimension = ScalingChecks.Dimension, NextToken = token,
                }, context.CancellationToken), r => r.ScalableTargets, r => r.NextToken, context.CancellationToken).ConfigureAwait(false);
                foreach (var t in targets) if (t.ResourceId != null) set.Add(t.ResourceId);
            }
            catch (EcsAdminException ex) when (ex.Kind != EcsErrorKind.AuthenticationError)
            {
                context.Warning("Auto scaling targets could not be read (every service is taken as not scaled): " + ex.Message);
            }
            return set;
        }

        /// <summary>Per-period maxima of CPUUtilization and MemoryUtilization, 500 series per GetMetricData call.</summary>
        private static async Task ReadMetrics(IAwsApi api, List<Entry> entries, DateTime now, TimeSpan window, int period, CancellationToken ct)
        {
            var queries = new List<(string Id, Entry Entry, bool Cpu, bool Task)>();
            for (int i = 0; i < entries.Count; i++)
            {
                queries.Add(("c" + i, entries[i], true, false));
                queries.Add(("m" + i, entries[i], false, false));
                if (!entries[i].Insights) continue;
                queries.Add(("tc" + i, entries[i], true, true));
                queries.Add(("tm" + i, entries[i], false, true));
            }
            for (int i = 0; i < queries.Count; i += MetricQueriesPerCall)
            {
                var batch = queries.Skip(i).Take(MetricQueriesPerCall).ToList();
                var byId = batch.ToDictionary(q => q.Id, StringComparer.Ordinal);
                var request = new Cw.GetMetricDataInput
                {
                    StartTime = now - window,
                    EndTime = now,
                    ScanBy = "TimestampAscending",
                    MetricDataQueries = batch.Select(q => new Cw.MetricDataQuery
                    {
                        Id = q.Id,
                        ReturnData = true,
                        MetricStat = new Cw.MetricStat
                        {
                            Metric = new Cw.Metric
                            {
                                Namespace = q.Task ? "ECS/ContainerInsights" : "AWS/ECS",
                                MetricName = q.Task ? (q.Cpu ? "CpuUtilized" : "MemoryUtilized") : q.Cpu ? "CPUUtilization" : "MemoryUtilization",
                                Dimensions = new List<Cw.Dimension>
                                {
                                    new Cw.Dimension { Name = "ClusterName", Value = q.Entry.Cluster },
                                    new Cw.Dimension { Name = "ServiceName", Value = q.Entry.Name },
                                },
                            },
                            Period = period,
                            Stat = "Maximum",
                        },
                    }).ToList(),
                };
                string? token = null;
                do
                {
                    request.NextToken = token;
                    var reply = await api.CallAsync(Cw.CloudWatchApi.GetMetricData, request, ct).ConfigureAwait(false);
                    foreach (var r in reply.MetricDataResults ?? new List<Cw.MetricDataResult>())
                    {
                        if (r.Id is null || r.Values is null || !byId.TryGetValue(r.Id, out var q)) continue;
                        (q.Task ? (q.Cpu ? q.Entry.TaskCpu : q.Entry.TaskMemory) : q.Cpu ? q.Entry.Cpu : q.Entry.Memory).AddRange(r.Values);
                    }
                    token = reply.NextToken;
                } while (!string.IsNullOrEmpty(token));
            }
        }

        private static EcsRightSizing Build(Entry e, string region, RightSizingOptions options, PriceTable prices, FargateRegionPrice? price,
            Dictionary<string, EcsCapacityProviderStrategyItem[]> defaults, HashSet<string> scaled, int period, DateTime now)
        {
            var s = e.Service;
            int desired = s.DesiredCount ?? 0;
            var strategy = Mapping.FromWire(s.CapacityProviderStrategy);
            if (strategy.Length == 0 && string.IsNullOrEmpty(s.LaunchType) && defaults.TryGetValue(e.Cluster, out var d)) strategy = d;
            var mix = CostCalculator.Mix(desired, strategy, s.LaunchType);
            var r = new EcsRightSizing
            {
                Region = region,
                Cluster = e.Cluster,
                Service = e.Name,
                TaskDefinition = s.TaskDefinition,
                DesiredCount = desired,
                RunningCount = s.RunningCount ?? 0,
                Days = options.Days,
                Headroom = (int)Math.Round(options.Headroom * 100),
                PeriodSec = period,
                CapacityMix = mix.Description,
                Currency = prices.Currency,
                PriceTable = prices.AsOf + " (" + prices.Origin + ")",
                SpotInterruptions = e.Interruptions,
                CheckedAt = now,
            };
            if (e.Size is null)
            {
                r.Verdict = EcsRightSizingVerdict.NotApplicable;
                r.Reason = e.NotApplicable ?? "Not a Fargate service.";
                r.SpotReason = "Not judged: " + r.Reason;
                return r;
            }
            var size = e.Size.Value;
            r.CurrentCpu = size.Cpu;
            r.CurrentMemory = size.Memory;
            var window = TimeSpan.FromDays(options.Days);
            // Container Insights gives the busiest task's use in CPU units and MiB: as a percentage of the size it feeds
            // the same rules. Without its data (not enabled, or nothing yet) the service-level AWS/ECS metrics count.
            var cpuSeries = e.Cpu;
            var memorySeries = e.Memory;
            r.MetricSource = "AWS/ECS CPUUtilization, MemoryUtilization";
            if (e.TaskCpu.Count > 0 && e.TaskMemory.Count > 0)
            {
                cpuSeries = e.TaskCpu.Select(v => v / size.Cpu * 100).ToList();
                memorySeries = e.TaskMemory.Select(v => v / size.Memory * 100).ToList();
                r.MetricSource = "ECS/ContainerInsights CpuUtilized, MemoryUtilized (busiest task)";
            }
            var decision = RightSizingRules.Evaluate(new RightSizingInput
            {
                Current = size,
                DesiredCount = desired,
                HasAutoScaling = scaled.Contains("service/" + e.Cluster + "/" + e.Name),
                Cpu = UtilizationStats.Summarize(cpuSeries, period, window),
                Memory = UtilizationStats.Summarize(memorySeries, period, window),
                Headroom = options.Headroom,
                Days = options.Days,
            });
            r.Verdict = decision.Verdict;
            r.Action = decision.Action;
            r.Reason = decision.Reason;
            r.DataCoverage = Math.Round(Math.Min(UtilizationStats.Summarize(cpuSeries, period, window).Coverage, UtilizationStats.Summarize(memorySeries, period, window).Coverage), 3);
            r.CpuP95 = decision.CpuP95;
            r.CpuMax = decision.CpuMax;
            r.MemoryP95 = decision.MemoryP95;
            r.MemoryMax = decision.MemoryMax;
            if (decision.Action == EcsRightSizingAction.Resize && decision.Fits is FargateSize fits)
            {
                r.RecommendedCpu = fits.Cpu;
                r.RecommendedMemory = fits.Memory;
            }
            r.MinCapacity = decision.MinCapacity;
            r.MaxCapacity = decision.MaxCapacity;
            r.TargetCpuPercent = decision.TargetCpuPercent;

            var td = e.TaskDefinition!;
            bool arm64 = string.Equals(td.RuntimePlatform?.CpuArchitecture, "ARM64", StringComparison.OrdinalIgnoreCase);
            var after = r.RecommendedCpu is int rc && r.RecommendedMemory is int rm ? new FargateSize(rc, rm) : size;
            if (price != null)
            {
                r.MonthlyCostOnDemand = CostCalculator.Cents(CostCalculator.MonthlyOnDemand(size, mix.Tasks, price, prices.HoursPerMonth, arm64));
                r.MonthlyCost = CostCalculator.Cents(CostCalculator.Monthly(size, mix, price, prices.HoursPerMonth, arm64));
                r.RecommendedMonthlyCostOnDemand = CostCalculator.Cents(CostCalculator.MonthlyOnDemand(after, mix.Tasks, price, prices.HoursPerMonth, arm64));
                r.RecommendedMonthlyCost = CostCalculator.Cents(CostCalculator.Monthly(after, mix, price, prices.HoursPerMonth, arm64));
                r.MonthlySaving = CostCalculator.Cents(r.MonthlyCost.Value - r.RecommendedMonthlyCost.Value);
            }

            var (suitable, reason) = SpotRules.Evaluate(new SpotInput
            {
                DesiredCount = desired,
                CpuArchitecture = td.RuntimePlatform?.CpuArchitecture,
                OperatingSystemFamily = td.RuntimePlatform?.OperatingSystemFamily,
                PersistentVolumes = (td.Volumes ?? new List<Ecs.Volume>())
                    .Where(v => v.EfsVolumeConfiguration != null || v.DockerVolumeConfiguration != null || v.FsxWindowsFileServerVolumeConfiguration != null
                                || v.S3filesVolumeConfiguration != null || v.ConfiguredAtLaunch == true)
                    .Select(v => v.Name ?? "?").ToList(),
                Interruptions = e.Interruptions,
                Mix = mix,
            });
            r.SpotSuitable = suitable;
            r.SpotReason = reason;
            if (suitable && price != null)
            {
                var moved = CostCalculator.SpotMoveMix(desired);
                var withSpot = CostCalculator.Monthly(after, moved, price, prices.HoursPerMonth, arm64);
                r.SpotMonthlySaving = CostCalculator.Cents(Math.Max(0, r.RecommendedMonthlyCost!.Value - withSpot));
            }
            return r;
        }

        /// <summary>One summary per (region, cluster), in the order the clusters came.</summary>
        internal static IEnumerable<EcsRightSizingSummary> Summarize(IEnumerable<EcsRightSizing> results, PriceTable prices)
        {
            foreach (var g in results.GroupBy(r => r.Region + "\n" + r.Cluster))
            {
                var list = g.ToList();
                yield return new EcsRightSizingSummary
                {
                    Region = list[0].Region,
                    Cluster = list[0].Cluster,
                    Services = list.Count,
                    OverProvisioned = list.Count(r => r.Verdict == EcsRightSizingVerdict.OverProvisioned),
                    Right = list.Count(r => r.Verdict == EcsRightSizingVerdict.Right),
                    UnderProvisioned = list.Count(r => r.Verdict == EcsRightSizingVerdict.UnderProvisioned),
                    NotJudged = list.Count(r => r.Verdict == EcsRightSizingVerdict.InsufficientData || r.Verdict == EcsRightSizingVerdict.NotApplicable),
                    Currency = prices.Currency,
                    MonthlyCost = CostCalculator.Cents(list.Sum(r => r.MonthlyCost ?? 0)),
                    RecommendedMonthlyCost = CostCalculator.Cents(list.Sum(r => r.RecommendedMonthlyCost ?? 0)),
                    MonthlySaving = CostCalculator.Cents(list.Sum(r => r.MonthlySaving ?? 0)),
                    SpotMonthlySaving = CostCalculator.Cents(list.Sum(r => r.SpotMonthlySaving ?? 0)),
                    PriceTable = prices.AsOf + " (" + prices.Origin + ")",
                };
            }
        }

        // ================================================================= Update-EcsService -Cpu -Memory

        public async Task<string?> RegisterResizedAsync(EcsSession session, ResizeServiceOptions options, OperationContext context)
        {
            FargateSizes.Check(options.Cpu.ToString(CultureInfo.InvariantCulture), options.Memory.ToString(CultureInfo.InvariantCulture), options.Service);
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var service = await ServiceOperations.DescribeOne(api, options.Cluster, options.Service, context).ConfigureAwait(false);
            var reply = await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest
            {
                TaskDefinition = service.TaskDefinition, Include = new List<string> { "TAGS" },
            }, ct).ConfigureAwait(false);
            var td = reply.TaskDefinition ?? throw new EcsAdminException("TaskDefinitionNotFound", EcsErrorKind.ObjectNotFound,
                "Task definition " + service.TaskDefinition + " of service " + options.Service + " was not found.", service.TaskDefinition, "Check the service with Get-EcsService.");
            TaskDefinitions.RequireFargate(td, td.TaskDefinitionArn ?? service.TaskDefinition ?? "");
            var current = EcsRightSizing.SizeText(FargateSizes.ParseCpu(td.Cpu), FargateSizes.ParseMemory(td.Memory));
            var wanted = EcsRightSizing.SizeText(options.Cpu, options.Memory);
            if (FargateSizes.ParseCpu(td.Cpu) == options.Cpu && FargateSizes.ParseMemory(td.Memory) == options.Memory)
            {
                context.Verbose(options.Cluster + "/" + options.Service + " already runs " + td.TaskDefinitionArn + " at " + wanted + "; nothing registered.");
                return null;
            }
            var containers = td.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>();
            int containerMemory = containers.Sum(c => c.Memory ?? 0);
            int containerCpu = containers.Sum(c => c.Cpu ?? 0);
            if (containerMemory > options.Memory || containerCpu > options.Cpu)
                throw new EcsAdminException("ContainersExceedTaskSize", EcsErrorKind.InvalidArgument,
                    "The containers of " + td.TaskDefinitionArn + " reserve " + containerCpu + " CPU units and " + containerMemory + " MiB (hard limits), more than "
                    + wanted + ": ECS would refuse the revision.", options.Service,
                    "Lower the containers' cpu/memory in a new revision (Register-EcsTaskDefinition), or choose a size of at least " + containerCpu + " CPU units and " + containerMemory + " MiB.");
            var request = TaskDefinitions.ToRegisterRequest(td, reply.Tags);
            request.Cpu = options.Cpu.ToString(CultureInfo.InvariantCulture);
            request.Memory = options.Memory.ToString(CultureInfo.InvariantCulture);
            var registered = await api.CallAsync(Ecs.EcsApi.RegisterTaskDefinition, request, ct).ConfigureAwait(false);
            var arn = registered.TaskDefinition?.TaskDefinitionArn ?? throw new EcsAdminException("RegisterTaskDefinitionEmpty", EcsErrorKind.InvalidResult,
                "RegisterTaskDefinition returned no task definition for family " + td.Family + ".", td.Family, "Retry; check the family with Get-EcsTaskDefinition.");
            context.Verbose("Registered " + arn + " (" + current + " -> " + wanted + ") from " + td.TaskDefinitionArn + ".");
            return arn;
        }
    }
}
