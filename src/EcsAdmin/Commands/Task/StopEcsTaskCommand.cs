using System.Management.Automation;
using EcsAdmin.Commands.Service;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Tasks
{
    /// <summary>
    /// <para type="synopsis">Stops a running task.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "EcsTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsTask))]
    public sealed class StopEcsTaskCommand : EcsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskArn")]
        public string Task { get; set; } = "";

        /// <summary>Shown as the task's stoppedReason.</summary>
        [Parameter]
        [ValidateLength(1, 255)]
        public string? Reason { get; set; }

        protected override void ProcessRecord()
        {
            var options = new StopTaskOptions { Cluster = Cluster?.Trim() ?? "default", Task = Task?.Trim() ?? "", Reason = Reason };
            try
            {
                if (Cluster != null) PreflightChecks.Reference(Cluster, "cluster", "InvalidClusterName");
                PreflightChecks.Reference(options.Task, "task", "InvalidTaskId");
                InputRules.Throw(InputRules.TargetName(options.Task, "task", "InvalidTaskId") ?? (Cluster is null ? null : InputRules.TargetName(Cluster, "cluster", "InvalidClusterName")));
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            if (!ShouldProcess(options.Task + " (cluster " + (Cluster ?? "default") + ")", "Stop ECS task")) return;
            RunOperation(PerItem.NonTerminating(ctx =>
            {
                var session = ResolveSession(ctx);
                options.Cluster = ClusterOrDefault(Cluster, session);
                return Engine.Tasks.StopAsync(session, options, ctx);
            }));
        }
    }
}
