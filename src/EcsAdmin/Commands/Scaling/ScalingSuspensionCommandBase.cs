using System.Collections.Generic;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Scaling
{
    /// <summary>
    /// What Suspend-EcsScaling and Resume-EcsScaling share: the target, the three switches (none meaning all
    /// three), one ShouldProcess, and the engine call; the two differ only in the direction.
    /// </summary>
    public abstract class ScalingSuspensionCommandBase : EcsClusterCmdlet
    {
        /// <summary>True to suspend, false to resume.</summary>
        protected abstract bool Suspend { get; }

        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
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
            var options = new SuspendScalingOptions
            {
                Service = Service?.Trim() ?? "",
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
            ProcessItem(
                validate: () =>
                {
                    if (options.Service.Length == 0)
                        throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A service name cannot be empty or blank.", Service,
                            "Give -Service (and -Cluster), or pipe Get-EcsScaling or Get-EcsService output.");
                },
                target: session => "service/" + ScalingChecks.NameOf(ClusterFor(session)) + "/" + ScalingChecks.NameOf(options.Service),
                action: (Suspend ? "Suspend " : "Resume ") + string.Join(", ", kinds),
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Scaling.SetSuspendedAsync(session, options, ctx);
                });
        }
    }
}
