using System;
using System.Collections.Generic;
using System.Reflection;
using System.Text.Json.Serialization;
using EcsAdmin.Contracts;
using EcsAdmin.Validation;

namespace EcsAdmin.Engine.Aws
{
    /// <summary>
    /// Every ARN a request carries is honoured or refused, never sent to the wrong place: before any request, an ARN
    /// in a member that names an ECS cluster, service, task or task definition (or a target group) must be of that
    /// resource type, of the service the member belongs to, and of the session's region and partition. A request
    /// for another region's resource is a typed error, not an answer about the session's region.
    /// </summary>
    internal static class ArnGuard
    {
        /// <summary>Wire member → (ARN service, resource type). Members that accept any resource (resourceArn) check service and region only.</summary>
        private static readonly Dictionary<string, (string Service, string? Type)> Members = new Dictionary<string, (string, string?)>(StringComparer.Ordinal)
        {
            ["cluster"] = ("ecs", "cluster"),
            ["clusters"] = ("ecs", "cluster"),
            ["service"] = ("ecs", "service"),
            ["services"] = ("ecs", "service"),
            ["task"] = ("ecs", "task"),
            ["tasks"] = ("ecs", "task"),
            ["taskDefinition"] = ("ecs", "task-definition"),
            ["resourceArn"] = ("ecs", null),
            ["TargetGroupArn"] = ("elasticloadbalancing", "targetgroup"),
        };

        public static void Check(object? input, string region)
        {
            if (input is null) return;
            foreach (var p in input.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetIndexParameters().Length > 0) continue;
                var wire = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name;
                if (!Members.TryGetValue(wire, out var expected)) continue;
                switch (p.GetValue(input))
                {
                    case string s:
                        One(s, expected.Service, expected.Type, region);
                        break;
                    case IEnumerable<string> list:
                        foreach (var s in list) One(s, expected.Service, expected.Type, region);
                        break;
                }
            }
        }

        private static void One(string? value, string service, string? type, string region)
        {
            if (value is null || !value.StartsWith("arn:", StringComparison.Ordinal)) return;
            var failure = ArnRules.Check(value, service, type, region);
            if (failure != null) throw failure;
        }
    }
}
