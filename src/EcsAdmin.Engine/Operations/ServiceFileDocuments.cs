using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// The two service files (create-service and register-task-definition --cli-input-json shapes): made from
    /// what is live, normalized (ECS's defaults, read-only fields, empty values and set-like lists dropped or
    /// sorted) and compared property by property.
    /// </summary>
    internal static class ServiceFileDocuments
    {
        public const string ServiceFileName = "service.json";
        public const string TaskDefinitionFileName = "task-definition.json";

        private static readonly JsonSerializerOptions Json = WireClient.Json;

        /// <summary>Values ECS fills in when a request leaves them out; a property at that path with that value is not written or compared.</summary>
        private static readonly Dictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["containerDefinitions[].cpu"] = "0",
            ["containerDefinitions[].essential"] = "true",
            ["containerDefinitions[].portMappings[].protocol"] = "\"tcp\"",
            ["deploymentConfiguration.maximumPercent"] = "200",
            ["deploymentConfiguration.minimumHealthyPercent"] = "100",
            ["deploymentConfiguration.deploymentCircuitBreaker.enable"] = "false",
            ["deploymentConfiguration.deploymentCircuitBreaker.rollback"] = "false",
            ["deploymentConfiguration.strategy"] = "\"ROLLING\"",
            ["deploymentConfiguration.bakeTimeInMinutes"] = "0",
            ["schedulingStrategy"] = "\"REPLICA\"",
            ["deploymentController.type"] = "\"ECS\"",
            ["enableECSManagedTags"] = "false",
            ["enableExecuteCommand"] = "false",
            ["propagateTags"] = "\"NONE\"",
            ["platformVersion"] = "\"LATEST\"",
            ["healthCheckGracePeriodSeconds"] = "0",
            ["networkConfiguration.awsvpcConfiguration.assignPublicIp"] = "\"DISABLED\"",
            ["availabilityZoneRebalancing"] = "\"ENABLED\"",
        };

        /// <summary>Lists whose order means nothing: sorted so they diff cleanly.</summary>
        private static readonly HashSet<string> SetLists = new HashSet<string>(StringComparer.Ordinal)
        {
            "networkConfiguration.awsvpcConfiguration.subnets", "networkConfiguration.awsvpcConfiguration.securityGroups", "requiresCompatibilities",
        };

        // ------------------------------------------------------------------ live → file

        public static JsonObject TaskDefinitionFile(Ecs.TaskDefinition td, List<Ecs.Tag>? tags)
        {
            var request = JsonSerializer.Deserialize<Ecs.RegisterTaskDefinitionRequest>(JsonSerializer.Serialize(td, Json), Json)!;
            if (tags != null && tags.Count > 0) request.Tags = tags;
            return Normalize(JsonSerializer.SerializeToNode(request, Json)!.AsObject(), "");
        }

        public static JsonObject ServiceFile(Ecs.Service svc)
        {
            var node = JsonSerializer.SerializeToNode(svc, Json)!.AsObject();
            var request = JsonSerializer.Deserialize<Ecs.CreateServiceRequest>(node.ToJsonString(), Json)!;
            request.Role = svc.RoleArn;
            request.Cluster = null;
            request.TaskDefinition = Family(svc.TaskDefinition);
            var primary = svc.Deployments?.FirstOrDefault(d => d.Status == "PRIMARY");
            if (primary?.ServiceConnectConfiguration != null) request.ServiceConnectConfiguration = primary.ServiceConnectConfiguration;
            if (primary?.VolumeConfigurations != null) request.VolumeConfigurations = primary.VolumeConfigurations;
            return Normalize(JsonSerializer.SerializeToNode(request, Json)!.AsObject(), "");
        }

        /// <summary>"arn:...:task-definition/web:3" or "web:3" → "web".</summary>
        public static string Family(string? taskDefinition)
        {
            var s = taskDefinition ?? "";
            var slash = s.LastIndexOf('/');
            if (slash >= 0) s = s.Substring(slash + 1);
            var colon = s.LastIndexOf(':');
            return colon > 0 && int.TryParse(s.Substring(colon + 1), out _) ? s.Substring(0, colon) : s;
        }

        // ------------------------------------------------------------------ file text → normalized

        /// <summary>Parses a file's text; a bad file is an InvalidArgument error naming it.</summary>
        public static JsonObject Parse(string text, string fileName)
        {
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (JsonException ex)
            {
                throw new Contracts.EcsAdminException("InvalidServiceFile", Contracts.EcsErrorKind.InvalidArgument,
                    fileName + " is not valid JSON: " + ex.Message, fileName, "Fix the JSON in " + fileName + " (Export-EcsService writes a valid pair).");
            }
            if (!(node is JsonObject obj))
                throw new Contracts.EcsAdminException("InvalidServiceFile", Contracts.EcsErrorKind.InvalidArgument,
                    fileName + " must hold a JSON object.", fileName, "Write the file in the --cli-input-json shape (Export-EcsService writes one).");
            return obj;
        }

        /// <summary>Normalizes a file-shaped document in place order: defaults, nulls and empties dropped, set-like lists sorted.</summary>
        public static JsonObject Normalize(JsonObject doc, string path)
        {
            var result = new JsonObject();
            foreach (var kv in doc.ToList())
            {
                if (path.Length == 0 && (kv.Key == "cluster" || kv.Key == "clientToken")) continue;
                var childPath = path.Length == 0 ? kv.Key : path + "." + kv.Key;
                var value = NormalizeValue(kv.Value, childPath);
                if (value is null) continue;
                if (Defaults.TryGetValue(childPath, out var def) && value.ToJsonString() == def) continue;
                if (childPath == "role" && value.ToString().Contains("/aws-service-role/")) continue;
                if (childPath == "taskDefinition") value = JsonValue.Create(Family(value.ToString()));
                result[kv.Key] = value;
            }
            // hostPort equal to containerPort is what ECS fills in for awsvpc.
            if (path == "containerDefinitions[].portMappings[]" && result["hostPort"] is JsonNode hp && result["containerPort"] is JsonNode cp
                && hp.ToJsonString() == cp.ToJsonString())
                result.Remove("hostPort");
            return result;
        }

        private static JsonNode? NormalizeValue(JsonNode? value, string path)
        {
            switch (value)
            {
                case null:
                    return null;
                case JsonObject o:
                    var n = Normalize(o, path);
                    return n.Count == 0 ? null : n;
                case JsonArray a:
                    var items = a.Select(x => NormalizeValue(x, path + "[]")).Where(x => x != null).ToList();
                    // Tags whose key starts with aws: are AWS's own (CloudFormation, managed tags): nobody can set or remove them.
                    if (path == "tags") items = items.Where(x => !(x is JsonObject t && (t["key"]?.ToString() ?? "").StartsWith("aws:", StringComparison.Ordinal))).ToList();
                    if (items.Count == 0) return null;
                    if (SetLists.Contains(path) || path == "tags")
                        items = items.OrderBy(x => x is JsonObject t ? t["key"]?.ToString() : x!.ToString(), StringComparer.Ordinal).ToList();
                    return new JsonArray(items.Select(x => x!.DeepClone()).ToArray());
                default:
                    return value.DeepClone();
            }
        }

        /// <summary>Pretty JSON with a trailing newline, for the files.</summary>
        public static string Write(JsonObject doc) => doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

        // ------------------------------------------------------------------ diff

        /// <summary>Differences between two normalized documents; list items with a "name" are matched by name.</summary>
        public static List<EcsServiceDifference> Diff(JsonNode? live, JsonNode? file, string document, string service)
        {
            var list = new List<EcsServiceDifference>();
            DiffInto(live, file, "", document, service, list);
            return list;
        }

        private static void DiffInto(JsonNode? live, JsonNode? file, string path, string document, string service, List<EcsServiceDifference> list)
        {
            if (live is JsonObject lo && file is JsonObject fo)
            {
                foreach (var key in fo.Select(k => k.Key).Concat(lo.Select(k => k.Key).Where(k => !fo.ContainsKey(k))))
                    DiffInto(lo[key], fo[key], path.Length == 0 ? key : path + "." + key, document, service, list);
                return;
            }
            if (live is JsonArray la && file is JsonArray fa)
            {
                var id = IdentityOf(la, fa);
                if (id != null)
                {
                    var names = fa.Select(x => x![id]!.ToString()).Concat(la.Select(x => x![id]!.ToString())).Distinct().ToList();
                    foreach (var name in names)
                        DiffInto(la.FirstOrDefault(x => x![id]!.ToString() == name), fa.FirstOrDefault(x => x![id]!.ToString() == name),
                            path + "[" + name + "]", document, service, list);
                    return;
                }
                if (la.Count == fa.Count && la.All(x => x is JsonObject) && fa.All(x => x is JsonObject))
                {
                    for (int i = 0; i < la.Count; i++) DiffInto(la[i], fa[i], path + "[" + i + "]", document, service, list);
                    return;
                }
            }
            var l = live?.ToJsonString();
            var f = file?.ToJsonString();
            if (l == f) return;
            var d = new EcsServiceDifference
            {
                Service = service, Document = document, PropertyPath = path, Live = l, File = f,
                Kind = live is null ? "Added" : file is null ? "Removed" : "Changed",
            };
            if (path.EndsWith(".image", StringComparison.Ordinal) && l != null && f != null && ImageRepository(l) == ImageRepository(f)
                && (l.Contains("@sha256:") != f.Contains("@sha256:")))
            {
                d.Kind = "ImageTagVsDigest";
                d.Note = l.Contains("@sha256:")
                    ? "The live task definition pins a digest and the file names a tag: the tag may or may not point at that digest; deploying the file re-resolves the tag."
                    : "The file pins a digest and the live task definition names a tag.";
            }
            list.Add(d);
        }

        /// <summary>The member that identifies the items of both lists: "name" (containers, variables) or "key" (tags), else null.</summary>
        private static string? IdentityOf(JsonArray live, JsonArray file)
        {
            foreach (var id in new[] { "name", "key" })
                if (Keyed(live, id) && Keyed(file, id)) return id;
            return null;
        }

        private static bool Keyed(JsonArray a, string id) => a.Count > 0 && a.All(x => x is JsonObject o && o[id] is JsonValue);

        // ------------------------------------------------------------------ tags

        /// <summary>A difference in the document's tags (path "tags" or "tags[key]..."): applied with TagResource/UntagResource, not by a new revision or an update.</summary>
        public static bool IsTagDifference(EcsServiceDifference d)
            => d.PropertyPath == "tags" || d.PropertyPath.StartsWith("tags[", StringComparison.Ordinal);

        /// <summary>A normalized document's tags, key to value.</summary>
        public static Dictionary<string, string> Tags(JsonObject? doc)
        {
            var tags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var t in (doc?["tags"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                if (t["key"]?.ToString() is string key) tags[key] = t["value"]?.ToString() ?? "";
            return tags;
        }

        /// <summary>
        /// What makes the live tags the file's: tags to set (new keys and changed values) and keys to remove. Keys
        /// starting with "aws:" belong to AWS and are never removed (normalized documents no longer hold them).
        /// </summary>
        public static (List<Ecs.Tag> Set, List<string> Remove) TagChanges(JsonObject? live, JsonObject file)
        {
            var have = Tags(live);
            var want = Tags(file);
            var set = want.Where(kv => !have.TryGetValue(kv.Key, out var v) || v != kv.Value)
                .Select(kv => new Ecs.Tag { Key = kv.Key, Value = kv.Value }).ToList();
            var remove = have.Keys.Where(k => !want.ContainsKey(k) && !k.StartsWith("aws:", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            return (set, remove);
        }

        public static string ImageRepository(string image)
        {
            var s = image.Trim('"');
            var at = s.IndexOf('@');
            if (at >= 0) return s.Substring(0, at);
            var slash = s.LastIndexOf('/');
            var colon = s.LastIndexOf(':');
            return colon > slash ? s.Substring(0, colon) : s;
        }
    }
}
