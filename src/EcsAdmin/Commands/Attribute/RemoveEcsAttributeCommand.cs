using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
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
    public sealed class RemoveEcsAttributeCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[] ContainerInstance { get; set; } = new string[0];

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
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
            var ids = (ContainerInstance ?? new string[0]).Select(c => c?.Trim() ?? "").ToArray();
            // The cluster is a placeholder for the checks until the session names it (the base has checked -Cluster).
            var options = new AttributeOptions { Cluster = Cluster?.Trim() ?? "default", Attributes = attributes, ContainerInstances = ids };
            ProcessTargets(ids,
                (session, c) => "container instance " + FleetChecks.ContainerInstanceId(c) + " (cluster " + ClusterFor(session) + ")",
                "Remove attribute(s) " + AttributeBinding.Describe(attributes),
                validate: () => FleetChecks.Attributes(options, requireInstances: true),
                force: Force,
                discardOutput: !PassThru,
                perItemErrors: true,
                operation: (session, approved, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    options.ContainerInstances = approved.ToArray();
                    return Engine.ContainerInstances.DeleteAttributesAsync(session, options, ctx);
                });
        }
    }
}
