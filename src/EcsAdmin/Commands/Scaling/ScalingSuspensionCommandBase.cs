using System.Collections.Generic;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Scaling
{
    /// <summary>
    /// What Suspend-EcsScaling and Resume-EcsScaling share: the target, the three switches (none meaning all
    /// three), one ShouldProcess, and the engine call; the two differ only in the direction.
    /// </summary>
    public abstract class ScalingSuspensionCommandBase : EcsCmdlet
    {
        /// <summary>True to suspend, false to resume.</summary>
        protected abstract bool Suspend { get; }

        /// <summary>The cluster name or ARN (default: the session's default cluster, else "default").</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Service { get; set; } = "";

        /// <summary>Dynamic scale-in (policies lowering the desired count).</summary>
        [Parameter]
        public SwitchParameter DynamicIn { get; set; }

        /// <summary>Dynamic scale-out (policies raising the desired count).</summary>
        [Parameter]
        public SwitchParameter DynamicOut { get; set; }

        /// <summary>Scheduled actions.</summary>
        [Parameter]
        public SwitchParameter Scheduled { get; set; }

        protected override void ProcessRecord()
        {
            if ((Cluster != null && string.IsNullOrWhiteSpace(Cluster)) || string.IsNullOrWhiteSpace(Service))
            {
                WriteInvalidArgument(string.IsNullOrWhiteSpace(Service) ? "InvalidServiceName" : "InvalidClusterName",
                    "A cluster or service name cannot be empty or blank.", Service, "Give -Service (and -Cluster), or pipe Get-EcsScaling or Get-EcsService output.");
                return;
            }
            var options = new SuspendScalingOptions
            {
                Cluster = Cluster?.Trim() ?? "",
                Service = Service.Trim(),
                DynamicIn = DynamicIn.IsPresent,
                DynamicOut = DynamicOut.IsPresent,
                Scheduled = Scheduled.IsPresent,
                Suspend = Suspend,
            };
            var kinds = new List<string>();
            bool all = !options.DynamicIn && !options.DynamicOut && !options.Scheduled;
            if (all || options.DynamicIn) kinds.Add("dynamic scale-in");
            if (all || options.DynamicOut) kinds.Add("dynamic scale-out");
            if (all || options.Scheduled) kinds.Add("scheduled scaling");
            var target = "service/" + (Cluster is null ? "" : ScalingChecks.NameOf(Cluster) + "/") + ScalingChecks.NameOf(Service);
            if (!ShouldProcess(target, (Suspend ? "Suspend " : "Resume ") + string.Join(", ", kinds))) return;
            RunOperation(ctx =>
            {
                var session = ResolveSession(ctx);
                options.Cluster = ClusterOrDefault(options.Cluster, session);
                return Engine.Scaling.SetSuspendedAsync(session, options, ctx);
            });
        }
    }
}
