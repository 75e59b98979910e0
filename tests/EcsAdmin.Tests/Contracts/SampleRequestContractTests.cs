using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EcsAdmin.Engine.Aws.Generated.AutoScaling;
using EcsAdmin.Engine.Aws.Generated.CloudWatch;
using EcsAdmin.Engine.Aws.Generated.Ecs;
using EcsAdmin.Engine.Aws.Generated.Logs;
using EcsAdmin.Engine.Aws.Generated.Ssm;
using Xunit;
using EcsTag = EcsAdmin.Engine.Aws.Generated.Ecs.Tag;

namespace EcsAdmin.Tests.Contracts
{
    /// <summary>(b) Requests built from the generated types, serialized as the wire layer does, checked against the model.</summary>
    public sealed class SampleRequestContractTests
    {
        private static readonly JsonSerializerOptions Wire = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        private static string Json<T>(T value) => JsonSerializer.Serialize(value, Wire);

        private static void Conforms(string service, string operation, string json)
        {
            var errors = ModelContract.Validate(service, operation, json);
            Assert.True(errors.Count == 0, json + "\n" + string.Join("\n", errors));
        }

        private static void Fails(string service, string operation, string json, params string[] expected)
        {
            var errors = ModelContract.Validate(service, operation, json);
            foreach (var e in expected)
                Assert.True(errors.Any(x => x.Contains(e, StringComparison.Ordinal)),
                    $"expected an error containing \"{e}\" for {json}\nfound:\n{string.Join("\n", errors)}");
        }

        private static string Mutate(string json, Action<JsonObject> change)
        {
            var node = JsonNode.Parse(json)!.AsObject();
            change(node);
            return node.ToJsonString();
        }

        internal static CreateClusterRequest CreateCluster() => new CreateClusterRequest
        {
            ClusterName = "demo",
            CapacityProviders = new List<string> { "FARGATE", "FARGATE_SPOT" },
            DefaultCapacityProviderStrategy = new List<CapacityProviderStrategyItem>
            {
                new CapacityProviderStrategyItem { CapacityProvider = "FARGATE", Weight = 1, Base = 1 },
                new CapacityProviderStrategyItem { CapacityProvider = "FARGATE_SPOT", Weight = 3 },
            },
            Settings = new List<ClusterSetting>
            {
                new ClusterSetting { Name = ClusterSettingNameValues.ContainerInsights, Value = "enabled" },
            },
            Tags = new List<EcsTag> { new EcsTag { Key = "team", Value = "platform" } },
        };

        internal static RegisterTaskDefinitionRequest RegisterTaskDefinition() => new RegisterTaskDefinitionRequest
        {
            Family = "web",
            NetworkMode = NetworkModeValues.Awsvpc,
            RequiresCompatibilities = new List<string> { CompatibilityValues.Fargate },
            Cpu = "256",
            Memory = "512",
            ExecutionRoleArn = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
            ContainerDefinitions = new List<ContainerDefinition>
            {
                new ContainerDefinition
                {
                    Name = "app",
                    Image = "public.ecr.aws/nginx/nginx:latest",
                    Essential = true,
                    PortMappings = new List<PortMapping> { new PortMapping { ContainerPort = 80, Protocol = TransportProtocolValues.Tcp } },
                    Environment = new List<EcsAdmin.Engine.Aws.Generated.Ecs.KeyValuePair>
                    {
                        new EcsAdmin.Engine.Aws.Generated.Ecs.KeyValuePair { Name = "MODE", Value = "demo" },
                    },
                    LogConfiguration = new LogConfiguration
                    {
                        LogDriver = LogDriverValues.Awslogs,
                        Options = new Dictionary<string, string> { ["awslogs-group"] = "/ecs/web", ["awslogs-region"] = "us-east-1" },
                    },
                },
            },
        };

