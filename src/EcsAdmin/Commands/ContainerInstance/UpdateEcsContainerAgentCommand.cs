using System.Management.Automation;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.ContainerInstance
{
    /// <summary>
    /// <para type="synopsis">Updates the ECS container agent on container instances to the latest version.</para>
    /// </summary>
    [Cmdlet(VerbsData.Update, "EcsContainerAgent", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsContainerInstance))]
    public sealed class UpdateEcsContainerAgentCommand : EcsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[] ContainerInstance { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            try
            {
                if (Cluster != null) PreflightChecks.Reference(Cluster, "cluster", "InvalidClusterName");
                foreach (var c in ContainerInstance) FleetChecks.ContainerInstance(c);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            foreach (var raw in ContainerInstance)
            {
                var id = raw.Trim();
                if (!ShouldProcess("container instance " + FleetChecks.ContainerInstanceId(id) + " (cluster " + FleetCluster.Label(Cluster, Session) + ")", "Update the ECS container agent")) continue;
                RunOperation(Service.PerItem.NonTerminating(ctx =>
                {
                    var session = ResolveSession(ctx);
                    return Engine.ContainerInstances.UpdateAgentAsync(session, ClusterOrDefault(Cluster, session), id, ctx);
                }));
            }
        }
    }
}
