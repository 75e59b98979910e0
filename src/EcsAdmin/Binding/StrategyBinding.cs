using System;
using System.Collections;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Validation;

namespace EcsAdmin.Binding
{
    /// <summary>The deployment-strategy parameters New-EcsFargateService and Update-EcsService share.</summary>
    internal interface IStrategyParameters
    {
        string? Strategy { get; }
        int? BakeTimeMinutes { get; }
        double? LinearStepPercent { get; }
        int? LinearStepBakeMinutes { get; }
        double? CanaryPercent { get; }
        int? CanaryBakeMinutes { get; }
        string? AlternateTargetGroupArn { get; }
        string? ProductionListenerRule { get; }
        string? TestListenerRule { get; }
        string? LoadBalancerRoleArn { get; }
        string? TestTrafficHeader { get; }
        string? TestTrafficHeaderValue { get; }
        string[]? PauseAt { get; }
        int? PauseTimeoutMinutes { get; }
        string? PauseTimeoutAction { get; }
        Hashtable[]? LifecycleHook { get; }
        string[]? DeploymentAlarm { get; }
        bool? AlarmRollback { get; }
    }

    /// <summary>Turns the strategy parameters into options (throws EcsAdminException on a malformed hook).</summary>
    internal static class StrategyBinding
    {
        public static DeploymentStrategyOptions? ToOptions(IStrategyParameters p)
        {
            var hooks = (p.LifecycleHook ?? Array.Empty<Hashtable>()).Select(ToHook).ToList();
            if (p.PauseAt is { Length: > 0 })
                hooks.Add(new LifecycleHookOptions
                {
                    TargetType = "PAUSE",
                    Stages = p.PauseAt.Select(s => s.Trim().ToUpperInvariant()).ToArray(),
                    TimeoutInMinutes = p.PauseTimeoutMinutes,
                    TimeoutAction = p.PauseTimeoutAction?.ToUpperInvariant(),
                });
            else if (p.PauseTimeoutMinutes != null || p.PauseTimeoutAction != null)
                throw new EcsAdminException("PauseTimeoutWithoutPause", EcsErrorKind.InvalidArgument, "-PauseTimeoutMinutes and -PauseTimeoutAction go with -PauseAt.", p.PauseTimeoutMinutes,
                    "Add -PauseAt POST_TEST_TRAFFIC_SHIFT (or another stage).");
            var o = new DeploymentStrategyOptions
            {
                Strategy = DeploymentStrategyChecks.WireStrategy(p.Strategy),
                BakeTimeInMinutes = p.BakeTimeMinutes,
                LinearStepPercent = p.LinearStepPercent,
                LinearStepBakeTimeInMinutes = p.LinearStepBakeMinutes,
                CanaryPercent = p.CanaryPercent,
                CanaryBakeTimeInMinutes = p.CanaryBakeMinutes,
                AlternateTargetGroupArn = p.AlternateTargetGroupArn,
                ProductionListenerRule = p.ProductionListenerRule,
                TestListenerRule = p.TestListenerRule,
                LoadBalancerRoleArn = p.LoadBalancerRoleArn,
                TestTrafficHeaderName = p.TestTrafficHeader,
                TestTrafficHeaderValue = p.TestTrafficHeaderValue,
                LifecycleHooks = hooks.Count > 0 ? hooks.ToArray() : null,
                AlarmNames = p.DeploymentAlarm,
                AlarmRollback = p.AlarmRollback,
            };
            return o.IsEmpty && o.AlarmRollback is null ? null : o;
        }

        /// <summary>@{Type='Pause'|'Lambda'; Stages=...; FunctionArn=...; RoleArn=...; TimeoutMinutes=...; TimeoutAction='Continue'|'Rollback'}</summary>
        public static LifecycleHookOptions ToHook(Hashtable h)
        {
            object? Get(params string[] keys)
            {
                foreach (var k in keys) foreach (DictionaryEntry e in h) if (string.Equals(e.Key?.ToString(), k, StringComparison.OrdinalIgnoreCase)) return e.Value is System.Management.Automation.PSObject ps ? ps.BaseObject : e.Value;
                return null;
            }
            var known = new[] { "Type", "TargetType", "Stages", "Stage", "LifecycleStages", "FunctionArn", "HookTargetArn", "RoleArn", "TimeoutMinutes", "TimeoutAction" };
            foreach (DictionaryEntry e in h)
                if (!known.Contains(e.Key?.ToString() ?? "", StringComparer.OrdinalIgnoreCase))
                    throw new EcsAdminException("InvalidLifecycleHook", EcsErrorKind.InvalidArgument, "Unknown lifecycle hook key '" + e.Key + "'.", h,
                        "Use the keys Type, Stages, FunctionArn, RoleArn, TimeoutMinutes and TimeoutAction.");
            var type = (Get("Type", "TargetType")?.ToString() ?? "").Trim().ToUpperInvariant();
            type = type == "LAMBDA" ? "AWS_LAMBDA" : type;
            var stagesRaw = Get("Stages", "Stage", "LifecycleStages");
            var stages = stagesRaw is string one ? new[] { one } : (stagesRaw as IEnumerable)?.Cast<object>().Select(x => x.ToString()!).ToArray() ?? Array.Empty<string>();
            int? timeout = null;
            if (Get("TimeoutMinutes") is object t)
            {
                if (!int.TryParse(t.ToString(), out var minutes))
                    throw new EcsAdminException("InvalidHookTimeout", EcsErrorKind.InvalidArgument, "TimeoutMinutes '" + t + "' is not a whole number of minutes.", h, "Give 1 to 20160.");
                timeout = minutes;
            }
            return new LifecycleHookOptions
            {
                TargetType = type,
                Stages = stages.Select(s => s.Trim().ToUpperInvariant()).ToArray(),
                HookTargetArn = Get("FunctionArn", "HookTargetArn")?.ToString(),
                RoleArn = Get("RoleArn")?.ToString(),
                TimeoutInMinutes = timeout,
                TimeoutAction = Get("TimeoutAction")?.ToString()?.ToUpperInvariant(),
            };
        }
    }
}
