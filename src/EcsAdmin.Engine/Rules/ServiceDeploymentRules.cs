using System;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>Where a followed service deployment stands after one DescribeServiceDeployments look.</summary>
    internal enum StagedState
    {
        InProgress,
        Paused,
        StageReached,
        Succeeded,
        RolledBack,
        Failed,
        Aborted,
    }

    internal sealed class StagedVerdict
    {
        public StagedVerdict(StagedState state, string reason)
        {
            State = state;
            Reason = reason;
        }

        public StagedState State { get; }
        public string Reason { get; }
        public bool IsFinal => State != StagedState.InProgress;

        public EcsDeploymentOutcome Outcome => State switch
        {
            StagedState.Paused => EcsDeploymentOutcome.Paused,
            StagedState.StageReached => EcsDeploymentOutcome.StageReached,
            StagedState.Succeeded => EcsDeploymentOutcome.Succeeded,
            StagedState.RolledBack => EcsDeploymentOutcome.RolledBack,
            StagedState.Aborted => EcsDeploymentOutcome.Aborted,
            StagedState.Failed => EcsDeploymentOutcome.Failed,
            _ => EcsDeploymentOutcome.TimedOut,
        };
    }

    /// <summary>
    /// The outcome rules of an ECS service deployment (the deployments API). A rollback is never a success: a
    /// SUCCESSFUL status that carries a rollback, a fired alarm or a tripped circuit breaker counts as RolledBack.
    /// </summary>
    internal static class ServiceDeploymentRules
    {
        public static readonly string[] InFlightStatuses = { "PENDING", "IN_PROGRESS", "STOP_REQUESTED", "ROLLBACK_REQUESTED", "ROLLBACK_IN_PROGRESS" };

        public static bool IsInFlight(string? status) => status != null && InFlightStatuses.Contains(status);

        /// <summary>The position of a stage in a deployment (-1 when unknown).</summary>
        public static int StageIndex(string? stage) => stage is null ? -1 : Array.IndexOf(DeploymentStrategyChecks.LifecycleStages, stage);

        /// <summary>What ended it when it went back: alarms, the circuit breaker, or ECS's reason.</summary>
        public static string RollbackCause(EcsServiceDeployment d)
        {
            if (d.TriggeredAlarms.Length > 0) return "alarm " + string.Join(", ", d.TriggeredAlarms) + " fired";
            if (d.CircuitBreakerStatus == "TRIGGERED") return "the circuit breaker tripped (" + d.CircuitBreakerFailureCount + " of " + d.CircuitBreakerThreshold + " failed tasks)";
            return d.RollbackReason ?? d.StatusReason ?? "rolled back";
        }

        public static StagedVerdict Evaluate(EcsServiceDeployment d, WaitUntil until)
        {
            var id = d.ServiceDeploymentArn;
            switch (d.Status)
            {
                case "SUCCESSFUL":
                    if (d.RollbackReason != null || d.TriggeredAlarms.Length > 0 || d.CircuitBreakerStatus == "TRIGGERED")
                        return new StagedVerdict(StagedState.RolledBack, "Deployment " + id + " went back: " + RollbackCause(d) + ".");
                    if (until.Target == "Stable" && !IsSteady(d))
                        return new StagedVerdict(StagedState.InProgress, "Deployment " + id + " succeeded; waiting for the old revision's tasks to stop.");
                    return new StagedVerdict(StagedState.Succeeded, "Deployment " + id + " succeeded" + (d.TargetRevision is null ? "." : ": " + d.TargetRevision.RunningTaskCount + "/" + d.TargetRevision.RequestedTaskCount + " tasks of the new revision running."));
                case "ROLLBACK_SUCCESSFUL":
                    return new StagedVerdict(StagedState.RolledBack, "Deployment " + id + " was rolled back: " + RollbackCause(d) + ".");
                case "ROLLBACK_FAILED":
                    return new StagedVerdict(StagedState.Failed, "Deployment " + id + " failed and its rollback failed too: " + RollbackCause(d) + ".");
                case "STOPPED":
                    return new StagedVerdict(StagedState.Aborted, "Deployment " + id + " was stopped without a rollback" + (d.StatusReason is null ? "." : ": " + d.StatusReason + "."));
                case "ROLLBACK_REQUESTED":
                case "ROLLBACK_IN_PROGRESS":
                    return new StagedVerdict(StagedState.InProgress, "Deployment " + id + " is rolling back: " + RollbackCause(d) + ".");
                case "STOP_REQUESTED":
                    return new StagedVerdict(StagedState.InProgress, "Deployment " + id + " is stopping.");
            }

            if (until.IsStage && StageIndex(d.LifecycleStage) >= 0 && StageIndex(d.LifecycleStage) >= StageIndex(until.Target))
                return new StagedVerdict(StagedState.StageReached, "Deployment " + id + " reached " + d.LifecycleStage + ".");
            if (d.IsPaused)
            {
                var text = "Deployment " + id + " is paused at " + (d.LifecycleStage ?? "a lifecycle hook") + " (hook " + d.PausedHookId + ")"
                           + (d.PauseExpiresAt is DateTime e ? "; at " + e.ToString("u") + " ECS will " + (d.PauseTimeoutAction == "CONTINUE" ? "continue" : "roll back") : "") + ".";
                return new StagedVerdict(until.Target == "Paused" ? StagedState.Paused : StagedState.InProgress, text);
            }
            return new StagedVerdict(StagedState.InProgress, "Deployment " + id + ": " + (d.Status == "" ? "PENDING" : d.Status) + (d.LifecycleStage is null ? "" : ", " + d.LifecycleStage) + ".");
        }

        /// <summary>Only the new revision runs, at its requested count.</summary>
        public static bool IsSteady(EcsServiceDeployment d)
            => d.SourceRevisions.All(s => s.RunningTaskCount == 0 && s.PendingTaskCount == 0)
               && (d.TargetRevision is null || (d.TargetRevision.RunningTaskCount >= d.TargetRevision.RequestedTaskCount && d.TargetRevision.PendingTaskCount == 0));

        /// <summary>A pause hook ran out of time while followed.</summary>
        public static bool PauseExpired(EcsServiceDeployment d) => d.LifecycleHooks.Any(h => h.TargetType == "PAUSE" && h.Status == "TIMED_OUT");
    }
}
