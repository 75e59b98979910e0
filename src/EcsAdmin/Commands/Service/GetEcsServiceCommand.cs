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
    public sealed class GetEcsServiceCommand : EcsCmdlet
    {
        /// <summary>The cluster; every cluster when left out.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>Service names or ARNs; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service", "ServiceName")]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
            {
                WriteInvalidArgument("InvalidServiceName", "A service name cannot be empty or blank.", Name, "Give a name, a wildcard pattern such as 'web*', or leave -Name out.");
                return;
            }
            try
            {
                if (Cluster != null) PreflightChecks.Reference(Cluster, "cluster", "InvalidClusterName");
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            var options = new GetServiceOptions { Cluster = Cluster?.Trim(), Names = Name };
            RunOperation(ctx => Engine.Services.GetAsync(ResolveSession(ctx), options, ctx));
        }
    }
}
