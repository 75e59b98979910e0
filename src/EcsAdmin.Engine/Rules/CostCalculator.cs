using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using EcsAdmin.Models;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>How a service's tasks split between FARGATE (on demand) and FARGATE_SPOT.</summary>
    public sealed class CapacityMix
    {
        public CapacityMix(double onDemandTasks, double spotTasks, string description, bool isFargate = true)
        {
            OnDemandTasks = onDemandTasks;
            SpotTasks = spotTasks;
            Description = description;
            IsFargate = isFargate;
        }

        public double OnDemandTasks { get; }
        public double SpotTasks { get; }
        /// <summary>"FARGATE 1 + FARGATE_SPOT 3".</summary>
        public string Description { get; }
        /// <summary>False when a task runs on EC2 or an EC2 capacity provider: Fargate prices do not apply.</summary>
        public bool IsFargate { get; }
        public double Tasks => OnDemandTasks + SpotTasks;
    }

    /// <summary>Monthly Fargate cost of a service from a price table: tasks × (vCPU × vCPU-hour + GB × GB-hour) × hours.</summary>
    public static class CostCalculator
    {
        public const string Fargate = "FARGATE";
        public const string FargateSpot = "FARGATE_SPOT";

        /// <summary>
        /// The expected split of <paramref name="desired"/> tasks under a capacity provider strategy, as ECS places
        /// them: the provider with a base gets up to base tasks first, the rest go by weight (kept fractional: the
        /// cost of 3 tasks at FARGATE 1 : FARGATE_SPOT 1 is that of 1.5 and 1.5). No strategy means the launch type:
        /// FARGATE (or none) is all on demand; EC2 or EXTERNAL is not Fargate.
        /// </summary>
        public static CapacityMix Mix(int desired, IReadOnlyList<EcsCapacityProviderStrategyItem>? strategy, string? launchType)
        {
            if (strategy is null || strategy.Count == 0)
            {
                if (!string.IsNullOrEmpty(launchType) && !string.Equals(launchType, Fargate, StringComparison.Ordinal))
                    return new CapacityMix(0, 0, "launch type " + launchType, isFargate: false);
                return new CapacityMix(desired, 0, Fargate + " " + desired);
            }
            var other = strategy.FirstOrDefault(s => s.CapacityProvider != Fargate && s.CapacityProvider != FargateSpot);
            if (other != null) return new CapacityMix(0, 0, "capacity provider " + other.CapacityProvider, isFargate: false);

            double onDemand = 0, spot = 0;
            int remaining = Math.Max(0, desired);
            var withBase = strategy.FirstOrDefault(s => s.Base > 0);
            if (withBase != null)
            {
                int b = Math.Min(withBase.Base, remaining);
                if (withBase.CapacityProvider == FargateSpot) spot += b; else onDemand += b;
                remaining -= b;
            }
            double total = strategy.Sum(s => Math.Max(0, s.Weight));
            if (remaining > 0)
            {
                if (total <= 0)
                {
                    // ECS refuses such a strategy; count the rest where the base went (or on demand).
                    if (withBase?.CapacityProvider == FargateSpot) spot += remaining; else onDemand += remaining;
                }
                else
                {
                    spot += remaining * strategy.Where(s => s.CapacityProvider == FargateSpot).Sum(s => Math.Max(0, s.Weight)) / total;
                    onDemand += remaining * strategy.Where(s => s.CapacityProvider == Fargate).Sum(s => Math.Max(0, s.Weight)) / total;
                }
            }
            return new CapacityMix(onDemand, spot, Fargate + " " + Num(onDemand) + " + " + FargateSpot + " " + Num(spot));
        }

        /// <summary>The mix a Spot move would give: one task stays on FARGATE (base 1), the rest go to FARGATE_SPOT.</summary>
        public static CapacityMix SpotMoveMix(int desired)
            => Mix(desired, new[] { new EcsCapacityProviderStrategyItem(Fargate, 0, 1), new EcsCapacityProviderStrategyItem(FargateSpot, 1) }, null);

        /// <summary>On-demand price of one task for one hour.</summary>
        public static double TaskHour(FargateSize size, FargateRegionPrice price, bool arm64)
        {
            double vcpu = arm64 && price.Arm64VCpuHour is double a ? a : price.VCpuHour;
            double gb = arm64 && price.Arm64GbHour is double g ? g : price.GbHour;
            return size.VCpu * vcpu + size.MemoryGb * gb;
        }

        /// <summary>Monthly cost with the mix: on-demand tasks at the full price, Spot tasks at (1 - spotDiscount) of it.</summary>
        public static double Monthly(FargateSize size, CapacityMix mix, FargateRegionPrice price, double hoursPerMonth, bool arm64)
        {
            double hour = TaskHour(size, price, arm64);
            return hoursPerMonth * hour * (mix.OnDemandTasks + mix.SpotTasks * (1 - price.SpotDiscount));
        }

        /// <summary>Monthly cost with every task on demand.</summary>
        public static double MonthlyOnDemand(FargateSize size, double tasks, FargateRegionPrice price, double hoursPerMonth, bool arm64)
            => hoursPerMonth * TaskHour(size, price, arm64) * tasks;

        /// <summary>Money rounded to cents, half away from zero.</summary>
        public static double Cents(double value) => Math.Round(value, 2, MidpointRounding.AwayFromZero);

        private static string Num(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    }
}
