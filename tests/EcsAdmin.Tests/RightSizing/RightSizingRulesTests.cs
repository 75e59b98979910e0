using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using Xunit;

namespace EcsAdmin.Tests.RightSizing
{
    /// <summary>The pure right-sizing rules: size picker, percentile, period, verdicts, Spot suitability.</summary>
    public sealed class RightSizingRulesTests
    {
        [Theory]
        [InlineData(10, 100, 256, 512)]        // tiny: the smallest size
        [InlineData(256, 512, 256, 512)]       // exactly the smallest
        [InlineData(257, 512, 512, 1024)]      // just over 0.25 vCPU
        [InlineData(100, 2049, 512, 3072)]     // 256 tops out at 2048 MiB: the next CPU step, its smallest memory that holds it
        [InlineData(1100, 1000, 2048, 4096)]   // over 1 vCPU: 2 vCPU's smallest memory is 4096
        [InlineData(4096, 30720, 4096, 30720)] // the top of the 4 vCPU range
        [InlineData(4096, 30721, 8192, 32768)] // 8 vCPU memory goes in 4 GiB steps
        [InlineData(16384, 122880, 16384, 122880)]
        public void Smallest_size_is_the_fewest_cpu_units_then_least_memory(double cpu, double memory, int wantCpu, int wantMemory)
        {
            var size = FargateSizePicker.Smallest(cpu, memory);
            Assert.Equal(new FargateSize(wantCpu, wantMemory), size);
            Assert.True(FargateSizePicker.IsValid(size!.Value.Cpu, size.Value.Memory));
        }

        [Fact]
        public void Smallest_size_is_null_beyond_the_largest()
        {
            Assert.Null(FargateSizePicker.Smallest(16385, 1024));
            Assert.Null(FargateSizePicker.Smallest(256, 122881));
        }

        [Fact]
        public void Smallest_size_is_the_cheapest_size_that_holds_the_need_at_the_shipped_prices()
        {
            var price = PriceTable.Shipped().For("us-east-1")!;
            var rnd = new Random(19);
            for (int i = 0; i < 500; i++)
            {
                double cpu = rnd.NextDouble() * 16384, memory = rnd.NextDouble() * 122880;
                var pick = FargateSizePicker.Smallest(cpu, memory);
                var cheapest = FargateSizePicker.All().Where(s => s.Cpu >= cpu && s.Memory >= memory)
                    .OrderBy(s => CostCalculator.TaskHour(s, price, false)).Cast<FargateSize?>().FirstOrDefault();
                Assert.Equal(cheapest, pick);
            }
        }

        [Fact]
        public void P95_is_the_nearest_rank()
        {
            var values = Enumerable.Range(1, 100).Select(i => (double)i).Reverse().ToList();
            Assert.Equal(95, UtilizationStats.Percentile95(values));
            Assert.Equal(7, UtilizationStats.Percentile95(new List<double> { 7 }));
            Assert.Equal(20, UtilizationStats.Percentile95(new List<double> { 10, 20 })); // ceil(1.9) = 2nd
            Assert.Null(UtilizationStats.Percentile95(new List<double>()));
        }

        [Theory]
        [InlineData(14, 7200)]   // 168 points
        [InlineData(1, 900)]     // 96 points
        [InlineData(2, 900)]     // 192 points
        [InlineData(3, 1800)]
        [InlineData(30, 21600)]  // 120 points
        [InlineData(455, 86400)]
        public void Period_keeps_a_series_at_200_points_or_fewer(int days, int period)
        {
            Assert.Equal(period, UtilizationStats.PeriodFor(TimeSpan.FromDays(days)));
            Assert.True(days * 86400.0 / period <= UtilizationStats.MaxPointsPerSeries || period == 86400);
            // 500 series of that many points fit one GetMetricData reply (100,800 data points).
            Assert.True(500 * UtilizationStats.MaxPointsPerSeries <= 100800);
        }

        private static RightSizingInput Input(int cpu, int memory, double cpuMax, double cpuP95, double memMax, double memP95, double coverage = 1,
            int desired = 2, bool scaled = false)
            => new RightSizingInput
            {
                Current = new FargateSize(cpu, memory),
                DesiredCount = desired,
                HasAutoScaling = scaled,
                Cpu = new UtilizationSummary(168, cpuP95, cpuMax, coverage),
                Memory = new UtilizationSummary(168, memP95, memMax, coverage),
                Headroom = 0.2,
                Days = 14,
            };

        [Fact]
        public void Over_provisioned_service_gets_the_smaller_size_and_the_reason()
        {
            // 1 vCPU / 2048 MiB using at most 10% CPU (0.1 vCPU) and 15% memory (307 MiB): +20% = 0.12 vCPU, 369 MiB.
            var d = RightSizingRules.Evaluate(Input(1024, 2048, 10, 8, 15, 12));
            Assert.Equal(EcsRightSizingVerdict.OverProvisioned, d.Verdict);
            Assert.Equal(EcsRightSizingAction.Resize, d.Action);
            Assert.Equal(new FargateSize(256, 512), d.Fits);
            Assert.Equal(0.1, d.CpuMax);
            Assert.Equal(0.08, d.CpuP95);
            Assert.Equal(307, d.MemoryMax);
            Assert.Contains("0.25 vCPU / 512 MiB holds them, the task has 1 vCPU / 2048 MiB", d.Reason);
            Assert.Contains("20% headroom", d.Reason);
        }

