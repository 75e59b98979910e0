using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Models;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>
    /// The health verdict of one service, from what Get-EcsServiceHealth gathered. Pure: no I/O, no clock.
    /// Rules (the first level with a matching rule wins; every matching rule adds a reason):
    ///   Inactive   I1 the service status is not ACTIVE (DRAINING, INACTIVE).
    ///   Unhealthy  U1 desired &gt; 0 and running = 0.
    ///              U2 a deployment's rolloutState is FAILED.
    ///              U3 an alarm on the service's CPUUtilization or MemoryUtilization is in ALARM.
    ///   Deploying  P1 more than one deployment.
    ///              P2 the PRIMARY deployment's rolloutState is IN_PROGRESS.
    ///   Degraded   D1 running &lt; desired.
    ///              D2 a task failed within the window (a stopped task marked Failed, or a deployment's failedTasks &gt; 0).
    ///              D3 a target group reports unhealthy targets.
    ///              D4 CPU or memory maximum over the window is above 90 percent.
    ///              D5 another alarm on the service (not CPU/memory) is in ALARM.
    ///   Healthy    none of the above.
    /// </summary>
    internal static class HealthVerdict
    {
        public const double HighUtilizationPercent = 90.0;

        public static (string Status, string[] Reasons) Evaluate(EcsServiceHealth h)
        {
            var inactive = new List<string>();
            var unhealthy = new List<string>();
            var deploying = new List<string>();
            var degraded = new List<string>();

            // I1
            if (!string.Equals(h.ServiceStatus, "ACTIVE", StringComparison.OrdinalIgnoreCase))
                inactive.Add("Service status is " + (string.IsNullOrEmpty(h.ServiceStatus) ? "unknown" : h.ServiceStatus) + ", not ACTIVE.");

            // U1
            if (h.DesiredCount > 0 && h.RunningCount == 0)
                unhealthy.Add("No task is running (desired " + h.DesiredCount + ").");
            // U2
            foreach (var d in h.Deployments.Where(d => string.Equals(d.RolloutState, "FAILED", StringComparison.OrdinalIgnoreCase)))
                unhealthy.Add("Deployment " + d.Id + " failed" + (string.IsNullOrEmpty(d.RolloutStateReason) ? "." : ": " + d.RolloutStateReason));
            // U3 / D5
            foreach (var a in h.Alarms.Where(a => string.Equals(a.StateValue, "ALARM", StringComparison.OrdinalIgnoreCase)))
            {
                if (IsUtilization(a.MetricName)) unhealthy.Add("Alarm " + a.AlarmName + " on " + a.MetricName + " is in ALARM.");
                else degraded.Add("Alarm " + a.AlarmName + (a.MetricName is null ? "" : " on " + a.MetricName) + " is in ALARM.");
            }

            // P1
            if (h.Deployments.Length > 1)
                deploying.Add(h.Deployments.Length + " deployments are active (a rollout is under way).");
            // P2
            var primary = h.Deployments.FirstOrDefault(d => string.Equals(d.Status, "PRIMARY", StringComparison.OrdinalIgnoreCase));
            if (primary != null && string.Equals(primary.RolloutState, "IN_PROGRESS", StringComparison.OrdinalIgnoreCase))
                deploying.Add("The primary deployment " + primary.Id + " is IN_PROGRESS.");

            // D1
            if (h.RunningCount < h.DesiredCount && h.RunningCount > 0)
                degraded.Add(h.RunningCount + " of " + h.DesiredCount + " desired tasks are running.");
            // D2
            int failedStopped = h.StoppedTasks.Count(t => t.Failed);
            int failedInDeployments = h.Deployments.Sum(d => d.FailedTasks);
            if (failedStopped > 0)
                degraded.Add(failedStopped + " task(s) failed recently (" + string.Join("; ", h.StoppedTasks.Where(t => t.Failed).Take(3).Select(t => (t.StopCode ?? "?") + ": " + t.StoppedReason)) + ").");
            else if (failedInDeployments > 0)
                degraded.Add("Deployments report " + failedInDeployments + " failed task(s).");
            // D3
            int unhealthyTargets = h.TargetHealth.Where(t => t.State == "Checked").Sum(t => t.UnhealthyTargets);
            if (unhealthyTargets > 0)
                degraded.Add(unhealthyTargets + " load balancer target(s) are unhealthy.");
            // D4
            if (h.CpuMaximum > HighUtilizationPercent)
                degraded.Add("CPU maximum " + h.CpuMaximum.Value.ToString("0.#") + "% over the window is above " + HighUtilizationPercent + "%.");
            if (h.MemoryMaximum > HighUtilizationPercent)
                degraded.Add("Memory maximum " + h.MemoryMaximum.Value.ToString("0.#") + "% over the window is above " + HighUtilizationPercent + "%.");

            var reasons = inactive.Concat(unhealthy).Concat(deploying).Concat(degraded).ToArray();
            string status = inactive.Count > 0 ? EcsHealthStatus.Inactive
                : unhealthy.Count > 0 ? EcsHealthStatus.Unhealthy
                : deploying.Count > 0 ? EcsHealthStatus.Deploying
                : degraded.Count > 0 ? EcsHealthStatus.Degraded
                : EcsHealthStatus.Healthy;
            return (status, reasons);
        }

        /// <summary>True for a stopped task that counts as a failure.</summary>
        public static bool IsFailedStop(string? stopCode, IEnumerable<int?> exitCodes)
        {
            if (string.Equals(stopCode, "TaskFailedToStart", StringComparison.Ordinal) || string.Equals(stopCode, "EssentialContainerExited", StringComparison.Ordinal)) return true;
            if (string.Equals(stopCode, "UserInitiated", StringComparison.Ordinal)) return false;
            return exitCodes.Any(c => c.HasValue && c.Value != 0);
        }

        private static bool IsUtilization(string? metric)
            => string.Equals(metric, "CPUUtilization", StringComparison.OrdinalIgnoreCase)
               || string.Equals(metric, "MemoryUtilization", StringComparison.OrdinalIgnoreCase);
    }
}
