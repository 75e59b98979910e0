using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using EcsAdmin.Validation;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Placement
{
    /// <summary>Placement binding and rules, the network-mode port rules, and the requests an EC2 service or task sends.</summary>
    public sealed class PlacementRulesTests
    {
        private static readonly EcsSession Session = CollectingSink.Session();
        private const string TdArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/app:3";

        // ------------------------------------------------------------ binding: strings, hashtables, JSON

        [Fact]
        public void The_seed_placement_binds_from_friendly_strings()
        {
            var strategies = PlacementBinding.ToStrategies(new object[] { "binpack memory", "spread:attribute:ecs.availability-zone" })!;
            var constraints = PlacementBinding.ToConstraints(new object[] { "distinctInstance", "memberOf attribute:ecs.instance-type =~ t3.*" })!;
            PlacementChecks.Strategies(strategies);
            PlacementChecks.Constraints(constraints);
            Assert.Equal(new[] { "binpack:memory", "spread:attribute:ecs.availability-zone" }, strategies.Select(s => s.ToString()));
            Assert.Equal(new[] { "distinctInstance", "memberOf:attribute:ecs.instance-type =~ t3.*" }, constraints.Select(c => c.ToString()));
        }

        [Fact]
        public void The_seed_placement_binds_from_JSON_in_the_AWS_shape_and_from_hashtables()
        {
            const string json = "{ \"placementStrategy\": [ { \"type\": \"binpack\", \"field\": \"memory\" }, { \"type\": \"spread\", \"field\": \"attribute:ecs.availability-zone\" } ],"
                + " \"placementConstraints\": [ { \"type\": \"memberOf\", \"expression\": \"attribute:ecs.instance-type =~ t3.*\" } ] }";
            var strategies = PlacementBinding.ToStrategies(new object[] { json })!;
            var constraints = PlacementBinding.ToConstraints(new object[] { json })!;
            Assert.Equal(new[] { "binpack:memory", "spread:attribute:ecs.availability-zone" }, strategies.Select(s => s.ToString()));
            Assert.Equal("memberOf:attribute:ecs.instance-type =~ t3.*", Assert.Single(constraints).ToString());

            var fromTable = PlacementBinding.ToStrategies(new object[] { new Hashtable { ["Type"] = "BINPACK", ["Field"] = "CPU" } })!;
            PlacementChecks.Strategies(fromTable);
            Assert.Equal("binpack:cpu", Assert.Single(fromTable).ToString());
        }

        [Fact]
        public void Malformed_JSON_is_refused_with_its_position()
        {
            var ex = Assert.Throws<EcsAdminException>(() => PlacementBinding.ToStrategies(new object[] { "[{\"type\": \"binpack\" \"field\": \"cpu\"}]" }));
            Assert.Equal("InvalidPlacementStrategy", ex.ErrorId);
            Assert.Contains("position 21", ex.Message);
        }

        [Theory]
        [InlineData("binpack", "InvalidPlacementStrategy", "cpu or memory")]
        [InlineData("binpack:disk", "InvalidPlacementStrategy", "cpu or memory")]
        [InlineData("spread", "InvalidPlacementStrategy", "needs a field")]
        [InlineData("spread:zone", "InvalidPlacementStrategy", "instanceId or attribute:NAME")]
        [InlineData("random:memory", "InvalidPlacementStrategy", "takes no field")]
        [InlineData("pack:memory", "InvalidPlacementStrategy", "not a placement strategy")]
        public void Bad_strategies_are_refused(string item, string errorId, string problem)
        {
            var ex = Assert.Throws<EcsAdminException>(() => PlacementChecks.Strategies(PlacementBinding.ToStrategies(new object[] { item })));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Contains(problem, ex.Message);
        }

        [Theory]
        [InlineData("memberOf", "InvalidPlacementConstraint", "needs a cluster query")]
        [InlineData("distinctInstance:attribute:a == b", "InvalidPlacementConstraint", "takes no expression")]
        [InlineData("sameZone", "InvalidPlacementConstraint", "not a placement constraint")]
        [InlineData("memberOf:attribute:ecs.instance-type ~= t3.*", "InvalidPlacementExpression", "at position 29")]
        public void Bad_constraints_are_refused(string item, string errorId, string problem)
        {
            var ex = Assert.Throws<EcsAdminException>(() => PlacementChecks.Constraints(PlacementBinding.ToConstraints(new object[] { item })));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Contains(problem, ex.Message);
        }

        // ------------------------------------------------------------ launch model

        [Theory]
        [InlineData(null, "FARGATE_SPOT:1,asg-web:1", null, "CapacityProviderStrategyMixed")]
        [InlineData("FARGATE", null, null, "PlacementOnFargate")]
        [InlineData("FARGATE", null, "DAEMON", "DaemonOnFargate")]
        [InlineData(null, "asg-web:1", "DAEMON", "DaemonWithCapacityProvider")]
        [InlineData("EC2", null, "DAEMON", "DaemonWithPlacementStrategy")]
        public void Launch_model_rules(string? launchType, string? strategy, string? scheduling, string errorId)
        {
            var items = strategy?.Split(',').Select(s => new EcsCapacityProviderStrategyItem(s.Split(':')[0], int.Parse(s.Split(':')[1]))).ToArray();
            var ex = Assert.Throws<EcsAdminException>(() => PlacementChecks.LaunchModel(launchType, items, scheduling,
                new[] { new EcsPlacementStrategy { Type = "binpack", Field = "memory" } }, null, false, "web"));
            Assert.Equal(errorId, ex.ErrorId);
        }

        [Fact]
        public void An_Auto_Scaling_group_strategy_is_the_EC2_model_and_takes_placement()
            => Assert.Equal("EC2", PlacementChecks.LaunchModel(null, new[] { new EcsCapacityProviderStrategyItem("asg-web", 1, 1) }, null,
                new[] { new EcsPlacementStrategy { Type = "spread", Field = "host" } }, new[] { new EcsPlacementConstraint { Type = "distinctinstance" } }, false, "web"));

        // ------------------------------------------------------------ network modes and ports

        private static PortMappingFact Port(string container, int containerPort, int? hostPort) => new PortMappingFact { Container = container, ContainerPort = containerPort, HostPort = hostPort };

        [Theory]
        [InlineData("awsvpc", 8080, 8080, true, null)]
        [InlineData("awsvpc", 8080, null, true, null)]
        [InlineData("awsvpc", 8080, 80, true, "HostPortMismatch")]
        [InlineData("host", 8080, 80, false, "HostPortMismatch")]
        [InlineData("host", 8080, null, false, null)]
        [InlineData("bridge", 8080, 80, false, null)]
        [InlineData("bridge", 8080, 0, false, null)]
        [InlineData("none", 8080, null, false, "PortMappingNotAllowed")]
        [InlineData("awsvpc", 8080, null, false, "SubnetRequired")]
        [InlineData("bridge", 8080, 0, true, "NetworkConfigurationNotAwsvpc")]
        public void Port_mappings_follow_the_network_mode(string mode, int containerPort, int? hostPort, bool subnets, string? errorId)
        {
            void Check() => PlacementChecks.NetworkMode(mode, new[] { Port("app", containerPort, hostPort) }, subnets, subnets, TdArn);
            if (errorId is null) { Check(); return; }
            Assert.Equal(errorId, Assert.Throws<EcsAdminException>(Check).ErrorId);
        }

        [Theory]
        [InlineData("bridge", 80, 80, "HostPortConflict")]
        [InlineData("bridge", 0, 0, null)]
        [InlineData("host", null, null, "HostPortConflict")]
        public void One_host_port_serves_one_mapping(string mode, int? first, int? second, string? errorId)
        {
            var ports = new[] { Port("a", 8080, first), Port("b", 8080, second) };
            void Check() => PlacementChecks.NetworkMode(mode, ports, false, false, TdArn);
            if (errorId is null) { Check(); return; }
            Assert.Equal(errorId, Assert.Throws<EcsAdminException>(Check).ErrorId);
        }

        // ------------------------------------------------------------ requests

        private static Ecs.TaskDefinition Ec2Td(string mode, int? hostPort = 0) => new Ecs.TaskDefinition
        {
            TaskDefinitionArn = TdArn, Family = "app", Revision = 3, NetworkMode = mode,
            RequiresCompatibilities = new List<string> { "EC2" }, Compatibilities = new List<string> { "EC2", "EXTERNAL" },
            ContainerDefinitions = new List<Ecs.ContainerDefinition>
            {
                new Ecs.ContainerDefinition { Name = "app", Image = "nginx", PortMappings = new List<Ecs.PortMapping> { new Ecs.PortMapping { ContainerPort = 80, HostPort = hostPort } } },
            },
        };

        private static FakeAwsApi Api(Ecs.TaskDefinition td)
            => new FakeAwsApi()
                .Handle(Ecs.EcsApi.DescribeTaskDefinition, _ => new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = td })
                .Handle(Ecs.EcsApi.CreateService, r => new Ecs.CreateServiceResponse { Service = new Ecs.Service { ServiceName = r.ServiceName, Status = "ACTIVE" } })
                .Handle(Ecs.EcsApi.RunTask, _ => new Ecs.RunTaskResponse { Tasks = new List<Ecs.Task>() });

        private static NewServiceOptions Ec2Service() => new NewServiceOptions
        {
            Cluster = "fleet", Name = "web", TaskDefinition = "app", DesiredCount = 3, FargateOnly = false, LaunchType = "EC2",
            PlacementStrategies = new[] { new EcsPlacementStrategy { Type = "binpack", Field = "memory" }, new EcsPlacementStrategy { Type = "spread", Field = "attribute:ecs.availability-zone" } },
            PlacementConstraints = new[] { new EcsPlacementConstraint { Type = "memberOf", Expression = "attribute:ecs.instance-type =~ t3.*" } },
        };

        [Fact]
        public async Task An_EC2_bridge_service_sends_its_placement_and_no_network_configuration()
        {
            var api = Api(Ec2Td("bridge"));
            await new ServiceOperations(api.Factory).CreateAsync(Session, Ec2Service(), new CollectingSink().Context());
            var req = (Ecs.CreateServiceRequest)api.Calls.Single(c => c.Operation == "CreateService").Input;
            Assert.Equal("EC2", req.LaunchType);
            Assert.Null(req.CapacityProviderStrategy);
            Assert.Null(req.NetworkConfiguration);
            Assert.Equal(3, req.DesiredCount);
            Assert.Equal(new[] { "binpack/memory", "spread/attribute:ecs.availability-zone" }, req.PlacementStrategy.Select(s => s.Type + "/" + s.Field));
            Assert.Equal("memberOf", req.PlacementConstraints.Single().Type);
            Assert.Equal("attribute:ecs.instance-type =~ t3.*", req.PlacementConstraints.Single().Expression);
        }

        [Fact]
        public async Task A_daemon_sends_no_desired_count_and_an_ASG_strategy_sends_no_launch_type()
        {
            var api = Api(Ec2Td("host", null));
            var daemon = Ec2Service();
            daemon.SchedulingStrategy = "DAEMON";
            daemon.PlacementStrategies = null;
            await new ServiceOperations(api.Factory).CreateAsync(Session, daemon, new CollectingSink().Context());
            var req = (Ecs.CreateServiceRequest)api.Calls.Last(c => c.Operation == "CreateService").Input;
            Assert.Equal("DAEMON", req.SchedulingStrategy);
            Assert.Null(req.DesiredCount);

            var asg = Ec2Service();
            asg.LaunchType = null;
            asg.CapacityProviderStrategy = new[] { new EcsCapacityProviderStrategyItem("asg-web", 1, 1) };
            await new ServiceOperations(api.Factory).CreateAsync(Session, asg, new CollectingSink().Context());
            req = (Ecs.CreateServiceRequest)api.Calls.Last(c => c.Operation == "CreateService").Input;
            Assert.Null(req.LaunchType);
            Assert.Equal("asg-web", req.CapacityProviderStrategy.Single().CapacityProvider);
        }

        [Fact]
        public async Task A_task_definition_that_breaks_its_network_mode_is_refused_before_CreateService()
        {
            var api = Api(Ec2Td("awsvpc", 8081));
            var o = Ec2Service();
            o.Subnets = new[] { "subnet-1" };
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(api.Factory).CreateAsync(Session, o, new CollectingSink().Context()));
            Assert.Equal("HostPortMismatch", ex.ErrorId);
            Assert.Equal(0, api.Count("CreateService"));
        }

        [Fact]
        public async Task Start_task_on_EC2_sends_placement()
        {
            var api = Api(Ec2Td("bridge"));
            await new TaskOperations(api.Factory).StartAsync(Session, new StartTaskOptions
            {
                Cluster = "fleet", TaskDefinition = "app", LaunchType = "EC2",
                PlacementConstraints = new[] { new EcsPlacementConstraint { Type = "distinctInstance" } },
                PlacementStrategies = new[] { new EcsPlacementStrategy { Type = "random" } },
            }, new CollectingSink().Context());
            var req = (Ecs.RunTaskRequest)api.Calls.Single(c => c.Operation == "RunTask").Input;
            Assert.Equal("EC2", req.LaunchType);
            Assert.Null(req.NetworkConfiguration);
            Assert.Equal("distinctInstance", req.PlacementConstraints.Single().Type);
            Assert.Equal("random", req.PlacementStrategy.Single().Type);
        }
    

        // ------------------------------------------------------------ update

        private static FakeAwsApi UpdateApi(Ecs.Service current, Ecs.TaskDefinition? td = null)
        {
            current.ServiceName ??= "web";
            current.Status ??= "ACTIVE";
            var api = new FakeAwsApi()
                .Handle(Ecs.EcsApi.DescribeServices, _ => new Ecs.DescribeServicesResponse { Services = new List<Ecs.Service> { current } })
                .Handle(Ecs.EcsApi.UpdateService, _ => new Ecs.UpdateServiceResponse { Service = current });
            return td is null ? api : api.Handle(Ecs.EcsApi.DescribeTaskDefinition, _ => new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = td });
        }

        [Fact]
        public async Task Update_merges_the_network_and_sends_placement_and_attachments_as_given()
        {
            var current = new Ecs.Service
            {
                LaunchType = "EC2",
                NetworkConfiguration = new Ecs.NetworkConfiguration { AwsvpcConfiguration = new Ecs.AwsVpcConfiguration { Subnets = new List<string> { "subnet-a" }, SecurityGroups = new List<string> { "sg-a" }, AssignPublicIp = "ENABLED" } },
            };
            var api = UpdateApi(current);
            await new ServiceOperations(api.Factory).UpdateAsync(Session, new UpdateServiceOptions
            {
                Cluster = "fleet", Service = "web", SecurityGroups = new[] { "sg-b" },
                PlacementStrategies = Array.Empty<EcsPlacementStrategy>(),
                PlacementConstraints = new[] { new EcsPlacementConstraint { Type = "memberOf", Expression = "attribute:stack == prod" } },
                LoadBalancers = Array.Empty<EcsLoadBalancer>(),
                ServiceRegistries = new[] { new ServiceRegistryOptions { RegistryArn = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1" } },
                DisableServiceConnect = true,
            }, new CollectingSink().Context());
            var req = (Ecs.UpdateServiceRequest)api.Calls.Single(c => c.Operation == "UpdateService").Input;
            var vpc = req.NetworkConfiguration.AwsvpcConfiguration;
            Assert.Equal(new[] { "subnet-a" }, vpc.Subnets);
            Assert.Equal(new[] { "sg-b" }, vpc.SecurityGroups);
            Assert.Equal("ENABLED", vpc.AssignPublicIp);
            Assert.NotNull(req.PlacementStrategy);
            Assert.Empty(req.PlacementStrategy);
            Assert.Equal("attribute:stack == prod", req.PlacementConstraints.Single().Expression);
            Assert.NotNull(req.LoadBalancers);
            Assert.Empty(req.LoadBalancers);
            Assert.Single(req.ServiceRegistries);
            Assert.False(req.ServiceConnectConfiguration.Enabled);
            Assert.Null(req.ForceNewDeployment);
        }

        [Fact]
        public async Task Update_deploys_an_EC2_revision_to_an_EC2_service_and_checks_its_network_mode()
        {
            var api = UpdateApi(new Ecs.Service { LaunchType = "EC2" }, Ec2Td("bridge"));
            await new ServiceOperations(api.Factory).UpdateAsync(Session, new UpdateServiceOptions { Cluster = "fleet", Service = "web", TaskDefinition = "app:3" }, new CollectingSink().Context());
            Assert.Equal(TdArn, ((Ecs.UpdateServiceRequest)api.Calls.Single(c => c.Operation == "UpdateService").Input).TaskDefinition);

            var bad = UpdateApi(new Ecs.Service { LaunchType = "EC2" }, Ec2Td("host", 8081));
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(bad.Factory).UpdateAsync(Session,
                new UpdateServiceOptions { Cluster = "fleet", Service = "web", TaskDefinition = "app:3" }, new CollectingSink().Context()));
            Assert.Equal("HostPortMismatch", ex.ErrorId);
            Assert.Equal(0, bad.Count("UpdateService"));
        }
    }
}
