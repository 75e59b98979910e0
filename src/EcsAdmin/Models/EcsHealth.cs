using System;
using System.Linq;

namespace EcsAdmin.Models
{
    /// <summary>The health verdicts of Get-EcsServiceHealth, worst first in the order the rules are applied.</summary>
    public static class EcsHealthStatus
    {
        public const string Inactive = "Inactive";
        public const string Unhealthy = "Unhealthy";
        public const string Deploying = "Deploying";
        public const string Degraded = "Degraded";
        public const string Healthy = "Healthy";
    }

    /// <summary>One service's health: counts, deployments, events, stopped tasks, targets, metrics, alarms and the verdict.</summary>
    public sealed class EcsServiceHealth
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Healthy, Degraded, Unhealthy, Deploying or Inactive (see Get-EcsServiceHealth's help for the rules).</summary>
        public string Status { get; set; } = EcsHealthStatus.Healthy;
        /// <summary>Why the verdict is what it is: one line per rule that matched.</summary>
        public EcsList<string> Reasons { get; set; } = new EcsList<string>();
        /// <summary>The ECS service status: ACTIVE, DRAINING or INACTIVE.</summary>
        public string ServiceStatus { get; set; } = "";
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        public string? TaskDefinition { get; set; }
        public EcsList<EcsDeploymentState> Deployments { get; set; } = new EcsList<EcsDeploymentState>();
        public EcsList<EcsServiceEventEntry> LatestEvents { get; set; } = new EcsList<EcsServiceEventEntry>();
        public EcsList<EcsStoppedTask> StoppedTasks { get; set; } = new EcsList<EcsStoppedTask>();
        public EcsList<EcsTargetHealth> TargetHealth { get; set; } = new EcsList<EcsTargetHealth>();
        /// <summary>Average CPUUtilization (percent) over the window; null when CloudWatch has no data.</summary>
        public double? CpuAverage { get; set; }
        public double? CpuMaximum { get; set; }
        public double? MemoryAverage { get; set; }
        public double? MemoryMaximum { get; set; }
        public TimeSpan Window { get; set; }
        public EcsList<EcsAlarmState> Alarms { get; set; } = new EcsList<EcsAlarmState>();
        public DateTime CheckedAt { get; set; }

        public override string ToString() => Cluster + "/" + Service + ": " + Status;
    }

    /// <summary>One deployment of a service as the health check saw it.</summary>
    public sealed class EcsDeploymentState
    {
        public string Id { get; set; } = "";
        /// <summary>PRIMARY, ACTIVE or INACTIVE.</summary>
        public string Status { get; set; } = "";
        /// <summary>COMPLETED, FAILED or IN_PROGRESS.</summary>
        public string? RolloutState { get; set; }
        public string? RolloutStateReason { get; set; }
        public string? TaskDefinition { get; set; }
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }
        public int PendingCount { get; set; }
        public int FailedTasks { get; set; }
        public DateTime? CreatedAt { get; set; }
        public DateTime? UpdatedAt { get; set; }

