using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>What to check in one session: a cluster (name or wildcard; null = every cluster) and its services (null = all).</summary>
    internal sealed class HealthTarget
    {
        public string? Cluster { get; set; }
        public string[]? Services { get; set; }
    }

    internal sealed class ServiceHealthOptions
    {
        public List<HealthTarget> Targets { get; set; } = new List<HealthTarget>();
        /// <summary>The metric window and how far back stopped tasks count as recent.</summary>
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
        /// <summary>How many service events to keep per service.</summary>
        public int EventCount { get; set; } = 5;
        /// <summary>Time source (tests pin it).</summary>
        public DateTime? Now { get; set; }
        /// <summary>How many clusters are read at the same time (0: the engine's default); their requests share one bound.</summary>
        public int ClusterConcurrency { get; set; }
    }

    internal sealed class ServiceMetricOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Metric names, short (Cpu) or CloudWatch's (CPUUtilization); resolved by MetricNames.</summary>
        public string[] MetricNames { get; set; } = EcsAdmin.Validation.MetricNames.Default;
        /// <summary>The namespace; null: each metric's own (AWS/ECS or ECS/ContainerInsights).</summary>
        public string? Namespace { get; set; }
        public string[] Statistics { get; set; } = { "Average", "Maximum" };
        public int PeriodSec { get; set; } = 60;
        public DateTime StartTime { get; set; }
        public DateTime EndTime { get; set; }
    }

    internal sealed class NewServiceAlarmOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Cpu or Memory.</summary>
        public string Metric { get; set; } = "Cpu";
        public double Threshold { get; set; } = 80;
        public int EvaluationPeriods { get; set; } = 3;
        public int PeriodSec { get; set; } = 60;
        public string Statistic { get; set; } = "Average";
        public string[]? AlarmActions { get; set; }
        public string? Name { get; set; }
        public string? Description { get; set; }

        public string MetricName => EcsAdmin.Validation.MetricNames.Resolve(Metric, EcsAdmin.Validation.MetricNames.AwsEcs).Name;
        public string EffectiveName => !string.IsNullOrWhiteSpace(Name) ? Name!.Trim()
            : "EcsAdmin-" + Cluster + "-" + Service + "-" + (MetricName == "MemoryUtilization" ? "memory" : "cpu") + "-high";
    }

    internal sealed class GetServiceAlarmOptions
    {
        /// <summary>Cluster name; null = any.</summary>
        public string? Cluster { get; set; }
        /// <summary>Service name or wildcard; null = any.</summary>
        public string? Service { get; set; }
        /// <summary>Alarm name or wildcard; null = any.</summary>
        public string? Name { get; set; }
    }

    internal sealed class ServiceLogOptions
    {
        public string Cluster { get; set; } = "";
        /// <summary>The service whose containers' logs to read (or TaskId).</summary>
        public string? Service { get; set; }
        /// <summary>A task id or ARN whose logs to read.</summary>
        public string? TaskId { get; set; }
        public string[]? Containers { get; set; }
        public DateTime? Since { get; set; }
        public DateTime? Until { get; set; }
        public string? FilterPattern { get; set; }
        public bool Follow { get; set; }
        public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
        /// <summary>Stop after this many events (0 = no limit).</summary>
        public int MaxEvents { get; set; }
    }

    /// <summary>Service health verdicts, CloudWatch metrics and alarms, CloudWatch Logs.</summary>
    internal interface IObservabilityOperations
    {
        /// <summary>Writes one EcsServiceHealth per service matched by the targets, with the fewest requests the APIs allow.</summary>
        Task GetHealthAsync(EcsSession session, ServiceHealthOptions options, OperationContext context);
        /// <summary>Writes one EcsMetricPoint per data point and statistic.</summary>
        Task GetMetricAsync(EcsSession session, ServiceMetricOptions options, OperationContext context);
        Task NewAlarmAsync(EcsSession session, NewServiceAlarmOptions options, OperationContext context);
        Task GetAlarmAsync(EcsSession session, GetServiceAlarmOptions options, OperationContext context);
        /// <summary>Deletes the alarms (batched) and writes each deleted EcsServiceAlarm.</summary>
        /// <summary>Deletes alarms; those Application Auto Scaling owns only with <paramref name="force"/> (else an error each).</summary>
        Task RemoveAlarmAsync(EcsSession session, string[] alarmNames, bool force, OperationContext context);
        /// <summary>Writes EcsLogEvent objects; with Follow, polls until the context's token is cancelled.</summary>
        Task GetLogAsync(EcsSession session, ServiceLogOptions options, OperationContext context);
        /// <summary>Writes the names (strings) of the CloudWatch Logs groups starting with the prefix (all when null), one page at a time.</summary>
        Task GetLogGroupNamesAsync(EcsSession session, string? prefix, OperationContext context);
    }
}
