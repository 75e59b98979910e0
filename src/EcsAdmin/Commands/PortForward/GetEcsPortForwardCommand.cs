using System;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.PortForward
{
    /// <summary>
    /// <para type="synopsis">Lists the port forwards of this PowerShell session that are running, with their live counters.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsPortForward")]
    [OutputType(typeof(EcsPortForward))]
    public sealed class GetEcsPortForwardCommand : PSCmdlet
    {
        /// <summary>Only the forwards with these ids.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public int[]? Id { get; set; }

        /// <summary>Only the forwards into this task (id or ARN).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TaskArn", "TaskId")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskIdCompleter))]
        public string? Task { get; set; }

        protected override void ProcessRecord()
        {
            var task = string.IsNullOrWhiteSpace(Task) ? null : Task!.Trim();
            var taskId = task is null ? null : task.Substring(task.LastIndexOf('/') + 1);
            foreach (var f in PortForwardRegistry.Snapshot())
            {
                if (Id != null && Id.Length > 0 && !Id.Contains(f.Id)) continue;
                if (taskId != null && !string.Equals(f.TaskId, taskId, StringComparison.Ordinal)) continue;
                WriteObject(f);
            }
        }
    }
}
