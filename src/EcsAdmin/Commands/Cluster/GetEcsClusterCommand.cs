using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Cluster
{
    /// <summary>
    /// <para type="synopsis">Gets ECS clusters by name (wildcards allowed), or all of them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsCluster")]
    [OutputType(typeof(EcsCluster))]
    public sealed class GetEcsClusterCommand : EcsCmdlet
    {
        /// <summary>Cluster names or ARNs; wildcards allowed. All clusters when left out.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ClusterName", "Cluster")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            var names = Name;
            ProcessItem(
                validate: () =>
                {
                    if (names != null && names.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidClusterName", EcsErrorKind.InvalidArgument, "A cluster name cannot be empty or blank.", names,
                            "Give a name, a wildcard pattern such as 'prod*', or leave -Name out.");
                },
                operation: (session, ctx) => Engine.Clusters.GetAsync(session, names, ctx));
        }
    }
}
