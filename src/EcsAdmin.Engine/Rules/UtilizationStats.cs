using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>Summary of one utilisation series (percent of the task's size, one value per metric period).</summary>
    public sealed class UtilizationSummary
    {
        public UtilizationSummary(int points, double? p95, double? max, double coverage)
        {
            Points = points;
            P95 = p95;
            Max = max;
            Coverage = coverage;
        }

        public int Points { get; }
        /// <summary>95th percentile of the period values (nearest rank), or null without data.</summary>
        public double? P95 { get; }
        public double? Max { get; }
        /// <summary>The share of the window that has data: points × period / window, at most 1.</summary>
        public double Coverage { get; }
    }

    public static class UtilizationStats
    {
        /// <summary>
        /// The metric period for a window: the shortest of 1 minute, 5, 15, 30 minutes, 1, 2, 3, 6, 12 hours or
        /// 1 day that gives at most <see cref="MaxPointsPerSeries"/> points. 500 series of that many points
        /// (100,500) fit in one GetMetricData reply (100,800 data points), so one request reads 500 series
        /// without paging; and every period from 5 minutes up is valid for data older than 15 days.
        /// </summary>
        public static int PeriodFor(TimeSpan window)
        {
            foreach (var p in Ladder)
                if (Math.Ceiling(window.TotalSeconds / p) <= MaxPointsPerSeries) return p;
            return Ladder[Ladder.Length - 1];
        }

        public const int MaxPointsPerSeries = 200;
        private static readonly int[] Ladder = { 60, 300, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400 };

        /// <summary>95th percentile by nearest rank: the value at position ceil(0.95 n) of the sorted values.</summary>
        public static double? Percentile95(IReadOnlyCollection<double> values)
        {
            if (values.Count == 0) return null;
            var sorted = values.OrderBy(v => v).ToArray();
            int rank = (int)Math.Ceiling(0.95 * sorted.Length);
            return sorted[Math.Max(1, rank) - 1];
        }

        public static UtilizationSummary Summarize(IReadOnlyCollection<double> values, int periodSeconds, TimeSpan window)
        {
            double coverage = window.TotalSeconds <= 0 ? 0 : Math.Min(1.0, values.Count * (double)periodSeconds / window.TotalSeconds);
            return new UtilizationSummary(values.Count, Percentile95(values), values.Count == 0 ? (double?)null : values.Max(), coverage);
        }
    }
}
