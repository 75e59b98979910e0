using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Commands.ContainerInstance;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Attribute
{
    /// <summary>
    /// <para type="synopsis">Removes custom attributes from container instances.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsAttribute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsAttribute))]
    public sealed class RemoveEcsAttributeCommand : EcsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[] ContainerInstance { get; set; } = new string[0];

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AttributeNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        /// <summary>The value to remove; left out: whatever value the attribute has.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Value { get; set; }

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var attributes = new Dictionary<string, string?>(System.StringComparer.Ordinal);
            foreach (var n in Name) attributes[n?.Trim() ?? ""] = Value;
            var cluster = FleetCluster.Label(Cluster, Session);
            var options = new AttributeOptions { Cluster = cluster, Attributes = attributes };
            try
            {
                options.ContainerInstances = ContainerInstance.Select(c => c.Trim()).ToArray();
                FleetChecks.Attributes(options, requireInstances: true);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            options.ContainerInstances = options.ContainerInstances.Where(c => ShouldProcessUnlessForced(Force,
                "container instance " + FleetChecks.ContainerInstanceId(c) + " (cluster " + cluster + ")",
                "Remove attribute(s) " + AttributeParameters.Describe(attributes))).ToArray();
            if (options.ContainerInstances.Length == 0) return;
            RunOperation(Service.PerItem.NonTerminating(ctx => Engine.ContainerInstances.DeleteAttributesAsync(ResolveSession(ctx), options, ctx)), discardOutput: !PassThru);
        }
    }
}
