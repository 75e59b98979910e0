using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>What New-/Set-EcsCapacityProvider send. Null members are left out (New) or left as they are (Set).</summary>
    internal sealed class CapacityProviderOptions
    {
        public string Name { get; set; } = "";
        /// <summary>The cluster of a Managed Instances provider (required for those; never for Auto Scaling group providers).</summary>
        public string? Cluster { get; set; }

        // Auto Scaling group providers
        public string? AutoScalingGroupArn { get; set; }
        /// <summary>ENABLED or DISABLED.</summary>
        public string? ManagedScaling { get; set; }
        public int? TargetCapacity { get; set; }
        public int? MinimumScalingStepSize { get; set; }
        public int? MaximumScalingStepSize { get; set; }
        public int? InstanceWarmupPeriod { get; set; }
        public string? ManagedTerminationProtection { get; set; }
        public string? ManagedDraining { get; set; }

        // ECS Managed Instances providers
        public bool ManagedInstances { get; set; }
        public string? InfrastructureRoleArn { get; set; }
        public string? InstanceProfileArn { get; set; }
        public string[]? Subnets { get; set; }
        public string[]? SecurityGroups { get; set; }
        /// <summary>ON_DEMAND or SPOT (RESERVED needs capacity reservations).</summary>
        public string? CapacityOptionType { get; set; }
        public int? StorageSizeGiB { get; set; }
        public string? Monitoring { get; set; }
        public EcsInstanceRequirements? InstanceRequirements { get; set; }
        public string? PropagateTags { get; set; }

        public Dictionary<string, string>? Tags { get; set; }
    }

    /// <summary>Capacity providers (Auto Scaling group and ECS Managed Instances).</summary>
    internal interface ICapacityProviderOperations
    {
        Task CreateAsync(EcsSession session, CapacityProviderOptions options, OperationContext context);
        /// <summary>Names may hold wildcards; none means every provider. With a cluster, that cluster's Managed Instances providers are included.</summary>
        Task GetAsync(EcsSession session, string[]? names, string? cluster, OperationContext context);
        Task SetAsync(EcsSession session, CapacityProviderOptions options, OperationContext context);
        Task RemoveAsync(EcsSession session, string name, string? cluster, OperationContext context);
    }
}
