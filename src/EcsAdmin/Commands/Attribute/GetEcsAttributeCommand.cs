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
    /// <para type="synopsis">Gets the attributes of a cluster's container instances (built-in ecs.* ones and custom ones), by name (wildcards allowed).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsAttribute")]
    [OutputType(typeof(EcsAttribute))]
    public sealed class GetEcsAttributeCommand : EcsClusterCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AttributeNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[]? ContainerInstance { get; set; }

        protected override void ProcessRecord()
        {
            var names = Name;
            var ids = ContainerInstance;
            ProcessItem(
                validate: () =>
                {
                    foreach (var c in ContainerInstance ?? new string[0]) FleetChecks.ContainerInstance(c);
                    if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidAttributeName", EcsErrorKind.InvalidArgument, "An attribute name cannot be empty or blank.", Name, "Give names or patterns such as 'ecs.*', or leave -Name out.");
                },
                operation: (session, ctx) => Engine.ContainerInstances.GetAttributesAsync(session, ClusterFor(session), names, ids, ctx));
        }
    }
}
