using System;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Follows a service deployment to its end and reports Succeeded, RolledBack, Failed or TimedOut.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Wait, "EcsService")]
    [OutputType(typeof(EcsDeploymentResult))]
    public sealed class WaitEcsServiceCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>The deployment to follow (ecs-svc/...); the PRIMARY deployment when left out.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? DeploymentId { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 1800;

        /// <summary>Deployed (default), Paused, Stable, or a lifecycle stage such as POST_TEST_TRAFFIC_SHIFT.</summary>
        [Parameter]
        [ValidateSet("Deployed", "Paused", "Stable", "RECONCILE_SERVICE", "PRE_SCALE_UP", "SCALE_UP", "POST_SCALE_UP", "TEST_TRAFFIC_SHIFT", "POST_TEST_TRAFFIC_SHIFT",
            "PRODUCTION_TRAFFIC_SHIFT", "POST_PRODUCTION_TRAFFIC_SHIFT", "BAKE_TIME", "CLEAN_UP")]
        public string Until { get; set; } = "Deployed";

        protected override void ProcessRecord()
        {
            var options = new WaitServiceOptions
            {
                Service = Name?.Trim() ?? "",
                DeploymentId = DeploymentId?.Trim(),
                Wait = new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec) },
                Until = new WaitUntil { Target = NormalizeUntil(Until) },
            };
            ProcessItem(
                validate: () => PreflightChecks.Reference(options.Service, "service", "InvalidServiceName"),
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Services.WaitAsync(session, options, ctx);
                });
        }

        private static string NormalizeUntil(string value)
            => value.Equals("Deployed", StringComparison.OrdinalIgnoreCase) ? "Deployed"
                : value.Equals("Paused", StringComparison.OrdinalIgnoreCase) ? "Paused"
                : value.Equals("Stable", StringComparison.OrdinalIgnoreCase) ? "Stable"
                : value.ToUpperInvariant();
    }
}
