using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// Follows one deployment of a service to its end: polls DescribeServices with back-off (the delay is
    /// injectable; cancellation interrupts it at once), reports progress under a stable activity id (always
    /// completed), collects the events seen, and on failure the stop reasons of the deployment's stopped tasks.
    /// </summary>
    internal sealed class DeploymentWatcher
    {
        public const int ProgressActivityId = 0x3EC5;
        public const int DescribeTasksBatch = Batches.DescribeTasks;
        /// <summary>At most this many stopped tasks are listed to explain a failed deployment.</summary>
        private const int StoppedTasksRead = 500;

        private readonly IAwsApi _api;
        private readonly string _cluster;
        private readonly string _service;

        public DeploymentWatcher(IAwsApi api, string cluster, string service)
        {
            _api = api;
            _cluster = cluster;
            _service = service;
        }

        /// <summary>Waits; tests pass a delay that returns at once (or advances a fake clock).</summary>
        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (t, ct) => Task.Delay(t, ct);
        public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        public async Task<EcsDeploymentResult> WatchAsync(DeploymentFacts facts, WaitSettings settings, OperationContext context)
        {
            var ct = context.CancellationToken;
            var started = Clock();
            var interval = PollBackoff.First(settings);
            var events = new Dictionary<string, EcsServiceEvent>();
            DateTime? since = null;
            Ecs.Deployment? lastOurs = null;
            Ecs.Service? last = null;
            DeploymentVerdict verdict = new DeploymentVerdict(DeploymentState.InProgress, "");
            var activity = "Deployment " + facts.DeploymentId + " of " + _service;
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var reply = await _api.CallAsync(Ecs.EcsApi.DescribeServices,
                        new Ecs.DescribeServicesRequest { Cluster = _cluster, Services = new List<string> { _service } }, ct).ConfigureAwait(false);
                    var svc = reply.Services?.FirstOrDefault();
                    if (svc is null)
                        throw new EcsAdminException("ServiceNotFound", EcsErrorKind.ObjectNotFound,
                            "Service '" + _service + "' was not found in cluster '" + _cluster + "' (" + _api.Region + ")" + Reason(reply.Failures) + ".", _service,
                            "List the services with Get-EcsService -Cluster " + _cluster + ".");
                    last = svc;
                    var ours = svc.Deployments?.FirstOrDefault(d => d.Id == facts.DeploymentId);
                    if (ours != null)
                    {
                        lastOurs = ours;
                        facts.SeenOnce = true;
                        facts.MissingPolls = 0;
                        facts.TaskDefinition ??= ours.TaskDefinition;
                        since ??= ours.CreatedAt;
                    }
                    else facts.MissingPolls++;
                    since ??= started;

                    // Events newest first; keep those since our deployment began.
                    foreach (var e in (svc.Events ?? new List<Ecs.ServiceEvent>()).AsEnumerable().Reverse())
                    {
                        if (e.Id is null || events.ContainsKey(e.Id)) continue;
                        if (e.CreatedAt != null && e.CreatedAt.Value < since.Value.AddSeconds(-2)) continue;
                        events[e.Id] = ServiceMapping.Event(e);
                        context.Verbose(_service + ": " + e.Message);
                        if (DeploymentRules.IsRollbackEvent(e.Message)) facts.RollbackEventSeen = true;
                    }

                    verdict = DeploymentRules.Evaluate(svc, facts);
                    Report(activity, lastOurs, events.Values, verdict, context, settings, started);
                    if (verdict.IsFinal) break;

                    var elapsed = Clock() - started;
                    if (elapsed >= settings.Timeout) break;
                    var remaining = settings.Timeout - elapsed;
                    await Delay(PollBackoff.Sleep(remaining, interval), ct).ConfigureAwait(false);
                    interval = PollBackoff.Next(interval, settings);
                }
            }
            finally
            {
                context.Progress(new ProgressInfo { ActivityId = ProgressActivityId, Activity = activity, Status = "Done", Completed = true });
            }

            var outcome = verdict.Outcome;
            var result = new EcsDeploymentResult
            {
                Region = _api.Region,
                Cluster = last?.ClusterArn != null ? ServiceMapping.ClusterName(last.ClusterArn) : Mapping.NameFromArn(_cluster),
                Service = last?.ServiceName ?? Mapping.NameFromArn(_service),
                Outcome = outcome,
                DeploymentId = facts.DeploymentId,
                TaskDefinition = facts.TaskDefinition ?? lastOurs?.TaskDefinition ?? "",
                RolledBackTo = outcome == EcsDeploymentOutcome.RolledBack ? verdict.RolledBackTo : null,
                RolloutState = lastOurs?.RolloutState,
                RolloutStateReason = lastOurs?.RolloutStateReason ?? verdict.Reason,
                Duration = Clock() - started,
                DesiredCount = lastOurs?.DesiredCount ?? last?.DesiredCount ?? 0,
                RunningCount = lastOurs?.RunningCount ?? 0,
                FailedTaskCount = lastOurs?.FailedTasks ?? 0,
                Events = events.Values.OrderBy(e => e.CreatedAt ?? DateTime.MinValue).ToArray(),
                ServiceDetail = last is null ? null : ServiceMapping.Service(last, _api.Region),
            };
            if (outcome == EcsDeploymentOutcome.RolledBack && result.RolledBackTo is null && last != null)
                result.RolledBackTo = last.Deployments?.FirstOrDefault(d => d.Status == DeploymentRules.Primary && d.Id != facts.DeploymentId)?.TaskDefinition ?? facts.PreviousTaskDefinition;

            if (outcome != EcsDeploymentOutcome.Succeeded || result.FailedTaskCount > 0)
            {
                try
                {
                    result.StoppedTasks = await StoppedTasksAsync(facts, result.TaskDefinition, ct).ConfigureAwait(false);
                }
                catch (EcsAdminException ex)
                {
                    context.Warning("Could not read the stopped tasks of deployment " + facts.DeploymentId + ": " + ex.Message);
                }
                result.StopReasons = result.StoppedTasks.Select(t => t.ToString()).Where(s => s.Length > 0).Distinct().ToArray();
                if (result.FailedTaskCount < result.StoppedTasks.Length && outcome != EcsDeploymentOutcome.Succeeded)
                    result.FailedTaskCount = result.StoppedTasks.Length;
            }

            string summary = verdict.Reason + (result.StopReasons.Length > 0 ? " Stop reasons: " + string.Join(" | ", result.StopReasons.Take(5)) : "");
            switch (outcome)
            {
                case EcsDeploymentOutcome.RolledBack:
                    context.Error(new EcsAdminException("DeploymentRolledBack", EcsErrorKind.InvalidResult, _service + ": " + summary, result,
                        "Read the stop reasons and events in the result (Get-EcsTask -DesiredStatus STOPPED), fix the task definition, and deploy again."));
                    break;
                case EcsDeploymentOutcome.Failed:
                    context.Error(new EcsAdminException("DeploymentFailed", EcsErrorKind.InvalidResult, _service + ": " + summary, result,
                        "Read the stop reasons and events in the result (Get-EcsTask -DesiredStatus STOPPED), fix the cause, and deploy again."));
                    break;
                case EcsDeploymentOutcome.TimedOut:
                    context.Error(new EcsAdminException(DeploymentRules.ErrorIdFor(outcome)!, EcsErrorKind.OperationTimeout,
                        _service + ": deployment " + facts.DeploymentId + " did not finish within " + settings.Timeout + " (" + verdict.Reason + ").", result,
                        "Follow it further with Wait-EcsService -Cluster " + Mapping.NameFromArn(_cluster) + " -Name " + Mapping.NameFromArn(_service)
                        + " -DeploymentId " + facts.DeploymentId + ", or give a longer -TimeoutSec."));
                    break;
            }
            return result;
        }

        private void Report(string activity, Ecs.Deployment? ours, IEnumerable<EcsServiceEvent> events, DeploymentVerdict verdict, OperationContext context, WaitSettings settings, DateTime started)
        {
            int desired = ours?.DesiredCount ?? 0, running = ours?.RunningCount ?? 0;
            var latest = events.OrderByDescending(e => e.CreatedAt ?? DateTime.MinValue).FirstOrDefault();
            var remaining = settings.Timeout - (Clock() - started);
            context.Progress(new ProgressInfo
            {
                ActivityId = ProgressActivityId,
                Activity = activity,
                Status = "running " + running + "/" + desired + ", pending " + (ours?.PendingCount ?? 0) + ", failed " + (ours?.FailedTasks ?? 0)
                         + ", " + (ours?.RolloutState ?? verdict.State.ToString()),
                CurrentOperation = latest?.Message,
                PercentComplete = desired > 0 ? Math.Min(100, running * 100 / desired) : -1,
                SecondsRemaining = remaining > TimeSpan.Zero && remaining.TotalSeconds < int.MaxValue ? (int)remaining.TotalSeconds : -1,
            });
        }

        /// <summary>The stopped tasks of the deployment (started by its id, else of its task definition) with their reasons.</summary>
        private async Task<EcsStoppedTaskInfo[]> StoppedTasksAsync(DeploymentFacts facts, string taskDefinition, CancellationToken ct)
        {
            var arns = new List<string>();
            await Paging.EachPageAsync(token => _api.CallAsync(Ecs.EcsApi.ListTasks, new Ecs.ListTasksRequest
                {
                    Cluster = _cluster, ServiceName = Mapping.NameFromArn(_service), DesiredStatus = "STOPPED", NextToken = token, MaxResults = 100,
                }, ct),
                page => page.NextToken,
                page => { arns.AddRange(page.TaskArns ?? new List<string>()); return Task.FromResult(arns.Count < StoppedTasksRead); }, ct).ConfigureAwait(false);

            var found = new List<Ecs.Task>();
            await Batches.DescribeAsync(arns, DescribeTasksBatch,
                batch => _api.CallAsync(Ecs.EcsApi.DescribeTasks, new Ecs.DescribeTasksRequest { Cluster = _cluster, Tasks = batch }, ct),
                (_, reply) => found.AddRange(reply.Tasks ?? new List<Ecs.Task>()), ct).ConfigureAwait(false);
            IEnumerable<Ecs.Task> ofOurs = found.Any(t => t.StartedBy == facts.DeploymentId)
                ? found.Where(t => t.StartedBy == facts.DeploymentId)
                : found.Where(t => !string.IsNullOrEmpty(taskDefinition) && t.TaskDefinitionArn == taskDefinition);
            return ofOurs.Select(t => new EcsStoppedTaskInfo
            {
                TaskArn = t.TaskArn ?? "",
                StopCode = t.StopCode,
                StoppedReason = t.StoppedReason,
                ContainerReasons = (t.Containers ?? new List<Ecs.Container>())
                    .Where(c => !string.IsNullOrEmpty(c.Reason) || (c.ExitCode ?? 0) != 0)
                    .Select(c => c.Name + ": " + (c.Reason ?? "exited") + (c.ExitCode is int x ? " (exit " + x + ")" : "")).ToArray(),
            }).ToArray();
        }

        private static string Reason(List<Ecs.Failure>? failures)
        {
            var f = failures?.FirstOrDefault();
            return f is null ? "" : " (" + f.Reason + ")";
        }
    }
}
