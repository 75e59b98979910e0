using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;

namespace EcsAdmin.Engine.Aws.Wire
{
    /// <summary>
    /// How one member of a query or EC2 protocol structure travels, as the generator read it from the model. The
    /// names are final: the generator has applied the protocol's naming rules (EC2's queryName and capitalised
    /// locationName, a flattened list's member name), so the serializer and the reader only follow them.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class QueryMemberAttribute : Attribute
    {
        public QueryMemberAttribute(string request, string reply)
        {
            Request = request;
            Reply = reply;
        }

        /// <summary>The member's segment of a request key, e.g. "Filter" in Filter.1.Name.</summary>
        public string Request { get; }

        /// <summary>The element that holds the member in a reply, e.g. "subnetSet".</summary>
        public string Reply { get; }

        /// <summary>
        /// Lists and maps in requests: the segment between the name and the index ("member" in Tags.member.1,
        /// "entry" in Attributes.entry.1), or null when the index follows the name (EC2 lists, flattened shapes).
        /// </summary>
        public string? RequestItem { get; set; }

        /// <summary>Lists and maps in replies: the elements repeat directly in the structure instead of inside a wrapper.</summary>
        public bool Flattened { get; set; }

        /// <summary>Maps: the name of an entry's key in requests.</summary>
        public string RequestKey { get; set; } = "key";

        /// <summary>Maps: the name of an entry's value in requests.</summary>
        public string RequestValue { get; set; } = "value";

        /// <summary>Maps: the element of an entry's key in replies.</summary>
        public string ReplyKey { get; set; } = "key";

        /// <summary>Maps: the element of an entry's value in replies.</summary>
        public string ReplyValue { get; set; } = "value";
    }

    /// <summary>The properties of a generated query/EC2 structure with their <see cref="QueryMemberAttribute"/>, in declaration order.</summary>
    internal static class QueryMembers
    {
        private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, QueryMemberAttribute Wire)[]> Cache =
            new ConcurrentDictionary<Type, (PropertyInfo, QueryMemberAttribute)[]>();

        public static (PropertyInfo Property, QueryMemberAttribute Wire)[] Of(Type type) => Cache.GetOrAdd(type, t =>
            t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Select(p => (p, p.GetCustomAttribute<QueryMemberAttribute>()))
                .Where(x => x.Item2 != null)
                .Select(x => (x.p, x.Item2!))
                .OrderBy(x => x.p.MetadataToken)
                .ToArray());

