using System.Linq;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Scaling
{
    /// <summary>
    /// <para type="synopsis">Gets the auto scaling of services: bounds, policies with their alarms, scheduled actions, suspended state and recent activities.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsScaling")]
    [OutputType(typeof(EcsScalingConfiguration))]
    public sealed class GetEcsScalingCommand : EcsCmdlet
    {
        /// <summary>The cluster name or ARN (default: the session's default cluster, else "default").</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>Service names or ARNs; every service of the cluster that has auto scaling when left out.</summary>
        [Parameter(Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string[]? Service { get; set; }

        protected override void ProcessRecord()
        {
            if (Cluster != null && string.IsNullOrWhiteSpace(Cluster))
            {
                WriteInvalidArgument("InvalidClusterName", "A cluster name cannot be empty or blank.", Cluster, "Give the cluster's name, or leave -Cluster out to use the session's default cluster.");
                return;
            }
            if (Service != null && Service.Any(string.IsNullOrWhiteSpace))
            {
                WriteInvalidArgument("InvalidServiceName", "A service name cannot be empty or blank.", Service, "Give service names, or leave -Service out to list the cluster's scaling.");
                return;
            }
            var services = Service?.Select(s => s.Trim()).ToArray();
            RunOperation(ctx =>
            {
                var session = ResolveSession(ctx);
                return Engine.Scaling.GetAsync(session, ClusterOrDefault(Cluster, session), services, ctx);
            });
        }
    }
}
