using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcsAdmin.Engine.Aws.Wire;
using Xunit;

namespace EcsAdmin.Tests.Contracts
{
    /// <summary>(a) Every generated type against the trimmed model, by reflection.</summary>
    public sealed class GeneratedTypesMatchModelTests
    {
        /// <summary>Trimmed model file → namespace suffix of the generated code.</summary>
        public static readonly IReadOnlyDictionary<string, string> Namespaces = new Dictionary<string, string>
        {
            ["ecs.json"] = "Ecs",
            ["application-autoscaling.json"] = "AutoScaling",
            ["cloudwatch.json"] = "CloudWatch",
            ["logs.json"] = "Logs",
            ["ssm.json"] = "Ssm",
            ["ecr.json"] = "Ecr",
            ["secretsmanager.json"] = "SecretsManager",
            ["servicediscovery.json"] = "ServiceDiscovery",
            ["kms.json"] = "Kms",
            ["iam.json"] = "Iam",
            ["ec2.json"] = "Ec2",
            ["elbv2.json"] = "Elbv2",
        };

        public static IEnumerable<object[]> Services() => Namespaces.Keys.Select(k => new object[] { k });

        private static readonly Assembly Engine = typeof(ServiceDescriptor).Assembly;

        [Fact]
        public void Every_trimmed_model_has_generated_code_and_vice_versa()
        {
            Assert.Equal(Namespaces.Keys.OrderBy(k => k, StringComparer.Ordinal), ModelContract.ServiceFiles);
            var generatedNamespaces = Engine.GetTypes()
                .Select(t => t.Namespace ?? "")
                .Where(n => n.StartsWith("EcsAdmin.Engine.Aws.Generated.", StringComparison.Ordinal))
                .Distinct().OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(Namespaces.Values.Select(n => "EcsAdmin.Engine.Aws.Generated." + n).OrderBy(n => n, StringComparer.Ordinal),
                generatedNamespaces);
        }

        [Theory]
        [MemberData(nameof(Services))]
        public void Generated_types_match_the_model(string serviceFile)
        {
            var checker = new Checker(serviceFile);
            checker.CheckAll();
            Assert.True(checker.Problems.Count == 0, string.Join("\n", checker.Problems));
        }

        private sealed class Checker
        {
            private readonly string _ns;
            private readonly JsonElement _model;
            private readonly JsonElement _shapes;
            private readonly Dictionary<string, Type> _types;
            private readonly HashSet<Type> _accounted = new HashSet<Type>();
            private readonly string? _xmlProtocol;

            public Checker(string serviceFile)
            {
                _ns = "EcsAdmin.Engine.Aws.Generated." + Namespaces[serviceFile];
                _model = ModelContract.Model(serviceFile);
                _shapes = _model.GetProperty("shapes");
                _types = Engine.GetTypes().Where(t => t.Namespace == _ns).ToDictionary(t => t.Name, t => t, StringComparer.Ordinal);
                var md = _model.GetProperty("metadata");
                _xmlProtocol = md.TryGetProperty("jsonVersion", out _) ? null : md.GetProperty("protocol").GetString();
            }

            private string? Location(JsonElement e) => e.TryGetProperty("locationName", out var ln) ? ln.GetString() : null;

            /// <summary>
            /// The [QueryMember] a member must carry, from the protocol rules: query names requests by locationName or
            /// member name and numbers list items after "member" (or the list member's locationName) unless the list
            /// is flattened; ec2 names requests by queryName, else the capitalised locationName, else the member name,
            /// and numbers list items right after the name; replies use the locationName or the member name, a
            /// flattened list the locationName of its member.
            /// </summary>
            private (string Request, string Reply, string? Item, bool Flattened) ExpectedQueryMember(JsonProperty member)
            {
                var ec2 = _xmlProtocol == "ec2";
                var target = _shapes.GetProperty(member.Value.GetProperty("shape").GetString()!);
                var kind = target.GetProperty("type").GetString();
                var flattened = target.TryGetProperty("flattened", out var f) && f.GetBoolean();
                string request;
                if (ec2 && member.Value.TryGetProperty("queryName", out var qn)) request = qn.GetString()!;
                else if (ec2 && Location(member.Value) is string l) request = l.Substring(0, 1).ToUpperInvariant() + l.Substring(1);
                else request = Location(member.Value) ?? member.Name;
                var reply = Location(member.Value) ?? member.Name;
                string? item = null;
                if (kind == "list")
                {
                    var listMember = Location(target.GetProperty("member"));
                    if (flattened && listMember != null)
                    {
                        reply = listMember;
                        if (!ec2) request = listMember;
                    }
                    if (!ec2 && !flattened) item = listMember ?? "member";
                }
                if (kind == "map" && !flattened) item = "entry";
                return (request, reply, item, flattened);
            }

