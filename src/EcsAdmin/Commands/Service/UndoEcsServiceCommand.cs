using System;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Returns an ECS service to its previous good revision: rolls back the deployment in progress, or redeploys the revision of the last successful deployment before the current one.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Undo, "EcsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsService), typeof(EcsServiceDeployment), typeof(EcsDeploymentResult))]
    public sealed class UndoEcsServiceCommand : EcsClusterCmdlet
    {
        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(ServiceNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Go back to this task definition instead of the previous good one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskDefinitionCompleter))]
        public string? TaskDefinition { get; set; }

        /// <summary>Follow the rollback or the new deployment and write an EcsDeploymentResult.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait follows it, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 1800;

        /// <summary>Do not ask for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var options = new UndoServiceOptions
            {
                Service = Name?.Trim() ?? "",
                TaskDefinition = TaskDefinition?.Trim(),
                Wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec) } : null,
            };
            ProcessItem(
                validate: () => PreflightChecks.Reference(options.Service, "service", "InvalidServiceName"),
                target: session => options.Service + " (cluster " + ClusterFor(session) + ")",
                action: options.TaskDefinition != null ? "Roll back to " + options.TaskDefinition : "Roll back to the previous good revision",
                force: Force,
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Deployments.UndoAsync(session, options, ctx);
                });
        }
    }
}
