using System;
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
    /// <para type="synopsis">Drains container instances (Status DRAINING), optionally waiting until their tasks are gone, or makes them ACTIVE again.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "EcsContainerInstance", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsContainerInstance))]
    public sealed class SetEcsContainerInstanceCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ContainerInstanceArn", "ContainerInstanceId")]
        [ArgumentCompleter(typeof(ContainerInstanceCompleter))]
        public string[] ContainerInstance { get; set; } = new string[0];

        [Parameter(Mandatory = true)]
        [ValidateSet("DRAINING", "ACTIVE", IgnoreCase = true)]
        public string Status { get; set; } = "";

        [Parameter]
        public SwitchParameter Wait { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 3600;

        protected override void ProcessRecord()
        {
            var status = Status.ToUpperInvariant();
            var ids = (ContainerInstance ?? new string[0]).Select(c => c?.Trim() ?? "").ToArray();
            var wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec), PollInterval = TimeSpan.FromSeconds(2), MaxPollInterval = TimeSpan.FromSeconds(15) } : null;
            ProcessTargets(ids,
                (session, c) => "container instance " + FleetChecks.ContainerInstanceId(c) + " (cluster " + ClusterFor(session) + ")",
                status == "DRAINING" ? "Drain (set DRAINING: services move their tasks elsewhere)" : "Set ACTIVE (accept tasks again)",
                validate: () =>
                {
                    foreach (var c in ContainerInstance ?? new string[0]) FleetChecks.ContainerInstance(c);
                    if (wait != null && status != "DRAINING")
                        throw new EcsAdminException("WaitNeedsDraining", EcsErrorKind.InvalidArgument,
                            "-Wait waits for the instance's tasks to leave; it applies to -Status DRAINING only.", status, "Leave out -Wait, or give -Status DRAINING.");
                },
                perItemErrors: true,
                operation: (session, approved, ctx) => Engine.ContainerInstances.SetStateAsync(session, new SetContainerInstanceStateOptions
                {
                    Cluster = ClusterFor(session), ContainerInstances = approved.ToArray(), Status = status, Wait = wait,
                }, ctx));
        }
    }
}