            public List<string> Problems { get; } = new List<string>();

            private Type? ClassFor(string shapeName)
            {
                if (_types.TryGetValue(shapeName, out var t)) return t;
                return _types.TryGetValue(shapeName + "Shape", out t) ? t : null;
            }

            public void CheckAll()
            {
                foreach (var shape in _shapes.EnumerateObject())
                {
                    var type = shape.Value.GetProperty("type").GetString();
                    if (type == "structure") CheckStructure(shape.Name, shape.Value);
                    if (type == "string" && shape.Value.TryGetProperty("enum", out var values)) CheckEnum(shape.Name, values);
                }
                CheckApi();
                foreach (var stray in _types.Values.Where(t => !_accounted.Contains(t) && !t.IsNested))
                    Problems.Add($"{stray.FullName} corresponds to nothing in the model");
            }

            private void CheckStructure(string shapeName, JsonElement shape)
            {
                var type = ClassFor(shapeName);
                if (type == null)
                {
                    Problems.Add($"structure {shapeName}: no generated class");
                    return;
                }
                _accounted.Add(type);
                if (!type.IsClass || !type.IsSealed || !type.IsPublic || type.GetConstructor(Type.EmptyTypes) == null)
                    Problems.Add($"{type.Name}: expected a public sealed class with a parameterless constructor");

                var required = shape.TryGetProperty("required", out var req)
                    ? new HashSet<string>(req.EnumerateArray().Select(r => r.GetString()!), StringComparer.Ordinal)
                    : new HashSet<string>(StringComparer.Ordinal);
                string? WireName(PropertyInfo p) => _xmlProtocol is null
                    ? p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                    : p.GetCustomAttribute<QueryMemberAttribute>()?.Reply;
                var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .ToDictionary(p => WireName(p) ?? "(no wire name) " + p.Name, p => p);
                var wireNames = new HashSet<string>(StringComparer.Ordinal);
                foreach (var member in shape.GetProperty("members").EnumerateObject())
                {
                    var wire = member.Value.TryGetProperty("locationName", out var ln) ? ln.GetString()! : member.Name;
                    if (_xmlProtocol != null)
                    {
                        var expectedWire = ExpectedQueryMember(member);
                        wire = expectedWire.Reply;
                        var actual = properties.TryGetValue(wire, out var p) ? p.GetCustomAttribute<QueryMemberAttribute>() : null;
                        if (actual != null && (actual.Request, actual.Reply, actual.RequestItem, actual.Flattened) != expectedWire)
                            Problems.Add($"{type.Name}.{p!.Name}: [QueryMember({actual.Request}, {actual.Reply}, {actual.RequestItem}, {actual.Flattened})], model means {expectedWire}");
                        if (p?.GetCustomAttribute<JsonPropertyNameAttribute>() != null)
                            Problems.Add($"{type.Name}.{p.Name}: a {_xmlProtocol} protocol member carries a JSON name");
                    }
                    wireNames.Add(wire);
                    if (!properties.TryGetValue(wire, out var property))
                    {
                        Problems.Add($"{type.Name}: no property with wire name '{wire}'");
                        continue;
                    }
                    var target = member.Value.GetProperty("shape").GetString()!;
                    var expected = Expected(target, element: false);
                    if (expected != null && property.PropertyType != expected)
                        Problems.Add($"{type.Name}.{property.Name}: type {property.PropertyType} but model {target} means {expected}");
                    if (!property.CanRead || !property.CanWrite)
                        Problems.Add($"{type.Name}.{property.Name}: needs a getter and a setter");
                    var isRequired = property.GetCustomAttribute<WireRequiredAttribute>() != null;
                    if (isRequired != required.Contains(member.Name))
                        Problems.Add($"{type.Name}.{property.Name}: [WireRequired] is {isRequired}, model says {required.Contains(member.Name)}");
                    var converter = property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType;
                    var expectedConverter = ConverterFor(target);
                    if (converter != expectedConverter)
                        Problems.Add($"{type.Name}.{property.Name}: converter {converter?.Name ?? "none"}, expected {expectedConverter?.Name ?? "none"}");
                }
                foreach (var extra in properties.Keys.Where(k => !wireNames.Contains(k)))
                    Problems.Add($"{type.Name}: property '{extra}' is not a member of {shapeName}");
            }