        [Fact]
        public void Right_sized_service_keeps_its_size()
        {
            // 0.5 vCPU / 1024 MiB at 70% CPU (0.35 vCPU, +20% = 0.42) and 60% memory (614 MiB, +20% = 737): only 512/1024 holds both.
            var d = RightSizingRules.Evaluate(Input(512, 1024, 70, 60, 60, 55));
            Assert.Equal(EcsRightSizingVerdict.Right, d.Verdict);
            Assert.Equal(EcsRightSizingAction.None, d.Action);
            Assert.Equal(new FargateSize(512, 1024), d.Fits);
            Assert.Contains("is the smallest size that holds them", d.Reason);
        }

        [Fact]
        public void Under_provisioned_service_gets_the_bigger_size()
        {
            // 0.25 vCPU / 512 MiB with memory at 95% (486 MiB, +20% = 584 MiB): memory is short.
            var d = RightSizingRules.Evaluate(Input(256, 512, 50, 45, 95, 90));
            Assert.Equal(EcsRightSizingVerdict.UnderProvisioned, d.Verdict);
            Assert.Equal(EcsRightSizingAction.Resize, d.Action);
            Assert.Equal(new FargateSize(256, 1024), d.Fits);
            Assert.Contains("short of memory", d.Reason);
        }

        [Fact]
        public void Cpu_peaks_whose_p95_fits_are_a_scaling_verdict_unless_the_service_already_scales()
        {
            // 1 vCPU at 100% max but p95 60% (+20% = 72%): peaks only.
            var d = RightSizingRules.Evaluate(Input(1024, 2048, 100, 60, 40, 35, desired: 3));
            Assert.Equal(EcsRightSizingVerdict.UnderProvisioned, d.Verdict);
            Assert.Equal(EcsRightSizingAction.Scale, d.Action);
            Assert.Equal(3, d.MinCapacity);
            Assert.Equal(4, d.MaxCapacity);          // ceil(3 x 1.2)
            Assert.Equal(83, d.TargetCpuPercent);    // 100 / 1.2
            Assert.Contains("scale out at peaks", d.Reason);

            var scaled = RightSizingRules.Evaluate(Input(1024, 2048, 100, 60, 40, 35, desired: 3, scaled: true));
            Assert.Equal(EcsRightSizingAction.Resize, scaled.Action);
            Assert.Equal(new FargateSize(2048, 4096), scaled.Fits);
        }

        [Fact]
        public void Too_little_data_is_said_not_guessed()
        {
            var d = RightSizingRules.Evaluate(Input(1024, 2048, 10, 8, 15, 12, coverage: 0.2));
            Assert.Equal(EcsRightSizingVerdict.InsufficientData, d.Verdict);
            Assert.Equal(EcsRightSizingAction.None, d.Action);
            Assert.Null(d.Fits);
            Assert.Contains("2.8 of 14 days", d.Reason);

            var none = RightSizingRules.Evaluate(new RightSizingInput { Current = new FargateSize(256, 512), Cpu = new UtilizationSummary(0, null, null, 0), Memory = new UtilizationSummary(0, null, null, 0) });
            Assert.Equal(EcsRightSizingVerdict.InsufficientData, none.Verdict);
            Assert.Contains("no CPUUtilization or MemoryUtilization data", none.Reason);
        }

        [Theory]
        [InlineData(2, null, null, 0, true)]
        [InlineData(1, null, null, 0, false)]
        [InlineData(4, "ARM64", null, 0, false)]
        [InlineData(4, null, "WINDOWS_SERVER_2022_CORE", 0, false)]
        [InlineData(4, null, null, 2, true)]
        [InlineData(4, null, null, 3, false)]
        public void Spot_suits_stateless_linux_x86_replicas_with_few_interruptions(int desired, string? arch, string? os, int interruptions, bool suitable)
        {
            var (ok, reason) = SpotRules.Evaluate(new SpotInput
            {
                DesiredCount = desired, CpuArchitecture = arch, OperatingSystemFamily = os, Interruptions = interruptions,
                Mix = CostCalculator.Mix(desired, null, "FARGATE"),
            });
            Assert.Equal(suitable, ok);
            Assert.False(string.IsNullOrEmpty(reason));
        }

        [Fact]
        public void Spot_does_not_suit_tasks_with_persistent_volumes()
        {
            var (ok, reason) = SpotRules.Evaluate(new SpotInput { DesiredCount = 3, PersistentVolumes = new[] { "data" }, Mix = CostCalculator.Mix(3, null, null) });
            Assert.False(ok);
            Assert.Contains("data", reason);
        }
    }
}
