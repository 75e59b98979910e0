using System;
using System.Linq;
using System.Management.Automation;
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
    public sealed class SetEcsContainerInstanceCommand : EcsCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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
            try
            {
                if (Cluster != null) PreflightChecks.Reference(Cluster, "cluster", "InvalidClusterName");
                foreach (var c in ContainerInstance) FleetChecks.ContainerInstance(c);
                if (Wait && status != "DRAINING")
                    throw new EcsAdminException("WaitNeedsDraining", EcsErrorKind.InvalidArgument,
                        "-Wait waits for the instance's tasks to leave; it applies to -Status DRAINING only.", status, "Leave out -Wait, or give -Status DRAINING.");
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            var clusterLabel = FleetCluster.Label(Cluster, Session);
            var chosen = ContainerInstance.Select(c => c.Trim()).Where(c => ShouldProcess(
                "container instance " + FleetChecks.ContainerInstanceId(c) + " (cluster " + clusterLabel + ")",
                status == "DRAINING" ? "Drain (set DRAINING: services move their tasks elsewhere)" : "Set ACTIVE (accept tasks again)")).ToArray();
            if (chosen.Length == 0) return;
            var wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec), PollInterval = TimeSpan.FromSeconds(2), MaxPollInterval = TimeSpan.FromSeconds(15) } : null;
            RunOperation(Service.PerItem.NonTerminating(ctx =>
            {
                var session = ResolveSession(ctx);
                return Engine.ContainerInstances.SetStateAsync(session, new SetContainerInstanceStateOptions
                {
                    Cluster = ClusterOrDefault(Cluster, session), ContainerInstances = chosen, Status = status, Wait = wait,
                }, ctx);
            }));
        }
    }
}
