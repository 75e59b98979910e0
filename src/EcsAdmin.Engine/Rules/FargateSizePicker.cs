using System;
using System.Collections.Generic;
using System.Globalization;
using EcsAdmin.Validation;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>A task size Fargate runs: CPU units (1024 = 1 vCPU) and memory in MiB.</summary>
    public readonly struct FargateSize : IEquatable<FargateSize>
    {
        public FargateSize(int cpu, int memory)
        {
            Cpu = cpu;
            Memory = memory;
        }

        public int Cpu { get; }
        public int Memory { get; }
        public double VCpu => Cpu / 1024.0;
        public double MemoryGb => Memory / 1024.0;

        public bool Equals(FargateSize other) => Cpu == other.Cpu && Memory == other.Memory;
        public override bool Equals(object? obj) => obj is FargateSize s && Equals(s);
        public override int GetHashCode() => Cpu * 397 ^ Memory;
        public static bool operator ==(FargateSize a, FargateSize b) => a.Equals(b);
        public static bool operator !=(FargateSize a, FargateSize b) => !a.Equals(b);

        /// <summary>"0.25 vCPU / 512 MiB".</summary>
        public override string ToString()
            => VCpu.ToString("0.##", CultureInfo.InvariantCulture) + " vCPU / " + Memory.ToString(CultureInfo.InvariantCulture) + " MiB";
    }

    /// <summary>
    /// Picks the smallest Fargate size that holds a CPU and memory need, from the table in
    /// <see cref="FargateSizes"/>. "Smallest" is the fewest CPU units, then the least memory: every CPU step's
    /// smallest memory is larger than the previous step's, so this is also the cheapest size at any price
    /// where a vCPU costs more than the memory that comes with it (true of every Fargate price list).
    /// </summary>
    public static class FargateSizePicker
    {
        /// <summary>The largest size Fargate offers.</summary>
        public static FargateSize Largest
        {
            get
            {
                var cpus = FargateSizes.CpuValues;
                int cpu = cpus[cpus.Count - 1];
                var mem = FargateSizes.MemoryFor(cpu);
                return new FargateSize(cpu, mem[mem.Count - 1]);
            }
        }

        /// <summary>
        /// The smallest valid size with at least <paramref name="cpuUnits"/> CPU units and <paramref name="memoryMiB"/>
        /// MiB, or null when the need is beyond the largest size.
        /// </summary>
        public static FargateSize? Smallest(double cpuUnits, double memoryMiB)
        {
            if (double.IsNaN(cpuUnits) || double.IsNaN(memoryMiB)) throw new ArgumentException("A need cannot be NaN.");
            foreach (var cpu in FargateSizes.CpuValues)
            {
                if (cpu < cpuUnits) continue;
                foreach (var memory in FargateSizes.MemoryFor(cpu))
                    if (memory >= memoryMiB) return new FargateSize(cpu, memory);
            }
            return null;
        }

        /// <summary>True when Fargate runs this cpu/memory pair.</summary>
        public static bool IsValid(int cpu, int memory)
        {
            foreach (var m in FargateSizes.MemoryFor(cpu)) if (m == memory) return true;
            return false;
        }

        public static IEnumerable<FargateSize> All()
        {
            foreach (var cpu in FargateSizes.CpuValues)
                foreach (var memory in FargateSizes.MemoryFor(cpu))
                    yield return new FargateSize(cpu, memory);
        }
    }
}
