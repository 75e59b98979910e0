using System.Management.Automation;
using EcsAdmin.Binding;
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
    public sealed class RemoveEcsContainerInstanceCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string ContainerInstance { get; set; } = "";

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var id = ContainerInstance?.Trim() ?? "";
            bool force = Force;
            ProcessItem(
                validate: () => FleetChecks.ContainerInstance(ContainerInstance),
                target: session => "container instance " + FleetChecks.ContainerInstanceId(id) + " (cluster " + ClusterFor(session) + ")",
                action: force ? "Deregister container instance, even with tasks on it" : "Deregister container instance",
                force: force,
                perItemErrors: true,
                discardOutput: !PassThru,
                operation: (session, ctx) => Engine.ContainerInstances.RemoveAsync(session, ClusterFor(session), id, force, ctx));
        }
    }
}
