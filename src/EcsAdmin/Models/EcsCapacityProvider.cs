using System;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>
    /// An ECS capacity provider as Get-/New-/Set-EcsCapacityProvider return it: an Auto Scaling group provider (Type
    /// EC2_AUTOSCALING, with its managed scaling, termination protection and draining) or an ECS Managed Instances
    /// provider (Type MANAGED_INSTANCES, with its infrastructure role, launch template and instance requirements).
    /// </summary>
    public sealed class EcsCapacityProvider
    {
        public string Region { get; set; } = "";
        /// <summary>The provider's name (pipes into -Name and -CapacityProvider).</summary>
        public string Name { get; set; } = "";
        public string CapacityProviderArn { get; set; } = "";
        /// <summary>The cluster a Managed Instances provider belongs to (Auto Scaling group providers belong to none).</summary>
        public string? Cluster { get; set; }
        /// <summary>EC2_AUTOSCALING, MANAGED_INSTANCES, FARGATE or FARGATE_SPOT.</summary>
        public string? Type { get; set; }
        /// <summary>ACTIVE or INACTIVE (and PROVISIONING/DEPROVISIONING for Managed Instances).</summary>
        public string Status { get; set; } = "";
        public string? UpdateStatus { get; set; }
        public string? UpdateStatusReason { get; set; }

        // Auto Scaling group providers
        public string? AutoScalingGroupArn { get; set; }
        /// <summary>Managed scaling: ENABLED or DISABLED.</summary>
        public string? ManagedScaling { get; set; }
        /// <summary>Target utilisation of the group, 1-100 percent.</summary>
        public int? TargetCapacity { get; set; }
        public int? MinimumScalingStepSize { get; set; }
        public int? MaximumScalingStepSize { get; set; }
        public int? InstanceWarmupPeriod { get; set; }
        /// <summary>ENABLED or DISABLED.</summary>
        public string? ManagedTerminationProtection { get; set; }
        /// <summary>ENABLED or DISABLED.</summary>
        public string? ManagedDraining { get; set; }

        // ECS Managed Instances providers
        public string? InfrastructureRoleArn { get; set; }
        public string? InstanceProfileArn { get; set; }
        /// <summary>ON_DEMAND, SPOT or RESERVED.</summary>
        public string? CapacityOptionType { get; set; }
        public EcsList<string> Subnets { get; set; } = new EcsList<string>();
        public EcsList<string> SecurityGroups { get; set; } = new EcsList<string>();
        public int? StorageSizeGiB { get; set; }
        public string? Monitoring { get; set; }
        public EcsInstanceRequirements? InstanceRequirements { get; set; }
        /// <summary>CAPACITY_PROVIDER or NONE.</summary>
        public string? PropagateTags { get; set; }

        public EcsMap<string> Tags { get; set; } = new EcsMap<string>();

        public override string ToString() => Name;
    }

    /// <summary>The instance requirements of an ECS Managed Instances provider (attribute-based instance type selection).</summary>
    public sealed class EcsInstanceRequirements
    {
        public int MinVCpu { get; set; }
        public int? MaxVCpu { get; set; }
        public int MinMemoryMiB { get; set; }
        public int? MaxMemoryMiB { get; set; }
        /// <summary>intel, amd, amazon-web-services.</summary>
        public EcsList<string> CpuManufacturers { get; set; } = new EcsList<string>();
        /// <summary>Instance types (wildcards such as m5.* allowed) to choose from; empty means any that matches.</summary>
        public EcsList<string> AllowedInstanceTypes { get; set; } = new EcsList<string>();
        public EcsList<string> ExcludedInstanceTypes { get; set; } = new EcsList<string>();
        /// <summary>included, required or excluded.</summary>
        public string? BurstablePerformance { get; set; }
        public int? SpotMaxPricePercentageOverLowestPrice { get; set; }
        public int? OnDemandMaxPricePercentageOverLowestPrice { get; set; }

        public override string ToString()
            => MinVCpu + (MaxVCpu is int v ? "-" + v : "+") + " vCPU, " + MinMemoryMiB + (MaxMemoryMiB is int m ? "-" + m : "+") + " MiB"
               + (AllowedInstanceTypes.Length > 0 ? ", " + string.Join(",", AllowedInstanceTypes) : "");
    }
}
