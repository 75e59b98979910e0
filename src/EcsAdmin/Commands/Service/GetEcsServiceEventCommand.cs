using System;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Gets a service's events (deployments, steady state, placement and health check failures), newest first.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsServiceEvent")]
    [OutputType(typeof(EcsServiceEvent))]
    public sealed class GetEcsServiceEventCommand : EcsClusterCmdlet
    {
        /// <summary>Service names or ARNs (Get-EcsService's output pipes in).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(ServiceNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        /// <summary>Only events at or after this time (a DateTime, or e.g. (Get-Date).AddHours(-1)).</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Only the newest N events of each service.</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int? Last { get; set; }

        protected override void ProcessRecord()
        {
            var options = new ServiceEventOptions
            {
                Services = (Name ?? new string[0]).Select(n => n?.Trim() ?? "").ToArray(),
                Since = Since is DateTime s ? (s.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(s, DateTimeKind.Local) : s).ToUniversalTime() : (DateTime?)null,
                Last = Last,
            };
            ProcessItem(
                validate: () =>
                {
                    foreach (var service in options.Services)
                    {
                        PreflightChecks.Reference(service, "service", "InvalidServiceName");
                        InputRules.Throw(InputRules.TargetName(service, "service", "InvalidServiceName"));
                    }
                },
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Services.GetEventsAsync(session, options, ctx);
                });
        }
    }
}
