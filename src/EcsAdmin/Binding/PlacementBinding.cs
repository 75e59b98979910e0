using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// Turns -PlacementStrategy and -PlacementConstraint into placement items. Each item may be a string
    /// ('binpack:memory', 'spread attribute:ecs.availability-zone', 'random', 'distinctInstance',
    /// 'memberOf:attribute:ecs.instance-type =~ t3.*'), a hashtable or object in the AWS shape (@{type='binpack';
    /// field='memory'}), an item from Get-EcsService, or JSON text in the AWS shape: one item, an array of items, or
    /// a document with placementStrategy / placementConstraints members. The rules are checked by PlacementChecks.
    /// </summary>
    internal static class PlacementBinding
    {
        public const string StrategyExample = "-PlacementStrategy 'binpack:memory','spread:attribute:ecs.availability-zone' or @{type='binpack'; field='memory'}";
        public const string ConstraintExample = "-PlacementConstraint 'distinctInstance','memberOf:attribute:ecs.instance-type =~ t3.*' or @{type='memberOf'; expression='...'}";

        private static object? Unwrap(object? o) => o is PSObject p ? p.BaseObject : o;

        public static EcsPlacementStrategy[]? ToStrategies(object[]? items)
            => items is null ? null : Expand(items, "placementStrategy", "InvalidPlacementStrategy", StrategyExample).Select(ToStrategy).ToArray();

        public static EcsPlacementConstraint[]? ToConstraints(object[]? items)
            => items is null ? null : Expand(items, "placementConstraints", "InvalidPlacementConstraint", ConstraintExample).Select(ToConstraint).ToArray();

        /// <summary>JSON text and arrays become their items; a document's member named <paramref name="member"/> is taken.</summary>
        private static IEnumerable<object?> Expand(IEnumerable<object?> items, string member, string errorId, string example)
        {
            foreach (var raw in items)
            {
                var item = Unwrap(raw);
                if (item is string s && JsonText.LooksLikeJson(s)) item = JsonText.Parse(s, errorId, example);
                if (item is IDictionary d && Get(d, member) is object inner) item = inner;
                if (item is object[] array)
                {
                    foreach (var x in Expand(array, member, errorId, example)) yield return x;
                    continue;
                }
                yield return item is null ? raw : (raw is PSObject && ReferenceEquals(item, Unwrap(raw)) ? raw : item);
            }
        }

        private static object? Get(IDictionary d, string key)
        {
            foreach (var k in d.Keys)
                if (string.Equals(k?.ToString(), key, StringComparison.OrdinalIgnoreCase)) return Unwrap(d[k!]);
            return null;
        }

        private static IDictionary? AsTable(object? raw)
        {
            var item = Unwrap(raw);
            if (item is IDictionary d) return d;
            if (item is null || item is string || item.GetType().IsPrimitive) return null;
            var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
            foreach (var p in (raw as PSObject ?? new PSObject(item)).Properties) table[p.Name] = p.Value;
            return table.Count > 0 ? table : null;
        }

        /// <summary>Splits 'type:rest' or 'type rest' at the first ':' or blank.</summary>
        private static (string Type, string? Remainder) Split(string text)
        {
            var t = text.Trim();
            var cut = t.IndexOfAny(new[] { ':', ' ', '\t' });
            if (cut < 0) return (t, null);
            var rest = t.Substring(cut + 1).Trim();
            return (t.Substring(0, cut), rest.Length == 0 ? null : rest);
        }

        private static EcsPlacementStrategy ToStrategy(object? raw)
        {
            switch (Unwrap(raw))
            {
                case EcsPlacementStrategy s: return new EcsPlacementStrategy { Type = s.Type, Field = s.Field };
                case string text:
                    var (type, field) = Split(text);
                    return new EcsPlacementStrategy { Type = type, Field = field };
            }
            var d = AsTable(raw) ?? throw new EcsAdminException("InvalidPlacementStrategy", EcsErrorKind.InvalidArgument,
                "'" + Unwrap(raw) + "' is not a placement strategy.", Unwrap(raw), "Write " + StrategyExample + ".");
            return new EcsPlacementStrategy { Type = Get(d, "Type")?.ToString() ?? "", Field = Get(d, "Field")?.ToString() };
        }

        private static EcsPlacementConstraint ToConstraint(object? raw)
        {
            switch (Unwrap(raw))
            {
                case EcsPlacementConstraint c: return new EcsPlacementConstraint { Type = c.Type, Expression = c.Expression };
                case string text:
                    var (type, expression) = Split(text);
                    return new EcsPlacementConstraint { Type = type, Expression = expression };
            }
            var d = AsTable(raw) ?? throw new EcsAdminException("InvalidPlacementConstraint", EcsErrorKind.InvalidArgument,
                "'" + Unwrap(raw) + "' is not a placement constraint.", Unwrap(raw), "Write " + ConstraintExample + ".");
            return new EcsPlacementConstraint { Type = Get(d, "Type")?.ToString() ?? "", Expression = Get(d, "Expression")?.ToString() };
        }
    }
}
