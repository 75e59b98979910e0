using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Deletes an ECS service, scaling it to 0 first unless -Force.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsService))]
    public sealed class RemoveEcsServiceCommand : EcsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service", "ServiceName")]
        public string Name { get; set; } = "";

        /// <summary>Delete without confirmation and without scaling to 0 first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var options = new RemoveServiceOptions { Cluster = Cluster?.Trim() ?? "default", Service = Name?.Trim() ?? "", Force = Force };
            try
            {
                if (Cluster != null) PreflightChecks.Reference(Cluster, "cluster", "InvalidClusterName");
                PreflightChecks.Reference(options.Service, "service", "InvalidServiceName");
                InputRules.Throw(InputRules.TargetName(options.Service, "service", "InvalidServiceName") ?? (Cluster is null ? null : InputRules.TargetName(Cluster, "cluster", "InvalidClusterName")));
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            if (!ShouldProcessUnlessForced(Force, options.Service + " (cluster " + (Cluster ?? "default") + ")", Force ? "Delete ECS service (force, running tasks are stopped)" : "Scale ECS service to 0 and delete it")) return;
            RunOperation(PerItem.NonTerminating(ctx =>
            {
                var session = ResolveSession(ctx);
                options.Cluster = ClusterOrDefault(Cluster, session);
                return Engine.Services.RemoveAsync(session, options, ctx);
            }), discardOutput: !PassThru);
        }
    }
}
