using System.Management.Automation;
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
    public sealed class RemoveEcsCapacityProviderCommand : EcsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("CapacityProvider")]
        [ArgumentCompleter(typeof(CapacityProviderNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var name = Name?.Trim() ?? "";
            var cluster = string.IsNullOrWhiteSpace(Cluster) ? null : Cluster!.Trim();
            try
            {
                FleetChecks.CapacityProviderName(name.StartsWith("arn:") ? name.Substring(name.LastIndexOf('/') + 1) : name);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            if (!ShouldProcessUnlessForced(Force, "capacity provider " + name + (cluster is null ? "" : " (cluster " + cluster + ")"), "Delete ECS capacity provider")) return;
            RunOperation(Service.PerItem.NonTerminating(ctx => Engine.CapacityProviders.RemoveAsync(ResolveSession(ctx), name, cluster, ctx)), discardOutput: !PassThru);
        }
    }
}
