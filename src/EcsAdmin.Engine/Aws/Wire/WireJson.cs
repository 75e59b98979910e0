using System;
using System.Collections.Generic;
using System.Text.Json;

namespace EcsAdmin.Engine.Aws.Wire
{
    /// <summary>Reads one JSON value (the reader is on its first token) as <typeparamref name="T"/>.</summary>
    public delegate T WireJsonReader<T>(ref Utf8JsonReader reader);

    /// <summary>
    /// The value readers and writers the generated awsJson codecs (<c>&lt;Ns&gt;Json</c> in Aws/Generated) are built
    /// from. They read and write exactly what System.Text.Json does with <c>WireClient.Json</c> and the attributes on
    /// the generated types (null members left out, strings lenient, timestamps as epoch seconds, unknown members
    /// skipped), without reflection, so a first call compiles nothing at run time to serialize its request.
    /// </summary>
    public static class WireJson
    {
        /// <summary>On an object's first token: true for '{', false for null; anything else does not fit.</summary>
        public static bool BeginObject(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return false;
            if (reader.TokenType != JsonTokenType.StartObject) throw Unexpected("an object", reader.TokenType);
            return true;
        }

        /// <summary>Moves to the object's next member name; false at the object's end.</summary>
        public static bool NextMember(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject) return false;
            if (reader.TokenType != JsonTokenType.PropertyName) throw Unexpected("a member name", reader.TokenType);
            return true;
        }

        /// <summary>From a member name to its value's first token.</summary>
        public static void Advance(ref Utf8JsonReader reader)
        {
            if (!reader.Read()) throw new JsonException("The JSON document ends inside a value.");
        }

        /// <summary>Skips the value of a member no generated type knows.</summary>
        public static void SkipValue(ref Utf8JsonReader reader)
        {
            Advance(ref reader);
            if (!reader.TrySkip()) throw new JsonException("The JSON document ends inside a value.");
        }

        /// <summary>Reads a whole document with <paramref name="read"/>; trailing content other than white space fails.</summary>
        public static T ReadDocument<T>(byte[] body, WireJsonReader<T> read)
        {
            var reader = new Utf8JsonReader(body, default(JsonReaderOptions));
            Advance(ref reader);
            var value = read(ref reader);
            if (reader.Read()) throw new JsonException("The JSON document has more than one value.");
            return value;
        }

