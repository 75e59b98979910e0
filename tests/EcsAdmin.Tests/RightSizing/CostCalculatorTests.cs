using System;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using Xunit;

namespace EcsAdmin.Tests.RightSizing
{
    /// <summary>Costs from the shipped price table, checked against hand computations.</summary>
    public sealed class CostCalculatorTests
    {
        private static readonly FargateRegionPrice UsEast1 = PriceTable.Shipped().For("us-east-1")!;

        [Fact]
        public void Shipped_table_has_a_date_a_source_and_us_east_1_prices()
        {
            var t = PriceTable.Shipped();
            Assert.Equal("2026-06-17", t.AsOf);
            Assert.Contains("aws.amazon.com/fargate/pricing", t.Source);
            Assert.Equal(730, t.HoursPerMonth);
            Assert.Equal(0.04048, UsEast1.VCpuHour);
            Assert.Equal(0.004445, UsEast1.GbHour);
            Assert.Equal(0.70, UsEast1.SpotDiscount);
        }

        [Fact]
        public void Monthly_on_demand_cost_matches_the_hand_computation()
        {
            // 1 vCPU / 2 GiB, 2 tasks: (1 x 0.04048 + 2 x 0.004445) x 730 x 2 = 0.04937 x 1460 = 72.0802
            var size = new FargateSize(1024, 2048);
            Assert.Equal(72.08, CostCalculator.Cents(CostCalculator.MonthlyOnDemand(size, 2, UsEast1, 730, false)));
            // 0.25 vCPU / 0.5 GiB, 1 task: (0.25 x 0.04048 + 0.5 x 0.004445) x 730 = 0.0123425 x 730 = 9.010025
            Assert.Equal(9.01, CostCalculator.Cents(CostCalculator.MonthlyOnDemand(new FargateSize(256, 512), 1, UsEast1, 730, false)));
            // ARM64 prices, 2 tasks: (1 x 0.03238 + 2 x 0.00356) x 730 x 2 = 0.0395 x 1460 = 57.67
            Assert.Equal(57.67, CostCalculator.Cents(CostCalculator.MonthlyOnDemand(size, 2, UsEast1, 730, true)));
        }

        [Fact]
        public void Capacity_provider_mix_puts_the_base_first_then_splits_by_weight()
        {
            var strategy = new[] { new EcsCapacityProviderStrategyItem("FARGATE", 1, 1), new EcsCapacityProviderStrategyItem("FARGATE_SPOT", 3) };
            var mix = CostCalculator.Mix(5, strategy, null);
            Assert.Equal(2, mix.OnDemandTasks);   // base 1 + 4 x 1/4
            Assert.Equal(3, mix.SpotTasks);       // 4 x 3/4
            Assert.True(mix.IsFargate);
            // (1 x 0.04048 + 2 x 0.004445) = 0.04937 per task-hour; 730 x 0.04937 x (2 + 3 x 0.3) = 36.0401 x 2.9 = 104.51629
            Assert.Equal(104.52, CostCalculator.Cents(CostCalculator.Monthly(new FargateSize(1024, 2048), mix, UsEast1, 730, false)));

            Assert.False(CostCalculator.Mix(2, null, "EC2").IsFargate);
            Assert.False(CostCalculator.Mix(2, new[] { new EcsCapacityProviderStrategyItem("my-asg", 1) }, null).IsFargate);
            var plain = CostCalculator.Mix(3, null, "FARGATE");
            Assert.Equal(3, plain.OnDemandTasks);
            Assert.Equal(0, plain.SpotTasks);
        }

        [Fact]
        public void Spot_move_keeps_one_task_on_demand()
        {
            var mix = CostCalculator.SpotMoveMix(4);
            Assert.Equal(1, mix.OnDemandTasks);
            Assert.Equal(3, mix.SpotTasks);
        }

        [Fact]
        public void A_bad_price_table_is_an_InvalidPriceTable_error_naming_the_problem()
        {
            var ex = Assert.Throws<EcsAdminException>(() => PriceTable.Parse("{ not json", "/tmp/p.json"));
            Assert.Equal("InvalidPriceTable", ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidData, ex.Kind);
            ex = Assert.Throws<EcsAdminException>(() => PriceTable.Parse("{\"asOf\":\"2026-01-01\",\"regions\":[{\"region\":\"x\",\"vcpuHour\":1,\"gbHour\":1,\"spotDiscount\":1.5}]}", "p"));
            Assert.Contains("spotDiscount", ex.Message);
            var ok = PriceTable.Parse("{\"asOf\":\"2026-01-01\",\"currency\":\"EUR\",\"regions\":[{\"region\":\"eu-central-1\",\"vcpuHour\":0.05,\"gbHour\":0.005,\"spotDiscount\":0.6}]}", "p");
            Assert.Equal("EUR", ok.Currency);
            Assert.NotNull(ok.For("EU-CENTRAL-1"));
        }
    }
}
