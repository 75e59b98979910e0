using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// Follows one service deployment by its ARN (DescribeServiceDeployments) until the -Until target or its end:
    /// progress shows the stage, the traffic shift, bake time left and a pause's expiry; every stage seen and the
    /// outcome reach the progress record and the result.
    /// </summary>
    internal sealed class ServiceDeploymentWatcher
    {
        public const int ProgressActivityId = DeploymentWatcher.ProgressActivityId;

        private readonly IAwsApi _api;

        public ServiceDeploymentWatcher(IAwsApi api) => _api = api;

        public Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (t, ct) => Task.Delay(t, ct);
        public Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;
        /// <summary>The outcome the caller asked for (a rollback it requested): reported without an error.</summary>
        public EcsDeploymentOutcome? Expected { get; set; }

        public static async Task<EcsServiceDeployment> DescribeAsync(IAwsApi api, string arn, CancellationToken ct)
        {
            var reply = await api.CallAsync(Ecs.EcsApi.DescribeServiceDeployments,
                new Ecs.DescribeServiceDeploymentsRequest { ServiceDeploymentArns = new List<string> { arn } }, ct).ConfigureAwait(false);
            var d = reply.ServiceDeployments?.FirstOrDefault(x => x.ServiceDeploymentArn == arn) ?? reply.ServiceDeployments?.FirstOrDefault();
            if (d is null)
                throw new EcsAdminException("ServiceDeploymentNotFound", EcsErrorKind.ObjectNotFound,
                    "Service deployment " + arn + " was not found (" + api.Region + ")" + (reply.Failures?.FirstOrDefault() is Ecs.Failure f ? ": " + f.Reason : "") + ".", arn,
                    "List the deployments with Get-EcsServiceDeployment -Cluster <cluster> -Service <service>.");
            return DeploymentMapping.Deployment(d, api.Region);
        }

        public async Task<EcsDeploymentResult> WatchAsync(string arn, WaitSettings settings, WaitUntil until, OperationContext context)
        {
            var ct = context.CancellationToken;
            var started = Clock();
            var interval = PollBackoff.First(settings);
            var stages = new List<string>();
            DateTime? bakeStarted = null;
            bool pauseExpired = false;
            EcsServiceDeployment? last = null;
            var verdict = new StagedVerdict(StagedState.InProgress, "");
            var activity = "Deployment " + ShortId(arn);
            string finalStatus = "";
            try
            {
                while (true)
                {
                    ct.ThrowIfCancellationRequested();
                    var d = await DescribeAsync(_api, arn, ct).ConfigureAwait(false);
                    last = d;
                    activity = "Deployment " + ShortId(arn) + " of " + d.Service + " (" + d.Strategy + ")";
                    if (d.LifecycleStage != null && (stages.Count == 0 || stages[stages.Count - 1] != d.LifecycleStage))
                    {
                        stages.Add(d.LifecycleStage);
                        context.Verbose(d.Service + ": deployment stage " + d.LifecycleStage + " (" + d.Status + ")");
                    }
                    if (d.LifecycleStage == "BAKE_TIME") bakeStarted ??= Clock();
                    if (ServiceDeploymentRules.PauseExpired(d) && !pauseExpired)
                    {
                        pauseExpired = true;
                        context.Warning(d.Service + ": the pause of deployment " + ShortId(arn) + " expired; ECS takes its timeout action ("
                                        + (d.LifecycleHooks.First(h => h.Status == "TIMED_OUT" && h.TargetType == "PAUSE").TimeoutAction ?? "ROLLBACK") + ").");
                    }

                    verdict = ServiceDeploymentRules.Evaluate(d, until);
                    Report(activity, d, verdict, bakeStarted, context);
                    if (verdict.IsFinal) break;

                    var elapsed = Clock() - started;
                    if (elapsed >= settings.Timeout) break;
                    await Delay(PollBackoff.Sleep(settings.Timeout - elapsed, interval), ct).ConfigureAwait(false);
                    interval = PollBackoff.Next(interval, settings);
                }
            }
            finally
            {
                finalStatus = verdict.IsFinal ? verdict.Outcome.ToString() : (ct.IsCancellationRequested ? "Stopped" : "TimedOut");
                context.Progress(new ProgressInfo { ActivityId = ProgressActivityId, Activity = activity, Status = "Outcome: " + finalStatus + (last?.LifecycleStage is null ? "" : " at " + last.LifecycleStage), CurrentOperation = verdict.Reason, Completed = true });
            }

            var d2 = last!;
            var outcome = verdict.IsFinal ? verdict.Outcome : EcsDeploymentOutcome.TimedOut;
            var result = new EcsDeploymentResult
            {
                Region = _api.Region,
                Cluster = d2.Cluster,
                Service = d2.Service,
                Outcome = outcome,
                DeploymentId = arn,
                ServiceDeploymentArn = arn,
                TaskDefinition = d2.TargetRevision?.Arn ?? "",
                RolledBackTo = outcome == EcsDeploymentOutcome.RolledBack ? d2.RollbackRevisionArn ?? d2.SourceRevisions.FirstOrDefault()?.Arn : null,
                RolloutState = d2.Status,
                RolloutStateReason = d2.StatusReason ?? verdict.Reason,
                Duration = Clock() - started,
                DesiredCount = d2.TargetRevision?.RequestedTaskCount ?? 0,
                RunningCount = d2.TargetRevision?.RunningTaskCount ?? 0,
                FailedTaskCount = d2.CircuitBreakerFailureCount ?? 0,
                Strategy = d2.Strategy,
                LifecycleStage = d2.LifecycleStage,
                StagesSeen = stages.ToArray(),
                TriggeredAlarms = d2.TriggeredAlarms,
                CircuitBreakerFailureCount = d2.CircuitBreakerFailureCount,
                CircuitBreakerThreshold = d2.CircuitBreakerThreshold,
                RollbackReason = outcome == EcsDeploymentOutcome.RolledBack || d2.RollbackReason != null ? ServiceDeploymentRules.RollbackCause(d2) : null,
                PausedHookId = d2.PausedHookId,
                PauseExpiresAt = d2.PauseExpiresAt,
                PauseExpired = pauseExpired || ServiceDeploymentRules.PauseExpired(d2),
            };

            if (Expected == outcome)
            {
                context.Verbose(d2.Service + ": " + verdict.Reason);
                return result;
            }
            switch (outcome)
            {
                case EcsDeploymentOutcome.RolledBack:
                    context.Error(new EcsAdminException("DeploymentRolledBack", EcsErrorKind.InvalidResult, d2.Service + ": " + verdict.Reason, result,
                        "Read TriggeredAlarms, RollbackReason and the circuit-breaker figures in the result, fix the cause, and deploy again."));
                    break;
                case EcsDeploymentOutcome.Failed:
                    context.Error(new EcsAdminException("DeploymentFailed", EcsErrorKind.InvalidResult, d2.Service + ": " + verdict.Reason, result,
                        "Read the result and Get-EcsServiceDeployment; the service may run both revisions: roll back with Undo-EcsService."));
                    break;
                case EcsDeploymentOutcome.Aborted:
                    context.Error(new EcsAdminException("DeploymentAborted", EcsErrorKind.OperationStopped, d2.Service + ": " + verdict.Reason, result,
                        "The service keeps what ran when it stopped; deploy again or run Undo-EcsService."));
                    break;
                case EcsDeploymentOutcome.TimedOut:
                    context.Error(new EcsAdminException(DeploymentRules.ErrorIdFor(outcome)!, EcsErrorKind.OperationTimeout,
                        d2.Service + ": deployment " + ShortId(arn) + " did not reach " + until.Target + " within " + settings.Timeout + " (" + verdict.Reason + ").", result,
                        "Follow it further with Wait-EcsService -Cluster " + d2.Cluster + " -Name " + d2.Service + " -DeploymentId " + arn + ", or give a longer -TimeoutSec."));
                    break;
            }
            return result;
        }

        private void Report(string activity, EcsServiceDeployment d, StagedVerdict verdict, DateTime? bakeStarted, OperationContext context)
        {
            var parts = new List<string> { d.LifecycleStage ?? "PENDING", d.Status };
            var t = d.TargetRevision;
            if (t?.ProductionTrafficWeight is double prod) parts.Add("production traffic " + prod + "% to new");
            if (t?.TestTrafficWeight is double test) parts.Add("test traffic " + test + "% to new");
            if (t != null) parts.Add("new revision " + t.RunningTaskCount + "/" + t.RequestedTaskCount + " running");
            int secondsLeft = -1;
            if (d.LifecycleStage == "BAKE_TIME" && d.BakeTimeInMinutes is int bake && bakeStarted is DateTime since)
            {
                var left = TimeSpan.FromMinutes(bake) - (Clock() - since);
                if (left < TimeSpan.Zero) left = TimeSpan.Zero;
                secondsLeft = (int)left.TotalSeconds;
                parts.Add("bake time left " + left.ToString(@"hh\:mm\:ss"));
            }
            if (d.IsPaused) parts.Add("PAUSED (hook " + d.PausedHookId + (d.PauseExpiresAt is DateTime e ? ", expires " + e.ToString("u") : "") + ")");
            if (d.TriggeredAlarms.Length > 0) parts.Add("alarms fired: " + string.Join(", ", d.TriggeredAlarms));
            if (d.CircuitBreakerFailureCount is int f && f > 0) parts.Add("failed tasks " + f + "/" + d.CircuitBreakerThreshold);
            var index = ServiceDeploymentRules.StageIndex(d.LifecycleStage);
            context.Progress(new ProgressInfo
            {
                ActivityId = ProgressActivityId,
                Activity = activity,
                Status = string.Join(", ", parts),
                CurrentOperation = verdict.Reason,
                PercentComplete = index < 0 ? -1 : Math.Min(100, (index + 1) * 100 / DeploymentStrategyChecks.LifecycleStages.Length),
                SecondsRemaining = secondsLeft,
            });
        }

        /// <summary>The last path segment of a deployment ARN.</summary>
        public static string ShortId(string arn)
        {
            var i = arn.LastIndexOf('/');
            return i >= 0 && i < arn.Length - 1 ? arn.Substring(i + 1) : arn;
        }
    }
}
