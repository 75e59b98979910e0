using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Foundation
{
    public sealed class ClusterOperationTests
    {
        private static string Arn(string name) => "arn:aws:ecs:us-east-1:123456789012:cluster/" + name;

        private static FakeAwsApi WithClusters(IEnumerable<string> names, int pageSize)
        {
            var all = names.ToList();
            var fake = new FakeAwsApi();
            fake.Handle(Ecs.EcsApi.ListClusters, req =>
            {
                int start = req.NextToken is null ? 0 : int.Parse(req.NextToken);
                var page = all.Skip(start).Take(pageSize).Select(Arn).ToList();
                return new Ecs.ListClustersResponse { ClusterArns = page, NextToken = start + pageSize < all.Count ? (start + pageSize).ToString() : null };
            });
            fake.Handle(Ecs.EcsApi.DescribeClusters, req => new Ecs.DescribeClustersResponse
            {
                Clusters = req.Clusters.Where(all.Contains).Select(n => new Ecs.Cluster { ClusterName = n, ClusterArn = Arn(n), Status = "ACTIVE" }).ToList(),
                Failures = req.Clusters.Where(n => !all.Contains(n)).Select(n => new Ecs.Failure { Arn = Arn(n), Reason = "MISSING" }).ToList(),
            });
            return fake;
        }

        [Fact]
        public async Task Lists_every_page_and_describes_in_batches_of_100()
        {
            var names = Enumerable.Range(1, 250).Select(i => "c" + i).ToList();
            var fake = WithClusters(names, 100);
            var sink = new CollectingSink();
            await new EcsEngine(fake.Factory, null).Clusters.GetAsync(CollectingSink.Session(), null, sink.Context());

            Assert.Equal(250, sink.Outputs<EcsCluster>().Count());
            Assert.Equal(3, fake.Count("ListClusters"));
            var describes = fake.Calls.Where(c => c.Operation == "DescribeClusters").Select(c => ((Ecs.DescribeClustersRequest)c.Input).Clusters.Count).ToList();
            Assert.Equal(new[] { 100, 100, 50 }, describes);
        }

        [Fact]
        public async Task Exact_names_skip_the_listing_and_missing_ones_are_per_item_errors()
        {
            var fake = WithClusters(new[] { "a", "b" }, 100);
            var sink = new CollectingSink();
            await new EcsEngine(fake.Factory, null).Clusters.GetAsync(CollectingSink.Session(), new[] { "a", "zz", "b" }, sink.Context());

            Assert.Equal(0, fake.Count("ListClusters"));
            Assert.Equal(new[] { "a", "b" }, sink.Outputs<EcsCluster>().Select(c => c.Cluster));
            var error = Assert.Single(sink.Errors);
            Assert.Equal("ClusterNotFound", error.ErrorId);
            Assert.Equal("zz", error.Target);
        }

        [Fact]
        public async Task Wildcards_match_case_insensitively()
        {
            var fake = WithClusters(new[] { "Prod-A", "prod-b", "test" }, 2);
            var sink = new CollectingSink();
            await new EcsEngine(fake.Factory, null).Clusters.GetAsync(CollectingSink.Session(), new[] { "prod*" }, sink.Context());
            Assert.Equal(new[] { "Prod-A", "prod-b" }, sink.Outputs<EcsCluster>().Select(c => c.Cluster));
        }

        [Fact]
        public async Task Set_keeps_the_providers_when_only_the_strategy_changes()
        {
            var fake = new FakeAwsApi();
            fake.Handle(Ecs.EcsApi.DescribeClusters, _ => new Ecs.DescribeClustersResponse
            {
                Clusters = new List<Ecs.Cluster> { new() { ClusterName = "p", Status = "ACTIVE", CapacityProviders = new List<string> { "FARGATE", "FARGATE_SPOT" } } },
            });
            fake.Handle(Ecs.EcsApi.PutClusterCapacityProviders, req => new Ecs.PutClusterCapacityProvidersResponse { Cluster = new Ecs.Cluster { ClusterName = "p" } });
            var sink = new CollectingSink();
            await new EcsEngine(fake.Factory, null).Clusters.SetAsync(CollectingSink.Session(), new SetClusterOptions
            {
                Cluster = "p",
                DefaultCapacityProviderStrategy = new[] { new EcsCapacityProviderStrategyItem("FARGATE", 1, 1) },
            }, sink.Context());
            var put = (Ecs.PutClusterCapacityProvidersRequest)fake.Calls.Single(c => c.Operation == "PutClusterCapacityProviders").Input;
            Assert.Equal(new[] { "FARGATE", "FARGATE_SPOT" }, put.CapacityProviders);
            Assert.Equal(1, put.DefaultCapacityProviderStrategy.Single().Base);
        }

        [Theory]
        [InlineData("")]
        [InlineData("has space")]
        [InlineData("bad!")]
        public async Task Invalid_names_send_nothing(string name)
        {
            var fake = new FakeAwsApi();
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new EcsEngine(fake.Factory, null).Clusters.CreateAsync(CollectingSink.Session(), new NewClusterOptions { Name = name }, new CollectingSink().Context()));
            Assert.Equal("InvalidClusterName", ex.ErrorId);
            Assert.Empty(fake.Calls);
        }

        [Fact]
        public async Task Creating_an_existing_active_cluster_is_a_typed_error_that_names_Set_EcsCluster()
        {
            var fake = WithClusters(new[] { "prod" }, 100).Handle(Ecs.EcsApi.CreateCluster, _ => new Ecs.CreateClusterResponse());
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new EcsEngine(fake.Factory, null).Clusters.CreateAsync(CollectingSink.Session(), new NewClusterOptions { Name = "prod", ContainerInsights = "enabled" }, new CollectingSink().Context()));
            Assert.Equal("ClusterAlreadyExists", ex.ErrorId);
            Assert.Equal(EcsErrorKind.ResourceExists, ex.Kind);
            Assert.Equal("prod", ex.Target);
            Assert.Contains("Set-EcsCluster -Name prod", ex.RecommendedAction);
            Assert.Equal(0, fake.Count("CreateCluster"));
        }

        [Fact]
        public async Task A_deleted_cluster_of_the_same_name_is_created_again()
        {
            var fake = new FakeAwsApi()
                .Handle(Ecs.EcsApi.DescribeClusters, _ => new Ecs.DescribeClustersResponse { Clusters = new List<Ecs.Cluster> { new Ecs.Cluster { ClusterName = "old", ClusterArn = Arn("old"), Status = "INACTIVE" } } })
                .Handle(Ecs.EcsApi.CreateCluster, r => new Ecs.CreateClusterResponse { Cluster = new Ecs.Cluster { ClusterName = r.ClusterName, ClusterArn = Arn(r.ClusterName!), Status = "ACTIVE" } });
            var sink = new CollectingSink();
            await new EcsEngine(fake.Factory, null).Clusters.CreateAsync(CollectingSink.Session(), new NewClusterOptions { Name = "old" }, sink.Context());
            Assert.Equal("ACTIVE", Assert.Single(sink.Outputs<EcsCluster>()).Status);
            Assert.Equal(1, fake.Count("CreateCluster"));
        }

        [Theory]
        [InlineData("prod*", "PROD-1", true)]
        [InlineData("p?od", "prod", true)]
        [InlineData("[ab]x", "bx", true)]
        [InlineData("[ab]x", "cx", false)]
        [InlineData("web", "web2", false)]
        public void Glob_behaves_like_like(string pattern, string text, bool expected)
            => Assert.Equal(expected, Glob.IsMatch(text, pattern));
    }
}
