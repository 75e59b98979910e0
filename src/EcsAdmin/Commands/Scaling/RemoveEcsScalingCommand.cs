using System.Management.Automation;
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
    public sealed class RemoveEcsScalingCommand : EcsCmdlet
    {
        /// <summary>The cluster name or ARN (default: the session's default cluster, else "default").</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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
            if ((Cluster != null && string.IsNullOrWhiteSpace(Cluster)) || string.IsNullOrWhiteSpace(Service))
            {
                WriteInvalidArgument(string.IsNullOrWhiteSpace(Service) ? "InvalidServiceName" : "InvalidClusterName",
                    "A cluster or service name cannot be empty or blank.", Service, "Give -Service (and -Cluster), or pipe Get-EcsScaling or Get-EcsService output.");
                return;
            }
            if ((Validation.InputRules.TargetName(Service, "service", "InvalidServiceName") ?? (Cluster is null ? null : Validation.InputRules.TargetName(Cluster, "cluster", "InvalidClusterName"))) is { } bad) { WriteError(ToErrorRecord(bad, null)); return; }
            var target = (Cluster is null ? "" : ScalingChecks.NameOf(Cluster) + "/") + ScalingChecks.NameOf(Service);
            if (!ShouldProcessUnlessForced(Force, "service/" + target, "Remove auto scaling (deregister the scalable target, deleting its policies and scheduled actions)")) return;
            var service = Service.Trim();
            RunOperation(ctx =>
            {
                var session = ResolveSession(ctx);
                return Engine.Scaling.RemoveAsync(session, ClusterOrDefault(Cluster, session), service, ctx);
            }, discardOutput: !PassThru);
        }
    }
}
