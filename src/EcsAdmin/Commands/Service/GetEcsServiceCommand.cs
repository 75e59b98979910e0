using System.Linq;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Gets ECS services of one cluster, or of every cluster, by name (wildcards allowed).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsService")]
    [OutputType(typeof(EcsService))]
    public sealed class GetEcsServiceCommand : EcsClusterCmdlet
    {
        /// <summary>Service names or ARNs; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service", "ServiceName")]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            // Here a left-out -Cluster means every cluster, not the session's default one.
            var options = new GetServiceOptions { Cluster = Cluster?.Trim(), Names = Name };
            ProcessItem(
                validate: () =>
                {
                    if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A service name cannot be empty or blank.", Name,
                            "Give a name, a wildcard pattern such as 'web*', or leave -Name out.");
                },
                operation: (session, ctx) => Engine.Services.GetAsync(session, options, ctx));
        }
    }
}
