using System;

namespace EcsAdmin.Models
{
    /// <summary>What Get-EcsRightSizing concludes about a service's task size.</summary>
    public enum EcsRightSizingVerdict
    {
        /// <summary>The peaks with headroom fit a smaller (cheaper) size.</summary>
        OverProvisioned,
        /// <summary>The current size is the smallest that holds the peaks with headroom.</summary>
        Right,
        /// <summary>The peaks with headroom do not fit the current size (CPU throttling, or memory close to the limit).</summary>
        UnderProvisioned,
        /// <summary>CloudWatch has too little data for the window to judge; nothing is guessed.</summary>
        InsufficientData,
        /// <summary>Not a Fargate service with a task-level size (EC2 launch type or capacity provider).</summary>
        NotApplicable,
    }

    /// <summary>What to do about it, and which cmdlet takes the object from the pipeline.</summary>
    public enum EcsRightSizingAction
    {
        /// <summary>Nothing to change.</summary>
        None,
        /// <summary>Change the task size: pipe into Update-EcsService (RecommendedCpu/RecommendedMemory bind to -Cpu/-Memory).</summary>
        Resize,
        /// <summary>Keep the size and scale out at peaks: pipe into Set-EcsScaling (MinCapacity, MaxCapacity, TargetCpuPercent bind).</summary>
        Scale,
    }

    /// <summary>
    /// One service's right-sizing: utilisation over the window as absolute vCPU and MiB, the smallest Fargate size
    /// that holds the peaks with headroom, the verdict and reason, monthly cost now and after, and Spot suitability.
    /// Pipes into Update-EcsService (Action Resize) and Set-EcsScaling (Action Scale).
    /// </summary>
    public sealed class EcsRightSizing
    {
        public string Region { get; set; } = "";
        /// <summary>The cluster's name (pipes into -Cluster).</summary>
        public string Cluster { get; set; } = "";
        /// <summary>The service's name (pipes into -Service / -Name).</summary>
        public string Service { get; set; } = "";
        public string? TaskDefinition { get; set; }
        public int DesiredCount { get; set; }
        public int RunningCount { get; set; }

        public EcsRightSizingVerdict Verdict { get; set; }
        public EcsRightSizingAction Action { get; set; }
        /// <summary>Why: the measured peaks, the headroom and the size they fit.</summary>
        public string Reason { get; set; } = "";

        /// <summary>The window read, in days.</summary>
        public int Days { get; set; }
        /// <summary>The headroom above the maximum, in percent.</summary>
        public int Headroom { get; set; }
        /// <summary>The share of the window with CloudWatch data (0 to 1), the lower of CPU and memory.</summary>
        public double DataCoverage { get; set; }
        /// <summary>The metric period in seconds (each value is the maximum within one period).</summary>
        public int PeriodSec { get; set; }
        /// <summary>Which metrics the verdict rests on: AWS/ECS service utilisation, or Container Insights' busiest task.</summary>
        public string MetricSource { get; set; } = "";

        /// <summary>Task-level CPU units now (1024 = 1 vCPU).</summary>
        public int? CurrentCpu { get; set; }
        /// <summary>Task-level memory now, MiB.</summary>
        public int? CurrentMemory { get; set; }
        /// <summary>95th percentile of the per-period maximum CPU, in vCPU.</summary>
        public double? CpuP95 { get; set; }
        /// <summary>Maximum CPU in the window, in vCPU.</summary>
        public double? CpuMax { get; set; }
        /// <summary>95th percentile of the per-period maximum memory, in MiB.</summary>
        public double? MemoryP95 { get; set; }
        /// <summary>Maximum memory in the window, in MiB.</summary>
        public double? MemoryMax { get; set; }

        /// <summary>The CPU units to resize to (set only when Action is Resize; binds to Update-EcsService -Cpu).</summary>
        public int? RecommendedCpu { get; set; }
        /// <summary>The memory in MiB to resize to (set only when Action is Resize; binds to Update-EcsService -Memory).</summary>
        public int? RecommendedMemory { get; set; }

