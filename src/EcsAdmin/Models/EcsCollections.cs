using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace EcsAdmin.Models
{
    /// <summary>
    /// A list property of an output type (subnets, stop reasons, deployments, ...). It indexes, counts and
    /// enumerates like the array it replaces, and reads as its items joined by ", " in text and in Export-Csv,
    /// which writes a cell with ToString and would otherwise write "System.String[]".
    /// </summary>
    public sealed class EcsList<T> : List<T>
    {
        public EcsList() { }

        public EcsList(IEnumerable<T> items) : base(items ?? Enumerable.Empty<T>()) { }

        /// <summary>Lets code and scripts that built the property from an array keep doing so.</summary>
        public static implicit operator EcsList<T>(T[]? items) => new EcsList<T>(items ?? Array.Empty<T>());

        /// <summary>The number of items, as the array this property used to be called it.</summary>
        public int Length => Count;

        public override string ToString() => string.Join(", ", this.Select(Text));

        internal static string Text(T item) => item is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : item?.ToString() ?? "";
    }

    /// <summary>
    /// A name-to-value property of an output type (tags, attributes, environment, log options). It looks up and
    /// enumerates like the dictionary it replaces (ordinal keys), and reads as "key=value; key2=value2" in text
    /// and in Export-Csv; a key without a value reads as the key alone.
    /// </summary>
    public sealed class EcsMap<TValue> : Dictionary<string, TValue>
    {
        public EcsMap() : base(StringComparer.Ordinal) { }

        internal EcsMap(IEqualityComparer<string> comparer) : base(comparer) { }

        public EcsMap(IEnumerable<KeyValuePair<string, TValue>> entries) : base(StringComparer.Ordinal)
        {
            foreach (var kv in entries ?? Enumerable.Empty<KeyValuePair<string, TValue>>()) this[kv.Key] = kv.Value;
        }

        /// <summary>Lets a script build the property from a hashtable: @{ env = 'prod' }.</summary>
        public static implicit operator EcsMap<TValue>(System.Collections.Hashtable? entries)
        {
            var map = new EcsMap<TValue>();
            if (entries is null) return map;
            foreach (System.Collections.DictionaryEntry e in entries)
                map[Convert.ToString(e.Key, CultureInfo.InvariantCulture) ?? ""] = (TValue)e.Value!;
            return map;
        }

        public override string ToString()
            => string.Join("; ", this.Select(kv => kv.Value is null ? kv.Key : kv.Key + "=" + EcsList<TValue>.Text(kv.Value)));
    }
}
