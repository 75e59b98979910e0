using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Logs = EcsAdmin.Engine.Aws.Generated.Logs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Container logs from the awslogs configuration of the service's or task's task definition.</summary>
    internal sealed partial class ObservabilityOperations
    {
        public Task GetLogGroupNamesAsync(EcsSession session, string? prefix, OperationContext context)
        {
            var api = _api(session, context);
            var request = new Logs.DescribeLogGroupsRequest { LogGroupNamePrefix = string.IsNullOrEmpty(prefix) ? null! : prefix! };
            return Paging.EachPageAsync(token => { request.NextToken = token!; return api.CallAsync(Logs.LogsApi.DescribeLogGroups, request, context.CancellationToken); },
                reply => reply.NextToken, reply => { foreach (var g in reply.LogGroups ?? new List<Logs.LogGroup>()) context.Output(g.LogGroupName); }, context.CancellationToken);
        }

        /// <summary>One FilterLogEvents query: a log group and either exact streams (a task) or a stream prefix (a service's container).</summary>
        internal sealed class LogQuery
        {
            public string LogGroup = "";
            public List<string>? Streams;
            public string? StreamPrefix;
        }

        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        private static long ToMs(DateTime t) => (long)(t.ToUniversalTime() - Epoch).TotalMilliseconds;

        public async Task GetLogAsync(EcsSession session, ServiceLogOptions options, OperationContext context)
        {
            try
            {
                await GetLogCoreAsync(session, options, context).ConfigureAwait(false);
            }
            catch (EcsAdminException ex) when (ex.Kind == EcsErrorKind.ObjectNotFound || ex.AwsErrorCode == "ClusterNotFoundException")
            {
                // A missing task, service, task definition or log configuration concerns this item only (piped input goes on).
                context.Error(ex);
            }
        }

        private async Task GetLogCoreAsync(EcsSession session, ServiceLogOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var cluster = Mapping.NameFromArn(options.Cluster);
            string? service = string.IsNullOrWhiteSpace(options.Service) ? null : Mapping.NameFromArn(options.Service!.Trim());
            string? taskId = string.IsNullOrWhiteSpace(options.TaskId) ? null : Mapping.NameFromArn(options.TaskId!.Trim());
            string taskDefinition;

            if (taskId != null)
            {
                var reply = await api.CallAsync(Ecs.EcsApi.DescribeTasks, new Ecs.DescribeTasksRequest { Cluster = cluster, Tasks = new List<string> { taskId } }, ct).ConfigureAwait(false);
                var task = reply.Tasks?.FirstOrDefault()
                    ?? throw new EcsAdminException("TaskNotFound", EcsErrorKind.ObjectNotFound, "Task '" + taskId + "' was not found in cluster '" + cluster + "' (" + api.Region + ").", taskId,
                        "Stopped tasks are kept about an hour; check -Cluster and -Region.");
                taskDefinition = task.TaskDefinitionArn ?? "";
                if (service is null && task.Group != null && task.Group.StartsWith("service:", StringComparison.Ordinal)) service = task.Group.Substring(8);
            }
            else if (service != null)
            {
                var reply = await api.CallAsync(Ecs.EcsApi.DescribeServices, new Ecs.DescribeServicesRequest { Cluster = cluster, Services = new List<string> { service } }, ct).ConfigureAwait(false);
                var svc = reply.Services?.FirstOrDefault() ?? throw ServiceNotFound(cluster, service, api.Region);
                taskDefinition = svc.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY")?.TaskDefinition ?? svc.TaskDefinition ?? "";
            }
            else throw new EcsAdminException("LogSourceMissing", EcsErrorKind.InvalidArgument, "Get-EcsLog needs a service or a task.", null, "Give -Service or -TaskId.");

            var td = (await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest { TaskDefinition = taskDefinition }, ct).ConfigureAwait(false)).TaskDefinition
                ?? throw new EcsAdminException("TaskDefinitionNotFound", EcsErrorKind.ObjectNotFound, "Task definition '" + taskDefinition + "' was not found.", taskDefinition, "Check the service's task definition.");
            var queries = PlanLogQueries(td, options.Containers, taskId, context);
            if (queries.Count == 0)
                throw new EcsAdminException("NoAwslogsConfiguration", EcsErrorKind.ObjectNotFound,
                    "No container of " + (td.Family ?? taskDefinition) + (options.Containers is null ? "" : " named " + string.Join(", ", options.Containers)) + " logs to CloudWatch Logs with awslogs-group and awslogs-stream-prefix.",
                    taskDefinition, "Give the containers a logConfiguration with logDriver awslogs, awslogs-group and awslogs-stream-prefix.");

            await FollowLogs(api, queries, cluster, service ?? "", options, context).ConfigureAwait(false);
        }

        /// <summary>One query per log group for a task (exact stream names), one per container for a service (stream prefix).</summary>
        internal static List<LogQuery> PlanLogQueries(Ecs.TaskDefinition td, string[]? containers, string? taskId, OperationContext context)
        {
            var result = new List<LogQuery>();
            foreach (var c in td.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>())
            {
                if (containers != null && containers.Length > 0 && !containers.Any(p => Glob.IsMatch(c.Name ?? "", p))) continue;
                var lc = c.LogConfiguration;
                if (lc is null || !string.Equals(lc.LogDriver, "awslogs", StringComparison.Ordinal) || lc.Options is null
                    || !lc.Options.TryGetValue("awslogs-group", out var group) || string.IsNullOrEmpty(group))
                {
                    context.Verbose("Container " + c.Name + " does not log with awslogs; skipped.");
                    continue;
                }
                if (!lc.Options.TryGetValue("awslogs-stream-prefix", out var prefix) || string.IsNullOrEmpty(prefix))
                {
                    context.Warning("Container " + c.Name + " has no awslogs-stream-prefix, so its streams cannot be told apart by task; skipped.");
                    continue;
                }
                if (taskId != null)
                {
                    var q = result.FirstOrDefault(x => x.LogGroup == group && x.Streams != null);
                    if (q is null) result.Add(q = new LogQuery { LogGroup = group, Streams = new List<string>() });
                    q.Streams!.Add(prefix + "/" + c.Name + "/" + taskId);
                }
                else result.Add(new LogQuery { LogGroup = group, StreamPrefix = prefix + "/" + c.Name + "/" });
            }
            return result;
        }

        private static async Task FollowLogs(IAwsApi api, List<LogQuery> queries, string cluster, string service, ServiceLogOptions options, OperationContext context)
        {
            var ct = context.CancellationToken;
            long? start = options.Since.HasValue ? ToMs(options.Since.Value) : (long?)null;
            long? end = options.Until.HasValue ? ToMs(options.Until.Value) : (long?)null;
            var seen = new Dictionary<string, long>(StringComparer.Ordinal);
            int written = 0;
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                // Every log group (query) concurrently, each paged; merged by time below.
                var round = new List<(Logs.FilteredLogEvent Event, string Group)>();
                await Batches.InOrderAsync(queries, async q =>
                    {
                        var request = new Logs.FilterLogEventsRequest
                        {
                            LogGroupName = q.LogGroup,
                            LogStreamNames = q.Streams,
                            LogStreamNamePrefix = q.StreamPrefix,
                            StartTime = start,
                            EndTime = end,
                            FilterPattern = options.FilterPattern,
                        };
                        try
                        {
                            return await Paging.AllAsync(token => { request.NextToken = token; return api.CallAsync(Logs.LogsApi.FilterLogEvents, request, ct); },
                                reply => reply.Events, reply => reply.NextToken, ct).ConfigureAwait(false);
                        }
                        catch (EcsAdminException ex) when (ex.AwsErrorCode == "ResourceNotFoundException")
                        {
                            // The group or stream does not exist yet (no task has logged); following waits for it.
                            if (!options.Follow) context.Warning("Log group " + q.LogGroup + " or its streams do not exist: " + ex.Message);
                            return new List<Logs.FilteredLogEvent>();
                        }
                    },
                    (q, events) => { foreach (var e in events) round.Add((e, q.LogGroup)); }, ct).ConfigureAwait(false);

                long newest = start ?? 0;
                foreach (var (e, group) in round.OrderBy(x => x.Event.Timestamp ?? 0).ThenBy(x => x.Event.EventId, StringComparer.Ordinal))
                {
                    var id = e.LogStreamName + "|" + (e.EventId ?? e.Timestamp + "|" + e.Message);
                    if (seen.ContainsKey(id)) continue;
                    var ts = e.Timestamp ?? 0;
                    seen[id] = ts;
                    if (ts > newest) newest = ts;
                    context.Output(ToLogEvent(e, group, cluster, service));
                    if (options.MaxEvents > 0 && ++written >= options.MaxEvents) return;
                }
                if (!options.Follow) return;
                if (end.HasValue && ToMs(DateTime.UtcNow) > end.Value) return;

                // Poll again from the newest timestamp seen (inclusive: events of that millisecond may still arrive);
                // ids older than it can no longer come back, so the de-duplication set stays small.
                if (newest > 0)
                {
                    start = newest;
                    foreach (var old in seen.Where(kv => kv.Value < newest).Select(kv => kv.Key).ToList()) seen.Remove(old);
                }
                await Task.Delay(options.PollInterval, ct).ConfigureAwait(false);
            }
        }

        internal static EcsLogEvent ToLogEvent(Logs.FilteredLogEvent e, string group, string cluster, string service)
        {
            var stream = e.LogStreamName ?? "";
            var parts = stream.Split('/');
            return new EcsLogEvent
            {
                Timestamp = Epoch.AddMilliseconds(e.Timestamp ?? 0),
                Cluster = cluster,
                Service = service,
                TaskId = parts.Length >= 3 ? parts[parts.Length - 1] : "",
                Container = parts.Length >= 3 ? parts[parts.Length - 2] : "",
                Message = (e.Message ?? "").TrimEnd('\r', '\n'),
                LogStream = stream,
                LogGroup = group,
                EventId = e.EventId ?? "",
            };
        }
    }
}
