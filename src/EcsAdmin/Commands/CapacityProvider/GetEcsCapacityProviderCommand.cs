using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.CapacityProvider
{
    /// <summary>
    /// <para type="synopsis">Gets capacity providers by name (wildcards allowed), or all of them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsCapacityProvider")]
    [OutputType(typeof(EcsCapacityProvider))]
    public sealed class GetEcsCapacityProviderCommand : EcsClusterCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("CapacityProvider", "CapacityProviderArn")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(CapacityProviderNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            // -Cluster filters here: left out, every capacity provider of the account is listed.
            var names = Name?.Select(n => n?.Trim() ?? "").ToArray();
            var cluster = Cluster?.Trim();
            ProcessItem(
                validate: () =>
                {
                    if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidCapacityProviderName", EcsErrorKind.InvalidArgument, "A capacity provider name cannot be empty or blank.", Name,
                            "Give a name, a wildcard pattern such as 'asg-*', or leave -Name out.");
                },
                operation: (session, ctx) => Engine.CapacityProviders.GetAsync(session, names, cluster, ctx));
        }
    }
}
