using System.Collections;
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
    /// <para type="synopsis">Sets custom attributes on container instances (for memberOf placement constraints).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "EcsAttribute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = AttributeBinding.ByName)]
    [OutputType(typeof(EcsAttribute))]
    public sealed class SetEcsAttributeCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[] ContainerInstance { get; set; } = new string[0];

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AttributeBinding.ByName)]
        [ArgumentCompleter(typeof(AttributeNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(Position = 1, ParameterSetName = AttributeBinding.ByName)]
        public string? Value { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AttributeBinding.ByTable)]
        public Hashtable Attribute { get; set; } = new Hashtable();

        protected override void ProcessRecord()
        {
            var attributes = ParameterSetName == AttributeBinding.ByTable
                ? AttributeBinding.FromTable(Attribute)
                : new Dictionary<string, string?>(System.StringComparer.Ordinal) { [Name?.Trim() ?? ""] = Value };
            var ids = (ContainerInstance ?? new string[0]).Select(c => c?.Trim() ?? "").ToArray();
            // The cluster is a placeholder for the checks until the session names it (the base has checked -Cluster).
            var options = new AttributeOptions { Cluster = Cluster?.Trim() ?? "default", Attributes = attributes, ContainerInstances = ids };
            ProcessTargets(ids,
                (session, c) => "container instance " + FleetChecks.ContainerInstanceId(c) + " (cluster " + ClusterFor(session) + ")",
                "Set attribute(s) " + AttributeBinding.Describe(attributes),
                validate: () => FleetChecks.Attributes(options, requireInstances: true),
                perItemErrors: true,
                operation: (session, approved, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    options.ContainerInstances = approved.ToArray();
                    return Engine.ContainerInstances.PutAttributesAsync(session, options, ctx);
                });
        }
    }
}
