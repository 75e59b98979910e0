using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.CapacityProvider
{
    /// <summary>
    /// <para type="synopsis">Changes a capacity provider: managed scaling, termination protection and draining of an Auto Scaling group provider, or the settings of an ECS Managed Instances provider.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "EcsCapacityProvider", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium,
        DefaultParameterSetName = CapacityProviderBinding.AutoScalingGroupSet)]
    [OutputType(typeof(EcsCapacityProvider))]
    public sealed class SetEcsCapacityProviderCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("CapacityProvider")]
        [ArgumentCompleter(typeof(CapacityProviderNameCompleter))]
        public string Name { get; set; } = "";

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
        public string? InfrastructureRoleArn { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string? InstanceProfileArn { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string[]? Subnet { get; set; }

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

        protected override void ProcessRecord()
        {
            var mi = ParameterSetName == CapacityProviderBinding.ManagedInstancesSet;
            var options = new CapacityProviderOptions { Name = Name?.Trim() ?? "", ManagedInstances = mi };
            if (mi)
            {
                // A Managed Instances provider belongs to the cluster named by -Cluster; the checks require it.
                options.Cluster = string.IsNullOrWhiteSpace(Cluster) ? null : Cluster!.Trim();
                options.InfrastructureRoleArn = InfrastructureRoleArn?.Trim();
                options.InstanceProfileArn = InstanceProfileArn?.Trim();
                options.Subnets = Subnet;
                options.SecurityGroups = SecurityGroup;
                options.StorageSizeGiB = StorageSizeGiB;
                options.Monitoring = CapacityProviderBinding.Upper(Monitoring);
                options.PropagateTags = CapacityProviderBinding.Upper(PropagateTags);
                options.InstanceRequirements = CapacityProviderBinding.Requirements(MinVCpu, MaxVCpu, MinMemoryMiB, MaxMemoryMiB, CpuManufacturer, AllowedInstanceType, ExcludedInstanceType, BurstablePerformance);
            }
            else
            {
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
                    FleetChecks.CapacityProvider(options, isNew: false);
                    if (mi && options.InfrastructureRoleArn is null && options.InstanceProfileArn is null && options.Subnets is null && options.SecurityGroups is null
                        && options.StorageSizeGiB is null && options.Monitoring is null && options.PropagateTags is null && options.InstanceRequirements is null)
                        throw new EcsAdminException("NothingToChange", EcsErrorKind.InvalidArgument,
                            "Set-EcsCapacityProvider was given nothing to change for '" + options.Name + "'.", options.Name,
                            "Give -InfrastructureRoleArn, -InstanceProfileArn, -Subnet, -SecurityGroup, instance requirements, -StorageSizeGiB, -Monitoring or -PropagateTags.");
                },
                target: _ => CapacityProviderBinding.Target(options),
                action: "Update ECS capacity provider",
                perItemErrors: true,
                operation: (session, ctx) => Engine.CapacityProviders.SetAsync(session, options, ctx));
        }
    }
}
