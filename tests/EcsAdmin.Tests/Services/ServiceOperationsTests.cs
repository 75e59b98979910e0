using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Services
{
    public class ServiceOperationsTests
    {
        private static readonly EcsSession Session = CollectingSink.Session();

        private static Ecs.TaskDefinition FargateTd(string arn = Fx.NewTd) => new Ecs.TaskDefinition
        {
            TaskDefinitionArn = arn,
            Family = "web",
            Revision = 2,
            NetworkMode = "awsvpc",
            RequiresCompatibilities = new List<string> { "FARGATE" },
            Compatibilities = new List<string> { "EC2", "FARGATE" },
            Cpu = "256",
            Memory = "512",
            ContainerDefinitions = new List<Ecs.ContainerDefinition>
            {
                new Ecs.ContainerDefinition
                {
                    Name = "web", Image = "nginx:1.25", Essential = true,
                    PortMappings = new List<Ecs.PortMapping> { new Ecs.PortMapping { ContainerPort = 8080, Name = "http" } },
                },
                new Ecs.ContainerDefinition { Name = "sidecar", Image = "envoy:1", Essential = false },
            },
        };

        private static NewServiceOptions NewOptions() => new NewServiceOptions
        {
            Cluster = "prod", Name = "web", TaskDefinition = "web", DesiredCount = 2,
            Subnets = new[] { "subnet-1" }, SecurityGroups = new[] { "sg-1" }, ClientToken = "tok-123",
        };

        private static FakeAwsApi WithTd(FakeAwsApi api, Ecs.TaskDefinition td)
            => api.Handle(Ecs.EcsApi.DescribeTaskDefinition, _ => new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = td });

        // ------------------------------------------------------------ Get: paging and batches of 10

        [Fact]
        public async Task Get_pages_ListServices_and_describes_in_batches_of_ten()
        {
            var names = Enumerable.Range(1, 25).Select(i => "svc" + i.ToString("00")).ToList();
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.ListServices, new Ecs.ListServicesResponse { ServiceArns = names.Take(12).Select(n => "arn:aws:ecs:us-east-1:123456789012:service/prod/" + n).ToList(), NextToken = "p2" })
                .Reply(Ecs.EcsApi.ListServices, r => new Ecs.ListServicesResponse { ServiceArns = r.NextToken == "p2" ? names.Skip(12).Select(n => "arn:aws:ecs:us-east-1:123456789012:service/prod/" + n).ToList() : new List<string>() })
                .Handle(Ecs.EcsApi.DescribeServices, r => new Ecs.DescribeServicesResponse
                {
                    Services = r.Services.Select(s => new Ecs.Service { ServiceName = s, ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod", Status = "ACTIVE" }).ToList(),
                });
            var sink = new CollectingSink();
            await new ServiceOperations(api.Factory).GetAsync(Session, new GetServiceOptions { Cluster = "prod" }, sink.Context());

            Assert.Equal(2, api.Count("ListServices"));
            var describes = api.Calls.Where(c => c.Operation == "DescribeServices").Select(c => (Ecs.DescribeServicesRequest)c.Input).ToList();
            Assert.Equal(new[] { 10, 10, 5 }, describes.Select(d => d.Services.Count).ToArray());
            Assert.All(describes, d => Assert.Contains("TAGS", d.Include));
            var output = sink.Outputs<EcsService>().ToList();
            Assert.Equal(names, output.Select(s => s.Service).ToList());
            Assert.All(output, s => Assert.Equal("prod", s.Cluster));
        }

        [Fact]
        public async Task Get_without_cluster_searches_every_cluster_with_wildcards_and_reports_missing_exact_names()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.ListClusters, new Ecs.ListClustersResponse { ClusterArns = new List<string> { "arn:aws:ecs:us-east-1:123456789012:cluster/a", "arn:aws:ecs:us-east-1:123456789012:cluster/b" } })
                .Handle(Ecs.EcsApi.ListServices, r => new Ecs.ListServicesResponse
                {
                    ServiceArns = new List<string> { "api-1", "web", "api-2" }.Select(n => "arn:aws:ecs:us-east-1:123456789012:service/" + Mapping.NameFromArn(r.Cluster) + "/" + n).ToList(),
                })
                .Handle(Ecs.EcsApi.DescribeServices, r => new Ecs.DescribeServicesResponse
                {
                    Services = r.Services.Where(s => s != "nope").Select(s => new Ecs.Service { ServiceName = s, ClusterArn = r.Cluster, Status = "ACTIVE" }).ToList(),
                });
            var sink = new CollectingSink();
            await new ServiceOperations(api.Factory).GetAsync(Session, new GetServiceOptions { Names = new[] { "api*", "nope" } }, sink.Context());

            var output = sink.Outputs<EcsService>().Select(s => s.Cluster + "/" + s.Service).ToList();
            Assert.Equal(new[] { "a/api-1", "a/api-2", "b/api-1", "b/api-2" }, output);
            var error = Assert.Single(sink.Errors);
            Assert.Equal("ServiceNotFound", error.ErrorId);
            Assert.Equal(2, api.Count("ListServices"));
        }

        // ------------------------------------------------------------ Create: validation, token, wait

        [Fact]
        public async Task Create_sends_a_Fargate_service_with_circuit_breaker_rollback_and_the_client_token()
        {
            var api = WithTd(new FakeAwsApi(), FargateTd())
                .Reply(Ecs.EcsApi.CreateService, r => new Ecs.CreateServiceResponse { Service = new Ecs.Service { ServiceName = r.ServiceName, ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod", Status = "ACTIVE" } });
            var o = NewOptions();
            o.LoadBalancers = new[] { new EcsLoadBalancer { TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1", ContainerName = "web", ContainerPort = 8080 } };
            o.ServiceConnectNamespace = "internal";
            o.ServiceConnectPortName = "http";
            o.ServiceConnectClientAliases = new[] { new ServiceConnectAliasOptions { Port = 80, DnsName = "web.internal" } };
            var sink = new CollectingSink();
            await new ServiceOperations(api.Factory).CreateAsync(Session, o, sink.Context());

            var req = (Ecs.CreateServiceRequest)api.Calls.Single(c => c.Operation == "CreateService").Input;
            Assert.Equal("tok-123", req.ClientToken);
            Assert.Equal(Fx.NewTd, req.TaskDefinition);
            Assert.Equal("FARGATE", req.LaunchType);
            Assert.True(req.DeploymentConfiguration.DeploymentCircuitBreaker.Enable);
            Assert.True(req.DeploymentConfiguration.DeploymentCircuitBreaker.Rollback);
            Assert.Equal("DISABLED", req.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp);
            Assert.Equal("http", req.ServiceConnectConfiguration.Services.Single().PortName);
            Assert.Equal("web.internal", req.ServiceConnectConfiguration.Services.Single().ClientAliases.Single().DnsName);
            Assert.Single(sink.Outputs<EcsService>());
            Assert.Empty(sink.Outputs<EcsDeploymentResult>());
        }

        [Fact]
        public async Task Create_with_strategy_sends_no_launch_type_and_DisableCircuitBreaker_turns_it_off()
        {
            var api = WithTd(new FakeAwsApi(), FargateTd())
                .Reply(Ecs.EcsApi.CreateService, r => new Ecs.CreateServiceResponse { Service = new Ecs.Service { ServiceName = r.ServiceName } });
            var o = NewOptions();
            o.CapacityProviderStrategy = new[] { new EcsCapacityProviderStrategyItem("FARGATE_SPOT", 4), new EcsCapacityProviderStrategyItem("FARGATE", 1, 1) };
            o.CircuitBreaker = false;
            await new ServiceOperations(api.Factory).CreateAsync(Session, o, new CollectingSink().Context());
            var json = api.Calls.Single(c => c.Operation == "CreateService").Json;
            Assert.DoesNotContain("launchType", json);
            Assert.Contains("\"capacityProvider\":\"FARGATE_SPOT\"", json);
            Assert.Contains("\"deploymentCircuitBreaker\":{\"enable\":false,\"rollback\":false}", json);
        }

        public static IEnumerable<object[]> BadTaskDefinitions()
        {
            var ec2 = FargateTd(); ec2.RequiresCompatibilities = new List<string> { "EC2" }; ec2.Compatibilities = new List<string> { "EC2" };
            yield return new object[] { ec2, "TaskDefinitionNotFargate", (Action<NewServiceOptions>)(_ => { }) };
            var bridge = FargateTd(); bridge.NetworkMode = "bridge";
            yield return new object[] { bridge, "TaskDefinitionNotAwsvpc", (Action<NewServiceOptions>)(_ => { }) };
            yield return new object[] { FargateTd(), "ContainerNotInTaskDefinition", (Action<NewServiceOptions>)(o => o.LoadBalancers = new[] { new EcsLoadBalancer { TargetGroupArn = "arn:tg", ContainerName = "api", ContainerPort = 8080 } }) };
            yield return new object[] { FargateTd(), "PortNotInTaskDefinition", (Action<NewServiceOptions>)(o => o.LoadBalancers = new[] { new EcsLoadBalancer { TargetGroupArn = "arn:tg", ContainerName = "web", ContainerPort = 9090 } }) };
            yield return new object[] { FargateTd(), "ServiceConnectPortNotFound", (Action<NewServiceOptions>)(o => { o.ServiceConnectNamespace = "ns"; o.ServiceConnectPortName = "grpc"; }) };
        }

        [Theory]
        [MemberData(nameof(BadTaskDefinitions))]
        public async Task Create_checks_the_task_definition_and_sends_no_CreateService(Ecs.TaskDefinition td, string errorId, object change)
        {
            var api = WithTd(new FakeAwsApi(), td);
            var o = NewOptions();
            ((Action<NewServiceOptions>)change)(o);
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(api.Factory).CreateAsync(Session, o, new CollectingSink().Context()));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(0, api.Count("CreateService"));
        }

        public static IEnumerable<object[]> BadOptions()
        {
            yield return new object[] { "SubnetRequired", (Action<NewServiceOptions>)(o => o.Subnets = Array.Empty<string>()) };
            yield return new object[] { "SecurityGroupRequired", (Action<NewServiceOptions>)(o => o.SecurityGroups = Array.Empty<string>()) };
            yield return new object[] { "InvalidSubnet", (Action<NewServiceOptions>)(o => o.Subnets = new[] { "vpc-1" }) };
            yield return new object[] { "LaunchTypeAndStrategy", (Action<NewServiceOptions>)(o => { o.LaunchType = "FARGATE"; o.CapacityProviderStrategy = new[] { new EcsCapacityProviderStrategyItem("FARGATE", 1) }; }) };
            yield return new object[] { "InvalidCapacityProviderStrategy", (Action<NewServiceOptions>)(o => o.CapacityProviderStrategy = new[] { new EcsCapacityProviderStrategyItem("my-asg", 1) }) };
            yield return new object[] { "InvalidServiceName", (Action<NewServiceOptions>)(o => o.Name = "bad name") };
            yield return new object[] { "InvalidDeploymentConfiguration", (Action<NewServiceOptions>)(o => o.MaximumPercent = 50) };
            yield return new object[] { "ServiceConnectNamespaceRequired", (Action<NewServiceOptions>)(o => o.ServiceConnectPortName = "http") };
            yield return new object[] { "InvalidLoadBalancer", (Action<NewServiceOptions>)(o => o.LoadBalancers = new[] { new EcsLoadBalancer { ContainerName = "web", ContainerPort = 80 } }) };
        }

        [Theory]
        [MemberData(nameof(BadOptions))]
        public async Task Create_rejects_bad_options_before_any_request(string errorId, object change)
        {
            var api = new FakeAwsApi();
            var o = NewOptions();
            ((Action<NewServiceOptions>)change)(o);
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(api.Factory).CreateAsync(Session, o, new CollectingSink().Context()));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidArgument, ex.Kind);
            Assert.Empty(api.Calls);
        }

        [Fact]
        public async Task Create_with_wait_follows_the_PRIMARY_deployment_of_the_reply()
        {
            var api = WithTd(new FakeAwsApi(), FargateTd())
                .Reply(Ecs.EcsApi.CreateService, new Ecs.CreateServiceResponse
                {
                    Service = new Ecs.Service
                    {
                        ServiceName = "web", Status = "ACTIVE",
                        Deployments = new List<Ecs.Deployment> { Fx.Dep("ecs-svc/other", "ACTIVE", Fx.OldTd, "COMPLETED"), Fx.Dep("ecs-svc/mine", "PRIMARY", Fx.NewTd, "IN_PROGRESS") },
                    },
                })
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/mine", "PRIMARY", Fx.NewTd, "COMPLETED", running: 2) }))
                .WithNoStoppedTasks();
            var o = NewOptions();
            o.Wait = Fx.Quick();
            var clock = new FakeClock();
            var sink = new CollectingSink();
            await new ServiceOperations(api.Factory) { Delay = clock.Delay, Clock = clock.Now }.CreateAsync(Session, o, sink.Context());
            var result = Assert.Single(sink.Outputs<EcsDeploymentResult>());
            Assert.Equal("ecs-svc/mine", result.DeploymentId);
            Assert.Equal(EcsDeploymentOutcome.Succeeded, result.Outcome);
            // One object per service: the result, carrying the service as last described.
            Assert.Single(sink.Messages, m => m.Kind == OperationMessageKind.Output);
            Assert.Equal("web", result.ServiceDetail!.Service);
        }

        // ------------------------------------------------------------ Update -Image: a new revision copying every registrable field

        private static Ecs.TaskDefinition RichTd() => new Ecs.TaskDefinition
        {
            TaskDefinitionArn = Fx.OldTd, Family = "web", Revision = 1, Status = "ACTIVE",
            TaskRoleArn = "arn:aws:iam::123456789012:role/task", ExecutionRoleArn = "arn:aws:iam::123456789012:role/exec",
            NetworkMode = "awsvpc", Cpu = "512", Memory = "1024", PidMode = "task", IpcMode = null,
            RequiresCompatibilities = new List<string> { "FARGATE" }, Compatibilities = new List<string> { "EC2", "FARGATE" },
            RequiresAttributes = new List<Ecs.Attribute> { new Ecs.Attribute { Name = "com.amazonaws.ecs.capability.logging-driver.awslogs" } },
            RuntimePlatform = new Ecs.RuntimePlatform { CpuArchitecture = "ARM64", OperatingSystemFamily = "LINUX" },
            EphemeralStorage = new Ecs.EphemeralStorage { SizeInGiB = 30 },
            Volumes = new List<Ecs.Volume> { new Ecs.Volume { Name = "scratch" } },
            RegisteredAt = Fx.T0, RegisteredBy = "arn:aws:iam::123456789012:user/me",
            EnableFaultInjection = false,
            ContainerDefinitions = new List<Ecs.ContainerDefinition>
            {
                new Ecs.ContainerDefinition
                {
                    Name = "web", Image = "repo/web:1", Essential = true,
                    Environment = new List<Ecs.KeyValuePair> { new Ecs.KeyValuePair { Name = "A", Value = "1" } },
                    Secrets = new List<Ecs.Secret> { new Ecs.Secret { Name = "DB", ValueFrom = "arn:aws:ssm:us-east-1:123456789012:parameter/db" } },
                    LogConfiguration = new Ecs.LogConfiguration { LogDriver = "awslogs", Options = new Dictionary<string, string> { ["awslogs-group"] = "/ecs/web" } },
                    HealthCheck = new Ecs.HealthCheck { Command = new List<string> { "CMD", "true" } },
                },
                new Ecs.ContainerDefinition { Name = "sidecar", Image = "envoy:1", Essential = false },
            },
        };

        [Fact]
        public void Register_request_has_every_registrable_field_of_the_description()
        {
            // Every RegisterTaskDefinition field but tags exists in the description, so nothing can be dropped.
            var missing = typeof(Ecs.RegisterTaskDefinitionRequest).GetProperties()
                .Where(p => p.Name != "Tags" && typeof(Ecs.TaskDefinition).GetProperty(p.Name) is null).Select(p => p.Name).ToList();
            Assert.Empty(missing);
            var td = RichTd();
            var req = TaskDefinitions.ToRegisterRequest(td, new List<Ecs.Tag> { new Ecs.Tag { Key = "team", Value = "a" } });
            foreach (var p in typeof(Ecs.RegisterTaskDefinitionRequest).GetProperties().Where(p => p.Name != "Tags"))
                Assert.Equal(typeof(Ecs.TaskDefinition).GetProperty(p.Name)!.GetValue(td), p.GetValue(req));
            Assert.Equal("team", req.Tags.Single().Key);
        }

        [Fact]
        public async Task Update_with_Image_registers_a_copy_with_new_images_and_deploys_it()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = RichTd(), Tags = new List<Ecs.Tag> { new Ecs.Tag { Key = "team", Value = "a" } } })
                .Reply(Ecs.EcsApi.RegisterTaskDefinition, r => new Ecs.RegisterTaskDefinitionResponse { TaskDefinition = new Ecs.TaskDefinition { TaskDefinitionArn = Fx.NewTd, Family = r.Family, Revision = 2 } })
                .Reply(Ecs.EcsApi.UpdateService, r => new Ecs.UpdateServiceResponse { Service = new Ecs.Service { ServiceName = "web", TaskDefinition = r.TaskDefinition } });
            var sink = new CollectingSink();
            await new ServiceOperations(api.Factory).UpdateAsync(Session, new UpdateServiceOptions
            {
                Cluster = "prod", Service = "web", Images = new Dictionary<string, string> { ["web"] = "repo/web:2" },
            }, sink.Context());

            var describe = (Ecs.DescribeTaskDefinitionRequest)api.Calls.Single(c => c.Operation == "DescribeTaskDefinition").Input;
            Assert.Equal(Fx.OldTd, describe.TaskDefinition);
            var registerJson = api.Calls.Single(c => c.Operation == "RegisterTaskDefinition").Json;
            using var doc = JsonDocument.Parse(registerJson);
            var root = doc.RootElement;
            foreach (var readOnly in new[] { "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities", "registeredAt", "registeredBy", "deregisteredAt" })
                Assert.False(root.TryGetProperty(readOnly, out _), readOnly + " must not be sent");
            Assert.Equal("web", root.GetProperty("family").GetString());
            Assert.Equal("512", root.GetProperty("cpu").GetString());
            Assert.Equal("ARM64", root.GetProperty("runtimePlatform").GetProperty("cpuArchitecture").GetString());
            Assert.Equal(30, root.GetProperty("ephemeralStorage").GetProperty("sizeInGiB").GetInt32());
            Assert.Equal("arn:aws:iam::123456789012:role/exec", root.GetProperty("executionRoleArn").GetString());
            Assert.Equal("scratch", root.GetProperty("volumes")[0].GetProperty("name").GetString());
            Assert.Equal("team", root.GetProperty("tags")[0].GetProperty("key").GetString());
            var containers = root.GetProperty("containerDefinitions");
            Assert.Equal("repo/web:2", containers[0].GetProperty("image").GetString());
            Assert.Equal("envoy:1", containers[1].GetProperty("image").GetString());
            Assert.Equal("DB", containers[0].GetProperty("secrets")[0].GetProperty("name").GetString());
            Assert.Equal("/ecs/web", containers[0].GetProperty("logConfiguration").GetProperty("options").GetProperty("awslogs-group").GetString());

            var update = (Ecs.UpdateServiceRequest)api.Calls.Single(c => c.Operation == "UpdateService").Input;
            Assert.Equal(Fx.NewTd, update.TaskDefinition);
            Assert.Equal(Fx.NewTd, Assert.Single(sink.Outputs<EcsService>()).TaskDefinition);
        }

        [Fact]
        public async Task Update_with_Image_of_an_unknown_container_registers_nothing()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = RichTd() });
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(api.Factory).UpdateAsync(Session, new UpdateServiceOptions
            {
                Cluster = "prod", Service = "web", Images = new Dictionary<string, string> { ["api"] = "repo/api:2" },
            }, new CollectingSink().Context()));
            Assert.Equal("ContainerNotInTaskDefinition", ex.ErrorId);
            Assert.Equal(0, api.Count("RegisterTaskDefinition"));
            Assert.Equal(0, api.Count("UpdateService"));
        }

        [Fact]
        public async Task Update_with_a_plain_Image_changes_the_only_container()
        {
            var single = FargateTd(Fx.OldTd);
            single.ContainerDefinitions!.RemoveAt(1);
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = single })
                .Reply(Ecs.EcsApi.RegisterTaskDefinition, r => new Ecs.RegisterTaskDefinitionResponse { TaskDefinition = new Ecs.TaskDefinition { TaskDefinitionArn = Fx.NewTd, Family = r.Family, Revision = 2 } })
                .Reply(Ecs.EcsApi.UpdateService, r => new Ecs.UpdateServiceResponse { Service = new Ecs.Service { ServiceName = "web", TaskDefinition = r.TaskDefinition } });
            await new ServiceOperations(api.Factory).UpdateAsync(Session, new UpdateServiceOptions
            {
                Cluster = "prod", Service = "web", Images = new Dictionary<string, string> { [UpdateServiceOptions.OnlyContainer] = "repo/web:3" },
            }, new CollectingSink().Context());

            var register = (Ecs.RegisterTaskDefinitionRequest)api.Calls.Single(c => c.Operation == "RegisterTaskDefinition").Input;
            Assert.Equal("repo/web:3", Assert.Single(register.ContainerDefinitions!).Image);
        }

        [Fact]
        public async Task Update_with_a_plain_Image_and_two_containers_asks_which_and_registers_nothing()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = FargateTd(Fx.OldTd) });
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(api.Factory).UpdateAsync(Session, new UpdateServiceOptions
            {
                Cluster = "prod", Service = "web", Images = new Dictionary<string, string> { [UpdateServiceOptions.OnlyContainer] = "repo/web:3" },
            }, new CollectingSink().Context()));
            Assert.Equal("ContainerNameRequired", ex.ErrorId);
            Assert.Contains("web, sidecar", ex.Message);
            Assert.Equal(0, api.Count("RegisterTaskDefinition"));
        }

        [Fact]
        public async Task Update_with_wait_reports_a_rollback_to_the_previous_task_definition()
        {
            var api = WithTd(new FakeAwsApi(), FargateTd())
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/rb", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.UpdateService, new Ecs.UpdateServiceResponse
                {
                    Service = new Ecs.Service { ServiceName = "web", Deployments = new List<Ecs.Deployment> { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS"), Fx.Dep("ecs-svc/old", "ACTIVE", Fx.OldTd, "COMPLETED") } },
                })
                .WithNoStoppedTasks();
            var clock = new FakeClock();
            var sink = new CollectingSink();
            await new ServiceOperations(api.Factory) { Delay = clock.Delay, Clock = clock.Now }.UpdateAsync(Session, new UpdateServiceOptions
            {
                Cluster = "prod", Service = "web", TaskDefinition = "web:2", Wait = Fx.Quick(),
            }, sink.Context());
            var result = Assert.Single(sink.Outputs<EcsDeploymentResult>());
            Assert.Empty(sink.Outputs<EcsService>());
            Assert.NotNull(result.ServiceDetail);
            Assert.NotEqual(EcsDeploymentOutcome.Succeeded, result.Outcome);
            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.Equal("ecs-svc/new", result.DeploymentId);
            Assert.Equal("DeploymentRolledBack", Assert.Single(sink.Errors).ErrorId);
        }

        [Fact]
        public async Task Update_merges_deployment_settings_into_the_current_configuration()
        {
            var current = Fx.Services(false, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) });
            current.Services![0].DeploymentConfiguration.MaximumPercent = 150;
            current.Services[0].DeploymentConfiguration.MinimumHealthyPercent = 50;
            var api = new FakeAwsApi().Reply(Ecs.EcsApi.DescribeServices, current)
                .Reply(Ecs.EcsApi.UpdateService, new Ecs.UpdateServiceResponse { Service = new Ecs.Service { ServiceName = "web" } });
            await new ServiceOperations(api.Factory).UpdateAsync(Session, new UpdateServiceOptions { Cluster = "prod", Service = "web", CircuitBreaker = true, MinimumHealthyPercent = 100 }, new CollectingSink().Context());
            var req = (Ecs.UpdateServiceRequest)api.Calls.Single(c => c.Operation == "UpdateService").Input;
            Assert.Equal(100, req.DeploymentConfiguration.MinimumHealthyPercent);
            Assert.Equal(150, req.DeploymentConfiguration.MaximumPercent);
            Assert.True(req.DeploymentConfiguration.DeploymentCircuitBreaker.Rollback);
            Assert.Null(req.TaskDefinition);
        }

        [Theory]
        [InlineData("NothingToChange")]
        [InlineData("TaskDefinitionAndImage")]
        public async Task Update_rejects_bad_options_before_any_request(string errorId)
        {
            var o = new UpdateServiceOptions { Cluster = "prod", Service = "web" };
            if (errorId == "TaskDefinitionAndImage") { o.TaskDefinition = "web:3"; o.Images = new Dictionary<string, string> { ["web"] = "x:1" }; }
            var api = new FakeAwsApi();
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(api.Factory).UpdateAsync(Session, o, new CollectingSink().Context()));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Empty(api.Calls);
        }

        // ------------------------------------------------------------ Remove

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Remove_scales_to_zero_first_unless_forced(bool force)
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.UpdateService, new Ecs.UpdateServiceResponse { Service = new Ecs.Service { ServiceName = "web" } })
                .Reply(Ecs.EcsApi.DeleteService, new Ecs.DeleteServiceResponse { Service = new Ecs.Service { ServiceName = "web", Status = "DRAINING" } });
            await new ServiceOperations(api.Factory).RemoveAsync(Session, new RemoveServiceOptions { Cluster = "prod", Service = "web", Force = force }, new CollectingSink().Context());
            var ops = api.Calls.Select(c => c.Operation).ToList();
            if (force)
            {
                Assert.Equal(new[] { "DeleteService" }, ops);
                Assert.True(((Ecs.DeleteServiceRequest)api.Calls[0].Input).Force);
            }
            else
            {
                Assert.Equal(new[] { "DescribeServices", "UpdateService", "DeleteService" }, ops);
                Assert.Equal(0, ((Ecs.UpdateServiceRequest)api.Calls[1].Input).DesiredCount);
            }
        }

        [Fact]
        public async Task Wait_with_unknown_deployment_id_is_a_typed_error()
        {
            var api = new FakeAwsApi().Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED") }));
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(api.Factory).WaitAsync(Session, new WaitServiceOptions { Cluster = "prod", Service = "web", DeploymentId = "ecs-svc/zzz" }, new CollectingSink().Context()));
            Assert.Equal("DeploymentNotFound", ex.ErrorId);
        }
    }
}
