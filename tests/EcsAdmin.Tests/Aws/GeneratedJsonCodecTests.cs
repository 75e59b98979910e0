using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.Json;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Aws.Generated.CloudWatch;
using EcsAdmin.Engine.Aws.Generated.Ecs;
using EcsAdmin.Engine.Aws.Wire;
using Xunit;

namespace EcsAdmin.Tests.Aws
{
    /// <summary>
    /// The generated awsJson codecs (&lt;Ns&gt;Json in Aws/Generated) against System.Text.Json with the wire client's
    /// options, which they replace on the wire: every operation of an awsJson service has one, and every wire type is
    /// written to the same bytes and read to the same object, including the lenient and the failing cases.
    /// </summary>
    public sealed class GeneratedJsonCodecTests
    {
        private static readonly Assembly Engine = typeof(WireJson).Assembly;

        private static IEnumerable<Type> CodecClasses() => Engine.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && t.Namespace != null
                && t.Namespace.StartsWith("EcsAdmin.Engine.Aws.Generated.", StringComparison.Ordinal)
                && t.Name == t.Namespace.Substring("EcsAdmin.Engine.Aws.Generated.".Length) + "Json");

        /// <summary>Every class the codecs read and write, with its codec's Write and Read methods.</summary>
        public static IEnumerable<(Type Type, MethodInfo Write, MethodInfo Read)> CodecMethods()
        {
            foreach (var codec in CodecClasses())
            {
                foreach (var write in codec.GetMethods(BindingFlags.Static | BindingFlags.NonPublic).Where(m => m.Name.StartsWith("Write", StringComparison.Ordinal)))
                {
                    var type = write.GetParameters()[1].ParameterType;
                    var read = codec.GetMethod("Read" + write.Name.Substring("Write".Length), BindingFlags.Static | BindingFlags.NonPublic);
                    Assert.NotNull(read);
                    yield return (type, write, read!);
                }
            }
        }

