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
    public sealed class SetEcsCapacityProviderCommand : EcsCapacityProviderCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("CapacityProvider")]
        [ArgumentCompleter(typeof(CapacityProviderNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string? InfrastructureRoleArn { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string? InstanceProfileArn { get; set; }

        [Parameter(ParameterSetName = CapacityProviderBinding.ManagedInstancesSet)]
        public string[]? Subnet { get; set; }

        protected override void ProcessRecord()
        {
            var mi = ParameterSetName == CapacityProviderBinding.ManagedInstancesSet;
            var options = new CapacityProviderOptions { Name = Name?.Trim() ?? "", ManagedInstances = mi };
            FillShared(options, mi);
            if (mi)
            {
                options.InfrastructureRoleArn = InfrastructureRoleArn?.Trim();
                options.InstanceProfileArn = InstanceProfileArn?.Trim();
                options.Subnets = Subnet;
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
