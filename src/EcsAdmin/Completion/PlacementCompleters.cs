using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace EcsAdmin.Completion
{
    /// <summary>Completes -PlacementStrategy with the strategies and fields ECS knows (no request sent).</summary>
    public sealed class PlacementStrategyCompleter : IArgumentCompleter
    {
        internal static readonly string[] Values =
        {
            "binpack:memory", "binpack:cpu", "spread:attribute:ecs.availability-zone", "spread:instanceId",
            "spread:attribute:ecs.instance-type", "random",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => PlacementCompletion.Complete(Values, wordToComplete);
    }

    /// <summary>Completes -PlacementConstraint with distinctInstance and memberOf skeletons over the built-in attributes.</summary>
    public sealed class PlacementConstraintCompleter : IArgumentCompleter
    {
        internal static readonly string[] Values =
        {
            "distinctInstance", "memberOf:attribute:ecs.instance-type =~ ", "memberOf:attribute:ecs.availability-zone in []",
            "memberOf:attribute:ecs.os-type == linux", "memberOf:attribute:ecs.cpu-architecture == arm64", "memberOf:task:group == service:",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
            => PlacementCompletion.Complete(Values, wordToComplete);
    }

    internal static class PlacementCompletion
    {
        public static IEnumerable<CompletionResult> Complete(IEnumerable<string> values, string? word)
        {
            var typed = (word ?? "").Trim('\'', '"');
            return values.Where(v => v.StartsWith(typed, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult("'" + v + "'", v, CompletionResultType.ParameterValue, v)).ToList();
        }
    }
}
