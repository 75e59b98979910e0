using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace EcsAdmin.Generator
{
    /// <summary>Turns model names into C# identifiers.</summary>
    public static class Naming
    {
        private static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
            "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit",
            "extern", "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int",
            "interface", "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out",
            "override", "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed",
            "short", "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try",
            "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile",
            "while", "var", "dynamic", "record", "value", "partial", "global",
        };

        public static bool IsKeyword(string name) => Keywords.Contains(name);

        /// <summary>Replaces characters that cannot appear in an identifier with '_' and keeps a leading letter.</summary>
        public static string Identifier(string name)
        {
            var sb = new StringBuilder(name.Length + 1);
            foreach (var c in name) sb.Append(char.IsLetterOrDigit(c) || c == '_' ? c : '_');
            if (sb.Length == 0 || char.IsDigit(sb[0])) sb.Insert(0, '_');
            return sb.ToString();
        }

        /// <summary>Member name to property name: first letter upper case, the rest as the model spells it.</summary>
        public static string Property(string memberName)
        {
            var id = Identifier(memberName);
            if (char.IsLower(id[0])) id = char.ToUpperInvariant(id[0]) + id.Substring(1);
            return id;
        }

        /// <summary>
        /// Enum value to constant name: split at anything that is not a letter or digit; an all-upper-case part
        /// becomes Capitalised ("FARGATE_SPOT" → "FargateSpot"), other parts keep their case with the first letter
        /// raised ("ecs:service:DesiredCount" → "EcsServiceDesiredCount").
        /// </summary>
        public static string EnumConstant(string value)
        {
            var sb = new StringBuilder();
            var part = new StringBuilder();
            void Flush()
            {
                if (part.Length == 0) return;
                var p = part.ToString();
                var allUpper = true;
                foreach (var c in p) if (char.IsLower(c)) { allUpper = false; break; }
                if (allUpper) p = p.Substring(0, 1) + p.Substring(1).ToLowerInvariant();
                else p = char.ToUpperInvariant(p[0]) + p.Substring(1);
                sb.Append(p);
                part.Clear();
            }
            foreach (var c in value)
            {
                if (char.IsLetterOrDigit(c) && c < 128) part.Append(c);
                else Flush();
            }
            Flush();
            if (sb.Length == 0) sb.Append("Empty");
            if (char.IsDigit(sb[0])) sb.Insert(0, "Value");
            return sb.ToString();
        }

        /// <summary>A C# string literal.</summary>
        public static string Literal(string value)
        {
            var sb = new StringBuilder(value.Length + 2);
            sb.Append('"');
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < 32 || c > 126) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            sb.Append('"');
            return sb.ToString();
        }
    }
}
