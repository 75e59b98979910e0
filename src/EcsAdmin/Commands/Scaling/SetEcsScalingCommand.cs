using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Scaling
{
    /// <summary>
    /// <para type="synopsis">Makes a service's auto scaling what you say it should be: bounds, target tracking policies and scheduled actions.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "EcsScaling", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsScalingConfiguration), typeof(EcsScalingChange))]
    public sealed class SetEcsScalingCommand : EcsClusterCmdlet
    {
        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Service { get; set; } = "";

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)] // by name: Get-EcsRightSizing's Scale advice
        public int MinCapacity { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)] // by name: Get-EcsRightSizing's Scale advice
        public int MaxCapacity { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("CpuPercent")]
        public double? TargetCpuPercent { get; set; }

        [Parameter]
        [Alias("MemoryPercent")]
        public double? TargetMemoryPercent { get; set; }

        [Parameter]
        public double? TargetRequestsPerTarget { get; set; }

        [Parameter]
        public string? ResourceLabel { get; set; }

        [Parameter]
        public object[]? CustomMetric { get; set; }

        [Parameter]
        public int? ScaleOutCooldownSec { get; set; }

        [Parameter]
        public int? ScaleInCooldownSec { get; set; }

        [Parameter]
        public SwitchParameter DisableScaleIn { get; set; }

        [Parameter]
        public object[]? ScheduledAction { get; set; }

        /// <summary>Write the EcsScalingChange objects of the plan (Applied true/false) instead of the resulting configuration.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var options = new SetScalingOptions
            {
                Cluster = Cluster?.Trim() ?? "",
                Service = Service?.Trim() ?? "",
                MinCapacity = MinCapacity,
                MaxCapacity = MaxCapacity,
                TargetCpuPercent = TargetCpuPercent,
                TargetMemoryPercent = TargetMemoryPercent,
                TargetRequestsPerTarget = TargetRequestsPerTarget,
                ResourceLabel = ResourceLabel,
                ScaleOutCooldownSec = ScaleOutCooldownSec,
                ScaleInCooldownSec = ScaleInCooldownSec,
                DisableScaleIn = DisableScaleIn.IsPresent,
            };
            try
            {
                ValidateShared();
                options.CustomMetrics = ScalingBinding.ToCustomMetrics(CustomMetric);
                options.ScheduledActions = ScalingBinding.ToScheduledActions(ScheduledAction);
                // The cluster may come from the session (resolved later): check the rest with a stand-in.
                var probe = options.Cluster;
                options.Cluster = probe.Length == 0 ? "default" : probe;
                ScalingChecks.Validate(options);
                options.Cluster = probe;
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }

            ScalingPlan? plan = null;
            EcsSession? session = null;
            RunOperation(async ctx =>
            {
                try
                {
                    session = ResolveSession(ctx);
                    options.Cluster = ClusterFor(session);
                    plan = await Engine.Scaling.PlanSetAsync(session, options, ctx).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (ex.Kind == EcsErrorKind.ObjectNotFound || ex.Kind == EcsErrorKind.InvalidArgument)
                {
                    // Per service: the next piped service still gets its turn.
                    ctx.Error(ex);
                }
            });
            if (plan is null || session is null) return;

            bool whatIf = IsWhatIf();
            var approved = new List<EcsScalingChange>();
            foreach (var change in plan.Changes)
            {
                var description = change.Action + " " + change.Target + (change.Target == plan.ResourceId ? "" : " (" + plan.ResourceId + ")") + ": " + change.Detail;
                if (ShouldProcess(description, "Send " + change.Action + " for " + change.Target + "? " + change.Detail, "Set-EcsScaling " + plan.ResourceId, out var reason))
                    approved.Add(change);
                else if (reason == ShouldProcessReason.WhatIf)
                    whatIf = true;
            }
            if (whatIf)
            {
                if (plan.Changes.Count == 0) WriteVerbose(plan.ResourceId + ": scaling already matches; -WhatIf has nothing to show.");
                foreach (var change in plan.Changes) WriteObject(change);
                return;
            }
            var finalPlan = plan;
            var finalSession = session;
            RunOperation(ctx => Engine.Scaling.ApplyAsync(finalSession, finalPlan, approved, PassThru.IsPresent, ctx));
        }

        private bool IsWhatIf()
        {
            if (MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w))
                return w is SwitchParameter s ? s.IsPresent : w is bool b && b;
            var pref = SessionState.PSVariable.GetValue("WhatIfPreference");
            return pref is SwitchParameter sp ? sp.IsPresent : pref is bool pb && pb;
        }
    }
}
