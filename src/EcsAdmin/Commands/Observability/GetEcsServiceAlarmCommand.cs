using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Observability
{
    /// <summary>
    /// <para type="synopsis">Gets the CloudWatch metric alarms that watch ECS services (alarms with ClusterName/ServiceName dimensions).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsServiceAlarm")]
    [OutputType(typeof(EcsServiceAlarm))]
    public sealed class GetEcsServiceAlarmCommand : EcsCmdlet
    {
        /// <summary>Only alarms on this cluster (wildcards allowed).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>Only alarms on this service (wildcards allowed).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ServiceName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string? Service { get; set; }

        /// <summary>Only alarms with this name (wildcards allowed).</summary>
        [Parameter]
        [Alias("AlarmName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.AlarmNameCompleter))]
        public string? Name { get; set; }

        protected override void ProcessRecord()
        {
            var options = new GetServiceAlarmOptions { Cluster = Cluster, Service = Service, Name = Name };
            ProcessItem(
                validate: () =>
                {
                    // A filter that was given but is blank would silently match nothing (or everything): refuse it.
                    foreach (var (value, what, id) in new[] { (Cluster, "cluster", "InvalidClusterName"), (Service, "service", "InvalidServiceName"), (Name, "alarm", "InvalidAlarmName") })
                        if (value != null && string.IsNullOrWhiteSpace(value))
                            throw new EcsAdminException(id, EcsErrorKind.InvalidArgument, "A " + what + " name cannot be empty or blank.", value,
                                "Give a " + what + " name or pattern, or leave the parameter out.");
                },
                operation: (session, ctx) => Engine.Observability.GetAlarmAsync(session, options, ctx));
        }
    }
}
