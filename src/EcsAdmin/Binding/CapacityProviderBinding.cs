using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Binding
{
    /// <summary>Builds the Managed Instances instance requirements from the cmdlet parameters (null when none is given).</summary>
    internal static class CapacityProviderBinding
    {
        public const string AutoScalingGroupSet = "AutoScalingGroup";
        public const string ManagedInstancesSet = "ManagedInstances";

        public static EcsInstanceRequirements? Requirements(int? minVCpu, int? maxVCpu, int? minMemoryMiB, int? maxMemoryMiB,
            string[]? cpuManufacturers, string[]? allowed, string[]? excluded, string? burstable)
        {
            if (minVCpu is null && maxVCpu is null && minMemoryMiB is null && maxMemoryMiB is null && cpuManufacturers is null && allowed is null && excluded is null && burstable is null)
                return null;
            return new EcsInstanceRequirements
            {
                MinVCpu = minVCpu ?? 0,
                MaxVCpu = maxVCpu,
                MinMemoryMiB = minMemoryMiB ?? 0,
                MaxMemoryMiB = maxMemoryMiB,
                CpuManufacturers = cpuManufacturers?.Select(m => m.Trim().ToLowerInvariant()).ToArray() ?? new string[0],
                AllowedInstanceTypes = allowed?.Select(a => a.Trim()).ToArray() ?? new string[0],
                ExcludedInstanceTypes = excluded?.Select(a => a.Trim()).ToArray() ?? new string[0],
                BurstablePerformance = burstable?.ToLowerInvariant(),
            };
        }

        public static string? Upper(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim().ToUpperInvariant();

        /// <summary>What -WhatIf and -Confirm name: the provider and what it is attached to.</summary>
        public static string Target(CapacityProviderOptions o)
            => "capacity provider " + o.Name + (o.ManagedInstances ? " (ECS Managed Instances, cluster " + o.Cluster + ")"
                : o.AutoScalingGroupArn != null ? " (Auto Scaling group " + o.AutoScalingGroupArn.Split('/').Last() + ")" : "");
    }
}