        private static IEnumerable<(string Name, object Operation)> Operations() => Engine.GetTypes()
            .Where(t => t.Namespace != null && t.Namespace.StartsWith("EcsAdmin.Engine.Aws.Generated.", StringComparison.Ordinal) && t.Name.EndsWith("Api", StringComparison.Ordinal))
            .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.FieldType.IsGenericType && f.FieldType.GetGenericTypeDefinition() == typeof(WireOperation<,>))
                .Select(f => (t.Name + "." + f.Name, f.GetValue(null)!)));

        [Fact]
        public void Every_awsJson_operation_has_a_codec_and_no_query_operation_has_one()
        {
            var ops = Operations().ToList();
            Assert.True(ops.Count >= 90, "found only " + ops.Count + " operations");
            foreach (var (name, op) in ops)
            {
                var type = op.GetType();
                var service = (ServiceDescriptor)type.GetProperty("Service")!.GetValue(op)!;
                var write = type.GetProperty("WriteInput")!.GetValue(op);
                var read = type.GetProperty("ReadOutput")!.GetValue(op);
                if (service.IsXml)
                {
                    Assert.True(write is null && read is null, name + " is a query operation and has a JSON codec");
                }
                else
                {
                    Assert.True(write != null && read != null, name + " has no JSON codec");
                }
            }
        }

        [Fact]
        public void Every_generated_class_of_an_awsJson_service_has_a_codec()
        {
            var covered = new HashSet<Type>(CodecMethods().Select(m => m.Type));
            var jsonNamespaces = new HashSet<string>(CodecClasses().Select(c => c.Namespace!));
            var classes = Engine.GetTypes().Where(t => t.IsClass && !t.IsAbstract && t.IsPublic && jsonNamespaces.Contains(t.Namespace!)
                && !t.Name.EndsWith("Api", StringComparison.Ordinal)).ToList();
            Assert.True(classes.Count >= 400, "found only " + classes.Count + " classes");
            Assert.Empty(classes.Where(c => !covered.Contains(c)).Select(c => c.FullName));
        }

        [Fact]
        public void Writing_every_wire_type_yields_the_bytes_System_Text_Json_writes()
        {
            var count = 0;
            foreach (var (type, write, _) in CodecMethods())
            {
                foreach (var sparse in new[] { false, true })
                {
                    var value = Filler.Make(type, depth: 0, sparse);
                    var expected = JsonSerializer.Serialize(value, type, WireClient.Json);
                    Assert.Equal(expected, Encoding.UTF8.GetString(Write(write, type, value)));
                    count++;
                }
            }
            Assert.True(count >= 800, "compared only " + count + " documents");
        }

        [Fact]
        public void Reading_every_wire_type_yields_the_object_System_Text_Json_reads()
        {
            foreach (var (type, _, read) in CodecMethods())
            {
                foreach (var sparse in new[] { false, true })
                {
                    var json = JsonSerializer.Serialize(Filler.Make(type, depth: 0, sparse), type, WireClient.Json);
                    // A member no generated type has, before and after the known ones, is skipped by both.
                    var withUnknown = json == "{}" ? "{\"zzUnknown\":[1,{\"a\":null}]}"
                        : "{\"zzUnknown\":{\"x\":[1,2,\"3\"]}," + json.Substring(1, json.Length - 2) + ",\"zzLater\":true}";
                    var byReflection = JsonSerializer.Deserialize(withUnknown, type, WireClient.Json);
                    var byCodec = Read(read, type, withUnknown);
                    Assert.Equal(JsonSerializer.Serialize(byReflection, type, WireClient.Json), JsonSerializer.Serialize(byCodec, type, WireClient.Json));
                    Assert.Equal(json, JsonSerializer.Serialize(byCodec, type, WireClient.Json));
                }
            }
        }

        public static IEnumerable<object[]> ReplyCases() => new[]
        {
            new object[] { "null" },
            new object[] { "{}" },
            new object[] { "  {\"clusters\":[]}  \n" },
            new object[] { "{\"clusters\":null,\"failures\":[null]}" },
            new object[] { "{\"clusters\":[{\"clusterName\":123,\"status\":true,\"pendingTasksCount\":null,\"activeServicesCount\":2}]}" },
            new object[] { "{\"clusters\":[{\"clusterName\":1.5e3,\"settings\":[{\"name\":false,\"value\":\"x\"}]}]}" },
            new object[] { "{\"clusters\":[{\"\\u0063lusterName\":\"escaped \\u00e9\\n\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}]}]}" },
            new object[] { "{\"clusters\":[{\"clusterName\":\"a\",\"clusterName\":\"b\"}]}" },
            new object[] { "{\"clusters\":[{\"ClusterName\":\"wrong case\"}]}" },
            new object[] { "{\"clusters\":[{\"runningTasksCount\":\"3\"}]}" },
            new object[] { "{\"clusters\":[{\"runningTasksCount\":3.5}]}" },
            new object[] { "{\"clusters\":[{\"runningTasksCount\":99999999999}]}" },
            new object[] { "{\"clusters\":[{\"clusterName\":{\"nested\":1}}]}" },
            new object[] { "{\"clusters\":{\"clusterName\":\"x\"}}" },
            new object[] { "{\"clusters\":[\"x\"]}" },
            new object[] { "[]" },
            new object[] { "\"text\"" },
            new object[] { "{\"clusters\":[{\"clusterName\":\"x\"}]" },
            new object[] { "{\"clusters\":[{\"clusterName\":\"x\"}]} {}" },
            new object[] { "{\"clusters\":[{\"clusterName\":\"x\"}]}x" },
            new object[] { "{\"clusters\":[{\"clusterName\":\"x\",}]}" },
            new object[] { "{\"clusters\":[/* c */]}" },
            new object[] { "{\"clusters\":[{\"clusterName\":\"x\"" },
        };

        [Theory]
        [MemberData(nameof(ReplyCases))]
        public void A_reply_reads_as_System_Text_Json_reads_it_or_fails_as_it_does(string json)
            => SameOutcome<DescribeClustersResponse>(json, EcsJson.ReadDescribeClustersResponse);

        public static IEnumerable<object[]> TimestampCases() => new[]
        {
            new object[] { "{\"services\":[{\"createdAt\":1700000000.123,\"deployments\":[{\"updatedAt\":\"2024-01-02T03:04:05Z\",\"createdAt\":\"1700000000\"}]}]}" },
            new object[] { "{\"services\":[{\"createdAt\":null,\"deployments\":[{\"updatedAt\":\"\"}]}]}" },
            new object[] { "{\"services\":[{\"createdAt\":true}]}" },
            new object[] { "{\"services\":[{\"createdAt\":\"not a date\"}]}" },
            new object[] { "{\"services\":[{\"desiredCount\":1,\"deploymentConfiguration\":{\"maximumPercent\":200,\"deploymentCircuitBreaker\":{\"enable\":\"true\"}}}]}" },
        };

        [Theory]
        [MemberData(nameof(TimestampCases))]
        public void Timestamps_and_booleans_read_as_System_Text_Json_reads_them(string json)
            => SameOutcome<DescribeServicesResponse>(json, EcsJson.ReadDescribeServicesResponse);

        [Theory]
        [InlineData("{\"MetricDataResults\":[{\"Id\":\"m\",\"Timestamps\":[1700000000,1700000060.5,\"2024-01-02T03:04:05Z\"],\"Values\":[1.5,2,3e2]}]}")]
        [InlineData("{\"MetricDataResults\":[{\"Timestamps\":[null]}]}")]
        [InlineData("{\"MetricDataResults\":[{\"Values\":[null]}]}")]
        [InlineData("{\"MetricDataResults\":[{\"Timestamps\":{}}]}")]
        [InlineData("{\"MetricDataResults\":[{\"Values\":[\"1\"]}]}")]
        public void Timestamp_and_number_lists_read_as_System_Text_Json_reads_them(string json)
            => SameOutcome<GetMetricDataOutput>(json, CloudWatchJson.ReadGetMetricDataOutput);

        [Fact]
        public void A_request_with_text_to_escape_local_times_and_fractions_is_written_as_System_Text_Json_writes_it()
        {
            var request = new GetMetricDataInput
            {
                StartTime = new DateTime(2024, 5, 6, 7, 8, 9, 123, DateTimeKind.Local).AddTicks(4567),
                EndTime = new DateTime(2024, 5, 6, 8, 8, 9, DateTimeKind.Unspecified),
                MetricDataQueries = new List<MetricDataQuery>
                {
                    new MetricDataQuery { Id = "q<1>&'\"\\ é 😀\u0001", Expression = "SUM(METRICS())", Period = 60, ReturnData = false },
                    null!,
                },
                MaxDatapoints = int.MaxValue,
            };
            Assert.Equal(JsonSerializer.Serialize(request, WireClient.Json),
                Encoding.UTF8.GetString(WireJson.WriteDocument(request, CloudWatchApi.GetMetricData.WriteInput!)));
        }

        private static void SameOutcome<T>(string json, WireJsonReader<T> read) where T : class
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            string? expected = null, actual = null;
            Exception? expectedError = null, actualError = null;
            try { expected = JsonSerializer.Serialize(JsonSerializer.Deserialize<T>(bytes, WireClient.Json), WireClient.Json); }
            catch (Exception ex) { expectedError = ex; }
            try { actual = JsonSerializer.Serialize(WireJson.ReadDocument(bytes, read), WireClient.Json); }
            catch (Exception ex) { actualError = ex; }
            if (expectedError != null)
            {
                Assert.True(actualError != null, "System.Text.Json failed (" + expectedError.Message + ") but the codec read " + actual);
                Assert.IsAssignableFrom<JsonException>(actualError);
            }
            else
            {
                Assert.True(actualError is null, "the codec failed (" + actualError?.Message + ") where System.Text.Json read " + expected);
                Assert.Equal(expected, actual);
            }
        }

        private static byte[] Write(MethodInfo write, Type type, object value)
        {
            var action = write.CreateDelegate(typeof(Action<,>).MakeGenericType(typeof(Utf8JsonWriter), type));
            var document = typeof(WireJson).GetMethod(nameof(WireJson.WriteDocument))!.MakeGenericMethod(type);
            return (byte[])document.Invoke(null, new object[] { value, action })!;
        }

        private static object? Read(MethodInfo read, Type type, string json)
        {
            var reader = read.CreateDelegate(typeof(WireJsonReader<>).MakeGenericType(type));
            var document = typeof(WireJson).GetMethod(nameof(WireJson.ReadDocument))!.MakeGenericMethod(type);
            return document.Invoke(null, new object[] { Encoding.UTF8.GetBytes(json), reader });
        }

        /// <summary>Fills a wire type with values that exercise every writer: text to escape, fractions, extremes, nulls in lists.</summary>
        private static class Filler
        {
            private static readonly DateTime When = new DateTime(2024, 2, 29, 23, 59, 58, DateTimeKind.Utc).AddTicks(1234567);

            public static object Make(Type type, int depth, bool sparse)
            {
                var value = Activator.CreateInstance(type)!;
                var i = 0;
                foreach (var p in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
                {
                    i++;
                    if (sparse && i % 2 == 0) continue;
                    var v = Value(p.PropertyType, p.Name, depth, sparse, i);
                    if (v != null) p.SetValue(value, v);
                }
                return value;
            }

            private static object? Value(Type t, string name, int depth, bool sparse, int i)
            {
                if (t == typeof(string)) return sparse ? name : name + " <&>'\"\\ é 😀 \u0007";
                if (t == typeof(int?) || t == typeof(int)) return sparse ? -i : int.MaxValue - i;
                if (t == typeof(long?) || t == typeof(long)) return sparse ? (long)i : long.MaxValue - i;
                if (t == typeof(double?) || t == typeof(double)) return sparse ? i * 0.1 : 1e300 / (i + 1);
                if (t == typeof(bool?) || t == typeof(bool)) return i % 2 == 0;
                if (t == typeof(DateTime?) || t == typeof(DateTime)) return When.AddSeconds(i);
                if (t == typeof(byte[])) return new byte[] { 0, 1, 2, 250, (byte)i };
                if (t == typeof(JsonElement?) || t == typeof(JsonElement)) return JsonDocument.Parse("{\"a\":[1,\"b\",null]}").RootElement.Clone();
                if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(List<>))
                {
                    var item = t.GetGenericArguments()[0];
                    var list = (IList)Activator.CreateInstance(t)!;
                    if (depth > 3) return list;
                    var first = Value(item, name, depth + 1, sparse, i);
                    if (first != null) list.Add(first);
                    if (!item.IsValueType && !sparse) list.Add(null);
                    var second = Value(item, name + "2", depth + 1, !sparse, i + 1);
                    if (second != null) list.Add(second);
                    return list;
                }
                if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
                {
                    var map = (IDictionary)Activator.CreateInstance(t)!;
                    if (depth > 3) return map;
                    var item = t.GetGenericArguments()[1];
                    map["k é<" + i] = Value(item, name, depth + 1, sparse, i);
                    if (!item.IsValueType && !sparse) map["null"] = null;
                    map["z"] = Value(item, name + "2", depth + 1, !sparse, i + 2);
                    return map;
                }
                if (t.IsClass) return depth > 3 ? null : Make(t, depth + 1, sparse);
                throw new InvalidOperationException("no filler for " + t);
            }
        }
    }
}
