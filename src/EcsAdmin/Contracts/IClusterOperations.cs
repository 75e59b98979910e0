using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    internal sealed class NewClusterOptions
    {
        public string Name { get; set; } = "";
        public string[]? CapacityProviders { get; set; }
        public EcsCapacityProviderStrategyItem[]? DefaultCapacityProviderStrategy { get; set; }
        /// <summary>enabled, enhanced or disabled; null leaves the account default.</summary>
        public string? ContainerInsights { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
        /// <summary>The default Service Connect namespace (Cloud Map name or ARN); null leaves none.</summary>
        public string? ServiceConnectNamespace { get; set; }
    }

    internal sealed class SetClusterOptions
    {
        public string Cluster { get; set; } = "";
        public string? ContainerInsights { get; set; }
        public string[]? CapacityProviders { get; set; }
        public EcsCapacityProviderStrategyItem[]? DefaultCapacityProviderStrategy { get; set; }
        /// <summary>The default Service Connect namespace (Cloud Map name or ARN); null leaves it as it is.</summary>
        public string? ServiceConnectNamespace { get; set; }
    }

    /// <summary>Clusters. Every method writes its results through the context's Output.</summary>
    internal interface IClusterOperations
    {
        Task CreateAsync(EcsSession session, NewClusterOptions options, OperationContext context);
        /// <summary>Names may hold wildcards; none means every cluster.</summary>
        Task GetAsync(EcsSession session, string[]? names, OperationContext context);
        Task SetAsync(EcsSession session, SetClusterOptions options, OperationContext context);
        Task RemoveAsync(EcsSession session, string cluster, OperationContext context);
    }
}
