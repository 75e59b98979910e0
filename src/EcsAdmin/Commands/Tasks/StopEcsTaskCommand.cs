using System.Management.Automation;
using EcsAdmin.Binding;
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
    public sealed class StopEcsTaskCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("TaskArn")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskIdCompleter))]
        public string Task { get; set; } = "";

        /// <summary>Shown as the task's stoppedReason.</summary>
        [Parameter]
        [ValidateLength(1, 255)]
        public string? Reason { get; set; }

        /// <summary>Stop several tasks (a piped list) without asking; one task never asks.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void ProcessRecord()
        {
            var options = new StopTaskOptions { Task = Task?.Trim() ?? "", Reason = Reason };
            if (!ShouldContinueWithMoreThanOne(Force, "stop task " + options.Task, "stop tasks")) return;
            ProcessItem(
                validate: () =>
                {
                    PreflightChecks.Reference(options.Task, "task", "InvalidTaskId");
                    InputRules.Throw(InputRules.TargetName(options.Task, "task", "InvalidTaskId")
                        ?? (Cluster is null ? null : InputRules.TargetName(Cluster, "cluster", "InvalidClusterName")));
                },
                target: session => options.Task + " (cluster " + ClusterFor(session) + ")",
                action: "Stop ECS task",
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Tasks.StopAsync(session, options, ctx);
                });
        }
    }
}
