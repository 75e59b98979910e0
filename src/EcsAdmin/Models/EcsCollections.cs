using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsAdmin.Models
{
    /// <summary>
    /// A list in an output object. It indexes, counts and enumerates like any list, and its text is its items joined
    /// with ", ", so a table cell or an Export-Csv cell reads "a, b" rather than the name of a .NET type.
    /// </summary>
    public sealed class EcsList<T> : List<T>
    {
        public EcsList() { }

        public EcsList(IEnumerable<T>? items)
        {
            if (items != null) AddRange(items);
        }

        public override string ToString() => string.Join(", ", this.Select(i => i?.ToString() ?? ""));
    }

    /// <summary>
    /// Names and values in an output object (environment, labels, options, tags). A dictionary with ordinal keys
    /// whose text is "name=value; name2=value2", sorted by name so two objects compare by eye and in Export-Csv.
    /// </summary>
    public sealed class EcsMap : Dictionary<string, string>
    {
        public EcsMap() : base(StringComparer.Ordinal) { }

        public EcsMap(IEnumerable<KeyValuePair<string, string>>? entries) : base(StringComparer.Ordinal)
        {
            if (entries != null) foreach (var e in entries) this[e.Key] = e.Value;
        }

        public override string ToString()
            => string.Join("; ", this.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value));
    }
}
