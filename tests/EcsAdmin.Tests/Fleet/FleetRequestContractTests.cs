using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine;
using EcsAdmin.Models;
using EcsAdmin.Tests.Contracts;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Sd = EcsAdmin.Engine.Aws.Generated.ServiceDiscovery;
using Ssm = EcsAdmin.Engine.Aws.Generated.Ssm;

namespace EcsAdmin.Tests.Fleet
{
    /// <summary>Every request the fleet operations send (ECS, SSM, Cloud Map) is checked against the service models.</summary>
    public sealed class FleetRequestContractTests
    {
        private const string CiArn = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/0f3c8e1e2d5b4a7c9e1f2a3b4c5d6e7f";

        internal static FakeAwsApi Fake()
        {
            var cluster = new Ecs.Cluster { ClusterName = "prod", ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod", Status = "ACTIVE" };
            var provider = new Ecs.CapacityProvider
            {
                Name = "mi", Status = "ACTIVE", Type = "MANAGED_INSTANCES", Cluster = "prod",
                ManagedInstancesProvider = new Ecs.ManagedInstancesProvider
                {
                    InfrastructureRoleArn = "arn:aws:iam::123456789012:role/infra",
                    InstanceLaunchTemplate = new Ecs.InstanceLaunchTemplate
                    {
                        Ec2InstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/p",
                        NetworkConfiguration = new Ecs.ManagedInstancesNetworkConfiguration { Subnets = new List<string> { "subnet-0a1b2c3d" } },
                    },
                },
            };
            var ci = new Ecs.ContainerInstance { ContainerInstanceArn = CiArn, Ec2InstanceId = "i-0123456789abcdef0", Status = "ACTIVE", RunningTasksCount = 0, PendingTasksCount = 0 };
            return new FakeAwsApi()
                .Handle(Ecs.EcsApi.DescribeClusters, _ => new Ecs.DescribeClustersResponse { Clusters = new List<Ecs.Cluster> { cluster } })
                .Handle(Ecs.EcsApi.CreateCapacityProvider, r => new Ecs.CreateCapacityProviderResponse { CapacityProvider = new Ecs.CapacityProvider { Name = r.Name, Status = "ACTIVE" } })
                .Handle(Ecs.EcsApi.UpdateCapacityProvider, r => new Ecs.UpdateCapacityProviderResponse { CapacityProvider = new Ecs.CapacityProvider { Name = r.Name, Status = "ACTIVE" } })
                .Handle(Ecs.EcsApi.DeleteCapacityProvider, r => new Ecs.DeleteCapacityProviderResponse { CapacityProvider = new Ecs.CapacityProvider { Name = r.CapacityProvider, Status = "INACTIVE" } })
                .Handle(Ecs.EcsApi.DescribeCapacityProviders, _ => new Ecs.DescribeCapacityProvidersResponse { CapacityProviders = new List<Ecs.CapacityProvider> { provider } })
                .Handle(Ecs.EcsApi.ListContainerInstances, _ => new Ecs.ListContainerInstancesResponse { ContainerInstanceArns = new List<string> { CiArn } })
                .Handle(Ecs.EcsApi.DescribeContainerInstances, _ => new Ecs.DescribeContainerInstancesResponse { ContainerInstances = new List<Ecs.ContainerInstance> { ci } })
                .Handle(Ecs.EcsApi.UpdateContainerInstancesState, r => new Ecs.UpdateContainerInstancesStateResponse { ContainerInstances = new List<Ecs.ContainerInstance> { new Ecs.ContainerInstance { ContainerInstanceArn = CiArn, Status = r.Status } } })
                .Handle(Ecs.EcsApi.DeregisterContainerInstance, _ => new Ecs.DeregisterContainerInstanceResponse { ContainerInstance = ci })
                .Handle(Ecs.EcsApi.UpdateContainerAgent, _ => new Ecs.UpdateContainerAgentResponse { ContainerInstance = ci })
                .Handle(Ecs.EcsApi.ListAttributes, _ => new Ecs.ListAttributesResponse { Attributes = new List<Ecs.Attribute> { new Ecs.Attribute { Name = "stack", Value = "prod", TargetType = "container-instance", TargetId = CiArn } } })
                .Handle(Ecs.EcsApi.PutAttributes, r => new Ecs.PutAttributesResponse { Attributes = r.Attributes })
                .Handle(Ecs.EcsApi.DeleteAttributes, r => new Ecs.DeleteAttributesResponse { Attributes = r.Attributes })
                .Handle(Ecs.EcsApi.ListAccountSettings, _ => new Ecs.ListAccountSettingsResponse { Settings = new List<Ecs.Setting> { new Ecs.Setting { Name = "containerInsights", Value = "enabled" } } })
                .Handle(Ecs.EcsApi.PutAccountSetting, r => new Ecs.PutAccountSettingResponse { Setting = new Ecs.Setting { Name = r.Name, Value = r.Value, PrincipalArn = r.PrincipalArn } })
                .Handle(Ecs.EcsApi.PutAccountSettingDefault, r => new Ecs.PutAccountSettingDefaultResponse { Setting = new Ecs.Setting { Name = r.Name, Value = r.Value, PrincipalArn = "arn:aws:iam::123456789012:root" } })
                .Handle(Ssm.SsmApi.CreateActivation, _ => new Ssm.CreateActivationResult { ActivationId = "act-1", ActivationCode = "SecretCode1234567890" })
                .Handle(Sd.ServiceDiscoveryApi.CreateHttpNamespace, _ => new Sd.CreateHttpNamespaceResponse { OperationId = "op-1" })
                .Handle(Sd.ServiceDiscoveryApi.CreatePrivateDnsNamespace, _ => new Sd.CreatePrivateDnsNamespaceResponse { OperationId = "op-2" })
                .Handle(Sd.ServiceDiscoveryApi.GetOperation, r => new Sd.GetOperationResponse { Operation = new Sd.Operation { Id = r.OperationId, Status = "SUCCESS", Targets = new Dictionary<string, string> { ["NAMESPACE"] = "ns-abc" } } })
                .Handle(Sd.ServiceDiscoveryApi.GetNamespace, r => new Sd.GetNamespaceResponse { Namespace = new Sd.Namespace { Id = r.Id, Name = "internal", Type = "HTTP" } })
                .Handle(Sd.ServiceDiscoveryApi.ListNamespaces, _ => new Sd.ListNamespacesResponse { Namespaces = new List<Sd.NamespaceSummary> { new Sd.NamespaceSummary { Id = "ns-abc", Name = "internal", Type = "HTTP" } } })
                .Handle(Sd.ServiceDiscoveryApi.DeleteNamespace, _ => new Sd.DeleteNamespaceResponse { OperationId = "op-3" });
        }

        private static string ModelOf(string service) => service switch
        {
            "ECS" => "ecs",
            "SSM" => "ssm",
            "ServiceDiscovery" => "servicediscovery",
            _ => throw new ArgumentException(service),
        };

        [Fact]
        public async Task Every_fleet_request_matches_its_service_model()
        {
            var fake = Fake();
            var engine = new EcsEngine(fake.Factory, null);
            var s = CollectingSink.Session();
            var sink = new CollectingSink();
            var ctx = sink.Context();

            await engine.CapacityProviders.CreateAsync(s, new CapacityProviderOptions
            {
                Name = "asg-web", AutoScalingGroupArn = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0:autoScalingGroupName/web",
                TargetCapacity = 90, MinimumScalingStepSize = 1, MaximumScalingStepSize = 4, InstanceWarmupPeriod = 120,
                ManagedTerminationProtection = "ENABLED", ManagedDraining = "ENABLED", Tags = new Dictionary<string, string> { ["team"] = "web" },
            }, ctx);
            await engine.CapacityProviders.CreateAsync(s, new CapacityProviderOptions
            {
                Name = "mi", ManagedInstances = true, Cluster = "prod", InfrastructureRoleArn = "arn:aws:iam::123456789012:role/infra",
                InstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/p", Subnets = new[] { "subnet-0a1b2c3d" }, SecurityGroups = new[] { "sg-0123abcd" },
                CapacityOptionType = "SPOT", StorageSizeGiB = 50, Monitoring = "DETAILED", PropagateTags = "CAPACITY_PROVIDER",
                InstanceRequirements = new EcsInstanceRequirements { MinVCpu = 2, MaxVCpu = 8, MinMemoryMiB = 4096, CpuManufacturers = new[] { "amazon-web-services" }, AllowedInstanceTypes = new[] { "m7g.*" }, BurstablePerformance = "excluded" },
            }, ctx);
            await engine.CapacityProviders.GetAsync(s, new[] { "mi" }, "prod", ctx);
            await engine.CapacityProviders.GetAsync(s, new[] { "m*" }, null, ctx);
            await engine.CapacityProviders.SetAsync(s, new CapacityProviderOptions { Name = "asg-web", TargetCapacity = 80, ManagedDraining = "DISABLED" }, ctx);
            await engine.CapacityProviders.SetAsync(s, new CapacityProviderOptions
            {
                Name = "mi", ManagedInstances = true, Cluster = "prod", SecurityGroups = new[] { "sg-0123abcd" },
                InstanceRequirements = new EcsInstanceRequirements { MinVCpu = 4, MinMemoryMiB = 8192 },
            }, ctx);
            await engine.CapacityProviders.RemoveAsync(s, "asg-web", null, ctx);

            await engine.ContainerInstances.GetAsync(s, new GetContainerInstanceOptions { Cluster = "prod", Status = "ACTIVE", Filter = "attribute:ecs.instance-type =~ t3.*" }, ctx);
            await engine.ContainerInstances.GetAsync(s, new GetContainerInstanceOptions { Cluster = "prod", ContainerInstances = new[] { "0f3c8e1e2d5b4a7c9e1f2a3b4c5d6e7f" } }, ctx);
            await engine.ContainerInstances.SetStateAsync(s, new SetContainerInstanceStateOptions { Cluster = "prod", ContainerInstances = new[] { CiArn }, Status = "DRAINING", Wait = new WaitSettings { Timeout = TimeSpan.FromSeconds(1) } }, ctx);
            await engine.ContainerInstances.RemoveAsync(s, "prod", CiArn, false, ctx);
            await engine.ContainerInstances.RemoveAsync(s, "prod", CiArn, true, ctx);
            await engine.ContainerInstances.UpdateAgentAsync(s, "prod", CiArn, ctx);
            await engine.ContainerInstances.GetAttributesAsync(s, "prod", new[] { "st*" }, null, ctx);
            var attrs = new AttributeOptions { Cluster = "prod", ContainerInstances = new[] { CiArn }, Attributes = new Dictionary<string, string?> { ["stack"] = null, ["rack"] = "a" } };
            await engine.ContainerInstances.PutAttributesAsync(s, attrs, ctx);
            await engine.ContainerInstances.DeleteAttributesAsync(s, new AttributeOptions { Cluster = "prod", ContainerInstances = new[] { CiArn }, Attributes = new Dictionary<string, string?> { ["stack"] = null } }, ctx);
            await engine.ContainerInstances.CreateActivationAsync(s, new AnywhereActivationOptions
            {
                Cluster = "prod", IamRole = "ecsAnywhereRole", RegistrationLimit = 5, ExpirationDate = DateTime.UtcNow.AddDays(2),
                Description = "edge", DefaultInstanceName = "store", Tags = new Dictionary<string, string> { ["site"] = "12" },
            }, ctx);

            await engine.AccountSettings.GetAsync(s, new[] { "container*" }, "arn:aws:iam::123456789012:role/x", true, ctx);
            await engine.AccountSettings.SetAsync(s, "containerInsights", "enhanced", null, false, ctx);
            await engine.AccountSettings.SetAsync(s, "awsvpcTrunking", "enabled", "arn:aws:iam::123456789012:user/u", false, ctx);
            await engine.AccountSettings.SetAsync(s, "fargateTaskRetirementWaitPeriod", "14", null, true, ctx);

            await engine.Namespaces.CreateAsync(s, new NewNamespaceOptions { Name = "internal", Type = "HTTP", Description = "sc", Tags = new Dictionary<string, string> { ["a"] = "b" }, Wait = new WaitSettings() }, ctx);
            await engine.Namespaces.CreateAsync(s, new NewNamespaceOptions { Name = "corp.local", Type = "DNS_PRIVATE", Vpc = "vpc-0123abcd", Wait = new WaitSettings() }, ctx);
            await engine.Namespaces.GetAsync(s, new[] { "int*" }, "HTTP", ctx);
            await engine.Namespaces.RemoveAsync(s, "internal", new WaitSettings(), ctx);

            Assert.Empty(sink.Errors);
            var operations = fake.Calls.Select(c => c.Operation).Distinct().ToList();
            foreach (var op in new[] { "CreateCapacityProvider", "UpdateCapacityProvider", "DeleteCapacityProvider", "DescribeCapacityProviders", "ListContainerInstances",
                "DescribeContainerInstances", "UpdateContainerInstancesState", "DeregisterContainerInstance", "UpdateContainerAgent", "ListAttributes", "PutAttributes",
                "DeleteAttributes", "CreateActivation", "ListAccountSettings", "PutAccountSetting", "PutAccountSettingDefault", "CreateHttpNamespace",
                "CreatePrivateDnsNamespace", "GetOperation", "GetNamespace", "ListNamespaces", "DeleteNamespace" })
                Assert.Contains(op, operations);
            var problems = fake.Calls.SelectMany(c => ModelContract.Validate(ModelOf(c.Service), c.Operation, c.Json).Select(p => c.Operation + ": " + p)).ToList();
            Assert.Empty(problems);
        }

        [Fact]
        public void The_contract_check_catches_a_broken_fleet_request()
        {
            Assert.NotEmpty(ModelContract.Validate("ecs", "CreateCapacityProvider",
                "{\"name\":\"x\",\"autoScalingGroupProvider\":{\"autoScalingGroupArn\":\"a\",\"managedScaling\":{\"targetCapacity\":101}}}"));
            Assert.NotEmpty(ModelContract.Validate("ecs", "PutAccountSetting", "{\"name\":\"notASetting\",\"value\":\"enabled\"}"));
            Assert.NotEmpty(ModelContract.Validate("servicediscovery", "CreatePrivateDnsNamespace", "{\"Name\":\"corp.local\"}"));
            Assert.NotEmpty(ModelContract.Validate("ssm", "CreateActivation", "{\"RegistrationLimit\":1}"));
        }
    }
}
