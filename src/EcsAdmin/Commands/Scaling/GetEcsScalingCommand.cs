using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Scaling
{
    /// <summary>
    /// <para type="synopsis">Gets the auto scaling of services: bounds, policies with their alarms, scheduled actions, suspended state and recent activities.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsScaling")]
    [OutputType(typeof(EcsScalingConfiguration))]
    public sealed class GetEcsScalingCommand : EcsClusterCmdlet
    {
        /// <summary>Service names or ARNs; every service of the cluster that has auto scaling when left out.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string[]? Service { get; set; }

        protected override void ProcessRecord()
        {
            ProcessItem(
                validate: () =>
                {
                    if (Service != null && Service.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A service name cannot be empty or blank.", Service,
                            "Give service names, or leave -Service out to list the cluster's scaling.");
                },
                operation: (session, ctx) => Engine.Scaling.GetAsync(session, ClusterFor(session), Service?.Select(s => s.Trim()).ToArray(), ctx));
        }
    }
}
