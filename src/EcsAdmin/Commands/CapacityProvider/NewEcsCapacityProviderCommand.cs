using System.Collections;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.CapacityProvider
{
    /// <summary>
    /// <para type="synopsis">Creates a capacity provider for an Auto Scaling group, or an ECS Managed Instances capacity provider.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsCapacityProvider", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
    [OutputType(typeof(EcsCapacityProvider))]
    public sealed class NewEcsCapacityProviderCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("CapacityProvider")]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet, ValueFromPipelineByPropertyName = true)]
        public string AutoScalingGroupArn { get; set; } = "";

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

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string InfrastructureRoleArn { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string InstanceProfileArn { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string[] Subnet { get; set; } = new string[0];

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string[]? SecurityGroup { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        [ValidateSet("ON_DEMAND", "SPOT", IgnoreCase = true)]
        public string? CapacityOptionType { get; set; }

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

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Hashtable? Tag { get; set; }

        protected override void ProcessRecord()
        {
            var mi = ParameterSetName == CapacityProviderBinding.ManagedInstancesSet;
            var options = new CapacityProviderOptions
            {
                Name = Name?.Trim() ?? "",
                Tags = ParameterBinding.ToStringMap(Tag),
                ManagedInstances = mi,
            };
            if (mi)
            {
                // A Managed Instances provider belongs to the cluster named by -Cluster; the checks require it.
                options.Cluster = string.IsNullOrWhiteSpace(Cluster) ? null : Cluster!.Trim();
                options.InfrastructureRoleArn = InfrastructureRoleArn?.Trim();
                options.InstanceProfileArn = InstanceProfileArn?.Trim();
                options.Subnets = Subnet;
                options.SecurityGroups = SecurityGroup;
                options.CapacityOptionType = CapacityProviderBinding.Upper(CapacityOptionType);
                options.StorageSizeGiB = StorageSizeGiB;
                options.Monitoring = CapacityProviderBinding.Upper(Monitoring);
                options.PropagateTags = CapacityProviderBinding.Upper(PropagateTags);
                options.InstanceRequirements = CapacityProviderBinding.Requirements(MinVCpu, MaxVCpu, MinMemoryMiB, MaxMemoryMiB, CpuManufacturer, AllowedInstanceType, ExcludedInstanceType, BurstablePerformance);
            }
            else
            {
                options.AutoScalingGroupArn = AutoScalingGroupArn?.Trim();
                options.ManagedScaling = CapacityProviderBinding.Upper(ManagedScaling);
                options.TargetCapacity = TargetCapacity;
                options.MinimumScalingStepSize = MinimumScalingStepSize;
                options.MaximumScalingStepSize = MaximumScalingStepSize;
                options.InstanceWarmupPeriod = InstanceWarmupSec;
                options.ManagedTerminationProtection = CapacityProviderBinding.Upper(ManagedTerminationProtection);
                options.ManagedDraining = CapacityProviderBinding.Upper(ManagedDraining);
            }
            ProcessItem(
                validate: () =>
                {
                    FleetChecks.CapacityProvider(options, isNew: true);
                },
                target: _ => CapacityProviderBinding.Target(options),
                action: "Create ECS capacity provider",
                perItemErrors: true,
                operation: (session, ctx) => Engine.CapacityProviders.CreateAsync(session, options, ctx));
        }
    }
}
