using System.Collections;
using System.Management.Automation;
using EcsAdmin.Commands.Cluster;
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
        DefaultParameterSetName = CapacityProviderParameters.AutoScalingGroupSet)]
    [OutputType(typeof(EcsCapacityProvider))]
    public sealed class NewEcsCapacityProviderCommand : EcsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("CapacityProvider")]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderParameters.AutoScalingGroupSet, ValueFromPipelineByPropertyName = true)]
        public string AutoScalingGroupArn { get; set; } = "";

        [Parameter(ParameterSetName = CapacityProviderParameters.AutoScalingGroupSet)]
        [ValidateSet("ENABLED", "DISABLED", IgnoreCase = true)]
        public string? ManagedScaling { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.AutoScalingGroupSet)]
        public int? TargetCapacity { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.AutoScalingGroupSet)]
        public int? MinimumScalingStepSize { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.AutoScalingGroupSet)]
        public int? MaximumScalingStepSize { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.AutoScalingGroupSet)]
        public int? InstanceWarmupSec { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.AutoScalingGroupSet)]
        [ValidateSet("ENABLED", "DISABLED", IgnoreCase = true)]
        public string? ManagedTerminationProtection { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.AutoScalingGroupSet)]
        [ValidateSet("ENABLED", "DISABLED", IgnoreCase = true)]
        public string? ManagedDraining { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public SwitchParameter ManagedInstances { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderParameters.ManagedInstancesSet, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Cluster { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public string InfrastructureRoleArn { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public string InstanceProfileArn { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public string[] Subnet { get; set; } = new string[0];

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public string[]? SecurityGroup { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        [ValidateSet("ON_DEMAND", "SPOT", IgnoreCase = true)]
        public string? CapacityOptionType { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public int? MinVCpu { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public int? MaxVCpu { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public int? MinMemoryMiB { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public int? MaxMemoryMiB { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        [ValidateSet("intel", "amd", "amazon-web-services", IgnoreCase = true)]
        public string[]? CpuManufacturer { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public string[]? AllowedInstanceType { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public string[]? ExcludedInstanceType { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        [ValidateSet("included", "required", "excluded", IgnoreCase = true)]
        public string? BurstablePerformance { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        public int? StorageSizeGiB { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        [ValidateSet("BASIC", "DETAILED", IgnoreCase = true)]
        public string? Monitoring { get; set; }

        [Parameter(ParameterSetName = CapacityProviderParameters.ManagedInstancesSet)]
        [ValidateSet("CAPACITY_PROVIDER", "NONE", IgnoreCase = true)]
        public string? PropagateTags { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Hashtable? Tag { get; set; }

        protected override void ProcessRecord()
        {
            var mi = ParameterSetName == CapacityProviderParameters.ManagedInstancesSet;
            var options = new CapacityProviderOptions
            {
                Name = Name?.Trim() ?? "",
                Tags = Binding.ToStringMap(Tag),
                ManagedInstances = mi,
            };
            if (mi)
            {
                options.Cluster = Cluster?.Trim();
                options.InfrastructureRoleArn = InfrastructureRoleArn?.Trim();
                options.InstanceProfileArn = InstanceProfileArn?.Trim();
                options.Subnets = Subnet;
                options.SecurityGroups = SecurityGroup;
                options.CapacityOptionType = CapacityProviderParameters.Upper(CapacityOptionType);
                options.StorageSizeGiB = StorageSizeGiB;
                options.Monitoring = CapacityProviderParameters.Upper(Monitoring);
                options.PropagateTags = CapacityProviderParameters.Upper(PropagateTags);
                options.InstanceRequirements = CapacityProviderParameters.Requirements(MinVCpu, MaxVCpu, MinMemoryMiB, MaxMemoryMiB, CpuManufacturer, AllowedInstanceType, ExcludedInstanceType, BurstablePerformance);
            }
            else
            {
                options.AutoScalingGroupArn = AutoScalingGroupArn?.Trim();
                options.ManagedScaling = CapacityProviderParameters.Upper(ManagedScaling);
                options.TargetCapacity = TargetCapacity;
                options.MinimumScalingStepSize = MinimumScalingStepSize;
                options.MaximumScalingStepSize = MaximumScalingStepSize;
                options.InstanceWarmupPeriod = InstanceWarmupSec;
                options.ManagedTerminationProtection = CapacityProviderParameters.Upper(ManagedTerminationProtection);
                options.ManagedDraining = CapacityProviderParameters.Upper(ManagedDraining);
            }
            try
            {
                FleetChecks.CapacityProvider(options, isNew: true);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            if (!ShouldProcess(CapacityProviderParameters.Target(options), "Create ECS capacity provider")) return;
            RunOperation(Service.PerItem.NonTerminating(ctx => Engine.CapacityProviders.CreateAsync(ResolveSession(ctx), options, ctx)));
        }
    }
}
