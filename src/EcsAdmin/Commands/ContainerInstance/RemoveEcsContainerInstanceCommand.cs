using System.Management.Automation;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.ContainerInstance
{
    /// <summary>
    /// <para type="synopsis">Deregisters a container instance from its cluster.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsContainerInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsContainerInstance))]
    public sealed class RemoveEcsContainerInstanceCommand : EcsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string ContainerInstance { get; set; } = "";

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            try
            {
                if (Cluster != null) PreflightChecks.Reference(Cluster, "cluster", "InvalidClusterName");
                FleetChecks.ContainerInstance(ContainerInstance);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            var id = ContainerInstance.Trim();
            var target = "container instance " + FleetChecks.ContainerInstanceId(id) + " (cluster " + FleetCluster.Label(Cluster, Session) + ")";
            if (!ShouldProcessUnlessForced(Force, target, Force ? "Deregister container instance, even with tasks on it" : "Deregister container instance")) return;
            RunOperation(Service.PerItem.NonTerminating(ctx =>
            {
                var session = ResolveSession(ctx);
                return Engine.ContainerInstances.RemoveAsync(session, ClusterOrDefault(Cluster, session), id, Force, ctx);
            }), discardOutput: !PassThru);
        }
    }
}
