using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>A target-tracking policy on a custom CloudWatch metric (one -CustomMetric hashtable).</summary>
    internal sealed class ScalingCustomMetricSpec
    {
        /// <summary>Suffix of the managed policy name (EcsAdmin-Custom-&lt;Name&gt;); the metric name when left out.</summary>
        public string? Name { get; set; }
        public string Namespace { get; set; } = "";
        public string MetricName { get; set; } = "";
        public Dictionary<string, string> Dimensions { get; set; } = new Dictionary<string, string>();
        /// <summary>Average (default), Minimum, Maximum, SampleCount or Sum.</summary>
        public string Statistic { get; set; } = "Average";
        public string? Unit { get; set; }
        public double TargetValue { get; set; }
    }

    /// <summary>A scheduled action as the caller wants it (one -ScheduledAction hashtable).</summary>
    internal sealed class ScheduledActionSpec
    {
        /// <summary>The name without the EcsAdmin- prefix (added when missing).</summary>
        public string Name { get; set; } = "";
        /// <summary>cron(m h dom mon dow year), rate(N unit) or at(yyyy-mm-ddThh:mm:ss).</summary>
        public string Schedule { get; set; } = "";
        public string? Timezone { get; set; }
        public int? MinCapacity { get; set; }
        public int? MaxCapacity { get; set; }
    }

    /// <summary>The whole auto scaling a service should have (Set-EcsScaling): what EcsAdmin manages is made to match.</summary>
    internal sealed class SetScalingOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public int MinCapacity { get; set; }
        public int MaxCapacity { get; set; }
        public double? TargetCpuPercent { get; set; }
        public double? TargetMemoryPercent { get; set; }
        public double? TargetRequestsPerTarget { get; set; }
        /// <summary>app/&lt;lb&gt;/&lt;id&gt;/targetgroup/&lt;tg&gt;/&lt;id&gt;, required with TargetRequestsPerTarget.</summary>
        public string? ResourceLabel { get; set; }
        public ScalingCustomMetricSpec[]? CustomMetrics { get; set; }
        /// <summary>Seconds; null means the Application Auto Scaling default for ECS (300).</summary>
        public int? ScaleOutCooldownSec { get; set; }
        public int? ScaleInCooldownSec { get; set; }
        public bool DisableScaleIn { get; set; }
        public ScheduledActionSpec[]? ScheduledActions { get; set; }
    }

    /// <summary>Which kinds of scaling Suspend-EcsScaling / Resume-EcsScaling act on (none selected = all three).</summary>
    internal sealed class SuspendScalingOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public bool DynamicIn { get; set; }
        public bool DynamicOut { get; set; }
        public bool Scheduled { get; set; }
        /// <summary>True to suspend, false to resume.</summary>
        public bool Suspend { get; set; }
    }

    /// <summary>
    /// The changes that make a service's scaling match a SetScalingOptions: computed by PlanSetAsync (reads
    /// only), confirmed change by change by the cmdlet (ShouldProcess), sent by ApplyAsync.
    /// </summary>
    internal sealed class ScalingPlan
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public string ResourceId { get; set; } = "";
        public List<EcsScalingChange> Changes { get; set; } = new List<EcsScalingChange>();
        /// <summary>The engine's requests behind the changes (opaque to the module).</summary>
        public object? EngineState { get; set; }
    }

    /// <summary>Application Auto Scaling for services. Every method writes its results through the context.</summary>
    internal interface IScalingOperations
    {
        /// <summary>Validates, checks that the service exists, reads the current scaling and computes the changes. Sends nothing that changes anything.</summary>
        Task<ScalingPlan> PlanSetAsync(EcsSession session, SetScalingOptions options, OperationContext context);

        /// <summary>Sends the approved changes of a plan in order, then writes the resulting EcsScalingConfiguration (or, with outputChanges, the plan's EcsScalingChange objects).</summary>
        Task ApplyAsync(EcsSession session, ScalingPlan plan, IReadOnlyCollection<EcsScalingChange> approved, bool outputChanges, OperationContext context);

        /// <summary>The scaling of the named services, or of every service of the cluster that has a scalable target when services is null or empty.</summary>
        Task GetAsync(EcsSession session, string cluster, string[]? services, OperationContext context);

        /// <summary>Deregisters the service's scalable target (AWS deletes its policies and scheduled actions) and writes the configuration as it was.</summary>
        Task RemoveAsync(EcsSession session, string cluster, string service, OperationContext context);

        /// <summary>Suspends or resumes the chosen kinds of scaling; sends nothing when they already are in that state.</summary>
        Task SetSuspendedAsync(EcsSession session, SuspendScalingOptions options, OperationContext context);
    }
}
