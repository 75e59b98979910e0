using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// The service metrics EcsAdmin knows, by CloudWatch name and short name (Cpu = CPUUtilization). A name that is
    /// neither is refused before any request: CloudWatch answers an unknown metric with no data, which reads as "the
    /// service is idle" rather than as a typo.
    /// </summary>
    internal static class MetricNames
    {
        public const string AwsEcs = "AWS/ECS";
        public const string ContainerInsights = "ECS/ContainerInsights";

        private static readonly (string Namespace, string Name, string Short)[] Known =
        {
            (AwsEcs, "CPUUtilization", "Cpu"),
            (AwsEcs, "MemoryUtilization", "Memory"),
            (ContainerInsights, "CpuUtilized", "CpuUtilized"),
            (ContainerInsights, "CpuReserved", "CpuReserved"),
            (ContainerInsights, "MemoryUtilized", "MemoryUtilized"),
            (ContainerInsights, "MemoryReserved", "MemoryReserved"),
            (ContainerInsights, "RunningTaskCount", "Running"),
            (ContainerInsights, "DesiredTaskCount", "Desired"),
            (ContainerInsights, "PendingTaskCount", "Pending"),
            (ContainerInsights, "DeploymentCount", "Deployments"),
            (ContainerInsights, "TaskSetCount", "TaskSets"),
            (ContainerInsights, "NetworkRxBytes", "NetworkRx"),
            (ContainerInsights, "NetworkTxBytes", "NetworkTx"),
            (ContainerInsights, "StorageReadBytes", "StorageRead"),
            (ContainerInsights, "StorageWriteBytes", "StorageWrite"),
            (ContainerInsights, "EphemeralStorageUtilized", "EphemeralStorageUtilized"),
            (ContainerInsights, "EphemeralStorageReserved", "EphemeralStorageReserved"),
        };

        /// <summary>The default metrics of Get-EcsServiceMetric.</summary>
        public static readonly string[] Default = { "CPUUtilization", "MemoryUtilization" };

        /// <summary>
        /// The CloudWatch name and namespace of <paramref name="name"/> (short or CloudWatch name, any case). A null
        /// <paramref name="ns"/> takes the metric's own namespace; another namespace than AWS/ECS or Container Insights
        /// (a custom one) takes any name as given.
        /// </summary>
        public static (string Namespace, string Name) Resolve(string name, string? ns)
        {
            var n = (name ?? "").Trim();
            var space = string.IsNullOrWhiteSpace(ns) ? null : ns!.Trim();
            if (space != null && !IsKnownNamespace(space))
            {
                if (n.Length == 0) throw Unknown(name ?? "", space);
                return (space, n);
            }
            var hits = Known.Where(k => (string.Equals(k.Name, n, StringComparison.OrdinalIgnoreCase) || string.Equals(k.Short, n, StringComparison.OrdinalIgnoreCase))
                                        && (space is null || string.Equals(k.Namespace, space, StringComparison.OrdinalIgnoreCase))).ToList();
            if (hits.Count == 0) throw Unknown(n, space);
            return (hits[0].Namespace, hits[0].Name);
        }

        /// <summary>The short name of a known metric (CPUUtilization: Cpu), else the name itself.</summary>
        public static string ShortName(string name)
            => Known.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)).Short ?? name;

        private static bool IsKnownNamespace(string ns)
            => string.Equals(ns, AwsEcs, StringComparison.OrdinalIgnoreCase) || string.Equals(ns, ContainerInsights, StringComparison.OrdinalIgnoreCase);

        private static EcsAdminException Unknown(string name, string? ns)
        {
            var names = Known.Where(k => ns is null || string.Equals(k.Namespace, ns, StringComparison.OrdinalIgnoreCase))
                .Select(k => k.Short == k.Name ? k.Name : k.Short + "/" + k.Name);
            return new EcsAdminException("UnknownMetric", EcsErrorKind.InvalidArgument,
                "'" + name + "' is not a service metric" + (ns is null ? "" : " of " + ns) + ". Known: " + string.Join(", ", names) + ".", name,
                "Give one of the names above, e.g. -MetricName Cpu, Memory (or CPUUtilization, MemoryUtilization); for a custom metric give its -Namespace.");
        }
    }
}
