using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;

namespace EcsAdmin.Commands.CapacityProvider
{
    /// <summary>
    /// Base of New-EcsCapacityProvider and Set-EcsCapacityProvider: the managed scaling, termination protection and
    /// draining parameters of an Auto Scaling group provider and the instance settings of an ECS Managed Instances
    /// provider, declared once. What differs (the mandatory role, profile and subnets of a new Managed Instances
    /// provider, the group ARN, tags and Spot option of a new one) stays in each cmdlet.
    /// </summary>
    public abstract class EcsCapacityProviderCmdlet : EcsClusterCmdlet
    {
        [Parameter(ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
        [ValidateSet("ENABLED", "DISABLED", IgnoreCase = true)]
        public string? ManagedScaling { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
        public int? TargetCapacity { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
        public int? MinimumScalingStepSize { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
        public int? MaximumScalingStepSize { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
        public int? InstanceWarmupSec { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
        [ValidateSet("ENABLED", "DISABLED", IgnoreCase = true)]
        public string? ManagedTerminationProtection { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
        [ValidateSet("ENABLED", "DISABLED", IgnoreCase = true)]
        public string? ManagedDraining { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public SwitchParameter ManagedInstances { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string[]? SecurityGroup { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public int? MinVCpu { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public int? MaxVCpu { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public int? MinMemoryMiB { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public int? MaxMemoryMiB { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        [ValidateSet("intel", "amd", "amazon-web-services", IgnoreCase = true)]
        public string[]? CpuManufacturer { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string[]? AllowedInstanceType { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string[]? ExcludedInstanceType { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        [ValidateSet("included", "required", "excluded", IgnoreCase = true)]
        public string? BurstablePerformance { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public int? StorageSizeGiB { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        [ValidateSet("BASIC", "DETAILED", IgnoreCase = true)]
        public string? Monitoring { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        [ValidateSet("CAPACITY_PROVIDER", "NONE", IgnoreCase = true)]
        public string? PropagateTags { get; set; }

        /// <summary>Fills the options from the shared parameters of the parameter set in use.</summary>
        private protected void FillShared(CapacityProviderOptions options, bool managedInstances)
        {
            if (managedInstances)
            {
                // A Managed Instances provider belongs to the cluster named by -Cluster; the checks require it.
                options.Cluster = string.IsNullOrWhiteSpace(Cluster) ? null : Cluster!.Trim();
                options.SecurityGroups = SecurityGroup;
                options.StorageSizeGiB = StorageSizeGiB;
                options.Monitoring = CapacityProviderBinding.Upper(Monitoring);
                options.PropagateTags = CapacityProviderBinding.Upper(PropagateTags);
                options.InstanceRequirements = CapacityProviderBinding.Requirements(MinVCpu, MaxVCpu, MinMemoryMiB, MaxMemoryMiB, CpuManufacturer, AllowedInstanceType, ExcludedInstanceType, BurstablePerformance);
                return;
            }
            options.ManagedScaling = CapacityProviderBinding.Upper(ManagedScaling);
            options.TargetCapacity = TargetCapacity;
            options.MinimumScalingStepSize = MinimumScalingStepSize;
            options.MaximumScalingStepSize = MaximumScalingStepSize;
            options.InstanceWarmupPeriod = InstanceWarmupSec;
            options.ManagedTerminationProtection = CapacityProviderBinding.Upper(ManagedTerminationProtection);
            options.ManagedDraining = CapacityProviderBinding.Upper(ManagedDraining);
        }
    }
}
