using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Binding
{
    /// <summary>Parameter-binding helpers shared by cmdlets: hashtables to maps, capacity provider strategies.</summary>
    internal static class ParameterBinding
    {
        public static Dictionary<string, string>? ToStringMap(Hashtable? table)
        {
            if (table is null) return null;
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in table) d[e.Key?.ToString() ?? ""] = e.Value?.ToString() ?? "";
            return d;
        }

        /// <summary>Turns @{CapacityProvider='FARGATE_SPOT';Weight=4} or "FARGATE_SPOT:4:0" into strategy items.</summary>
        public static EcsCapacityProviderStrategyItem[]? ToStrategy(object[]? items)
        {
            if (items is null) return null;
            var list = new List<EcsCapacityProviderStrategyItem>();
            foreach (var raw in items)
            {
                var item = raw is PSObject pso ? pso.BaseObject : raw;
                switch (item)
                {
                    case EcsCapacityProviderStrategyItem s: list.Add(s); break;
                    case IDictionary d:
                        string? Get(string k) => d.Keys.Cast<object>().Where(x => string.Equals(x.ToString(), k, StringComparison.OrdinalIgnoreCase)).Select(x => d[x]?.ToString()).FirstOrDefault();
                        list.Add(new EcsCapacityProviderStrategyItem(Get("CapacityProvider") ?? Get("Provider") ?? "", ParseInt(Get("Weight"), 1), ParseInt(Get("Base"), 0)));
                        break;
                    case string text:
                        var parts = text.Split(':');
                        list.Add(new EcsCapacityProviderStrategyItem(parts[0].Trim(), parts.Length > 1 ? ParseInt(parts[1], 1) : 1, parts.Length > 2 ? ParseInt(parts[2], 0) : 0));
                        break;
                    default:
                        throw new EcsAdminException("InvalidCapacityProviderStrategy", EcsErrorKind.InvalidArgument,
                            "A capacity provider strategy item must be a hashtable or 'PROVIDER:weight:base', not " + (item?.GetType().Name ?? "null") + ".", item,
                            "Write @{CapacityProvider='FARGATE_SPOT'; Weight=4}, @{CapacityProvider='FARGATE'; Weight=1; Base=1} or 'FARGATE_SPOT:4','FARGATE:1:1'.");
                }
            }
            return list.ToArray();
        }

        private static int ParseInt(string? s, int fallback)
        {
            if (s is null) return fallback;
            if (int.TryParse(s, out var v)) return v;
            throw new EcsAdminException("InvalidCapacityProviderStrategy", EcsErrorKind.InvalidArgument,
                "'" + s + "' is not a whole number in a capacity provider strategy.", s, "Weight and Base are whole numbers.");
        }
    }
}