        /// <summary>Writes a whole document with <paramref name="write"/>.</summary>
        public static byte[] WriteDocument<T>(T value, Action<Utf8JsonWriter, T> write)
        {
            using var buffer = new System.IO.MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, default(JsonWriterOptions)))
            {
                write(writer, value);
            }
            return buffer.ToArray();
        }

        /// <summary>A string member; numbers and booleans arrive from some emulators and are kept as their JSON text.</summary>
        public static string? ReadString(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String: return reader.GetString();
                case JsonTokenType.Number:
                    return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence
                        ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence)
                        : reader.ValueSpan.ToArray());
                case JsonTokenType.True: return "true";
                case JsonTokenType.False: return "false";
                case JsonTokenType.Null: return null;
                default: throw new JsonException("Expected a string, not " + reader.TokenType + ".");
            }
        }

        public static int? ReadInt32(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? (int?)null : ReadInt32Value(ref reader);

        public static int ReadInt32Value(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)) return value;
            throw Unexpected("an integer", reader.TokenType);
        }

        public static long? ReadInt64(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? (long?)null : ReadInt64Value(ref reader);

        public static long ReadInt64Value(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)) return value;
            throw Unexpected("a long integer", reader.TokenType);
        }

        public static double? ReadDouble(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? (double?)null : ReadDoubleValue(ref reader);

        public static double ReadDoubleValue(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var value)) return value;
            throw Unexpected("a number", reader.TokenType);
        }

        public static bool? ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? (bool?)null : ReadBooleanValue(ref reader);

        public static bool ReadBooleanValue(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.True) return true;
            if (reader.TokenType == JsonTokenType.False) return false;
            throw Unexpected("a boolean", reader.TokenType);
        }

        /// <summary>A blob: base64 text.</summary>
        public static byte[]? ReadBytes(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) throw Unexpected("base64 text", reader.TokenType);
            try
            {
                return reader.GetBytesFromBase64();
            }
            catch (FormatException ex)
            {
                throw new JsonException("Expected base64 text.", ex);
            }
        }

        /// <summary>A document member: any JSON value, kept as it is.</summary>
        public static JsonElement? ReadElement(ref Utf8JsonReader reader)
            => reader.TokenType == JsonTokenType.Null ? (JsonElement?)null : JsonElement.ParseValue(ref reader);

        /// <summary>An awsJson timestamp: epoch seconds (fractions allowed); ISO 8601 text is accepted too.</summary>
        public static DateTime? ReadTimestamp(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    return FromEpochSeconds(reader.GetDouble());
                case JsonTokenType.String:
                    var text = reader.GetString();
                    if (string.IsNullOrEmpty(text)) return null;
                    if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
                        return FromEpochSeconds(seconds);
                    if (DateTime.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
                            System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
                        return parsed;
                    throw new JsonException("Expected a timestamp, found the text '" + text + "'.");
                default:
                    throw new JsonException("Expected a timestamp, found " + reader.TokenType);
            }
        }

        /// <summary>A list of timestamps; a null item does not fit.</summary>
        public static List<DateTime>? ReadTimestampList(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected a list of timestamps, found " + reader.TokenType);
            var list = new List<DateTime>();
            while (true)
            {
                Advance(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray) return list;
                var value = ReadTimestamp(ref reader);
                if (value is null) throw new JsonException("null in a list of timestamps");
                list.Add(value.Value);
            }
        }

        public static List<T>? ReadList<T>(ref Utf8JsonReader reader, WireJsonReader<T> item)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw Unexpected("a list", reader.TokenType);
            var list = new List<T>();
            while (true)
            {
                Advance(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray) return list;
                list.Add(item(ref reader));
            }
        }

        /// <summary>A map: string keys; a repeated key keeps its last value.</summary>
        public static Dictionary<string, T>? ReadMap<T>(ref Utf8JsonReader reader, WireJsonReader<T> item)
        {
            if (!BeginObject(ref reader)) return null;
            var map = new Dictionary<string, T>();
            while (NextMember(ref reader))
            {
                var key = reader.GetString()!;
                Advance(ref reader);
                map[key] = item(ref reader);
            }
            return map;
        }

        public static void WriteString(Utf8JsonWriter writer, string? value)
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteStringValue(value);
        }

        public static void WriteInt32(Utf8JsonWriter writer, int value) => writer.WriteNumberValue(value);

        public static void WriteInt64(Utf8JsonWriter writer, long value) => writer.WriteNumberValue(value);

        public static void WriteDouble(Utf8JsonWriter writer, double value) => writer.WriteNumberValue(value);

        public static void WriteBoolean(Utf8JsonWriter writer, bool value) => writer.WriteBooleanValue(value);

        public static void WriteBytes(Utf8JsonWriter writer, byte[]? value)
        {
            if (value is null) writer.WriteNullValue();
            else writer.WriteBase64StringValue(value);
        }

        public static void WriteElement(Utf8JsonWriter writer, JsonElement value) => value.WriteTo(writer);

        /// <summary>Epoch seconds, rounded to milliseconds; a local time is converted to UTC first.</summary>
        public static void WriteTimestamp(Utf8JsonWriter writer, DateTime? value)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                return;
            }
            var utc = value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : value.Value;
            var seconds = (utc - Epoch).Ticks / (double)TimeSpan.TicksPerSecond;
            writer.WriteNumberValue(Math.Round(seconds, 3));
        }

        public static void WriteTimestampList(Utf8JsonWriter writer, List<DateTime>? value)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartArray();
            foreach (var item in value) WriteTimestamp(writer, item);
            writer.WriteEndArray();
        }

        public static void WriteList<T>(Utf8JsonWriter writer, List<T>? value, Action<Utf8JsonWriter, T> item)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartArray();
            foreach (var x in value) item(writer, x);
            writer.WriteEndArray();
        }

        public static void WriteMap<T>(Utf8JsonWriter writer, Dictionary<string, T>? value, Action<Utf8JsonWriter, T> item)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                return;
            }
            writer.WriteStartObject();
            foreach (var kv in value)
            {
                writer.WritePropertyName(kv.Key);
                item(writer, kv.Value);
            }
            writer.WriteEndObject();
        }

        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        private static DateTime FromEpochSeconds(double seconds) => Epoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

        private static JsonException Unexpected(string expected, JsonTokenType found) => new JsonException("Expected " + expected + ", found " + found + ".");
    }
}
