using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace EcsAdmin.Tests.Contracts
{
    /// <summary>
    /// Checks a request body against the trimmed service model (models/&lt;service&gt;.json, copied next to the
    /// test assembly): the operation exists, every member exists on its shape, JSON value kinds match the member
    /// types (recursively), required members are present, enum values are valid, and min/max lengths, counts and
    /// ranges hold. Each problem is one string "&lt;json path&gt;: &lt;what&gt;"; an empty list means the body conforms.
    /// </summary>
    public static class ModelContract
    {
        private static readonly ConcurrentDictionary<string, JsonDocument> Models =
            new ConcurrentDictionary<string, JsonDocument>(StringComparer.OrdinalIgnoreCase);

        /// <summary>The folder holding the trimmed models.</summary>
        public static string ModelsDirectory => Path.Combine(AppContext.BaseDirectory, "models");

        /// <summary>Service file names available, e.g. "ecs.json".</summary>
        public static IReadOnlyList<string> ServiceFiles =>
            Directory.GetFiles(ModelsDirectory, "*.json").Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList()!;

        /// <summary>The root of a trimmed model; serviceFileName is "ecs" or "ecs.json".</summary>
        public static JsonElement Model(string serviceFileName)
        {
            var file = serviceFileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? serviceFileName : serviceFileName + ".json";
            return Models.GetOrAdd(file, f =>
            {
                var path = Path.Combine(ModelsDirectory, f);
                if (!File.Exists(path)) throw new FileNotFoundException("no trimmed model " + path, path);
                return JsonDocument.Parse(File.ReadAllText(path));
            }).RootElement;
        }

        public static IReadOnlyList<string> Validate(string serviceFileName, string operation, string jsonBody)
        {
            var errors = new List<string>();
            var model = Model(serviceFileName);
            if (!model.GetProperty("operations").TryGetProperty(operation, out var op))
            {
                errors.Add($"$: operation '{operation}' is not in model {serviceFileName}");
                return errors;
            }

            JsonDocument body;
            try
            {
                body = JsonDocument.Parse(string.IsNullOrWhiteSpace(jsonBody) ? "{}" : jsonBody);
            }
            catch (JsonException ex)
            {
                errors.Add("$: body is not JSON: " + ex.Message);
                return errors;
            }

            using (body)
            {
                var shapes = model.GetProperty("shapes");
                if (op.TryGetProperty("input", out var input))
                {
                    new Walker(shapes, errors).Check("$", input.GetProperty("shape").GetString()!, body.RootElement);
                }
                else if (body.RootElement.ValueKind != JsonValueKind.Object || body.RootElement.EnumerateObject().Any())
                {
                    errors.Add($"$: operation '{operation}' takes no input, expected {{}}");
                }
            }
            return errors;
        }

        private sealed class Walker
        {
            private readonly JsonElement _shapes;
            private readonly List<string> _errors;

            public Walker(JsonElement shapes, List<string> errors)
            {
                _shapes = shapes;
                _errors = errors;
            }

            private void Error(string path, string message) => _errors.Add(path + ": " + message);

            public void Check(string path, string shapeName, JsonElement value)
            {
                if (!_shapes.TryGetProperty(shapeName, out var shape))
                {
                    Error(path, $"shape {shapeName} is not in the model");
                    return;
                }
                var type = shape.GetProperty("type").GetString()!;
                if (value.ValueKind == JsonValueKind.Null)
                {
                    Error(path, $"null is not a valid {type} (shape {shapeName}); omit the member instead");
                    return;
                }
                switch (type)
                {
                    case "structure": CheckStructure(path, shapeName, shape, value); break;
                    case "list": CheckList(path, shapeName, shape, value); break;
                    case "map": CheckMap(path, shapeName, shape, value); break;
                    case "string": CheckString(path, shapeName, shape, value); break;
                    case "integer":
                    case "long": CheckInteger(path, shapeName, shape, value, type == "integer"); break;
                    case "double":
                    case "float": CheckDouble(path, shapeName, shape, value); break;
                    case "boolean":
                        if (value.ValueKind != JsonValueKind.True && value.ValueKind != JsonValueKind.False) Mismatch(path, shapeName, type, value);
                        break;
                    case "timestamp":
                        if (value.ValueKind != JsonValueKind.Number) Mismatch(path, shapeName, "timestamp (epoch seconds number)", value);
                        break;
                    case "blob": CheckBlob(path, shapeName, shape, value); break;
                    case "document": break;
                    default:
                        Error(path, $"shape {shapeName} has type {type}, which this checker does not know");
                        break;
                }
            }

            private void Mismatch(string path, string shapeName, string expected, JsonElement value) =>
                Error(path, $"expected {expected} for shape {shapeName}, found {value.ValueKind}");

            private void CheckStructure(string path, string shapeName, JsonElement shape, JsonElement value)
            {
                if (value.ValueKind != JsonValueKind.Object)
                {
                    Mismatch(path, shapeName, "structure (object)", value);
                    return;
                }
                var byWireName = new Dictionary<string, (string Name, string Shape)>(StringComparer.Ordinal);
                foreach (var m in shape.GetProperty("members").EnumerateObject())
                {
                    var wire = m.Value.TryGetProperty("locationName", out var ln) ? ln.GetString()! : m.Name;
                    byWireName[wire] = (m.Name, m.Value.GetProperty("shape").GetString()!);
                }
                var present = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in value.EnumerateObject())
                {
                    if (!present.Add(p.Name)) Error(path, $"member '{p.Name}' appears twice");
                    if (!byWireName.TryGetValue(p.Name, out var member))
                    {
                        Error(path, $"unknown member '{p.Name}' on shape {shapeName}");
                        continue;
                    }
                    Check(path + "." + p.Name, member.Shape, p.Value);
                }
                if (shape.TryGetProperty("required", out var required))
                {
                    foreach (var r in required.EnumerateArray())
                    {
                        var name = r.GetString()!;
                        var wire = byWireName.FirstOrDefault(kv => kv.Value.Name == name).Key ?? name;
                        if (!present.Contains(wire)) Error(path, $"missing required member '{wire}' of shape {shapeName}");
                    }
                }
                if (shape.TryGetProperty("union", out var union) && union.ValueKind == JsonValueKind.True && present.Count != 1)
                    Error(path, $"union shape {shapeName} needs exactly one member, found {present.Count}");
            }

            private void CheckList(string path, string shapeName, JsonElement shape, JsonElement value)
            {
                if (value.ValueKind != JsonValueKind.Array)
                {
                    Mismatch(path, shapeName, "list (array)", value);
                    return;
                }
                Bounds(path, shapeName, shape, value.GetArrayLength(), "item count");
                var element = shape.GetProperty("member").GetProperty("shape").GetString()!;
                var i = 0;
                foreach (var item in value.EnumerateArray()) Check(path + "[" + i++ + "]", element, item);
            }

            private void CheckMap(string path, string shapeName, JsonElement shape, JsonElement value)
            {
                if (value.ValueKind != JsonValueKind.Object)
                {
                    Mismatch(path, shapeName, "map (object)", value);
                    return;
                }
                var entries = value.EnumerateObject().ToList();
                Bounds(path, shapeName, shape, entries.Count, "entry count");
                var keyShape = shape.GetProperty("key").GetProperty("shape").GetString()!;
                var valueShape = shape.GetProperty("value").GetProperty("shape").GetString()!;
                foreach (var e in entries)
                {
                    using var key = JsonDocument.Parse(JsonSerializer.Serialize(e.Name));
                    Check(path + "{key " + e.Name + "}", keyShape, key.RootElement);
                    Check(path + "[\"" + e.Name + "\"]", valueShape, e.Value);
                }
            }

            private void CheckString(string path, string shapeName, JsonElement shape, JsonElement value)
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    Mismatch(path, shapeName, "string", value);
                    return;
                }
                var text = value.GetString()!;
                if (shape.TryGetProperty("enum", out var values))
                {
                    var allowed = values.EnumerateArray().Select(v => v.GetString()!).ToList();
                    if (!allowed.Contains(text, StringComparer.Ordinal))
                        Error(path, $"value '{text}' is not in enum {shapeName} ({string.Join(", ", allowed)})");
                }
                // The models count characters as Unicode code points.
                var length = 0;
                for (var i = 0; i < text.Length; i++)
                {
                    if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
                    length++;
                }
                Bounds(path, shapeName, shape, length, "length");
            }

            private void CheckInteger(string path, string shapeName, JsonElement shape, JsonElement value, bool int32)
            {
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var n))
                {
                    Mismatch(path, shapeName, int32 ? "integer" : "long", value);
                    return;
                }
                if (int32 && (n < int.MinValue || n > int.MaxValue)) Error(path, $"{n} does not fit a 32-bit integer (shape {shapeName})");
                Bounds(path, shapeName, shape, n, "value");
            }

            private void CheckDouble(string path, string shapeName, JsonElement shape, JsonElement value)
            {
                if (value.ValueKind != JsonValueKind.Number)
                {
                    Mismatch(path, shapeName, "number", value);
                    return;
                }
                var d = value.GetDouble();
                if (shape.TryGetProperty("min", out var min) && d < min.GetDouble())
                    Error(path, $"value {d.ToString(CultureInfo.InvariantCulture)} is below min {min.GetRawText()} of shape {shapeName}");
                if (shape.TryGetProperty("max", out var max) && d > max.GetDouble())
                    Error(path, $"value {d.ToString(CultureInfo.InvariantCulture)} is above max {max.GetRawText()} of shape {shapeName}");
            }

            private void CheckBlob(string path, string shapeName, JsonElement shape, JsonElement value)
            {
                if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out var bytes))
                {
                    Mismatch(path, shapeName, "blob (base64 string)", value);
                    return;
                }
                Bounds(path, shapeName, shape, bytes.Length, "byte length");
            }

            private void Bounds(string path, string shapeName, JsonElement shape, long actual, string what)
            {
                if (shape.TryGetProperty("min", out var min) && min.TryGetInt64(out var lo) && actual < lo)
                    Error(path, $"{what} {actual} is below min {lo} of shape {shapeName}");
                if (shape.TryGetProperty("max", out var max) && max.TryGetInt64(out var hi) && actual > hi)
                    Error(path, $"{what} {actual} is above max {hi} of shape {shapeName}");
            }
        }
    }
}