        /// <summary>Scaling suggestion (set only when Action is Scale; binds to Set-EcsScaling).</summary>
        public int? MinCapacity { get; set; }
        public int? MaxCapacity { get; set; }
        public double? TargetCpuPercent { get; set; }

        /// <summary>How the tasks split between FARGATE and FARGATE_SPOT, e.g. "FARGATE 1 + FARGATE_SPOT 3".</summary>
        public string CapacityMix { get; set; } = "";
        public string Currency { get; set; } = "USD";
        /// <summary>Monthly cost now with every task on demand.</summary>
        public double? MonthlyCostOnDemand { get; set; }
        /// <summary>Monthly cost now with the service's capacity-provider mix.</summary>
        public double? MonthlyCost { get; set; }
        /// <summary>Monthly cost after the recommendation, every task on demand.</summary>
        public double? RecommendedMonthlyCostOnDemand { get; set; }
        /// <summary>Monthly cost after the recommendation with the service's capacity-provider mix.</summary>
        public double? RecommendedMonthlyCost { get; set; }
        /// <summary>MonthlyCost - RecommendedMonthlyCost (negative when the service needs more).</summary>
        public double? MonthlySaving { get; set; }

        /// <summary>Whether the service looks fit for Fargate Spot (stateless replicas, 2 or more tasks, few interruptions).</summary>
        public bool SpotSuitable { get; set; }
        public string SpotReason { get; set; } = "";
        /// <summary>Stopped tasks of the service with stop code SpotInterruption among those ECS still lists.</summary>
        public int SpotInterruptions { get; set; }
        /// <summary>The further monthly saving at the recommended size if one task stayed on FARGATE and the rest ran on FARGATE_SPOT.</summary>
        public double? SpotMonthlySaving { get; set; }

        /// <summary>The price table's date (asOf) and origin ("shipped" or the -PriceTable path).</summary>
        public string PriceTable { get; set; } = "";
        public DateTime CheckedAt { get; set; }

        /// <summary>The current size as text, e.g. "1 vCPU / 2048 MiB".</summary>
        public string CurrentSize => SizeText(CurrentCpu, CurrentMemory);
        /// <summary>The recommended size as text, or "" when there is none.</summary>
        public string RecommendedSize => SizeText(RecommendedCpu, RecommendedMemory);

        internal static string SizeText(int? cpu, int? memory)
            => cpu is int c && memory is int m
                ? (c / 1024.0).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " vCPU / " + m + " MiB"
                : "";

        public override string ToString() => Cluster + "/" + Service + ": " + Verdict;
    }

    /// <summary>One cluster's right-sizing totals (Get-EcsRightSizing -Summary).</summary>
    public sealed class EcsRightSizingSummary
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public int Services { get; set; }
        public int OverProvisioned { get; set; }
        public int Right { get; set; }
        public int UnderProvisioned { get; set; }
        /// <summary>Services without enough data, or not on Fargate.</summary>
        public int NotJudged { get; set; }
        public string Currency { get; set; } = "USD";
        /// <summary>Sum of the services' monthly cost now (those with a price).</summary>
        public double MonthlyCost { get; set; }
        /// <summary>Sum of the services' monthly cost after the recommendations.</summary>
        public double RecommendedMonthlyCost { get; set; }
        /// <summary>MonthlyCost - RecommendedMonthlyCost.</summary>
        public double MonthlySaving { get; set; }
        /// <summary>Sum of the Spot savings of the Spot-suitable services, at the recommended sizes.</summary>
        public double SpotMonthlySaving { get; set; }
        public string PriceTable { get; set; } = "";

        public override string ToString() => Cluster + ": saving " + MonthlySaving + " " + Currency + "/month";
    }
}
