using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.ContainerInstance
{
    /// <summary>
    /// <para type="synopsis">Gets the container instances of a cluster (EC2 and external): status, agent, instance type, zone, tasks, resources and attributes.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsContainerInstance")]
    [OutputType(typeof(EcsContainerInstance))]
    public sealed class GetEcsContainerInstanceCommand : EcsClusterCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[]? ContainerInstance { get; set; }

        [Parameter]
        [ValidateSet("ACTIVE", "DRAINING", "REGISTERING", "DEREGISTERING", "REGISTRATION_FAILED", IgnoreCase = true)]
        public string? Status { get; set; }

        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Filter { get; set; }

        protected override void ProcessRecord()
        {
            var ids = ContainerInstance?.Select(c => c?.Trim() ?? "").ToArray();
            var status = Status?.ToUpperInvariant();
            ProcessItem(
                validate: () =>
                {
                    foreach (var c in ContainerInstance ?? new string[0]) FleetChecks.ContainerInstance(c);
                },
                operation: (session, ctx) => Engine.ContainerInstances.GetAsync(session, new GetContainerInstanceOptions
                {
                    Cluster = ClusterFor(session), ContainerInstances = ids, Status = status, Filter = Filter,
                }, ctx));
        }
    }
}
