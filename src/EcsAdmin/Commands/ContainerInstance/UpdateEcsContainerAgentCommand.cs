using System.Management.Automation;
using EcsAdmin.Binding;
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
    public sealed class UpdateEcsContainerAgentCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[] ContainerInstance { get; set; } = new string[0];

        protected override void ProcessRecord()
        {
            // One request per instance: ECS updates the agent of one container instance per call.
            foreach (var raw in ContainerInstance ?? new string[0])
            {
                var id = raw?.Trim() ?? "";
                ProcessItem(
                    validate: () => FleetChecks.ContainerInstance(raw),
                    target: session => "container instance " + FleetChecks.ContainerInstanceId(id) + " (cluster " + ClusterFor(session) + ")",
                    action: "Update the ECS container agent",
                    perItemErrors: true,
                    operation: (session, ctx) => Engine.ContainerInstances.UpdateAgentAsync(session, ClusterFor(session), id, ctx));
            }
        }
    }
}
