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
    public sealed class NewEcsCapacityProviderCommand : EcsCapacityProviderCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("CapacityProvider")]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.AutoScalingGroupSet, ValueFromPipelineByPropertyName = true)]
        public string AutoScalingGroupArn { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string InfrastructureRoleArn { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string InstanceProfileArn { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string[] Subnet { get; set; } = new string[0];

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        [ValidateSet("ON_DEMAND", "SPOT", IgnoreCase = true)]
        public string? CapacityOptionType { get; set; }

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
            FillShared(options, mi);
            if (mi)
            {
                options.InfrastructureRoleArn = InfrastructureRoleArn?.Trim();
                options.InstanceProfileArn = InstanceProfileArn?.Trim();
                options.Subnets = Subnet;
                options.CapacityOptionType = CapacityProviderBinding.Upper(CapacityOptionType);
            }
            else options.AutoScalingGroupArn = AutoScalingGroupArn?.Trim();
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