        public static bool IsList(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>);
        public static bool IsMap(Type t) => t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>);
    }

    /// <summary>
    /// Writes a request as the query and EC2 protocols define it: one form field per scalar, keys joined with dots,
    /// list elements numbered from 1, map entries as key/value pairs, nested structures by prefix; booleans as
    /// true/false, timestamps in ISO 8601 (UTC), blobs in base64. An empty list is sent as an empty field by the
    /// query protocol and not at all by EC2.
    /// </summary>
    internal static class QuerySerializer
    {
        public static void Write(object input, WireProtocol protocol, IDictionary<string, string> form)
            => WriteStructure(input, "", protocol, form);

        private static void WriteStructure(object value, string prefix, WireProtocol protocol, IDictionary<string, string> form)
        {
            foreach (var (property, wire) in QueryMembers.Of(value.GetType()))
            {
                var member = property.GetValue(value);
                if (member is null) continue;
                var name = prefix.Length == 0 ? wire.Request : prefix + "." + wire.Request;
                WriteMember(member, name, wire, protocol, form);
            }
        }

        private static void WriteMember(object value, string name, QueryMemberAttribute wire, WireProtocol protocol, IDictionary<string, string> form)
        {
            var itemPrefix = wire.RequestItem is null ? name : name + "." + wire.RequestItem;
            switch (value)
            {
                case IDictionary map:
                {
                    var i = 0;
                    foreach (DictionaryEntry entry in map)
                    {
                        i++;
                        form[itemPrefix + "." + i + "." + wire.RequestKey] = (string)entry.Key;
                        if (entry.Value != null) WriteValue(entry.Value, itemPrefix + "." + i + "." + wire.RequestValue, protocol, form);
                    }
                    return;
                }
                case IList list when !(value is byte[]):
                {
                    if (list.Count == 0)
                    {
                        if (protocol == WireProtocol.Query) form[name] = "";
                        return;
                    }
                    for (var i = 0; i < list.Count; i++)
                        if (list[i] != null) WriteValue(list[i]!, itemPrefix + "." + (i + 1), protocol, form);
                    return;
                }
                default:
                    WriteValue(value, name, protocol, form);
                    return;
            }
        }

        private static void WriteValue(object value, string name, WireProtocol protocol, IDictionary<string, string> form)
        {
            switch (value)
            {
                case string s: form[name] = s; break;
                case bool b: form[name] = b ? "true" : "false"; break;
                case int i: form[name] = i.ToString(CultureInfo.InvariantCulture); break;
                case long l: form[name] = l.ToString(CultureInfo.InvariantCulture); break;
                case double d: form[name] = Double(d); break;
                case DateTime t: form[name] = Timestamp(t); break;
                case byte[] bytes: form[name] = Convert.ToBase64String(bytes); break;
                default:
                    if (value is IList || value is IDictionary)
                        throw new NotSupportedException("A list or map directly inside a list or map is not supported by the query serializer (" + name + ").");
                    WriteStructure(value, name, protocol, form);
                    break;
            }
        }

        internal static string Double(double d)
            => double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity"
                : d.ToString("R", CultureInfo.InvariantCulture);

        /// <summary>ISO 8601 in UTC, with fractions of a second only when there are any.</summary>
        internal static string Timestamp(DateTime t)
        {
            var utc = t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t;
            return utc.Ticks % TimeSpan.TicksPerSecond == 0
                ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
                : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        }
    }

    /// <summary>
    /// Reads an XML reply into a generated structure: members by element name (any XML namespace), lists from a
    /// wrapper's children (&lt;member&gt; in the query protocol, &lt;item&gt; in EC2) or, flattened, from repeated elements,
    /// maps from key/value entries; booleans are "true", timestamps ISO 8601 (epoch seconds accepted), blobs base64.
    /// Elements the model does not name are ignored, as members added to a service after the model was taken.
    /// </summary>
    internal static class QueryReplyReader
    {
        public static T Read<T>(XElement element) where T : class, new() => (T)ReadStructure(typeof(T), element);

        private static object ReadStructure(Type type, XElement element)
        {
            var value = Activator.CreateInstance(type)!;
            foreach (var (property, wire) in QueryMembers.Of(type))
            {
                var t = property.PropertyType;
                if (QueryMembers.IsList(t))
                {
                    var items = Items(element, wire);
                    if (items is null) continue;
                    var itemType = t.GetGenericArguments()[0];
                    var list = (IList)Activator.CreateInstance(t)!;
                    foreach (var item in items) list.Add(ReadValue(itemType, item));
                    property.SetValue(value, list);
                }
                else if (QueryMembers.IsMap(t))
                {
                    var entries = Items(element, wire);
                    if (entries is null) continue;
                    var valueType = t.GetGenericArguments()[1];
                    var map = (IDictionary)Activator.CreateInstance(t)!;
                    foreach (var entry in entries)
                    {
                        var key = Child(entry, wire.ReplyKey)?.Value;
                        if (key is null) continue;
                        var v = Child(entry, wire.ReplyValue);
                        map[key] = v is null ? null : ReadValue(valueType, v);
                    }
                    property.SetValue(value, map);
                }
                else
                {
                    var child = Child(element, wire.Reply);
                    if (child != null) property.SetValue(value, ReadValue(t, child));
                }
            }
            return value;
        }

        private static IEnumerable<XElement>? Items(XElement parent, QueryMemberAttribute wire)
        {
            if (wire.Flattened)
            {
                var repeated = parent.Elements().Where(e => e.Name.LocalName == wire.Reply).ToList();
                return repeated.Count == 0 ? null : repeated;
            }
            return Child(parent, wire.Reply)?.Elements();
        }

        private static XElement? Child(XElement parent, string name)
        {
            foreach (var e in parent.Elements()) if (e.Name.LocalName == name) return e;
            return null;
        }

        private static object? ReadValue(Type type, XElement element)
        {
            var t = Nullable.GetUnderlyingType(type) ?? type;
            var text = element.Value;
            if (t == typeof(string)) return text;
            if (t == typeof(bool)) return text.Trim() == "true";
            if (t == typeof(int)) return int.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (t == typeof(long)) return long.Parse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
            if (t == typeof(double)) return Double(text.Trim());
            if (t == typeof(DateTime)) return Timestamp(text.Trim());
            if (t == typeof(byte[])) return Convert.FromBase64String(text.Trim());
            if (QueryMembers.IsList(t) || QueryMembers.IsMap(t))
                throw new NotSupportedException("A list or map directly inside a list or map is not supported by the XML reader (" + element.Name.LocalName + ").");
            return ReadStructure(t, element);
        }

        private static double Double(string text) => text switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };

        private static DateTime Timestamp(string text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                return new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
            return DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
        }
    }
}
