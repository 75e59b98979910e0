using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>Where a followed deployment stands after one look at the service.</summary>
    internal enum DeploymentState
    {
        InProgress,
        /// <summary>Our deployment failed and the circuit breaker is about to roll back (no replacement yet).</summary>
        FailedAwaitingRollback,
        Succeeded,
        RolledBack,
        Failed,
    }

    internal sealed class DeploymentVerdict
    {
        public DeploymentVerdict(DeploymentState state, string reason, string? rolledBackTo = null)
        {
            State = state;
            Reason = reason;
            RolledBackTo = rolledBackTo;
        }

        public DeploymentState State { get; }
        public string Reason { get; }
        public string? RolledBackTo { get; }
        public bool IsFinal => State == DeploymentState.Succeeded || State == DeploymentState.RolledBack || State == DeploymentState.Failed;

        /// <summary>
        /// The outcome when the watch ends on this verdict: a failure still waiting for its rollback counts as
        /// Failed, and a deployment still in progress when the time is up as TimedOut.
        /// </summary>
        public EcsDeploymentOutcome Outcome => State switch
        {
            DeploymentState.Succeeded => EcsDeploymentOutcome.Succeeded,
            DeploymentState.RolledBack => EcsDeploymentOutcome.RolledBack,
            DeploymentState.Failed => EcsDeploymentOutcome.Failed,
            DeploymentState.FailedAwaitingRollback => EcsDeploymentOutcome.Failed,
            _ => EcsDeploymentOutcome.TimedOut,
        };
    }

    /// <summary>What the watcher knows besides the current DescribeServices reply.</summary>
    internal sealed class DeploymentFacts
    {
        public string DeploymentId { get; set; } = "";
        /// <summary>The task definition our deployment rolls out (when known).</summary>
        public string? TaskDefinition { get; set; }
        /// <summary>The task definition the service ran before our deployment (when known).</summary>
        public string? PreviousTaskDefinition { get; set; }
        /// <summary>A service event after our start said the service is rolling back (circuit breaker).</summary>
        public bool RollbackEventSeen { get; set; }
        /// <summary>Our deployment has been seen in a DescribeServices reply at least once.</summary>
        public bool SeenOnce { get; set; }
        /// <summary>Polls in a row that did not list our deployment.</summary>
        public int MissingPolls { get; set; }
    }

    /// <summary>
    /// The pure outcome rules of a deployment. A circuit-breaker rollback is never a success: our deployment
    /// FAILED, or replaced by another PRIMARY after a rollback event or with the previous task definition,
    /// or gone after a rollback event, is RolledBack; replaced otherwise is Failed (superseded).
    /// </summary>
    internal static class DeploymentRules
    {
        public const string Primary = "PRIMARY";

        /// <summary>How many polls may miss our deployment (eventual consistency) before it counts as gone.</summary>
        public const int MissingPollsAllowed = 3;

        /// <summary>
        /// The ErrorId a watch that ended in <paramref name="outcome"/> reports, or null when the outcome is what the
        /// caller waited for. Every outcome but success (and the states a caller asked to reach) is an error, a
        /// timeout included, so that -ErrorAction Stop halts a runbook whose deployment did not finish.
        /// </summary>
        public static string? ErrorIdFor(EcsDeploymentOutcome outcome, EcsDeploymentOutcome? expected = null)
        {
            if (expected == outcome) return null;
            return outcome switch
            {
                EcsDeploymentOutcome.RolledBack => "DeploymentRolledBack",
                EcsDeploymentOutcome.Failed => "DeploymentFailed",
                EcsDeploymentOutcome.Aborted => "DeploymentAborted",
                EcsDeploymentOutcome.TimedOut => "DeploymentTimedOut",
                _ => null,
            };
        }

        public static bool IsRollbackEvent(string? message)
        {
            if (string.IsNullOrEmpty(message)) return false;
            var m = message!.ToLowerInvariant();
            return m.Contains("rolling back") || m.Contains("rolled back") || m.Contains("rollback") || (m.Contains("circuit breaker") && m.Contains("fail"));
        }

        public static DeploymentVerdict Evaluate(Ecs.Service service, DeploymentFacts facts)
        {
            var status = service.Status ?? "";
            var deployments = service.Deployments ?? new List<Ecs.Deployment>();
            var ours = deployments.FirstOrDefault(d => d.Id == facts.DeploymentId);
            var primary = deployments.FirstOrDefault(d => d.Status == Primary);
            bool rollbackOn = service.DeploymentConfiguration?.DeploymentCircuitBreaker?.Rollback == true
                              && service.DeploymentConfiguration?.DeploymentCircuitBreaker?.Enable == true;

            if (ours is null)
            {
                var other = primary?.TaskDefinition;
                if (facts.RollbackEventSeen)
                    return new DeploymentVerdict(DeploymentState.RolledBack, "Deployment " + facts.DeploymentId + " is gone and the service rolled back" + (other is null ? "." : " to " + other + "."), other);
                if (other != null && facts.PreviousTaskDefinition != null && other == facts.PreviousTaskDefinition && other != facts.TaskDefinition)
                    return new DeploymentVerdict(DeploymentState.RolledBack, "Deployment " + facts.DeploymentId + " is gone and the service runs the previous task definition " + other + " again.", other);
                if (status == "INACTIVE" || status == "DRAINING")
                    return new DeploymentVerdict(DeploymentState.Failed, "The service is " + status + " (deleted) while deployment " + facts.DeploymentId + " was followed.");
                if (!facts.SeenOnce && facts.MissingPolls < MissingPollsAllowed)
                    return new DeploymentVerdict(DeploymentState.InProgress, "Deployment " + facts.DeploymentId + " is not listed yet.");
                return new DeploymentVerdict(DeploymentState.Failed, "Deployment " + facts.DeploymentId + " is no longer listed" + (primary is null ? "." : "; the PRIMARY deployment is now " + primary.Id + " (" + primary.TaskDefinition + ")."));
            }

            if (status == "INACTIVE" || status == "DRAINING")
                return new DeploymentVerdict(DeploymentState.Failed, "The service is " + status + " (deleted) while deployment " + facts.DeploymentId + " was followed.");

            bool failed = string.Equals(ours.RolloutState, "FAILED", StringComparison.OrdinalIgnoreCase);
            if (ours.Status != Primary)
            {
                // Replaced by another deployment.
                var to = primary?.TaskDefinition;
                if (failed || facts.RollbackEventSeen
                    || (to != null && facts.PreviousTaskDefinition != null && to == facts.PreviousTaskDefinition && to != ours.TaskDefinition))
                    return new DeploymentVerdict(DeploymentState.RolledBack,
                        "Deployment " + ours.Id + " failed (" + (ours.RolloutStateReason ?? "circuit breaker") + ") and the service rolled back" + (to is null ? "." : " to " + to + "."), to);
                return new DeploymentVerdict(DeploymentState.Failed,
                    "Deployment " + ours.Id + " was superseded by deployment " + (primary?.Id ?? "(unknown)") + (to is null ? "" : " (" + to + ")") + " before it completed.");
            }

            if (failed)
            {
                if (facts.RollbackEventSeen)
                    return new DeploymentVerdict(DeploymentState.RolledBack, "Deployment " + ours.Id + " failed (" + ours.RolloutStateReason + ") and the service is rolling back.", facts.PreviousTaskDefinition);
                if (rollbackOn)
                    return new DeploymentVerdict(DeploymentState.FailedAwaitingRollback, "Deployment " + ours.Id + " failed (" + ours.RolloutStateReason + "); waiting for the circuit breaker to roll back.");
                return new DeploymentVerdict(DeploymentState.Failed, "Deployment " + ours.Id + " failed: " + (ours.RolloutStateReason ?? "rollout state FAILED") + ".");
            }

            // COMPLETED stays set when a finished deployment is scaled later: success also needs the tasks.
            if (string.Equals(ours.RolloutState, "COMPLETED", StringComparison.OrdinalIgnoreCase)
                && (ours.RunningCount ?? 0) >= (ours.DesiredCount ?? 0) && (ours.PendingCount ?? 0) <= 0)
                return new DeploymentVerdict(DeploymentState.Succeeded, "Deployment " + ours.Id + " completed: " + (ours.RunningCount ?? 0) + "/" + (ours.DesiredCount ?? 0) + " running.");

            if (string.IsNullOrEmpty(ours.RolloutState))
            {
                // No rollout state (circuit breaker off on older APIs): steady when alone and at its count.
                if (deployments.Count == 1 && (ours.RunningCount ?? 0) == (ours.DesiredCount ?? 0) && (ours.PendingCount ?? 0) == 0)
                    return new DeploymentVerdict(DeploymentState.Succeeded, "Deployment " + ours.Id + " is the only deployment with " + (ours.RunningCount ?? 0) + "/" + (ours.DesiredCount ?? 0) + " running.");
            }
            return new DeploymentVerdict(DeploymentState.InProgress, "Deployment " + ours.Id + ": " + (ours.RunningCount ?? 0) + "/" + (ours.DesiredCount ?? 0) + " running, " + (ours.PendingCount ?? 0) + " pending.");
        }
    }
}