        internal static PutScalingPolicyRequest PutScalingPolicy() => new PutScalingPolicyRequest
        {
            PolicyName = "cpu50",
            ServiceNamespace = ServiceNamespaceValues.Ecs,
            ResourceId = "service/demo/web",
            ScalableDimension = ScalableDimensionValues.EcsServiceDesiredCount,
            PolicyType = PolicyTypeValues.TargetTrackingScaling,
            TargetTrackingScalingPolicyConfiguration = new TargetTrackingScalingPolicyConfiguration
            {
                TargetValue = 50.0,
                PredefinedMetricSpecification = new PredefinedMetricSpecification
                {
                    PredefinedMetricType = MetricTypeValues.ECSServiceAverageCPUUtilization,
                },
                ScaleInCooldown = 120,
                ScaleOutCooldown = 60,
            },
        };

        internal static GetMetricDataInput GetMetricData() => new GetMetricDataInput
        {
            StartTime = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            EndTime = new DateTime(2025, 1, 1, 1, 0, 0, DateTimeKind.Utc),
            MetricDataQueries = new List<MetricDataQuery>
            {
                new MetricDataQuery
                {
                    Id = "cpu",
                    ReturnData = true,
                    MetricStat = new MetricStat
                    {
                        Period = 60,
                        Stat = StatisticValues.Average,
                        Metric = new Metric
                        {
                            Namespace = "AWS/ECS",
                            MetricName = "CPUUtilization",
                            Dimensions = new List<Dimension>
                            {
                                new Dimension { Name = "ClusterName", Value = "demo" },
                                new Dimension { Name = "ServiceName", Value = "web" },
                            },
                        },
                    },
                },
            },
        };

        [Fact]
        public void CreateCluster_with_capacity_providers_and_settings_conforms()
        {
            var json = Json(CreateCluster());
            Assert.Contains("\"defaultCapacityProviderStrategy\"", json);
            Assert.DoesNotContain("null", json);
            Conforms("ecs", "CreateCluster", json);
        }

        [Fact]
        public void RegisterTaskDefinition_with_a_container_conforms()
        {
            Conforms("ecs.json", "RegisterTaskDefinition", Json(RegisterTaskDefinition()));
        }

        [Fact]
        public void PutScalingPolicy_with_target_tracking_conforms()
        {
            Conforms("application-autoscaling", "PutScalingPolicy", Json(PutScalingPolicy()));
        }

        [Fact]
        public void GetMetricData_conforms_and_sends_epoch_seconds()
        {
            var json = Json(GetMetricData());
            Assert.Contains("\"StartTime\":1735689600", json);
            Conforms("cloudwatch", "GetMetricData", json);
        }

        [Fact]
        public void Small_requests_of_the_other_services_conform()
        {
            Conforms("logs", "FilterLogEvents", Json(new FilterLogEventsRequest
            {
                LogGroupName = "/ecs/web",
                LogStreamNamePrefix = "app/",
                StartTime = 1735689600000,
                Limit = 100,
            }));
            Conforms("ssm", "TerminateSession", Json(new TerminateSessionRequest { SessionId = "ecs-execute-command-0123456789abcdef" }));
            Conforms("ssm", "StartSession", Json(new StartSessionRequest
            {
                Target = "ecs:demo_0123456789abcdef0123456789abcdef_0123456789abcdef0123456789abcdef-1111111111",
                DocumentName = "AWS-StartPortForwardingSessionToRemoteHost",
                Parameters = new Dictionary<string, List<string>>
                {
                    ["host"] = new List<string> { "db.internal" },
                    ["portNumber"] = new List<string> { "5432" },
                    ["localPortNumber"] = new List<string> { "15432" },
                },
            }));
            Conforms("cloudwatch", "DeleteAlarms", Json(new DeleteAlarmsInput { AlarmNames = new List<string> { "a" } }));
            Conforms("ecs", "ListClusters", Json(new ListClustersRequest()));
            Conforms("ecs", "DescribeServices", Json(new DescribeServicesRequest
            {
                Cluster = "demo",
                Services = new List<string> { "web" },
                Include = new List<string> { ServiceFieldValues.Tags },
            }));
        }

