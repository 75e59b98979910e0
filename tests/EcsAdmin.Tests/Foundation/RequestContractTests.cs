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

namespace EcsAdmin.Tests.Foundation
{
    /// <summary>Every request the cluster and task definition operations send is checked against the ECS model.</summary>
    public sealed class RequestContractTests
    {
        private static FakeAwsApi Fake()
        {
            var cluster = new Ecs.Cluster { ClusterName = "c", ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/c", Status = "ACTIVE", CapacityProviders = new List<string> { "FARGATE" } };
            bool created = false;
            var td = new Ecs.TaskDefinition { Family = "web", Revision = 1, TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1", Status = "ACTIVE" };
            return new FakeAwsApi()
                .Handle(Ecs.EcsApi.CreateCluster, _ => { created = true; return new Ecs.CreateClusterResponse { Cluster = cluster }; })
                .Handle(Ecs.EcsApi.ListClusters, _ => new Ecs.ListClustersResponse { ClusterArns = new List<string> { cluster.ClusterArn } })
                // Before the create the cluster is missing (New-EcsCluster refuses an existing one), afterwards it exists.
                .Handle(Ecs.EcsApi.DescribeClusters, _ => new Ecs.DescribeClustersResponse { Clusters = created ? new List<Ecs.Cluster> { cluster } : new List<Ecs.Cluster>() })
                .Handle(Ecs.EcsApi.UpdateCluster, _ => new Ecs.UpdateClusterResponse { Cluster = cluster })
                .Handle(Ecs.EcsApi.PutClusterCapacityProviders, _ => new Ecs.PutClusterCapacityProvidersResponse { Cluster = cluster })
                .Handle(Ecs.EcsApi.DeleteCluster, _ => new Ecs.DeleteClusterResponse { Cluster = cluster })
                .Handle(Ecs.EcsApi.RegisterTaskDefinition, _ => new Ecs.RegisterTaskDefinitionResponse { TaskDefinition = td })
                .Handle(Ecs.EcsApi.DescribeTaskDefinition, _ => new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = td })
                .Handle(Ecs.EcsApi.ListTaskDefinitionFamilies, _ => new Ecs.ListTaskDefinitionFamiliesResponse { Families = new List<string> { "web" } })
                .Handle(Ecs.EcsApi.ListTaskDefinitions, _ => new Ecs.ListTaskDefinitionsResponse { TaskDefinitionArns = new List<string> { td.TaskDefinitionArn } })
                .Handle(Ecs.EcsApi.DeregisterTaskDefinition, _ => new Ecs.DeregisterTaskDefinitionResponse { TaskDefinition = td });
        }

        [Fact]
        public async Task Cluster_and_task_definition_requests_match_the_model()
        {
            var fake = Fake();
            var engine = new EcsEngine(fake.Factory, null);
            var s = CollectingSink.Session();
            var ctx = new CollectingSink().Context();
            await engine.Clusters.CreateAsync(s, new NewClusterOptions
            {
                Name = "c", CapacityProviders = new[] { "FARGATE", "FARGATE_SPOT" }, ContainerInsights = "enabled",
                DefaultCapacityProviderStrategy = new[] { new EcsCapacityProviderStrategyItem("FARGATE", 1, 1) },
                Tags = new Dictionary<string, string> { ["env"] = "dev" },
            }, ctx);
            await engine.Clusters.GetAsync(s, new[] { "c*" }, ctx);
            await engine.Clusters.SetAsync(s, new SetClusterOptions { Cluster = "c", ContainerInsights = "disabled", CapacityProviders = new[] { "FARGATE" } }, ctx);
            await engine.Clusters.RemoveAsync(s, "c", ctx);
            await engine.TaskDefinitions.RegisterAsync(s, new RegisterTaskDefinitionOptions
            {
                Family = "web", Image = "nginx", Port = new[] { 80 }, LogGroup = "/ecs/web", CpuArchitecture = "ARM64",
                Environment = new Dictionary<string, string> { ["A"] = "1" }, Tags = new Dictionary<string, string> { ["t"] = "v" },
            }, ctx);
            await engine.TaskDefinitions.GetAsync(s, new GetTaskDefinitionOptions { FamilyPattern = "w*", AllRevisions = true }, ctx);
            await engine.TaskDefinitions.UnregisterAsync(s, "web:1", ctx);

            Assert.True(fake.Calls.Count >= 11);
            var problems = fake.Calls.SelectMany(c => ModelContract.Validate("ecs", c.Operation, c.Json).Select(p => c.Operation + ": " + p)).ToList();
            Assert.Empty(problems);
        }

        [Fact]
        public void The_contract_check_catches_a_broken_request()
        {
            Assert.NotEmpty(ModelContract.Validate("ecs", "CreateCluster", "{\"clusterName\":\"c\",\"settings\":[{\"name\":\"containerInsights\",\"valu\":\"x\"}]}"));
        }
    }
}
