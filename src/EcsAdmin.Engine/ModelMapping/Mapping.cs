using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.ModelMapping
{
    /// <summary>Wire types to public models (and back), shared by every operation.</summary>
    internal static class Mapping
    {
        public static EcsMap<string> Tags(IEnumerable<Ecs.Tag>? tags)
        {
            var d = new EcsMap<string>();
            if (tags != null) foreach (var t in tags) if (t.Key != null) d[t.Key] = t.Value ?? "";
            return d;
        }

        public static List<Ecs.Tag>? ToWireTags(IDictionary<string, string>? tags)
            => tags is null || tags.Count == 0 ? null : tags.Select(kv => new Ecs.Tag { Key = kv.Key, Value = kv.Value }).ToList();

        public static List<Ecs.CapacityProviderStrategyItem>? ToWire(EcsCapacityProviderStrategyItem[]? items)
            => items?.Select(i => new Ecs.CapacityProviderStrategyItem { CapacityProvider = i.CapacityProvider, Weight = i.Weight, Base = i.Base }).ToList();

        public static EcsCapacityProviderStrategyItem[] FromWire(IEnumerable<Ecs.CapacityProviderStrategyItem>? items)
            => items?.Select(i => new EcsCapacityProviderStrategyItem(i.CapacityProvider ?? "", i.Weight ?? 0, i.Base ?? 0)).ToArray()
               ?? Array.Empty<EcsCapacityProviderStrategyItem>();

        /// <summary>The name part of an ECS ARN ("arn:aws:ecs:r:a:cluster/prod" → "prod"; ".../service/prod/web" → "web").</summary>
        public static string NameFromArn(string? arnOrName)
        {
            if (string.IsNullOrEmpty(arnOrName)) return "";
            if (!arnOrName!.StartsWith("arn:", StringComparison.Ordinal)) return arnOrName;
            var slash = arnOrName.LastIndexOf('/');
            return slash >= 0 ? arnOrName.Substring(slash + 1) : arnOrName;
        }

        public static EcsCluster Cluster(Ecs.Cluster c, string region)
        {
            var insights = c.Settings?.FirstOrDefault(s => s.Name == "containerInsights")?.Value;
            return new EcsCluster
            {
                Region = region,
                Cluster = c.ClusterName ?? NameFromArn(c.ClusterArn),
                ClusterArn = c.ClusterArn ?? "",
                Status = c.Status ?? "",
                ActiveServicesCount = c.ActiveServicesCount ?? 0,
                RunningTasksCount = c.RunningTasksCount ?? 0,
                PendingTasksCount = c.PendingTasksCount ?? 0,
                RegisteredContainerInstancesCount = c.RegisteredContainerInstancesCount ?? 0,
                CapacityProviders = c.CapacityProviders?.ToArray() ?? Array.Empty<string>(),
                DefaultCapacityProviderStrategy = FromWire(c.DefaultCapacityProviderStrategy),
                ContainerInsights = insights,
                ExecKmsKeyId = c.Configuration?.ExecuteCommandConfiguration?.KmsKeyId,
                ServiceConnectNamespace = c.ServiceConnectDefaults?.Namespace,
                Tags = Tags(c.Tags),
            };
        }
    }
}
