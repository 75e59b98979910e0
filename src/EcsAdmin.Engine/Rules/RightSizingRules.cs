using System;
using System.Collections.Generic;
using System.Globalization;
using EcsAdmin.Models;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>What the right-sizing rules need to know of one service.</summary>
    public sealed class RightSizingInput
    {
        public FargateSize Current { get; set; }
        public int DesiredCount { get; set; }
        /// <summary>True when Application Auto Scaling already scales the service.</summary>
        public bool HasAutoScaling { get; set; }
        /// <summary>CPUUtilization (percent of the task's CPU), per-period maxima.</summary>
        public UtilizationSummary Cpu { get; set; } = new UtilizationSummary(0, null, null, 0);
        /// <summary>MemoryUtilization (percent of the task's memory), per-period maxima.</summary>
        public UtilizationSummary Memory { get; set; } = new UtilizationSummary(0, null, null, 0);
        /// <summary>Headroom above the maximum as a fraction (0.2 = 20%).</summary>
        public double Headroom { get; set; } = 0.2;
        public int Days { get; set; } = 14;
    }

    /// <summary>The rules' conclusion for one service.</summary>
    public sealed class RightSizingDecision
    {
        public EcsRightSizingVerdict Verdict { get; set; }
        public EcsRightSizingAction Action { get; set; }
        public string Reason { get; set; } = "";
        /// <summary>The smallest size that holds the peaks with headroom (null when there is no judgement or no such size).</summary>
        public FargateSize? Fits { get; set; }
        public double? CpuP95 { get; set; }
        public double? CpuMax { get; set; }
        public double? MemoryP95 { get; set; }
        public double? MemoryMax { get; set; }
        public int? MinCapacity { get; set; }
        public int? MaxCapacity { get; set; }
        public double? TargetCpuPercent { get; set; }
    }

    /// <summary>
    /// Right-sizing verdicts. Utilisation percentages become absolute vCPU and MiB of the current size; the need is
    /// the maximum plus headroom; the recommendation is the smallest Fargate size that holds the need
    /// (<see cref="FargateSizePicker"/>).
    ///   - Data covering less than <see cref="MinimumCoverage"/> of the window: InsufficientData (nothing is guessed).
    ///   - The need exceeds the current CPU or memory: UnderProvisioned. When only CPU is short, the p95 with headroom
    ///     still fits, and the service has no auto scaling, the answer is to scale out at peaks (Action Scale),
    ///     not a bigger size; likewise when even the largest Fargate size is too small for the CPU.
    ///   - The smallest size that holds the need is the current one: Right.
    ///   - Otherwise (a smaller size holds it): OverProvisioned, Action Resize.
    /// </summary>
    public static class RightSizingRules
    {
        /// <summary>The share of the window that must have data before a verdict is given.</summary>
        public const double MinimumCoverage = 0.5;

        public static RightSizingDecision Evaluate(RightSizingInput input)
        {
            var cur = input.Current;
            var d = new RightSizingDecision();
            double h = input.Headroom;
            double coverage = Math.Min(input.Cpu.Coverage, input.Memory.Coverage);
            if (input.Cpu.Max is null || input.Memory.Max is null)
            {
                var missing = new List<string>();
                if (input.Cpu.Max is null) missing.Add("CPUUtilization");
                if (input.Memory.Max is null) missing.Add("MemoryUtilization");
                d.Verdict = EcsRightSizingVerdict.InsufficientData;
                d.Reason = "CloudWatch has no " + string.Join(" or ", missing) + " data for the service in the last " + input.Days + " days: nothing to judge.";
                return d;
            }
            d.CpuP95 = Round(input.Cpu.P95!.Value / 100.0 * cur.VCpu, 3);
            d.CpuMax = Round(input.Cpu.Max.Value / 100.0 * cur.VCpu, 3);
            d.MemoryP95 = Round(input.Memory.P95!.Value / 100.0 * cur.Memory, 0);
            d.MemoryMax = Round(input.Memory.Max.Value / 100.0 * cur.Memory, 0);
            if (coverage < MinimumCoverage)
            {
                d.Verdict = EcsRightSizingVerdict.InsufficientData;
                d.Reason = "CloudWatch has data for " + Num(coverage * input.Days, 1) + " of " + input.Days + " days (at least "
                           + Num(MinimumCoverage * input.Days, 1) + " needed): too little to judge.";
                return d;
            }

            double needCpuUnits = input.Cpu.Max.Value / 100.0 * cur.Cpu * (1 + h);
            double needMemory = input.Memory.Max.Value / 100.0 * cur.Memory * (1 + h);
            double p95CpuUnits = input.Cpu.P95.Value / 100.0 * cur.Cpu * (1 + h);
            var fits = FargateSizePicker.Smallest(needCpuUnits, needMemory);
            d.Fits = fits;
            string peaks = "Peaks of " + Num(d.CpuMax.Value, 2) + " vCPU and " + Num(d.MemoryMax.Value, 0) + " MiB (p95 "
                           + Num(d.CpuP95.Value, 2) + " vCPU, " + Num(d.MemoryP95.Value, 0) + " MiB) with " + Num(h * 100, 0) + "% headroom need "
                           + Num(needCpuUnits / 1024.0, 2) + " vCPU and " + Num(needMemory, 0) + " MiB";

            bool cpuShort = needCpuUnits > cur.Cpu;
            bool memoryShort = needMemory > cur.Memory;
            if (cpuShort || memoryShort)
            {
                d.Verdict = EcsRightSizingVerdict.UnderProvisioned;
                bool cpuTooBigForFargate = fits is null && needMemory <= FargateSizePicker.Largest.Memory;
                bool peaksOnly = cpuShort && !memoryShort && p95CpuUnits <= cur.Cpu && !input.HasAutoScaling;
                if (peaksOnly || cpuTooBigForFargate)
                {
                    d.Action = EcsRightSizingAction.Scale;
                    int min = Math.Max(1, input.DesiredCount);
                    d.MinCapacity = min;
                    d.MaxCapacity = Math.Max(min + 1, (int)Math.Ceiling(min * needCpuUnits / cur.Cpu));
                    d.TargetCpuPercent = Math.Round(100 / (1 + h));
                    d.Reason = peaks + (cpuTooBigForFargate
                        ? "; no Fargate size has that much CPU: scale out instead"
                        : "; the p95 fits " + cur + " but the peaks do not: scale out at peaks rather than resize")
                        + " (" + d.MinCapacity + " to " + d.MaxCapacity + " tasks, CPU target " + d.TargetCpuPercent + "%).";
                    return d;
                }
                if (fits is null)
                {
                    d.Action = EcsRightSizingAction.None;
                    d.Reason = peaks + "; no Fargate size is that large: split the work or move it off Fargate.";
                    return d;
                }
                d.Action = EcsRightSizingAction.Resize;
                d.Reason = peaks + "; " + cur + " is short of " + (cpuShort && memoryShort ? "CPU and memory" : cpuShort ? "CPU" : "memory")
                           + ": resize to " + fits.Value + ".";
                return d;
            }
            if (fits!.Value == cur)
            {
                d.Verdict = EcsRightSizingVerdict.Right;
                d.Action = EcsRightSizingAction.None;
                d.Reason = peaks + "; " + cur + " is the smallest size that holds them.";
                return d;
            }
            d.Verdict = EcsRightSizingVerdict.OverProvisioned;
            d.Action = EcsRightSizingAction.Resize;
            d.Reason = peaks + "; " + fits.Value + " holds them, the task has " + cur + ".";
            return d;
        }

        private static double Round(double v, int digits) => Math.Round(v, digits, MidpointRounding.AwayFromZero);
        internal static string Num(double v, int digits) => Math.Round(v, digits, MidpointRounding.AwayFromZero).ToString(digits == 0 ? "0" : "0." + new string('#', digits), CultureInfo.InvariantCulture);
    }
}
