using System;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>An ECS cluster as Get-EcsCluster, New-EcsCluster and Set-EcsCluster return it.</summary>
    public sealed class EcsCluster
    {
        public string Region { get; set; } = "";
        /// <summary>The cluster's name (pipes into -Cluster of other cmdlets).</summary>
        public string Cluster { get; set; } = "";
        public string ClusterArn { get; set; } = "";
        public string Status { get; set; } = "";
        public int ActiveServicesCount { get; set; }
        public int RunningTasksCount { get; set; }
        public int PendingTasksCount { get; set; }
        public int RegisteredContainerInstancesCount { get; set; }
        public EcsList<string> CapacityProviders { get; set; } = new EcsList<string>();
        public EcsList<EcsCapacityProviderStrategyItem> DefaultCapacityProviderStrategy { get; set; } = new EcsList<EcsCapacityProviderStrategyItem>();
        /// <summary>The containerInsights setting: enabled, enhanced or disabled.</summary>
        public string? ContainerInsights { get; set; }
        /// <summary>The KMS key of the cluster's ECS Exec configuration, when exec sessions are encrypted.</summary>
        public string? ExecKmsKeyId { get; set; }
        /// <summary>The ARN of the cluster's default Service Connect namespace (Cloud Map), if any.</summary>
        public string? ServiceConnectNamespace { get; set; }
        public EcsMap<string> Tags { get; set; } = new EcsMap<string>();

        public override string ToString() => Cluster;
    }
}
