using System.Management.Automation;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Exec
{
    /// <summary>
    /// <para type="synopsis">Checks whether Invoke-EcsExec can reach a task, and says what to fix when it cannot.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "EcsExecReadiness")]
    [OutputType(typeof(EcsExecCheck))]
    public sealed class TestEcsExecReadinessCommand : EcsCmdlet
    {
        /// <summary>The cluster name or ARN (default: the session's default cluster, else "default").</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName", "ClusterArn")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>The task id or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskArn", "TaskId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskIdCompleter))]
        public string Task { get; set; } = "";

        /// <summary>Check only this container's agent.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ContainerNameCompleter))]
        public string? Container { get; set; }

        protected override void ProcessRecord()
        {
            var task = Task.Trim();
            if (task.Length == 0)
            {
                WriteInvalidArgument("InvalidTaskId", "A task id cannot be empty or blank.", Task, "Give the task id or ARN (Get-EcsTask lists them).");
                return;
            }
            var container = string.IsNullOrWhiteSpace(Container) ? null : Container!.Trim();
            RunOperation(ctx =>
            {
                var session = ResolveSession(ctx);
                return Engine.Exec.TestReadinessAsync(session, ClusterOrDefault(Cluster, session), task, container, ctx);
            });
        }
    }
}
