using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Scaling
{
    /// <summary>
    /// <para type="synopsis">Removes a service's auto scaling: deregisters its scalable target, which deletes its policies and scheduled actions.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsScaling", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsScalingConfiguration))]
    public sealed class RemoveEcsScalingCommand : EcsClusterCmdlet
    {
        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Service { get; set; } = "";

        /// <summary>Remove without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the configuration as it was before removal (Registered false).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var service = Service?.Trim() ?? "";
            ProcessItem(
                validate: () =>
                {
                    if (service.Length == 0)
                        throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A service name cannot be empty or blank.", Service,
                            "Give -Service (and -Cluster), or pipe Get-EcsScaling or Get-EcsService output.");
                    InputRules.Throw(InputRules.TargetName(service, "service", "InvalidServiceName")
                        ?? (Cluster is null ? null : InputRules.TargetName(Cluster, "cluster", "InvalidClusterName")));
                },
                target: session => "service/" + ScalingChecks.NameOf(ClusterFor(session)) + "/" + ScalingChecks.NameOf(service),
                action: "Remove auto scaling (deregister the scalable target, deleting its policies and scheduled actions)",
                force: Force,
                discardOutput: !PassThru,
                operation: (session, ctx) => Engine.Scaling.RemoveAsync(session, ClusterFor(session), service, ctx));
        }
    }
}