            private Type? ConverterFor(string shapeName)
            {
                if (_xmlProtocol != null) return null;
                var shape = _shapes.GetProperty(shapeName);
                var type = shape.GetProperty("type").GetString();
                if (type == "timestamp") return typeof(EpochSecondsConverter);
                if (type == "list")
                {
                    var element = shape.GetProperty("member").GetProperty("shape").GetString()!;
                    if (_shapes.GetProperty(element).GetProperty("type").GetString() == "timestamp") return typeof(EpochSecondsListConverter);
                }
                return null;
            }

            /// <summary>The CLR type a member of this shape must have (element: inside a list or map).</summary>
            private Type? Expected(string shapeName, bool element)
            {
                var shape = _shapes.GetProperty(shapeName);
                Type Value(Type t) => element ? t : typeof(Nullable<>).MakeGenericType(t);
                switch (shape.GetProperty("type").GetString())
                {
                    case "string": return typeof(string);
                    case "integer": return Value(typeof(int));
                    case "long": return Value(typeof(long));
                    case "double":
                    case "float": return Value(typeof(double));
                    case "boolean": return Value(typeof(bool));
                    case "timestamp": return Value(typeof(DateTime));
                    case "blob": return typeof(byte[]);
                    case "document": return Value(typeof(JsonElement));
                    case "structure": return ClassFor(shapeName);
                    case "list":
                    {
                        var inner = Expected(shape.GetProperty("member").GetProperty("shape").GetString()!, element: true);
                        return inner == null ? null : typeof(List<>).MakeGenericType(inner);
                    }
                    case "map":
                    {
                        var inner = Expected(shape.GetProperty("value").GetProperty("shape").GetString()!, element: true);
                        return inner == null ? null : typeof(Dictionary<,>).MakeGenericType(typeof(string), inner);
                    }
                    default:
                        Problems.Add($"shape {shapeName}: unknown type");
                        return null;
                }
            }

            private void CheckEnum(string shapeName, JsonElement values)
            {
                var type = ClassFor(shapeName + "Values");
                if (type == null)
                {
                    Problems.Add($"enum {shapeName}: no {shapeName}Values class");
                    return;
                }
                _accounted.Add(type);
                var expected = values.EnumerateArray().Select(v => v.GetString()!).ToList();
                var all = type.GetField("All", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as string[];
                if (all == null || !all.SequenceEqual(expected))
                    Problems.Add($"{type.Name}.All: [{string.Join(", ", all ?? Array.Empty<string>())}], model [{string.Join(", ", expected)}]");
                var constants = type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral)
                    .Select(f => (string)f.GetRawConstantValue()!).ToList();
                if (!constants.OrderBy(c => c, StringComparer.Ordinal).SequenceEqual(expected.OrderBy(c => c, StringComparer.Ordinal)))
                    Problems.Add($"{type.Name}: constants [{string.Join(", ", constants)}], model [{string.Join(", ", expected)}]");
            }

