using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Loader;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Reads
{
    /// <summary>Get-EcsService at the round-trip minimum: batches and clusters concurrently, order kept, not-found once.</summary>
    [Collection("in-process cmdlets")]
    public sealed class ServiceReadTests
    {
        private const string Account = "arn:aws:ecs:us-east-1:111122223333:";

        /// <summary>Clusters of N services each ("svc-000"...), ListServices paged by 100.</summary>
        private static FakeAwsApi Services(Dictionary<string, int> clusters)
        {
            string Name(int i) => "svc-" + i.ToString("D3");
            return new FakeAwsApi()
                .Handle(Ecs.EcsApi.ListClusters, _ => new Ecs.ListClustersResponse { ClusterArns = clusters.Keys.Select(c => Account + "cluster/" + c).ToList() })
                .Handle(Ecs.EcsApi.ListServices, r =>
                {
                    var c = Mapping.NameFromArn(r.Cluster);
                    int start = r.NextToken is null ? 0 : int.Parse(r.NextToken);
                    int n = clusters[c];
                    return new Ecs.ListServicesResponse
                    {
                        ServiceArns = Enumerable.Range(start, Math.Max(0, Math.Min(100, n - start))).Select(i => Account + "service/" + c + "/" + Name(i)).ToList(),
                        NextToken = start + 100 < n ? (start + 100).ToString() : null,
                    };
                })
                .Handle(Ecs.EcsApi.DescribeServices, r =>
                {
                    Assert.InRange(r.Services.Count, 1, 10);
                    var c = Mapping.NameFromArn(r.Cluster);
                    return new Ecs.DescribeServicesResponse
                    {
                        Services = r.Services.Where(s => s.StartsWith("svc-") && int.Parse(s.Substring(4)) < clusters[c])
                            .Select(s => new Ecs.Service { ServiceName = s, ClusterArn = Account + "cluster/" + c, Status = "ACTIVE" }).ToList(),
                    };
                });
        }

        [Theory]
        [InlineData("prod", 2)]   // ListServices, then the ten DescribeServices at once
        [InlineData(null, 3)]     // ListClusters first
        public async Task A_hundred_services_take_two_round_trips_after_the_cluster_list(string? cluster, int depth)
        {
            var api = new RoundTripApi(Services(new Dictionary<string, int> { ["prod"] = 100 }));
            var sink = new CollectingSink();
            await new ServiceOperations((_, _) => api).GetAsync(CollectingSink.Session(), new GetServiceOptions { Cluster = cluster }, sink.Context());
            Assert.Equal(100, sink.Outputs<EcsService>().Count());
            Assert.Equal(depth, api.Depth);
            Assert.Equal(depth, api.DepthOf("DescribeServices"));
            Assert.Equal(10, api.MaxInFlight);
        }

        [Fact]
        public async Task Ten_clusters_are_read_concurrently_within_one_bound_and_written_in_order()
        {
            var clusters = Enumerable.Range(0, 10).ToDictionary(i => "c" + i, _ => 100);
            var fake = Services(clusters);
            var api = new RoundTripApi(fake, pauseMs: 20);
            var sink = new CollectingSink();
            await new ServiceOperations((_, _) => api).GetAsync(CollectingSink.Session(), new GetServiceOptions
            {
                Targets = clusters.Keys.Select(c => new ServiceTarget { Cluster = c }).ToList(),
            }, sink.Context());

            Assert.Equal(10, fake.Count("ListServices"));
            Assert.Equal(100, fake.Count("DescribeServices"));
            Assert.Equal(0, fake.Count("ListClusters"));
            Assert.InRange(api.MaxInFlight, 9, 16 + 8); // describes share 16 slots; up to 8 cluster listings besides
            var output = sink.Outputs<EcsService>().Select(s => s.Cluster + "/" + s.Service).ToList();
            var expected = clusters.Keys.SelectMany(c => Enumerable.Range(0, 100).Select(i => c + "/svc-" + i.ToString("D3"))).ToList();
            Assert.Equal(expected, output);
        }

        [Fact]
        public async Task A_name_asked_of_every_cluster_is_reported_once_and_a_name_asked_of_one_cluster_there()
        {
            var api = Services(new Dictionary<string, int> { ["a"] = 3, ["b"] = 5 });
            var sink = new CollectingSink();
            await new ServiceOperations(api.Factory).GetAsync(CollectingSink.Session(), new GetServiceOptions
            {
                Targets = new List<ServiceTarget>
                {
                    new ServiceTarget { Cluster = null, Names = new[] { "svc-004", "ghost" } },
                    new ServiceTarget { Cluster = "a", Names = new[] { "svc-004", "svc-001" } },
                },
            }, sink.Context());
            var output = sink.Outputs<EcsService>().Select(s => s.Cluster + "/" + s.Service).ToList();
            Assert.Equal(new[] { "a/svc-001", "b/svc-004" }, output.OrderBy(x => x));
            var errors = sink.Errors.Select(e => e.Message).ToList();
            Assert.Equal(2, errors.Count);
            Assert.Contains(errors, m => m.Contains("'ghost'") && m.Contains("(all clusters)"));
            Assert.Contains(errors, m => m.Contains("'svc-004'") && m.Contains("cluster a "));
            Assert.Equal(0, api.Count("ListServices")); // exact names only: nothing to list
        }

        [Fact]
        public void Clusters_piped_into_Get_EcsService_are_read_concurrently()
        {
            var fake = Services(new Dictionary<string, int> { ["a"] = 20, ["b"] = 20, ["c"] = 20 });
            var api = new RoundTripApi(fake);
            EngineLoader.Use(new EcsEngine((_, _) => api, null));
            using var ps = InProcessShell.Create();
            var clusters = new[] { "a", "b", "c" }.Select(c => new EcsCluster { Cluster = c, Region = "us-east-1" }).ToArray();
            ps.AddCommand("Get-EcsService");
            var output = ps.Invoke<EcsService>(clusters);
            Assert.True(ps.Streams.Error.Count == 0, string.Join("; ", ps.Streams.Error.Select(e => e.ToString())));
            Assert.Equal(60, output.Count);
            Assert.Equal(new[] { "a", "b", "c" }, output.Select(s => s.Cluster).Distinct().ToArray());
            Assert.Equal(3, fake.Count("ListServices"));
            Assert.Equal(1, api.DepthOf("ListServices"));     // all three listed together
            Assert.Equal(2, api.DepthOf("DescribeServices"));
        }

        /// <summary>Counts the ListServices calls in flight at once (each answers after a pause, so calls sent together overlap).</summary>
        private sealed class ListingGauge : IAwsApi
        {
            private readonly IAwsApi _inner;
            private int _now;
            public int Max;
            public ListingGauge(IAwsApi inner) => _inner = inner;
            public string Region => _inner.Region;

            public async Task<TOutput> CallAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input, CancellationToken cancellationToken)
                where TInput : class, new() where TOutput : class, new()
            {
                if (operation.Name != "ListServices") return await _inner.CallAsync(operation, input, cancellationToken);
                var now = Interlocked.Increment(ref _now);
                lock (this) Max = Math.Max(Max, now);
                try { return await _inner.CallAsync(operation, input, cancellationToken); }
                finally { Interlocked.Decrement(ref _now); }
            }
        }

        [Theory]
        [InlineData(2)]
        [InlineData(5)]
        public async Task Clusters_are_read_at_most_ClusterConcurrency_at_a_time_and_all_are_written(int limit)
        {
            var clusters = Enumerable.Range(0, 5).ToDictionary(i => "c" + i, _ => 3);
            var fake = Services(clusters);
            var gauge = new ListingGauge(new RoundTripApi(fake, pauseMs: 50));
            var sink = new CollectingSink();
            await new ServiceOperations((_, _) => gauge).GetAsync(CollectingSink.Session(), new GetServiceOptions
            {
                Targets = clusters.Keys.Select(c => new ServiceTarget { Cluster = c }).ToList(),
                ClusterConcurrency = limit,
            }, sink.Context());

            Assert.Equal(5, fake.Count("ListServices"));
            Assert.Equal(limit, gauge.Max);
            var output = sink.Outputs<EcsService>().Select(s => s.Cluster + "/" + s.Service).ToList();
            Assert.Equal(clusters.Keys.SelectMany(c => Enumerable.Range(0, 3).Select(i => c + "/svc-" + i.ToString("D3"))), output);
        }

        [Fact]
        public async Task A_cluster_that_does_not_exist_is_its_own_error_and_the_other_clusters_are_written()
        {
            var clusters = new Dictionary<string, int> { ["a"] = 12, ["b"] = 4 };
            var fake = Services(clusters);
            var listing = Services(clusters);
            fake.Handle(Ecs.EcsApi.ListServices, r =>
            {
                if (Mapping.NameFromArn(r.Cluster) == "gone")
                    throw new EcsAdminException("Aws.ClusterNotFoundException", EcsErrorKind.ObjectNotFound, "Cluster not found.", r.Cluster, null, null, "ClusterNotFoundException");
                return listing.CallAsync(Ecs.EcsApi.ListServices, r, CancellationToken.None).GetAwaiter().GetResult();
            });
            var sink = new CollectingSink();
            await new ServiceOperations(fake.Factory).GetAsync(CollectingSink.Session(), new GetServiceOptions
            {
                Targets = new[] { "a", "gone", "b" }.Select(c => new ServiceTarget { Cluster = c }).ToList(),
            }, sink.Context());

            var output = sink.Outputs<EcsService>().Select(s => s.Cluster + "/" + s.Service).ToList();
            Assert.Equal(16, output.Count);
            Assert.Equal(new[] { "a", "b" }, output.Select(o => o.Split('/')[0]).Distinct());
            var error = Assert.Single(sink.Errors);
            Assert.Equal("ClusterNotFound", error.ErrorId);
            Assert.Equal(EcsErrorKind.ObjectNotFound, error.Kind);
            Assert.Equal("gone", error.Target);
            Assert.Contains("Cluster not found.", error.Message);
            Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
        }

        /// <summary>ListTasks answers page after page (never the last); every call after the first waits until cancelled.</summary>
        private sealed class EndlessTasks : IAwsApi
        {
            public int ListCalls, Cancelled;
            public string Region => "us-east-1";

            public async Task<TOutput> CallAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input, CancellationToken cancellationToken)
                where TInput : class, new() where TOutput : class, new()
            {
                if (input is Ecs.DescribeTasksRequest d)
                    return (TOutput)(object)new Ecs.DescribeTasksResponse { Tasks = d.Tasks.Select(t => new Ecs.Task { TaskArn = t, LastStatus = "RUNNING" }).ToList() };
                var n = Interlocked.Increment(ref ListCalls);
                if (n > 1)
                {
                    try { await Task.Delay(Timeout.Infinite, cancellationToken); }
                    catch (OperationCanceledException) { Interlocked.Increment(ref Cancelled); throw; }
                }
                return (TOutput)(object)new Ecs.ListTasksResponse
                {
                    TaskArns = Enumerable.Range(0, 100).Select(i => Account + "task/prod/p" + n + "-" + i).ToList(),
                    NextToken = "page" + (n + 1),
                };
            }
        }

        [Fact]
        public void When_the_pipeline_has_enough_the_read_is_cancelled_and_sends_nothing_more()
        {
            var api = new EndlessTasks();
            EngineLoader.Use(new EcsEngine((_, _) => api, null));
            using var ps = InProcessShell.Create();
            // A downstream command that stops the pipeline after three objects (as Select-Object -First 3 does; only the
            // core cmdlets exist in this in-process shell).
            ps.AddCommand("Get-EcsTask").AddParameter("Cluster", "prod")
              .AddCommand("ForEach-Object").AddParameter("Begin", ScriptBlock.Create("$n = 0")).AddParameter("Process", ScriptBlock.Create("if (++$n -gt 3) { throw 'enough' }; $_"));
            var output = new PSDataCollection<PSObject>();
            var ex = Assert.ThrowsAny<RuntimeException>(() => ps.Invoke(null, output));
            Assert.Contains("enough", ex.Message);
            Assert.Equal(3, output.Count);
            // The second page may have been asked for before Select-Object stopped the pipeline; it is then cancelled,
            // and no third request follows. (Guard deadline only: a hang fails the test.)
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (Volatile.Read(ref api.Cancelled) < Volatile.Read(ref api.ListCalls) - 1 && DateTime.UtcNow < deadline) Thread.Sleep(10);
            Assert.True(api.ListCalls <= 2 && api.Cancelled == api.ListCalls - 1, "ListTasks calls " + api.ListCalls + ", cancelled " + api.Cancelled);
        }
    }
}
