using System.Management.Automation;
using EcsAdmin.Completion;

namespace EcsAdmin.Commands
{
    /// <summary>
    /// Base for cmdlets that reach into one container of one task (port forwarding, file copy): declares -Task
    /// (position 0, as on every task-taking cmdlet) and -Container once, with their completers.
    /// </summary>
    public abstract class EcsTaskTargetCmdlet : EcsClusterCmdlet
    {
        /// <summary>The task id or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskArn", "TaskId")]
        [ArgumentCompleter(typeof(TaskIdCompleter))]
        [ValidateNotNullOrEmpty]
        public string Task { get; set; } = "";

        /// <summary>The container; may be left out when the task has one container.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ContainerNameCompleter))]
        public string? Container { get; set; }

        /// <summary>The task as given, trimmed.</summary>
        protected string TaskGiven => Task?.Trim() ?? "";

        /// <summary>The container as given, trimmed; null when left out.</summary>
        protected string? ContainerGiven => string.IsNullOrWhiteSpace(Container) ? null : Container!.Trim();
    }
}
