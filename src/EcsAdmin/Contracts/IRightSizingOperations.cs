using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    internal sealed class RightSizingOptions
    {
        /// <summary>Clusters (null = every cluster; wildcards allowed) and their services (null = all).</summary>
        public List<HealthTarget> Targets { get; set; } = new List<HealthTarget>();
        /// <summary>How many days of CloudWatch data to read.</summary>
        public int Days { get; set; } = 14;
        /// <summary>Headroom above the maximum, as a fraction (0.2 = 20%).</summary>
        public double Headroom { get; set; } = 0.2;
        /// <summary>A replacement price table (JSON text) and where it came from; null = the shipped table.</summary>
        public string? PriceTableJson { get; set; }
        public string? PriceTableOrigin { get; set; }
        /// <summary>Write one EcsRightSizingSummary per cluster instead of one EcsRightSizing per service.</summary>
        public bool Summary { get; set; }
        /// <summary>Time source (tests pin it).</summary>
        public DateTime? Now { get; set; }
    }

    internal sealed class ResizeServiceOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Task-level CPU units (256 ... 16384).</summary>
        public int Cpu { get; set; }
        /// <summary>Task-level memory, MiB.</summary>
        public int Memory { get; set; }
    }

    /// <summary>Right-sizing and cost: size verdicts from CloudWatch peaks, and the resize Update-EcsService -Cpu/-Memory registers.</summary>
    internal interface IRightSizingOperations
    {
        /// <summary>Writes one EcsRightSizing per service matched by the targets (or one EcsRightSizingSummary per cluster).</summary>
        Task GetAsync(EcsSession session, RightSizingOptions options, OperationContext context);

        /// <summary>
        /// Registers a revision of the service's current task definition with the new task-level cpu/memory and
        /// returns its ARN; null when the current revision already has that size (nothing is registered).
        /// </summary>
        Task<string?> RegisterResizedAsync(EcsSession session, ResizeServiceOptions options, OperationContext context);
    }
}
