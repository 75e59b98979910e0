using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Contracts;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Foundation
{
    /// <summary>
    /// Task definitions between the wire and the public model: every field of the sample (which itself must use every
    /// member of the request's shapes in the trimmed model) survives wire → model → wire, read-only fields are read,
    /// and every part of the model reads as text, never as a type name.
    /// </summary>
    public sealed class ContainerDefinitionMappingTests
    {
        private static readonly JsonSerializerOptions Wire = new JsonSerializerOptions { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

        private static string SamplePath => Path.Combine(GeneratorReproducibilityTests.RepoRoot(), "tests", "pester", "data", "task-definition-every-field.json");

        private static JsonObject Sample() => (JsonObject)JsonNode.Parse(File.ReadAllText(SamplePath))!;

        private static EcsTaskDefinition SampleModel()
        {
            var json = Sample();
            var wire = json.Deserialize<Ecs.TaskDefinition>()!;
            var tags = json["tags"]!.Deserialize<List<Ecs.Tag>>();
            return TaskDefinitionMapping.FromWire(wire, tags, "us-east-1");
        }

        [Fact]
        public void The_sample_uses_every_member_of_every_shape_registration_takes()
        {
            var shapes = ModelContract.Model("ecs").GetProperty("shapes");
            var missing = new List<string>();
            Walk(shapes, "RegisterTaskDefinitionRequest", new List<JsonNode> { Sample() }, "$", missing, new HashSet<string>());
            Assert.True(missing.Count == 0, "the sample lacks: " + string.Join(", ", missing));
        }

        private static void Walk(JsonElement shapes, string shapeName, List<JsonNode> instances, string path, List<string> missing, HashSet<string> seen)
        {
            var shape = shapes.GetProperty(shapeName);
            var type = shape.GetProperty("type").GetString();
            if (type == "list")
            {
                var items = instances.OfType<JsonArray>().SelectMany(a => a).Where(n => n != null).Select(n => n!).ToList();
                Walk(shapes, shape.GetProperty("member").GetProperty("shape").GetString()!, items, path + "[]", missing, seen);
                return;
            }
            if (type != "structure" || !seen.Add(shapeName + "@" + path)) return;
            foreach (var member in shape.GetProperty("members").EnumerateObject())
            {
                var values = instances.OfType<JsonObject>().Select(o => o[member.Name]).Where(v => v != null).Select(v => v!).ToList();
                if (values.Count == 0) { missing.Add(path + "." + member.Name); continue; }
                Walk(shapes, member.Value.GetProperty("shape").GetString()!, values, path + "." + member.Name, missing, seen);
            }
        }

        [Fact]
        public void Every_field_survives_wire_to_model_to_wire()
        {
            var sent = JsonSerializer.SerializeToNode(TaskDefinitionMapping.ToWire(SampleModel()), Wire)!;
            var expected = Sample();
            Assert.Equal(Canonical(expected)!.ToJsonString(), Canonical(sent)!.ToJsonString());
        }

        /// <summary>Objects with sorted keys, and name/value lists (environment, proxy properties) sorted by name: the model keeps them as maps.</summary>
        private static JsonNode? Canonical(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    var sorted = new JsonObject();
                    foreach (var kv in o.OrderBy(kv => kv.Key, StringComparer.Ordinal)) sorted[kv.Key] = Canonical(kv.Value);
                    return sorted;
                case JsonArray a:
                    var items = a.Select(Canonical).ToList();
                    if (items.All(i => i is JsonObject j && j.Count == 2 && j["name"] is JsonValue && j["value"] is JsonValue))
                        items = items.OrderBy(i => (string?)i!["name"], StringComparer.Ordinal).ToList();
                    return new JsonArray(items.ToArray());
                default:
                    return node?.DeepClone();
            }
        }

        [Fact]
        public void Read_only_fields_of_a_described_revision_are_read()
        {
            var wire = Sample().Deserialize<Ecs.TaskDefinition>()!;
            wire.TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/everyfield:7";
            wire.Revision = 7;
            wire.Status = "INACTIVE";
            wire.Compatibilities = new List<string> { "EC2" };
            wire.RequiresAttributes = new List<Ecs.Attribute> { new Ecs.Attribute { Name = "com.amazonaws.ecs.capability.docker-remote-api.1.19", TargetType = "container-instance" } };
            wire.RegisteredAt = new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc);
            wire.RegisteredBy = "arn:aws:iam::123456789012:user/admin";
            wire.DeregisteredAt = new DateTime(2026, 11, 2, 8, 0, 0, DateTimeKind.Utc);
            wire.DeleteRequestedAt = new DateTime(2026, 11, 3, 8, 0, 0, DateTimeKind.Utc);

            var m = TaskDefinitionMapping.FromWire(wire, null, "us-east-1");

            Assert.Equal("everyfield:7", m.FamilyRevision);
            Assert.Equal("INACTIVE", m.Status);
            Assert.Equal(new[] { "EC2" }, m.Compatibilities);
            Assert.Equal("com.amazonaws.ecs.capability.docker-remote-api.1.19", Assert.Single(m.RequiresAttributes).Name);
            Assert.Equal("arn:aws:iam::123456789012:user/admin", m.RegisteredBy);
            Assert.Equal(wire.DeregisteredAt, m.DeregisteredAt);
            Assert.Equal(wire.DeleteRequestedAt, m.DeleteRequestedAt);
            // What ECS sets itself is never sent back.
            var sent = JsonSerializer.SerializeToNode(TaskDefinitionMapping.ToWire(m), Wire)!.AsObject();
            foreach (var f in new[] { "taskDefinitionArn", "revision", "status", "compatibilities", "requiresAttributes", "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt" })
                Assert.False(sent.ContainsKey(f), f + " was sent");
        }

        [Fact]
        public void Nested_parts_read_as_an_admin_writes_them()
        {
            var app = SampleModel().ContainerDefinitions.Single(c => c.Name == "app");
            Assert.Equal("CMD-SHELL curl -f http://localhost:8080/ || exit 1 (every 30s, timeout 5s, 3 retries, start period 10s)", app.HealthCheck!.ToString());
            Assert.Equal("nofile=1024:4096", app.Ulimits.ToString());
            Assert.Equal("DB_PASSWORD <- arn:aws:secretsmanager:us-east-1:123456789012:secret:db-password", app.Secrets.ToString());
            Assert.Equal("db:HEALTHY", app.DependsOn.ToString());
            Assert.Equal("http=8080/tcp http (host 80), 9000-9010/udp", app.PortMappings.ToString());
            Assert.Equal("shared:/mnt/shared (read-only), scratch:/tmp/scratch", app.MountPoints.ToString());
            Assert.Equal("init process; add SYS_PTRACE; drop NET_RAW, MKNOD; devices /dev/fuse (read/write); shm 64 MiB; tmpfs /run 32 MiB (rw,noexec); swap 512 MiB; swappiness 60",
                app.LinuxParameters!.ToString());
            Assert.Equal("awsfirelens (Name=cloudwatch; region=us-east-1; apikey <- arn:aws:ssm:us-east-1:123456789012:parameter/log-api-key)", app.LogConfiguration!.ToString());
            Assert.Equal("enabled (except exit 0, 137, after 300s)", app.RestartPolicy!.ToString());
            Assert.Equal("LOG_LEVEL=info; REGION=us-east-1", app.Environment.ToString());
            Assert.Equal("CMD pg_isready", SampleModel().ContainerDefinitions.Single(c => c.Name == "db").HealthCheck!.ToString());
        }

        [Fact]
        public void No_part_of_a_task_definition_reads_as_a_type_name()
        {
            var bad = new List<string>();
            Check(SampleModel(), "td", bad, 0);
            Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad));
        }

        private static void Check(object value, string path, List<string> bad, int depth)
        {
            if (depth > 8) return;
            foreach (var p in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            {
                var v = p.GetValue(value);
                if (v is null || v is string || v.GetType().IsPrimitive || v is DateTime) continue;
                var text = v.ToString() ?? "";
                if (text.StartsWith("System.", StringComparison.Ordinal) || text.StartsWith("EcsAdmin.", StringComparison.Ordinal))
                    bad.Add(path + "." + p.Name + " reads '" + text + "'");
                if (v is IDictionary) continue;
                if (v is IEnumerable list)
                {
                    var i = 0;
                    foreach (var item in list) if (item != null && !(item is string) && !item.GetType().IsPrimitive) Check(item, path + "." + p.Name + "[" + i++ + "]", bad, depth + 1);
                }
                else if (v.GetType().Namespace == "EcsAdmin.Models") Check(v, path + "." + p.Name, bad, depth + 1);
            }
        }

        [Fact]
        public void A_task_definition_object_registers_again_with_every_field()
        {
            var model = SampleModel();
            var request = TaskDefinitionOperations.BuildRequest(new RegisterTaskDefinitionOptions { Definition = model });
            Assert.Equal(
                Canonical(JsonSerializer.SerializeToNode(TaskDefinitionMapping.ToWire(model), Wire))!.ToJsonString(),
                Canonical(JsonSerializer.SerializeToNode(request, Wire))!.ToJsonString());

            var renamed = TaskDefinitionOperations.BuildRequest(new RegisterTaskDefinitionOptions { Definition = model, Family = "copy", Tags = new Dictionary<string, string> { ["env"] = "test" } });
            Assert.Equal("copy", renamed.Family);
            Assert.Equal("env", Assert.Single(renamed.Tags).Key);
        }

        [Fact]
        public void A_task_definition_object_is_checked_like_a_file()
        {
            var model = SampleModel();
            model.RequiresCompatibilities = new EcsList<string> { "FARGATE" };
            var ex = Assert.Throws<EcsAdminException>(() => TaskDefinitionOperations.BuildRequest(new RegisterTaskDefinitionOptions { Definition = model }));
            Assert.Equal("FargateRequiresAwsvpc", ex.ErrorId);

            model = SampleModel();
            model.ContainerDefinitions.Add(new EcsContainerDefinition { Name = "app", Image = "nginx" });
            Assert.Equal("DuplicateContainerName", Assert.Throws<EcsAdminException>(() => TaskDefinitionOperations.BuildRequest(new RegisterTaskDefinitionOptions { Definition = model })).ErrorId);
        }
    }
}
