using System.Collections;
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
    /// <para type="synopsis">Sets custom attributes on container instances (for memberOf placement constraints).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "EcsAttribute", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = AttributeParameters.ByName)]
    [OutputType(typeof(EcsAttribute))]
    public sealed class SetEcsAttributeCommand : EcsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[] ContainerInstance { get; set; } = new string[0];

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = AttributeParameters.ByName)]
        [ArgumentCompleter(typeof(AttributeNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(Position = 1, ParameterSetName = AttributeParameters.ByName)]
        public string? Value { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = AttributeParameters.ByTable)]
        public Hashtable Attribute { get; set; } = new Hashtable();

        protected override void ProcessRecord()
        {
            var attributes = ParameterSetName == AttributeParameters.ByTable
                ? AttributeParameters.FromTable(Attribute)
                : new Dictionary<string, string?>(System.StringComparer.Ordinal) { [Name?.Trim() ?? ""] = Value };
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
            options.ContainerInstances = options.ContainerInstances.Where(c => ShouldProcess(
                "container instance " + FleetChecks.ContainerInstanceId(c) + " (cluster " + cluster + ")",
                "Set attribute(s) " + AttributeParameters.Describe(attributes))).ToArray();
            if (options.ContainerInstances.Length == 0) return;
            RunOperation(Service.PerItem.NonTerminating(ctx => Engine.ContainerInstances.PutAttributesAsync(ResolveSession(ctx), options, ctx)));
        }
    }
}
