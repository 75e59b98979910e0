using System;
using System.Linq;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// Checks made before any request, shared by the cmdlets (so -WhatIf sees them too) and the engine
    /// (so every path is covered). Each failure is a typed EcsAdminException with a recommended action.
    /// </summary>
    internal static class PreflightChecks
    {
        public static readonly string[] InsightsValues = { "enabled", "enhanced", "disabled" };

        public static void ClusterName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name) || name!.Length > 255 || !Regex.IsMatch(name, "^[A-Za-z0-9_-]+$"))
                throw new EcsAdminException("InvalidClusterName", EcsErrorKind.InvalidArgument,
                    "'" + name + "' is not a valid cluster name: use 1 to 255 letters, digits, hyphens and underscores.", name,
                    "Choose a name such as 'prod' or 'web_cluster-1'.");
        }

        /// <summary>A name or ARN that refers to an existing object: not blank.</summary>
        public static void Reference(string? value, string what, string errorId)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new EcsAdminException(errorId, EcsErrorKind.InvalidArgument, "A " + what + " name cannot be empty or blank.", value,
                    "Give the " + what + "'s name or ARN.");
            if (value!.StartsWith("arn:", StringComparison.Ordinal) && !Regex.IsMatch(value, @"^arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:.+"))
                throw new EcsAdminException(errorId, EcsErrorKind.InvalidArgument, "'" + value + "' is not a well-formed ARN.", value,
                    "An ARN looks like arn:aws:ecs:us-east-1:123456789012:" + what.Replace(" ", "-") + "/name.");
        }

        public static void Strategy(EcsCapacityProviderStrategyItem[]? strategy)
        {
            if (strategy is null) return;
            foreach (var item in strategy)
            {
                if (string.IsNullOrWhiteSpace(item.CapacityProvider) || item.Weight < 0 || item.Weight > 1000 || item.Base < 0 || item.Base > 100000)
                    throw new EcsAdminException("InvalidCapacityProviderStrategy", EcsErrorKind.InvalidArgument,
                        "The capacity provider strategy item '" + item + "' is invalid: a provider name, weight 0-1000 and base 0-100000 are required.", item,
                        "Write items as @{CapacityProvider='FARGATE_SPOT'; Weight=4}, @{CapacityProvider='FARGATE'; Weight=1; Base=1}.");
            }
            if (strategy.Count(i => i.Base > 0) > 1)
                throw new EcsAdminException("InvalidCapacityProviderStrategy", EcsErrorKind.InvalidArgument,
                    "Only one capacity provider in a strategy can have a base.", strategy, "Give Base to one provider only.");
            if (strategy.Length > 0 && strategy.All(i => i.Weight == 0))
                throw new EcsAdminException("InvalidCapacityProviderStrategy", EcsErrorKind.InvalidArgument,
                    "At least one capacity provider in a strategy needs a weight above 0.", strategy, "Give one provider Weight=1 or more.");
        }

        public static void ContainerInsights(string? value)
        {
            if (value != null && !InsightsValues.Contains(value, StringComparer.OrdinalIgnoreCase))
                throw new EcsAdminException("InvalidContainerInsights", EcsErrorKind.InvalidArgument,
                    "ContainerInsights must be enabled, enhanced or disabled, not '" + value + "'.", value, "Use -ContainerInsights enabled.");
        }

        public static void Cluster(NewClusterOptions options)
        {
            ClusterName(options.Name);
            Strategy(options.DefaultCapacityProviderStrategy);
            ContainerInsights(options.ContainerInsights);
        }
    }
}
