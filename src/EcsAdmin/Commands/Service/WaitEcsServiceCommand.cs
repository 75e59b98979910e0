using System;
using System.Management.Automation;
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
    public sealed class WaitEcsServiceCommand : EcsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Service", "ServiceName")]
        public string Name { get; set; } = "";

        /// <summary>The deployment to follow (ecs-svc/...); the PRIMARY deployment when left out.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string? DeploymentId { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 1800;

        protected override void ProcessRecord()
        {
            var options = new WaitServiceOptions
            {
                Cluster = Cluster?.Trim() ?? "default",
                Service = Name?.Trim() ?? "",
                DeploymentId = DeploymentId?.Trim(),
                Wait = new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec) },
            };
            try
            {
                if (Cluster != null) PreflightChecks.Reference(Cluster, "cluster", "InvalidClusterName");
                PreflightChecks.Reference(options.Service, "service", "InvalidServiceName");
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            RunOperation(PerItem.NonTerminating(ctx =>
            {
                var session = ResolveSession(ctx);
                options.Cluster = ClusterOrDefault(Cluster, session);
                return Engine.Services.WaitAsync(session, options, ctx);
            }));
        }
    }
}
