using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Tasks
{
    /// <summary>
    /// <para type="synopsis">Gets the tasks of a cluster, a service or a family, or tasks by id.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsTask")]
    [OutputType(typeof(EcsTask))]
    public sealed class GetEcsTaskCommand : EcsClusterCmdlet
    {
        /// <summary>Only tasks of this service.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string? Service { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskDefinitionFamilyCompleter))]
        public string? Family { get; set; }

        [Parameter]
        [ValidateSet("RUNNING", "STOPPED")]
        public string? DesiredStatus { get; set; }

        /// <summary>Task ids or ARNs.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("TaskArn")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskIdCompleter))]
        public string[]? Task { get; set; }

        protected override void ProcessRecord()
        {
            var options = new GetTaskOptions
            {
                Service = Task is { Length: > 0 } ? null : Service,
                Family = Family,
                DesiredStatus = DesiredStatus?.ToUpperInvariant(),
                Tasks = Task,
            };
            ProcessItem(
                validate: () =>
                {
                    // A piped task that belongs to no service brings a null Service: no filter. Typed blank text is an error.
                    if (Service != null && string.IsNullOrWhiteSpace(Service))
                        throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A service name cannot be empty or blank.", Service,
                            "Give a service name, or leave -Service out to list every task of the cluster.");
                    if (Task != null && Task.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidTaskId", EcsErrorKind.InvalidArgument, "A task id cannot be empty or blank.", Task,
                            "Give task ids or ARNs, or leave -Task out to list.");
                },
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Tasks.GetAsync(session, options, ctx);
                });
        }
    }
}