        [Fact]
        public void Unknown_member_is_reported()
        {
            var json = Mutate(Json(CreateCluster()), o => o["clusterNam"] = "x");
            Fails("ecs", "CreateCluster", json, "$: unknown member 'clusterNam' on shape CreateClusterRequest");
            var nested = Mutate(Json(CreateCluster()), o => o["settings"]![0]!.AsObject()["val"] = "x");
            Fails("ecs", "CreateCluster", nested, "$.settings[0]: unknown member 'val' on shape ClusterSetting");
        }

        [Fact]
        public void Wrong_types_are_reported()
        {
            Fails("ecs", "CreateCluster", Mutate(Json(CreateCluster()), o => o["settings"] = "containerInsights"),
                "$.settings: expected list (array) for shape ClusterSettings, found String");
            Fails("ecs", "CreateCluster", Mutate(Json(CreateCluster()), o => o["defaultCapacityProviderStrategy"]![0]!.AsObject()["weight"] = "1"),
                "$.defaultCapacityProviderStrategy[0].weight: expected integer");
            Fails("ecs", "CreateCluster", Mutate(Json(CreateCluster()), o => o["defaultCapacityProviderStrategy"]![0]!.AsObject()["weight"] = 1.5),
                "$.defaultCapacityProviderStrategy[0].weight: expected integer");
            Fails("ecs", "RegisterTaskDefinition", Mutate(Json(RegisterTaskDefinition()), o => o["containerDefinitions"]![0]!.AsObject()["essential"] = "true"),
                "$.containerDefinitions[0].essential: expected boolean");
            Fails("ecs", "RegisterTaskDefinition", Mutate(Json(RegisterTaskDefinition()),
                    o => o["containerDefinitions"]![0]!["logConfiguration"]!.AsObject()["options"] = new JsonArray()),
                "$.containerDefinitions[0].logConfiguration.options: expected map (object)");
            Fails("cloudwatch", "GetMetricData", Mutate(Json(GetMetricData()), o => o["StartTime"] = "2025-01-01T00:00:00Z"),
                "$.StartTime: expected timestamp");
            Fails("application-autoscaling", "PutScalingPolicy", Mutate(Json(PutScalingPolicy()),
                    o => o["TargetTrackingScalingPolicyConfiguration"]!.AsObject()["TargetValue"] = "50"),
                "$.TargetTrackingScalingPolicyConfiguration.TargetValue: expected number");
            Fails("ecs", "CreateCluster", Mutate(Json(CreateCluster()), o => o["clusterName"] = null), "$.clusterName: null is not a valid string");
        }

        [Fact]
        public void Missing_required_members_are_reported()
        {
            Fails("ecs", "RegisterTaskDefinition", Mutate(Json(RegisterTaskDefinition()), o => o.Remove("family")),
                "$: missing required member 'family' of shape RegisterTaskDefinitionRequest");
            Fails("ecs", "CreateCluster", Mutate(Json(CreateCluster()), o => o["defaultCapacityProviderStrategy"]![0]!.AsObject().Remove("capacityProvider")),
                "$.defaultCapacityProviderStrategy[0]: missing required member 'capacityProvider'");
            Fails("application-autoscaling", "PutScalingPolicy", Mutate(Json(PutScalingPolicy()),
                    o => o["TargetTrackingScalingPolicyConfiguration"]!.AsObject().Remove("TargetValue")),
                "missing required member 'TargetValue' of shape TargetTrackingScalingPolicyConfiguration");
            Fails("ssm", "TerminateSession", "{}", "$: missing required member 'SessionId'");
            Fails("ssm", "StartSession", "{\"DocumentName\":\"AWS-StartPortForwardingSession\"}", "$: missing required member 'Target'");
        }

