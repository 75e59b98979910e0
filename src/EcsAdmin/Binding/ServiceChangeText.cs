using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// What Update-EcsService will change beyond its main action, for the -WhatIf/-Confirm text: placement,
    /// network, load balancers, registries, Service Connect and capacity, with the new deployment each one brings.
    /// </summary>
    internal static class ServiceChangeText
    {
        public static string Describe(UpdateServiceOptions o)
        {
            var parts = new List<string>();
            if (o.CapacityProviderStrategy != null)
                parts.Add("capacity provider strategy " + string.Join(", ", o.CapacityProviderStrategy.Select(s => s.CapacityProvider + ":" + s.Weight + ":" + s.Base))
                    + " with a forced new deployment (ECS requires one to move the tasks to the new capacity)");
            if (o.PlacementStrategies != null)
                parts.Add(o.PlacementStrategies.Length == 0 ? "remove the placement strategies"
                    : "placement strategy " + string.Join(", ", o.PlacementStrategies.Select(s => s.ToString())));
            if (o.PlacementConstraints != null)
                parts.Add(o.PlacementConstraints.Length == 0 ? "remove the placement constraints"
                    : "placement constraints " + string.Join(", ", o.PlacementConstraints.Select(c => c.ToString())));
            if ((o.PlacementStrategies != null || o.PlacementConstraints != null) && !o.ForceNewDeployment && o.CapacityProviderStrategy is null)
                parts.Add("new placement applies to tasks placed from now on (add -ForceNewDeployment to move the running ones)");
            if (o.NetworkChanged)
                parts.Add("network configuration"
                    + (o.Subnets != null ? " subnets " + string.Join(",", o.Subnets) : "")
                    + (o.SecurityGroups != null ? " security groups " + string.Join(",", o.SecurityGroups) : "")
                    + (o.AssignPublicIp is bool ip ? " public IP " + (ip ? "on" : "off") : "")
                    + " (ECS replaces the tasks in a new deployment)");
            if (o.LoadBalancers != null)
                parts.Add((o.LoadBalancers.Length == 0 ? "remove the load balancers" : "load balancers " + string.Join(", ", o.LoadBalancers.Select(l => l.ToString())))
                    + " (ECS replaces the tasks in a new deployment)");
            if (o.ServiceRegistries != null)
                parts.Add((o.ServiceRegistries.Length == 0 ? "remove the service registries" : "service registries " + string.Join(", ", o.ServiceRegistries.Select(r => r.RegistryArn)))
                    + " (ECS replaces the tasks in a new deployment)");
            if (o.DisableServiceConnect) parts.Add("turn Service Connect off (ECS replaces the tasks in a new deployment)");
            else if (o.ServiceConnectNamespace != null)
                parts.Add("Service Connect in namespace " + o.ServiceConnectNamespace + (o.ServiceConnectPortName != null ? " for port " + o.ServiceConnectPortName : "")
                    + " (ECS replaces the tasks in a new deployment)");
            return parts.Count == 0 ? "" : ": " + string.Join("; ", parts);
        }
    }
}
