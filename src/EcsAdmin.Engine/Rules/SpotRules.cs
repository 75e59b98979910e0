using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>What the Spot rule needs to know of one service.</summary>
    public sealed class SpotInput
    {
        public int DesiredCount { get; set; }
        /// <summary>ARM64 or WINDOWS_* tasks cannot run on Fargate Spot.</summary>
        public string? CpuArchitecture { get; set; }
        public string? OperatingSystemFamily { get; set; }
        /// <summary>Names of task-definition volumes that keep data beyond a task (EFS, EBS at launch, Docker volumes, FSx).</summary>
        public IReadOnlyList<string> PersistentVolumes { get; set; } = Array.Empty<string>();
        /// <summary>Stopped tasks of the service with stop code SpotInterruption.</summary>
        public int Interruptions { get; set; }
        public CapacityMix Mix { get; set; } = new CapacityMix(0, 0, "");
    }

    /// <summary>
    /// Fargate Spot suitability: Spot tasks get a two-minute warning and stop, so a service fits when its
    /// tasks are interchangeable replicas (no volume that keeps state), it runs at least two of them (one
    /// interruption never takes it down), it runs Linux on x86_64 (Fargate Spot offers nothing else), and its
    /// interruption history is not already heavy (fewer SpotInterruption stops than <see cref="MaxInterruptions"/>).
    /// </summary>
    public static class SpotRules
    {
        /// <summary>This many or more SpotInterruption stops among the listed stopped tasks make Spot a poor fit.</summary>
        public const int MaxInterruptions = 3;

        public static (bool Suitable, string Reason) Evaluate(SpotInput s)
        {
            if (string.Equals(s.CpuArchitecture, "ARM64", StringComparison.OrdinalIgnoreCase))
                return (false, "ARM64 tasks cannot run on Fargate Spot.");
            if (!string.IsNullOrEmpty(s.OperatingSystemFamily) && !string.Equals(s.OperatingSystemFamily, "LINUX", StringComparison.OrdinalIgnoreCase))
                return (false, s.OperatingSystemFamily + " tasks cannot run on Fargate Spot.");
            if (s.DesiredCount < 2)
                return (false, "Desired count " + s.DesiredCount + ": one interruption would stop the service; Spot needs 2 or more replicas.");
            if (s.PersistentVolumes.Count > 0)
                return (false, "The tasks keep state in volume(s) " + string.Join(", ", s.PersistentVolumes) + "; an interruption would cut them off mid-write.");
            if (s.Interruptions >= MaxInterruptions)
                return (false, s.Interruptions + " recent tasks were stopped by SpotInterruption: Spot capacity is scarce for this service.");
            var history = s.Interruptions == 0 ? "no SpotInterruption stops" : s.Interruptions + " SpotInterruption stop(s)";
            if (s.Mix.OnDemandTasks <= 1 && s.Mix.SpotTasks > 0)
                return (true, "Already on FARGATE_SPOT (" + s.Mix.Description + "), " + history + ".");
            return (true, s.DesiredCount + " stateless replicas, Linux x86_64, " + history + ".");
        }
    }
}
