using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EcsAdmin.Generator
{
    /// <summary>
    /// Writes models/&lt;service&gt;.json: the model's metadata, the chosen operations (name, http, input and
    /// output shape names) and every shape they reach, sorted, with all "documentation" keys removed.
    /// </summary>
    public static class ModelTrimmer
    {
        public static string Trim(LoadedModel model)
        {
            using var stream = new MemoryStream();
            var options = new JsonWriterOptions
            {
                Indented = true,
                NewLine = "\n",
                Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            };
            using (var w = new Utf8JsonWriter(stream, options))
            {
                w.WriteStartObject();
                w.WriteStartObject("source");
                w.WriteString("generator", "tools/EcsAdmin.Generator");
                w.WriteString("botocore", model.BotocoreVersion);
                w.WriteString("model", model.Config.Folder + "/" + model.ModelVersion + "/service-2.json");
                w.WriteEndObject();

                w.WritePropertyName("metadata");
                WriteWithoutDocumentation(w, model.Metadata);

                if (model.GlobalEndpoints.Count > 0)
                {
                    // From botocore's endpoints.json: the service has one endpoint per partition.
                    w.WriteStartArray("globalEndpoints");
                    foreach (var (partition, host, region) in model.GlobalEndpoints)
                    {
                        w.WriteStartObject();
                        w.WriteString("partition", partition);
                        w.WriteString("hostname", host);
                        w.WriteString("signingRegion", region);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }

                w.WriteStartObject("operations");
                foreach (var op in model.Operations)
                {
                    w.WriteStartObject(op.Key);
                    w.WriteString("name", op.Value.GetProperty("name").GetString());
                    if (op.Value.TryGetProperty("http", out var http))
                    {
                        w.WritePropertyName("http");
                        WriteWithoutDocumentation(w, http);
                    }
                    foreach (var which in new[] { "input", "output" })
                    {
                        var shape = LoadedModel.ShapeRef(op.Value, which);
                        if (shape == null) continue;
                        w.WriteStartObject(which);
                        w.WriteString("shape", shape);
                        // The query protocol's reply wrapper is part of the wire format; awsJson models carry it
                        // only for their query-compatible twin, which we do not use.
                        if (CSharpEmitter.Protocol(model) == "Query" && op.Value.GetProperty(which).TryGetProperty("resultWrapper", out var wrapper))
                            w.WriteString("resultWrapper", wrapper.GetString());
                        w.WriteEndObject();
                    }
                    w.WriteEndObject();
                }
                w.WriteEndObject();

                w.WriteStartObject("shapes");
                foreach (var name in model.Reached)
                {
                    w.WritePropertyName(name);
                    WriteWithoutDocumentation(w, model.Shape(name));
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        }

        private static void WriteWithoutDocumentation(Utf8JsonWriter w, JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.Object:
                    w.WriteStartObject();
                    foreach (var p in e.EnumerateObject())
                    {
                        if (p.Name == "documentation") continue;
                        w.WritePropertyName(p.Name);
                        WriteWithoutDocumentation(w, p.Value);
                    }
                    w.WriteEndObject();
                    break;
                case JsonValueKind.Array:
                    w.WriteStartArray();
                    foreach (var item in e.EnumerateArray()) WriteWithoutDocumentation(w, item);
                    w.WriteEndArray();
                    break;
                default:
                    e.WriteTo(w);
                    break;
            }
        }
    }
}
