using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.CapacityProvider
{
    /// <summary>
    /// <para type="synopsis">Deletes a capacity provider.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsCapacityProvider", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsCapacityProvider))]
    public sealed class RemoveEcsCapacityProviderCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("CapacityProvider")]
        [ArgumentCompleter(typeof(CapacityProviderNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            // -Cluster is optional here: given, the provider is first taken off that cluster.
            var name = Name?.Trim() ?? "";
            var cluster = string.IsNullOrWhiteSpace(Cluster) ? null : Cluster!.Trim();
            ProcessItem(
                validate: () => FleetChecks.CapacityProviderName(name.StartsWith("arn:") ? name.Substring(name.LastIndexOf('/') + 1) : name),
                target: _ => "capacity provider " + name + (cluster is null ? "" : " (cluster " + cluster + ")"),
                action: "Delete ECS capacity provider",
                force: Force,
                perItemErrors: true,
                discardOutput: !PassThru,
                operation: (session, ctx) => Engine.CapacityProviders.RemoveAsync(session, name, cluster, ctx));
        }
    }
}