            private void CheckApi()
            {
                var apiName = _ns.Substring(_ns.LastIndexOf('.') + 1) + "Api";
                if (!_types.TryGetValue(apiName, out var api))
                {
                    Problems.Add("no " + apiName + " class");
                    return;
                }
                _accounted.Add(api);
                // awsJson services carry their generated JSON codec (checked member by member in GeneratedJsonCodecTests).
                var codecName = _ns.Substring(_ns.LastIndexOf('.') + 1) + "Json";
                if (_types.TryGetValue(codecName, out var codec))
                {
                    if (_xmlProtocol != null) Problems.Add(codecName + ": a JSON codec for a " + _xmlProtocol + " service");
                    _accounted.Add(codec);
                }
                else if (_xmlProtocol == null)
                {
                    Problems.Add("no " + codecName + " class");
                }
                var md = _model.GetProperty("metadata");
                var service = (ServiceDescriptor?)api.GetField("Service")?.GetValue(null);
                if (service == null)
                {
                    Problems.Add(apiName + ".Service missing");
                    return;
                }
                var serviceId = md.GetProperty("serviceId").GetString()!;
                var endpointPrefix = md.GetProperty("endpointPrefix").GetString()!;
                var signingName = md.TryGetProperty("signingName", out var sn) ? sn.GetString() : endpointPrefix;
                var protocol = _xmlProtocol switch
                {
                    "query" => WireProtocol.Query,
                    "ec2" => WireProtocol.Ec2,
                    _ => md.GetProperty("jsonVersion").GetString() == "1.1" ? WireProtocol.AwsJson11 : WireProtocol.AwsJson10,
                };
                void Same(string what, object? expected, object? actual)
                {
                    if (!Equals(expected, actual)) Problems.Add($"{apiName}.Service.{what}: {actual}, model {expected}");
                }
                Same("ServiceId", serviceId, service.ServiceId);
                Same("EndpointPrefix", endpointPrefix, service.EndpointPrefix);
                Same("SigningName", signingName, service.SigningName);
                Same("TargetPrefix", md.TryGetProperty("targetPrefix", out var tp) ? tp.GetString() : "", service.TargetPrefix);
                Same("ApiVersion", md.GetProperty("apiVersion").GetString(), service.ApiVersion);
                Same("Protocol", protocol, service.Protocol);
                Same("EnvName", serviceId.ToUpperInvariant().Replace(' ', '_'), service.EnvName);
                var global = _model.TryGetProperty("globalEndpoints", out var ge)
                    ? ge.EnumerateArray().Select(e => e.GetProperty("partition").GetString() + " " + e.GetProperty("hostname").GetString() + " " + e.GetProperty("signingRegion").GetString()).ToList()
                    : new List<string>();
                Same("GlobalEndpoints", string.Join("; ", global), string.Join("; ", service.GlobalEndpoints.Select(e => e.Partition + " " + e.Hostname + " " + e.SigningRegion)));

                var operations = _model.GetProperty("operations");
                var fields = api.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.Name != "Service").ToList();
                if (fields.Count != operations.EnumerateObject().Count())
                    Problems.Add($"{apiName}: {fields.Count} operation fields, model {operations.EnumerateObject().Count()} operations");
                foreach (var op in operations.EnumerateObject())
                {
                    var field = api.GetField(op.Name, BindingFlags.Public | BindingFlags.Static);
                    if (field == null || !field.IsInitOnly || !field.FieldType.IsGenericType ||
                        field.FieldType.GetGenericTypeDefinition() != typeof(WireOperation<,>))
                    {
                        Problems.Add($"{apiName}.{op.Name}: no static readonly WireOperation field");
                        continue;
                    }
                    var args = field.FieldType.GetGenericArguments();
                    CheckIo(op, "input", "Request", args[0], apiName);
                    CheckIo(op, "output", "Response", args[1], apiName);
                    var value = field.GetValue(null)!;
                    Same(op.Name + ".Name", op.Name, field.FieldType.GetProperty("Name")!.GetValue(value));
                    Same(op.Name + ".Service", service, field.FieldType.GetProperty("Service")!.GetValue(value));
                }
            }

            private void CheckIo(JsonProperty op, string which, string suffix, Type actual, string apiName)
            {
                if (op.Value.TryGetProperty(which, out var io))
                {
                    if (_xmlProtocol == "query" && which == "output"
                        && (!io.TryGetProperty("resultWrapper", out var wrapper) || wrapper.GetString() != op.Name + "Result"))
                        Problems.Add($"{apiName}.{op.Name}: the query protocol reply must be wrapped in {op.Name}Result, as the wire client reads it");
                    var expected = ClassFor(io.GetProperty("shape").GetString()!);
                    if (expected != actual) Problems.Add($"{apiName}.{op.Name} {which}: {actual.Name}, model {expected?.Name}");
                    return;
                }
                if (actual.Name != op.Name + suffix || actual.GetProperties().Length != 0)
                    Problems.Add($"{apiName}.{op.Name} {which}: expected an empty {op.Name}{suffix}, found {actual.Name}");
                _accounted.Add(actual);
            }
        }
    }
}
