using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace EcsAdmin.Binding
{
    internal static class AttributeBinding
    {
        public const string ByName = "ByName";
        public const string ByTable = "ByTable";

        /// <summary>@{ stack = 'prod'; gpu = $null } → name → value (null for a name-only attribute).</summary>
        public static Dictionary<string, string?> FromTable(Hashtable table)
        {
            var d = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in table)
            {
                var v = e.Value is PSObject p ? p.BaseObject : e.Value;
                d[e.Key?.ToString() ?? ""] = v?.ToString();
            }
            return d;
        }

        public static string Describe(Dictionary<string, string?> attributes)
            => string.Join(", ", System.Linq.Enumerable.Select(attributes, kv => kv.Value is null ? kv.Key : kv.Key + "=" + kv.Value));
    }
}
