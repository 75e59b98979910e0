using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using EcsAdmin.Contracts;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// A small JSON reader for what users paste into parameters (placement in the AWS shape): objects become
    /// case-insensitive Hashtables, arrays object[], numbers double, so the same binding reads JSON and hashtables.
    /// EcsAdmin.dll references no JSON library (the engine's System.Text.Json loads in its own context).
    /// </summary>
    internal static class JsonText
    {
        public static bool LooksLikeJson(string? text)
        {
            var t = text?.TrimStart();
            return !string.IsNullOrEmpty(t) && (t![0] == '{' || t[0] == '[');
        }

        public static object? Parse(string text, string errorId, string example)
        {
            var reader = new Reader(text, errorId, example);
            reader.Blanks();
            var value = reader.Value();
            reader.Blanks();
            if (!reader.AtEnd) throw reader.Fail("unexpected text after the JSON value");
            return value;
        }

        private sealed class Reader
        {
            private readonly string _s;
            private readonly string _id;
            private readonly string _example;
            private int _i;

            public Reader(string s, string id, string example) { _s = s; _id = id; _example = example; }

            public bool AtEnd => _i >= _s.Length;

            public EcsAdminException Fail(string problem)
                => new EcsAdminException(_id, EcsErrorKind.InvalidArgument,
                    "The JSON is not valid at position " + (_i + 1).ToString(CultureInfo.InvariantCulture) + ": " + problem + ".", _s, "Write " + _example + ".");

            public void Blanks() { while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++; }

            private void Expect(char c)
            {
                Blanks();
                if (AtEnd || _s[_i] != c) throw Fail("expected '" + c + "'");
                _i++;
            }

            public object? Value()
            {
                Blanks();
                if (AtEnd) throw Fail("expected a value");
                switch (_s[_i])
                {
                    case '{': return Object();
                    case '[': return Array();
                    case '"': return String();
                }
                foreach (var (word, value) in new (string, object?)[] { ("true", true), ("false", false), ("null", null) })
                    if (string.CompareOrdinal(_s, _i, word, 0, word.Length) == 0) { _i += word.Length; return value; }
                var start = _i;
                while (_i < _s.Length && "+-0123456789.eE".IndexOf(_s[_i]) >= 0) _i++;
                if (_i > start && double.TryParse(_s.Substring(start, _i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
                _i = start;
                throw Fail("expected a string, number, object, array, true, false or null");
            }

            private Hashtable Object()
            {
                var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
                Expect('{');
                Blanks();
                if (!AtEnd && _s[_i] == '}') { _i++; return table; }
                while (true)
                {
                    Blanks();
                    if (AtEnd || _s[_i] != '"') throw Fail("expected a member name in double quotes");
                    var key = String();
                    Expect(':');
                    table[key] = Value();
                    Blanks();
                    if (!AtEnd && _s[_i] == ',') { _i++; continue; }
                    Expect('}');
                    return table;
                }
            }

            private object?[] Array()
            {
                var items = new List<object?>();
                Expect('[');
                Blanks();
                if (!AtEnd && _s[_i] == ']') { _i++; return items.ToArray(); }
                while (true)
                {
                    items.Add(Value());
                    Blanks();
                    if (!AtEnd && _s[_i] == ',') { _i++; continue; }
                    Expect(']');
                    return items.ToArray();
                }
            }

            private string String()
            {
                var sb = new StringBuilder();
                _i++; // the opening quote
                while (true)
                {
                    if (AtEnd) throw Fail("a string is never closed");
                    var c = _s[_i++];
                    if (c == '"') return sb.ToString();
                    if (c != '\\') { sb.Append(c); continue; }
                    if (AtEnd) throw Fail("a string is never closed");
                    var e = _s[_i++];
                    switch (e)
                    {
                        case 'n': sb.Append('\n'); break;
                        case 't': sb.Append('\t'); break;
                        case 'r': sb.Append('\r'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'u':
                            if (_i + 4 > _s.Length || !int.TryParse(_s.Substring(_i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                                throw Fail("a \\u escape needs four hex digits");
                            sb.Append((char)code);
                            _i += 4;
                            break;
                        default: sb.Append(e); break;
                    }
                }
            }
        }
    }
}
