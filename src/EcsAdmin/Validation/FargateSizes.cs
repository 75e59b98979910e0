using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// The task sizes Fargate accepts: each CPU value allows a memory range in steps.
    /// 256: 512, 1024, 2048; 512: 1024-4096 by 1024; 1024: 2048-8192 by 1024; 2048: 4096-16384 by 1024;
    /// 4096: 8192-30720 by 1024; 8192: 16384-61440 by 4096; 16384: 32768-122880 by 8192.
    /// </summary>
    internal static class FargateSizes
    {
        private static readonly Dictionary<int, int[]> Allowed = new Dictionary<int, int[]>
        {
            [256] = new[] { 512, 1024, 2048 },
            [512] = Range(1024, 4096, 1024),
            [1024] = Range(2048, 8192, 1024),
            [2048] = Range(4096, 16384, 1024),
            [4096] = Range(8192, 30720, 1024),
            [8192] = Range(16384, 61440, 4096),
            [16384] = Range(32768, 122880, 8192),
        };

        private static int[] Range(int from, int to, int step)
        {
            var list = new List<int>();
            for (int v = from; v <= to; v += step) list.Add(v);
            return list.ToArray();
        }

        public static IReadOnlyList<int> CpuValues => Allowed.Keys.OrderBy(k => k).ToList();
        public static IReadOnlyList<int> MemoryFor(int cpu) => Allowed.TryGetValue(cpu, out var m) ? m : Array.Empty<int>();

        /// <summary>CPU units from "256", "1024", "0.25 vCPU", "1 vcpu".</summary>
        public static int? ParseCpu(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var t = text!.Trim();
            var m = Regex.Match(t, @"^(\d+(?:\.\d+)?)\s*vcpu$", RegexOptions.IgnoreCase);
            if (m.Success) return (int)Math.Round(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1024);
            return int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
        }

        /// <summary>Memory in MiB from "512", "0.5GB", "2 GB".</summary>
        public static int? ParseMemory(string? text)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            var t = text!.Trim();
            var m = Regex.Match(t, @"^(\d+(?:\.\d+)?)\s*gb$", RegexOptions.IgnoreCase);
            if (m.Success) return (int)Math.Round(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 1024);
            m = Regex.Match(t, @"^(\d+)\s*(mb|mib)?$", RegexOptions.IgnoreCase);
            return m.Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (int?)null;
        }

        /// <summary>Throws a typed error unless cpu/memory is a size Fargate runs.</summary>
        public static void Check(string? cpuText, string? memoryText, object? target)
        {
            var cpu = ParseCpu(cpuText);
            var memory = ParseMemory(memoryText);
            if (cpu is null)
                throw new EcsAdminException("InvalidFargateCpu", EcsErrorKind.InvalidArgument,
                    "Fargate needs a task-level cpu of " + string.Join(", ", CpuValues) + " units; got '" + cpuText + "'.", target,
                    "Give -Cpu 256 (0.25 vCPU), 512, 1024, 2048, 4096, 8192 or 16384.");
            if (!Allowed.ContainsKey(cpu.Value))
                throw new EcsAdminException("InvalidFargateCpu", EcsErrorKind.InvalidArgument,
                    "Fargate does not offer " + cpu + " CPU units; valid values are " + string.Join(", ", CpuValues) + ".", target,
                    "Choose one of " + string.Join(", ", CpuValues) + ".");
            if (memory is null)
                throw new EcsAdminException("InvalidFargateMemory", EcsErrorKind.InvalidArgument,
                    "Fargate needs a task-level memory in MiB; got '" + memoryText + "'.", target,
                    "For cpu " + cpu + " give memory " + Describe(cpu.Value) + ".");
            if (!Allowed[cpu.Value].Contains(memory.Value))
                throw new EcsAdminException("InvalidFargateSize", EcsErrorKind.InvalidArgument,
                    "Fargate does not run cpu " + cpu + " with memory " + memory + " MiB. With cpu " + cpu + " the memory must be " + Describe(cpu.Value) + ".", target,
                    "Change -Memory to one of: " + Describe(cpu.Value) + ", or choose another -Cpu.");
        }

        private static string Describe(int cpu)
        {
            var m = Allowed[cpu];
            if (m.Length <= 4) return string.Join(", ", m) + " MiB";
            return m[0] + "-" + m[m.Length - 1] + " MiB in steps of " + (m[1] - m[0]);
        }
    }
}
