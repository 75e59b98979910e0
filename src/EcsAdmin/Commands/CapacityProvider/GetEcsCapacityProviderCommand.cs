using System.Linq;
using System.Management.Automation;
using EcsAdmin.Completion;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.CapacityProvider
{
    /// <summary>
    /// <para type="synopsis">Gets capacity providers by name (wildcards allowed), or all of them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsCapacityProvider")]
    [OutputType(typeof(EcsCapacityProvider))]
    public sealed class GetEcsCapacityProviderCommand : EcsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("CapacityProvider", "CapacityProviderArn")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CapacityProviderNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

        protected override void ProcessRecord()
        {
            if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
            {
                WriteInvalidArgument("InvalidCapacityProviderName", "A capacity provider name cannot be empty or blank.", Name, "Give a name, a wildcard pattern such as 'asg-*', or leave -Name out.");
                return;
            }
            if (Cluster != null && string.IsNullOrWhiteSpace(Cluster))
            {
                WriteInvalidArgument("InvalidClusterName", "A cluster name cannot be empty or blank.", Cluster, "Give the cluster's name, or leave -Cluster out.");
                return;
            }
            var names = Name?.Select(n => n.Trim()).ToArray();
            var cluster = Cluster?.Trim();
            RunOperation(ctx => Engine.CapacityProviders.GetAsync(ResolveSession(ctx), names, cluster, ctx));
        }
    }
}