        [Fact]
        public void Bad_enum_values_are_reported()
        {
            Fails("ecs", "RegisterTaskDefinition", Mutate(Json(RegisterTaskDefinition()), o => o["networkMode"] = "awsvpcx"),
                "$.networkMode: value 'awsvpcx' is not in enum NetworkMode");
            Fails("ecs", "RegisterTaskDefinition", Mutate(Json(RegisterTaskDefinition()), o => o["requiresCompatibilities"]![0] = "fargate"),
                "$.requiresCompatibilities[0]: value 'fargate' is not in enum Compatibility");
            Fails("application-autoscaling", "PutScalingPolicy", Mutate(Json(PutScalingPolicy()), o => o["ScalableDimension"] = "ecs:service:Desired"),
                "$.ScalableDimension: value 'ecs:service:Desired' is not in enum ScalableDimension");
        }

        [Fact]
        public void Length_count_and_range_limits_are_reported()
        {
            Fails("cloudwatch", "GetMetricData", Mutate(Json(GetMetricData()), o => o["MetricDataQueries"]![0]!.AsObject()["Id"] = ""),
                "$.MetricDataQueries[0].Id: length 0 is below min 1 of shape MetricId");
            Fails("cloudwatch", "GetMetricData", Mutate(Json(GetMetricData()), o => o["MetricDataQueries"]![0]!["MetricStat"]!.AsObject()["Period"] = 0),
                "$.MetricDataQueries[0].MetricStat.Period: value 0 is below min 1 of shape Period");
            Fails("application-autoscaling", "PutScalingPolicy", Mutate(Json(PutScalingPolicy()), o => o["PolicyName"] = new string('p', 257)),
                "$.PolicyName: length 257 is above max 256 of shape PolicyName");
            var tooMany = Enumerable.Range(0, 31).Select(i => new Dimension { Name = "n" + i, Value = "v" }).ToList();
            var request = GetMetricData();
            request.MetricDataQueries[0].MetricStat.Metric.Dimensions = tooMany;
            Fails("cloudwatch", "GetMetricData", Json(request), "$.MetricDataQueries[0].MetricStat.Metric.Dimensions: item count 31 is above max 30");
        }

        [Fact]
        public void Unknown_operations_and_non_json_bodies_are_reported()
        {
            Fails("ecs", "CreateClusters", "{}", "$: operation 'CreateClusters' is not in model ecs");
            Fails("ecs", "CreateCluster", "{not json", "$: body is not JSON");
            Fails("ecs", "CreateCluster", "[]", "$: expected structure (object) for shape CreateClusterRequest, found Array");
        }

        [Fact]
        public void Replies_deserialize_into_the_generated_types_with_epoch_timestamps()
        {
            var metrics = JsonSerializer.Deserialize<GetMetricDataOutput>(
                "{\"MetricDataResults\":[{\"Id\":\"cpu\",\"Label\":\"CPU\",\"StatusCode\":\"Complete\"," +
                "\"Timestamps\":[1735689660,1735689600.5],\"Values\":[12.5,3]}],\"Messages\":[]}", Wire)!;
            var result = Assert.Single(metrics.MetricDataResults);
            Assert.Equal(new[] { new DateTime(2025, 1, 1, 0, 1, 0, DateTimeKind.Utc), new DateTime(2025, 1, 1, 0, 0, 0, 500, DateTimeKind.Utc) },
                result.Timestamps);
            Assert.Equal(new[] { 12.5, 3.0 }, result.Values);
            Assert.Equal(StatusCodeValues.Complete, result.StatusCode);

            var services = JsonSerializer.Deserialize<DescribeServicesResponse>(
                "{\"services\":[{\"serviceName\":\"web\",\"desiredCount\":2,\"createdAt\":1735689600.25," +
                "\"deployments\":[{\"id\":\"ecs-svc/1\",\"rolloutState\":\"COMPLETED\",\"runningCount\":2}]}],\"failures\":[]}", Wire)!;
            var service = Assert.Single(services.Services);
            Assert.Equal(2, service.DesiredCount);
            Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, 250, DateTimeKind.Utc), service.CreatedAt);
            Assert.Equal(DeploymentRolloutStateValues.Completed, Assert.Single(service.Deployments).RolloutState);

            var back = Json(result);
            Assert.Contains("\"Timestamps\":[1735689660,1735689600.5]", back);
        }
    }
}