        public override string ToString() => Status + " " + (RolloutState ?? "") + " " + RunningCount + "/" + DesiredCount + (FailedTasks > 0 ? " failed " + FailedTasks : "");
    }

    /// <summary>A service event message.</summary>
    public sealed class EcsServiceEventEntry
    {
        public DateTime? CreatedAt { get; set; }
        public string Message { get; set; } = "";
        public override string ToString() => (CreatedAt?.ToString("u") ?? "") + " " + Message;
    }

    /// <summary>A recently stopped task of a service.</summary>
    public sealed class EcsStoppedTask
    {
        public string TaskId { get; set; } = "";
        public string TaskArn { get; set; } = "";
        /// <summary>TaskFailedToStart, EssentialContainerExited, UserInitiated, ServiceSchedulerInitiated, SpotInterruption, TerminationNotice.</summary>
        public string? StopCode { get; set; }
        public string? StoppedReason { get; set; }
        public DateTime? StoppedAt { get; set; }
        public string? TaskDefinition { get; set; }
        /// <summary>Exit codes of the containers that reported one, "name=code".</summary>
        public EcsList<string> ContainerExitCodes { get; set; } = new EcsList<string>();
        /// <summary>True when the stop was a failure (failed to start, an essential container exited non-zero, a container exited non-zero).</summary>
        public bool Failed { get; set; }

        public override string ToString() => TaskId + " " + (StopCode ?? "") + ": " + (StoppedReason ?? "");
    }

    /// <summary>Target health of one of the service's target groups (or why it was not checked).</summary>
    public sealed class EcsTargetHealth
    {
        public string TargetGroupArn { get; set; } = "";
        public string? ContainerName { get; set; }
        public int? ContainerPort { get; set; }
        /// <summary>Checked or NotChecked.</summary>
        public string State { get; set; } = "NotChecked";
        public int HealthyTargets { get; set; }
        public int UnhealthyTargets { get; set; }
        public string? Reason { get; set; }

        public override string ToString() => TargetGroupArn + ": " + State + (State == "Checked" ? " " + HealthyTargets + " healthy, " + UnhealthyTargets + " unhealthy" : "");
    }

    /// <summary>An alarm on one of the service's metrics and its state.</summary>
    public sealed class EcsAlarmState
    {
        public string AlarmName { get; set; } = "";
        /// <summary>OK, ALARM or INSUFFICIENT_DATA.</summary>
        public string StateValue { get; set; } = "";
        public string? MetricName { get; set; }
        public string? Namespace { get; set; }
        public string? StateReason { get; set; }

        public override string ToString() => AlarmName + "=" + StateValue;
    }

    /// <summary>One CloudWatch data point of a service metric.</summary>
    public sealed class EcsMetricPoint
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public string Namespace { get; set; } = "";
        public string MetricName { get; set; } = "";
        public DateTime Timestamp { get; set; }
        /// <summary>The first statistic asked for (Average by default).</summary>
        public string Statistic { get; set; } = "";
        /// <summary>The value of <see cref="Statistic"/>.</summary>
        public double Value { get; set; }
        public double? Average { get; set; }
        public double? Maximum { get; set; }
        public double? Minimum { get; set; }
        public double? Sum { get; set; }
        public double? SampleCount { get; set; }
        /// <summary>Every statistic asked for (percentiles such as p99 included), by name.</summary>
        public EcsStatisticValues Statistics { get; set; } = new EcsStatisticValues();
        public string Unit { get; set; } = "";

        public override string ToString() => Timestamp.ToString("u") + " " + MetricName + " " + Statistics;
    }

    /// <summary>Statistic name to value, in the order asked for; reads as "Average=12.5; Maximum=40" in text and CSV.</summary>
    public sealed class EcsStatisticValues : System.Collections.Generic.Dictionary<string, double>
    {
        public EcsStatisticValues() : base(StringComparer.OrdinalIgnoreCase) { }

        public override string ToString()
            => string.Join("; ", this.Select(kv => kv.Key + "=" + kv.Value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>A CloudWatch metric alarm on a service (ClusterName/ServiceName dimensions).</summary>
    public sealed class EcsServiceAlarm
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public string AlarmName { get; set; } = "";
        public string? AlarmArn { get; set; }
        public string Namespace { get; set; } = "";
        public string MetricName { get; set; } = "";
        public string? Statistic { get; set; }
        public string? ComparisonOperator { get; set; }
        public double? Threshold { get; set; }
        public int? PeriodSec { get; set; }
        public int? EvaluationPeriods { get; set; }
        /// <summary>OK, ALARM or INSUFFICIENT_DATA.</summary>
        public string StateValue { get; set; } = "";
        public string? StateReason { get; set; }
        public DateTime? StateUpdatedTimestamp { get; set; }
        public EcsList<string> AlarmActions { get; set; } = new EcsList<string>();
        /// <summary>
        /// What owns the alarm: "ApplicationAutoScaling" for the alarms of target tracking policies (TargetTracking-...)
        /// and alarms whose action is a scaling policy; empty for the user's own. Remove-EcsServiceAlarm keeps managed
        /// alarms unless -Force.
        /// </summary>
        public string? ManagedBy { get; set; }
        /// <summary>True when a service (Application Auto Scaling) owns the alarm.</summary>
        public bool IsManaged => !string.IsNullOrEmpty(ManagedBy);

        public override string ToString() => AlarmName;
    }

    /// <summary>One container log event from CloudWatch Logs.</summary>
    public sealed class EcsLogEvent
    {
        public DateTime Timestamp { get; set; }
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public string TaskId { get; set; } = "";
        public string Container { get; set; } = "";
        public string Message { get; set; } = "";
        public string LogStream { get; set; } = "";
        public string LogGroup { get; set; } = "";
        public string EventId { get; set; } = "";

        public override string ToString() => Timestamp.ToString("u") + " [" + Container + "/" + TaskId + "] " + Message;
    }
}
