using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace EcsAdmin.Generator
{
    /// <summary>
    /// Writes the JSON codec of an awsJson model: a static class &lt;Ns&gt;Json with one Write&lt;Class&gt; and one
    /// Read&lt;Class&gt; per generated class, built on Aws/Wire/WireJson. They read and write what System.Text.Json
    /// makes of the same classes with the wire client's options, with no reflection: the wire client needs no
    /// serializer metadata at run time, which is most of what a first call would otherwise JIT-compile.
    /// </summary>
    public static class JsonCodecEmitter
    {
        private enum Kind { String, Int, Long, Double, Bool, Blob, Document, Timestamp, TimestampList, Struct, List, Map }

        private sealed class WireType
        {
            public WireType(Kind kind, string cs, WireType? element = null)
            {
                Kind = kind;
                CSharp = cs;
                Element = element;
            }

            public Kind Kind { get; }
            /// <summary>The C# type as an element of a list or map (value types not nullable).</summary>
            public string CSharp { get; }
            public WireType? Element { get; }
        }

        public static string ClassName(LoadedModel model) => model.Config.Namespace + "Json";

        public static bool Applies(LoadedModel model) => CSharpEmitter.Protocol(model).StartsWith("AwsJson", StringComparison.Ordinal);

        public static void Emit(StringBuilder sb, LoadedModel model, CSharpEmitter.Names names)
        {
            sb.Append('\n');
            sb.Append("    internal static class ").Append(ClassName(model)).Append('\n');
            sb.Append("    {\n");
            var first = true;
            foreach (var shapeName in model.Reached)
            {
                if (!names.Classes.TryGetValue(shapeName, out var className)) continue;
                var members = new List<(string Property, string Wire, WireType Type)>();
                foreach (var member in model.Shape(shapeName).GetProperty("members").EnumerateObject())
                {
                    members.Add((CSharpEmitter.PropertyName(member.Name, className), CSharpEmitter.WireName(member),
                        MemberType(model, names, member.Value.GetProperty("shape").GetString()!)));
                }
                EmitClass(sb, className, members, ref first);
            }
            foreach (var empty in names.EmptyClasses.Values.OrderBy(n => n, StringComparer.Ordinal))
                EmitClass(sb, empty, new List<(string, string, WireType)>(), ref first);
            sb.Append("    }\n");
        }

        private static void EmitClass(StringBuilder sb, string className, List<(string Property, string Wire, WireType Type)> members, ref bool first)
        {
            if (!first) sb.Append('\n');
            first = false;
            sb.Append("        internal static void Write").Append(className).Append("(Utf8JsonWriter w, ").Append(className).Append(" v)\n");
            sb.Append("        {\n");
            sb.Append("            if (v == null) { w.WriteNullValue(); return; }\n");
            sb.Append("            w.WriteStartObject();\n");
            foreach (var (property, wire, type) in members)
            {
                sb.Append("            if (v.").Append(property).Append(" != null) { w.WritePropertyName(")
                  .Append(Naming.Literal(wire)).Append("u8); ").Append(WriteMember(type, "v." + property)).Append("; }\n");
            }
            sb.Append("            w.WriteEndObject();\n");
            sb.Append("        }\n");
            sb.Append('\n');
            sb.Append("        internal static ").Append(className).Append(" Read").Append(className).Append("(ref Utf8JsonReader r)\n");
            sb.Append("        {\n");
            sb.Append("            if (!WireJson.BeginObject(ref r)) return null;\n");
            sb.Append("            var v = new ").Append(className).Append("();\n");
            sb.Append("            while (WireJson.NextMember(ref r))\n");
            sb.Append("            {\n");
            foreach (var (property, wire, type) in members)
            {
                sb.Append("                if (r.ValueTextEquals(").Append(Naming.Literal(wire)).Append("u8)) { WireJson.Advance(ref r); v.")
                  .Append(property).Append(" = ").Append(ReadMember(type)).Append("; continue; }\n");
            }
            sb.Append("                WireJson.SkipValue(ref r);\n");
            sb.Append("            }\n");
            sb.Append("            return v;\n");
            sb.Append("        }\n");
        }

        /// <summary>The statement writing a member's (non-null) value.</summary>
        private static string WriteMember(WireType t, string expr) => t.Kind switch
        {
            Kind.String => "WireJson.WriteString(w, " + expr + ")",
            Kind.Int or Kind.Long or Kind.Double => "w.WriteNumberValue(" + expr + ".Value)",
            Kind.Bool => "w.WriteBooleanValue(" + expr + ".Value)",
            Kind.Blob => "WireJson.WriteBytes(w, " + expr + ")",
            Kind.Document => "WireJson.WriteElement(w, " + expr + ".Value)",
            Kind.Timestamp => "WireJson.WriteTimestamp(w, " + expr + ")",
            Kind.TimestampList => "WireJson.WriteTimestampList(w, " + expr + ")",
            Kind.Struct => "Write" + t.CSharp + "(w, " + expr + ")",
            Kind.List => "WireJson.WriteList<" + t.Element!.CSharp + ">(w, " + expr + ", " + Writer(t.Element, 1) + ")",
            Kind.Map => "WireJson.WriteMap<" + t.Element!.CSharp + ">(w, " + expr + ", " + Writer(t.Element, 1) + ")",
            _ => throw new GeneratorException("no JSON writer for " + t.Kind),
        };

        /// <summary>A delegate writing one item of a list or map.</summary>
        private static string Writer(WireType t, int depth)
        {
            var (x, y) = ("w" + depth, "v" + depth);
            return t.Kind switch
            {
                Kind.String => "WireJson.WriteString",
                Kind.Int => "WireJson.WriteInt32",
                Kind.Long => "WireJson.WriteInt64",
                Kind.Double => "WireJson.WriteDouble",
                Kind.Bool => "WireJson.WriteBoolean",
                Kind.Blob => "WireJson.WriteBytes",
                Kind.Document => "WireJson.WriteElement",
                Kind.Struct => "Write" + t.CSharp,
                Kind.List => "(" + x + ", " + y + ") => WireJson.WriteList<" + t.Element!.CSharp + ">(" + x + ", " + y + ", " + Writer(t.Element, depth + 1) + ")",
                Kind.Map => "(" + x + ", " + y + ") => WireJson.WriteMap<" + t.Element!.CSharp + ">(" + x + ", " + y + ", " + Writer(t.Element, depth + 1) + ")",
                _ => throw new GeneratorException("no JSON item writer for " + t.Kind),
            };
        }

        /// <summary>The expression reading a member's value (the reader on its first token).</summary>
        private static string ReadMember(WireType t) => t.Kind switch
        {
            Kind.String => "WireJson.ReadString(ref r)",
            Kind.Int => "WireJson.ReadInt32(ref r)",
            Kind.Long => "WireJson.ReadInt64(ref r)",
            Kind.Double => "WireJson.ReadDouble(ref r)",
            Kind.Bool => "WireJson.ReadBoolean(ref r)",
            Kind.Blob => "WireJson.ReadBytes(ref r)",
            Kind.Document => "WireJson.ReadElement(ref r)",
            Kind.Timestamp => "WireJson.ReadTimestamp(ref r)",
            Kind.TimestampList => "WireJson.ReadTimestampList(ref r)",
            Kind.Struct => "Read" + t.CSharp + "(ref r)",
            Kind.List => "WireJson.ReadList<" + t.Element!.CSharp + ">(ref r, " + Reader(t.Element, 1) + ")",
            Kind.Map => "WireJson.ReadMap<" + t.Element!.CSharp + ">(ref r, " + Reader(t.Element, 1) + ")",
            _ => throw new GeneratorException("no JSON reader for " + t.Kind),
        };

        /// <summary>A delegate reading one item of a list or map: value types may not be null there.</summary>
        private static string Reader(WireType t, int depth)
        {
            var x = "r" + depth;
            return t.Kind switch
            {
                Kind.String => "WireJson.ReadString",
                Kind.Int => "WireJson.ReadInt32Value",
                Kind.Long => "WireJson.ReadInt64Value",
                Kind.Double => "WireJson.ReadDoubleValue",
                Kind.Bool => "WireJson.ReadBooleanValue",
                Kind.Blob => "WireJson.ReadBytes",
                Kind.Document => "(ref Utf8JsonReader " + x + ") => JsonElement.ParseValue(ref " + x + ")",
                Kind.Struct => "Read" + t.CSharp,
                Kind.List => "(ref Utf8JsonReader " + x + ") => WireJson.ReadList<" + t.Element!.CSharp + ">(ref " + x + ", " + Reader(t.Element, depth + 1) + ")",
                Kind.Map => "(ref Utf8JsonReader " + x + ") => WireJson.ReadMap<" + t.Element!.CSharp + ">(ref " + x + ", " + Reader(t.Element, depth + 1) + ")",
                _ => throw new GeneratorException("no JSON item reader for " + t.Kind),
            };
        }

        private static WireType MemberType(LoadedModel model, CSharpEmitter.Names names, string shapeName)
        {
            var shape = model.Shape(shapeName);
            var type = shape.GetProperty("type").GetString();
            if (type == "timestamp") return new WireType(Kind.Timestamp, "DateTime");
            if (type == "list")
            {
                var element = shape.GetProperty("member").GetProperty("shape").GetString()!;
                if (model.Shape(element).GetProperty("type").GetString() == "timestamp") return new WireType(Kind.TimestampList, "List<DateTime>");
            }
            return ItemType(model, names, shapeName);
        }

        private static WireType ItemType(LoadedModel model, CSharpEmitter.Names names, string shapeName)
        {
            var shape = model.Shape(shapeName);
            var type = shape.GetProperty("type").GetString();
            switch (type)
            {
                case "string": return new WireType(Kind.String, "string");
                case "integer": return new WireType(Kind.Int, "int");
                case "long": return new WireType(Kind.Long, "long");
                case "double":
                case "float": return new WireType(Kind.Double, "double");
                case "boolean": return new WireType(Kind.Bool, "bool");
                case "blob": return new WireType(Kind.Blob, "byte[]");
                case "document": return new WireType(Kind.Document, "JsonElement");
                case "structure": return new WireType(Kind.Struct, names.Classes[shapeName]);
                case "list":
                {
                    var item = ItemType(model, names, shape.GetProperty("member").GetProperty("shape").GetString()!);
                    return new WireType(Kind.List, "List<" + item.CSharp + ">", item);
                }
                case "map":
                {
                    var item = ItemType(model, names, shape.GetProperty("value").GetProperty("shape").GetString()!);
                    return new WireType(Kind.Map, "Dictionary<string, " + item.CSharp + ">", item);
                }
                default:
                    throw new GeneratorException($"{model.Config.Folder}: shape {shapeName} has type {type}, which the JSON codec does not support");
            }
        }
    }
}
