using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using As = EcsAdmin.Engine.Aws.Generated.AutoScaling;
using Cw = EcsAdmin.Engine.Aws.Generated.CloudWatch;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.RightSizing
{
    /// <summary>Get-EcsRightSizing's operation against the FakeAwsApi seam: request counts, batching, verdicts, Spot history, resize.</summary>
    public sealed class RightSizingOperationTests
    {
        private const string Region = "us-east-1";
        private static readonly DateTime Now = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc);

        /// <summary>
        /// A fake account: clusters of N services each on 1 vCPU / 2048 MiB (FARGATE, 2 tasks). A service's CPU maximum is
        /// cpuOf(name) percent in every period of the window; memory 20%. Stopped tasks: interruptions per service.
        /// </summary>
        private static FakeAwsApi Account(Dictionary<string, int> clusters, Func<string, double> cpuOf, Func<string, int>? interruptionsOf = null)
        {
            var api = new FakeAwsApi(Region);
            string Svc(int i) => "svc-" + i.ToString("D4");
            api.Handle(Ecs.EcsApi.ListClusters, r => new Ecs.ListClustersResponse { ClusterArns = clusters.Keys.Select(c => "arn:aws:ecs:us-east-1:111122223333:cluster/" + c).ToList() });
            api.Handle(Ecs.EcsApi.ListServices, r =>
            {
                int start = r.NextToken is null ? 0 : int.Parse(r.NextToken);
                int n = clusters[r.Cluster];
                var page = Enumerable.Range(start, Math.Max(0, Math.Min(100, n - start))).Select(i => "arn:aws:ecs:us-east-1:111122223333:service/" + r.Cluster + "/" + Svc(i)).ToList();
                return new Ecs.ListServicesResponse { ServiceArns = page, NextToken = start + 100 < n ? (start + 100).ToString() : null };
            });
            api.Handle(Ecs.EcsApi.DescribeServices, r =>
            {
                Assert.InRange(r.Services.Count, 1, 10);
                return new Ecs.DescribeServicesResponse
                {
                    Services = r.Services.Select(s => new Ecs.Service
                    {
                        ServiceName = s, ServiceArn = "arn:aws:ecs:us-east-1:111122223333:service/" + r.Cluster + "/" + s, Status = "ACTIVE",
                        DesiredCount = 2, RunningCount = 2, LaunchType = "FARGATE", TaskDefinition = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1",
                    }).ToList(),
                };
            });
            api.Handle(Ecs.EcsApi.DescribeTaskDefinition, r => new Ecs.DescribeTaskDefinitionResponse
            {
                TaskDefinition = new Ecs.TaskDefinition
                {
                    TaskDefinitionArn = r.TaskDefinition, Family = "web", Cpu = "1024", Memory = "2048", NetworkMode = "awsvpc",
                    RequiresCompatibilities = new List<string> { "FARGATE" }, Compatibilities = new List<string> { "EC2", "FARGATE" },
                    ContainerDefinitions = new List<Ecs.ContainerDefinition> { new Ecs.ContainerDefinition { Name = "app", Image = "nginx", Memory = 768 } },
                },
                Tags = new List<Ecs.Tag> { new Ecs.Tag { Key = "team", Value = "web" } },
            });
            api.Handle(Ecs.EcsApi.ListTasks, r =>
            {
                Assert.Equal("STOPPED", r.DesiredStatus);
                Assert.Null(r.ServiceName); // one listing per cluster, not per service
                var arns = new List<string>();
                for (int i = 0; i < clusters[r.Cluster]; i++)
                    for (int k = 0; k < (interruptionsOf?.Invoke(Svc(i)) ?? 0); k++)
                        arns.Add("arn:aws:ecs:us-east-1:111122223333:task/" + r.Cluster + "/" + Svc(i) + "-" + k);
                int start = r.NextToken is null ? 0 : int.Parse(r.NextToken);
                return new Ecs.ListTasksResponse { TaskArns = arns.Skip(start).Take(100).ToList(), NextToken = start + 100 < arns.Count ? (start + 100).ToString() : null };
            });
            api.Handle(Ecs.EcsApi.DescribeTasks, r =>
            {
                Assert.InRange(r.Tasks.Count, 1, 100);
                return new Ecs.DescribeTasksResponse
                {
                    Tasks = r.Tasks.Select(arn => new Ecs.Task
                    {
                        TaskArn = arn, StopCode = "SpotInterruption", Group = "service:" + arn.Split('/').Last().Split('-').Take(2).Aggregate((a, b) => a + "-" + b),
                    }).ToList(),
                };
            });
            api.Handle(As.AutoScalingApi.DescribeScalableTargets, r => new As.DescribeScalableTargetsResponse { ScalableTargets = new List<As.ScalableTarget>() });
            api.Handle(Ecs.EcsApi.DescribeClusters, r => new Ecs.DescribeClustersResponse());
            api.Handle(Cw.CloudWatchApi.GetMetricData, r =>
            {
                Assert.InRange(r.MetricDataQueries.Count, 1, 500);
                Assert.All(r.MetricDataQueries, q => Assert.Equal("Maximum", q.MetricStat.Stat));
                Assert.All(r.MetricDataQueries, q => Assert.Equal(7200, q.MetricStat.Period));
                Assert.Equal(Now.AddDays(-14), r.StartTime);
                return new Cw.GetMetricDataOutput
                {
                    MetricDataResults = r.MetricDataQueries.Select(q =>
                    {
                        var svc = q.MetricStat.Metric.Dimensions.Single(d => d.Name == "ServiceName").Value;
                        double v = q.MetricStat.Metric.MetricName == "CPUUtilization" ? cpuOf(svc) : 20;
                        return new Cw.MetricDataResult { Id = q.Id, Values = Enumerable.Repeat(v, 168).ToList(), StatusCode = "Complete" };
                    }).ToList(),
                };
            });
            return api;
        }

        private static (List<T> Out, CollectingSink Sink) Run<T>(FakeAwsApi api, RightSizingOptions options)
        {
            var sink = new CollectingSink();
            options.Now = Now;
            new RightSizingOperations(api.Factory).GetAsync(CollectingSink.Session(Region), options, sink.Context()).GetAwaiter().GetResult();
            Assert.Empty(sink.Errors);
            return (sink.Outputs<T>().ToList(), sink);
        }

        [Theory]
        [InlineData(1, 1)]
        [InlineData(250, 1)]   // 500 series: one read
        [InlineData(251, 2)]
        [InlineData(1000, 4)]  // 2,000 series: four reads
        public void One_metric_read_per_500_series_across_every_cluster(int services, int reads)
        {
            // Split over three clusters read in parallel; the metric reads still cover all of them together.
            var clusters = new Dictionary<string, int> { ["a"] = services / 2, ["b"] = services - services / 2 - services / 4, ["c"] = services / 4 };
            var api = Account(clusters, _ => 10);
            var (output, _) = Run<EcsRightSizing>(api, new RightSizingOptions());
            Assert.Equal(services, output.Count);
            Assert.Equal(reads, api.Count("GetMetricData"));
            Assert.True(api.Count("GetMetricData") <= Math.Ceiling(2.0 * services / 500));
            var ids = api.Calls.Where(c => c.Operation == "GetMetricData").SelectMany(c => ((Cw.GetMetricDataInput)c.Input).MetricDataQueries).ToList();
            Assert.Equal(2 * services, ids.Count);
            Assert.Equal(2 * services, ids.Select(q => q.MetricStat.Metric.Dimensions[0].Value + "/" + q.MetricStat.Metric.Dimensions[1].Value + "/" + q.MetricStat.Metric.MetricName).Distinct().Count());
            // The task definition all services share is described once; ListTasks once per cluster.
            Assert.Equal(1, api.Count("DescribeTaskDefinition"));
            Assert.Equal(clusters.Values.Count(n => n > 0), api.Count("ListTasks"));
            Assert.Equal(1, api.Count("ListClusters"));
        }

        [Fact]
        public void Each_service_gets_its_own_verdict_and_costs_match_the_shipped_table()
        {
            // svc-0000 idles at 10% of 1 vCPU; svc-0001 peaks at 80% (+20% = 0.96 vCPU: right); svc-0002 at 95% with p95 95% (under).
            var cpu = new Dictionary<string, double> { ["svc-0000"] = 10, ["svc-0001"] = 80, ["svc-0002"] = 95 };
            var api = Account(new Dictionary<string, int> { ["prod"] = 3 }, s => cpu[s]);
            var (output, _) = Run<EcsRightSizing>(api, new RightSizingOptions { Targets = { new HealthTarget { Cluster = "prod" } } });
            var over = output.Single(r => r.Service == "svc-0000");
            var right = output.Single(r => r.Service == "svc-0001");
            var under = output.Single(r => r.Service == "svc-0002");

            Assert.Equal(EcsRightSizingVerdict.OverProvisioned, over.Verdict);
            Assert.Equal(256, over.RecommendedCpu);
            Assert.Equal(512, over.RecommendedMemory);    // CPU 0.1 vCPU +20% = 0.12; memory 20% of 2048 = 410 MiB, +20% = 492
            Assert.Equal(EcsRightSizingVerdict.Right, right.Verdict);
            Assert.Null(right.RecommendedCpu);
            Assert.Equal(EcsRightSizingVerdict.UnderProvisioned, under.Verdict);
            Assert.Equal(EcsRightSizingAction.Resize, under.Action);
            Assert.Equal(2048, under.RecommendedCpu);
            Assert.Equal(4096, under.RecommendedMemory);

            // Hand computation, us-east-1: 1 vCPU / 2 GiB = 0.04048 + 2 x 0.004445 = 0.04937 per task-hour;
            // 2 tasks x 730 h = 72.08 a month. 0.25 vCPU / 0.5 GiB = 0.01012 + 0.0022225 = 0.0123425; x 1460 = 18.02.
            Assert.Equal(72.08, over.MonthlyCost);
            Assert.Equal(72.08, over.MonthlyCostOnDemand);
            Assert.Equal(18.02, over.RecommendedMonthlyCost);
            Assert.Equal(18.02, over.RecommendedMonthlyCostOnDemand);
            Assert.Equal(54.06, over.MonthlySaving);
            Assert.Equal(72.08, right.RecommendedMonthlyCost);
            Assert.Equal(0, right.MonthlySaving);
            // 2 vCPU / 4 GiB = 0.08096 + 0.01778 = 0.09874; x 1460 = 144.16.
            Assert.Equal(144.16, under.RecommendedMonthlyCost);
            Assert.Equal(-72.08, under.MonthlySaving);
            // Spot: 2 stateless replicas; one stays on demand, one on Spot at 30%: 0.0123425 x 730 x 1.3 = 11.71; saving 18.02 - 11.71.
            Assert.True(over.SpotSuitable);
            Assert.Equal(6.31, over.SpotMonthlySaving);
            Assert.Equal("2026-06-17 (shipped)", over.PriceTable);
        }

        [Fact]
        public void Summary_adds_up_the_cluster()
        {
            var cpu = new Dictionary<string, double> { ["svc-0000"] = 10, ["svc-0001"] = 80, ["svc-0002"] = 10 };
            var api = Account(new Dictionary<string, int> { ["prod"] = 3 }, s => cpu[s]);
            var (summary, _) = Run<EcsRightSizingSummary>(api, new RightSizingOptions { Targets = { new HealthTarget { Cluster = "prod" } }, Summary = true });
            var s = Assert.Single(summary);
            Assert.Equal("prod", s.Cluster);
            Assert.Equal(3, s.Services);
            Assert.Equal(2, s.OverProvisioned);
            Assert.Equal(1, s.Right);
            Assert.Equal(216.24, s.MonthlyCost);              // 3 x 72.08
            Assert.Equal(108.12, s.RecommendedMonthlyCost, 2); // 72.08 + 2 x 18.02
            Assert.Equal(108.12, s.MonthlySaving, 2);          // 2 x 54.06
        }

        [Fact]
        public void Cost_uses_the_service_strategy_or_else_the_cluster_default_strategy()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 2 }, _ => 80); // 80% of 1 vCPU: Right, 1 vCPU / 2048 MiB stays
            api.Handle(Ecs.EcsApi.DescribeServices, r => new Ecs.DescribeServicesResponse
            {
                Services = r.Services.Select(s => new Ecs.Service
                {
                    ServiceName = s, Status = "ACTIVE", DesiredCount = 5, TaskDefinition = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:1",
                    // svc-0000 names its strategy; svc-0001 names neither strategy nor launch type: the cluster default applies.
                    CapacityProviderStrategy = s == "svc-0000"
                        ? new List<Ecs.CapacityProviderStrategyItem>
                        {
                            new Ecs.CapacityProviderStrategyItem { CapacityProvider = "FARGATE", Weight = 1, Base = 1 },
                            new Ecs.CapacityProviderStrategyItem { CapacityProvider = "FARGATE_SPOT", Weight = 3 },
                        }
                        : null,
                }).ToList(),
            });
            api.Handle(Ecs.EcsApi.DescribeClusters, r => new Ecs.DescribeClustersResponse
            {
                Clusters = new List<Ecs.Cluster>
                {
                    new Ecs.Cluster
                    {
                        ClusterName = "prod",
                        DefaultCapacityProviderStrategy = new List<Ecs.CapacityProviderStrategyItem> { new Ecs.CapacityProviderStrategyItem { CapacityProvider = "FARGATE_SPOT", Weight = 1 } },
                    },
                },
            });
            var (output, _) = Run<EcsRightSizing>(api, new RightSizingOptions());
            var mixed = output.Single(r => r.Service == "svc-0000");
            var spot = output.Single(r => r.Service == "svc-0001");
            Assert.Equal(1, api.Count("DescribeClusters"));
            Assert.Equal("FARGATE 2 + FARGATE_SPOT 3", mixed.CapacityMix);
            // 0.04937 per task-hour x 730 = 36.0401 per task-month. On demand: x 5 = 180.20; mix: x (2 + 3 x 0.3) = 104.52.
            Assert.Equal(180.2, mixed.MonthlyCostOnDemand);
            Assert.Equal(104.52, mixed.MonthlyCost);
            Assert.Equal(104.52, mixed.RecommendedMonthlyCost);
            Assert.Equal("FARGATE 0 + FARGATE_SPOT 5", spot.CapacityMix);
            Assert.Equal(54.06, spot.MonthlyCost);   // 36.0401 x 5 x 0.3
            Assert.Contains("Already on FARGATE_SPOT", spot.SpotReason);
            Assert.Equal(0, spot.SpotMonthlySaving);  // one task back on demand would cost more, not less
        }

        [Fact]
        public void Container_Insights_task_maxima_are_used_where_the_cluster_has_them()
        {
            // AWS/ECS says 90% CPU for both services; Container Insights says the busiest task of svc-0000 used 100 of
            // 1024 CPU units and 300 of 2048 MiB, and has nothing for svc-0001 (which keeps the AWS/ECS numbers).
            var api = Account(new Dictionary<string, int> { ["prod"] = 2 }, _ => 90);
            api.Handle(Ecs.EcsApi.DescribeClusters, r =>
            {
                Assert.Contains("SETTINGS", r.Include);
                return new Ecs.DescribeClustersResponse
                {
                    Clusters = new List<Ecs.Cluster> { new Ecs.Cluster { ClusterName = "prod", Settings = new List<Ecs.ClusterSetting> { new Ecs.ClusterSetting { Name = "containerInsights", Value = "enabled" } } } },
                };
            });
            api.Handle(Cw.CloudWatchApi.GetMetricData, r => new Cw.GetMetricDataOutput
            {
                MetricDataResults = r.MetricDataQueries.Select(q =>
                {
                    var svc = q.MetricStat.Metric.Dimensions.Single(d => d.Name == "ServiceName").Value;
                    var values = q.MetricStat.Metric.Namespace == "ECS/ContainerInsights"
                        ? (svc == "svc-0000" ? Enumerable.Repeat(q.MetricStat.Metric.MetricName == "CpuUtilized" ? 100.0 : 300.0, 168).ToList() : new List<double>())
                        : Enumerable.Repeat(q.MetricStat.Metric.MetricName == "CPUUtilization" ? 90.0 : 20.0, 168).ToList();
                    return new Cw.MetricDataResult { Id = q.Id, Values = values, StatusCode = "Complete" };
                }).ToList(),
            });
            var (output, _) = Run<EcsRightSizing>(api, new RightSizingOptions());
            var queries = api.Calls.Where(c => c.Operation == "GetMetricData").SelectMany(c => ((Cw.GetMetricDataInput)c.Input).MetricDataQueries).ToList();
            Assert.Equal(8, queries.Count);   // 2 services x (2 AWS/ECS + 2 Container Insights), in one read
            Assert.Equal(1, api.Count("GetMetricData"));
            Assert.Equal(4, queries.Count(q => q.MetricStat.Metric.Namespace == "ECS/ContainerInsights" && q.MetricStat.Stat == "Maximum"));

            var ci = output.Single(r => r.Service == "svc-0000");
            Assert.StartsWith("ECS/ContainerInsights", ci.MetricSource);
            Assert.Equal(0.098, ci.CpuMax);     // 100 units = 0.098 vCPU
            Assert.Equal(300, ci.MemoryMax);
            Assert.Equal(EcsRightSizingVerdict.OverProvisioned, ci.Verdict);
            Assert.Equal(256, ci.RecommendedCpu);
            Assert.Equal(512, ci.RecommendedMemory);
            var fallback = output.Single(r => r.Service == "svc-0001");
            Assert.StartsWith("AWS/ECS", fallback.MetricSource);
            Assert.Equal(EcsRightSizingVerdict.UnderProvisioned, fallback.Verdict);
        }

        [Fact]
        public void SpotInterruption_stops_count_per_service_and_three_make_spot_unsuitable()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 3 }, _ => 50, s => s == "svc-0001" ? 3 : s == "svc-0002" ? 1 : 0);
            var (output, _) = Run<EcsRightSizing>(api, new RightSizingOptions());
            Assert.Equal(0, output.Single(r => r.Service == "svc-0000").SpotInterruptions);
            var hit = output.Single(r => r.Service == "svc-0001");
            Assert.Equal(3, hit.SpotInterruptions);
            Assert.False(hit.SpotSuitable);
            Assert.Contains("SpotInterruption", hit.SpotReason);
            Assert.Null(hit.SpotMonthlySaving);
            Assert.Equal(1, output.Single(r => r.Service == "svc-0002").SpotInterruptions);
            Assert.True(output.Single(r => r.Service == "svc-0002").SpotSuitable);
        }

        [Fact]
        public void A_bad_price_table_fails_before_any_request()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 1 }, _ => 10);
            var sink = new CollectingSink();
            var ex = Assert.Throws<EcsAdminException>(() => new RightSizingOperations(api.Factory)
                .GetAsync(CollectingSink.Session(Region), new RightSizingOptions { PriceTableJson = "[]", PriceTableOrigin = "bad.json" }, sink.Context()).GetAwaiter().GetResult());
            Assert.Equal("InvalidPriceTable", ex.ErrorId);
            Assert.Empty(api.Calls);
        }

        [Fact]
        public async Task Resize_registers_a_copy_of_the_current_revision_with_the_new_size()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 1 }, _ => 10);
            Ecs.RegisterTaskDefinitionRequest? sent = null;
            api.Handle(Ecs.EcsApi.RegisterTaskDefinition, r =>
            {
                sent = r;
                return new Ecs.RegisterTaskDefinitionResponse { TaskDefinition = new Ecs.TaskDefinition { TaskDefinitionArn = "arn:aws:ecs:us-east-1:111122223333:task-definition/web:2" } };
            });
            var sink = new CollectingSink();
            var ops = new RightSizingOperations(api.Factory);
            var arn = await ops.RegisterResizedAsync(CollectingSink.Session(Region), new ResizeServiceOptions { Cluster = "prod", Service = "svc-0000", Cpu = 512, Memory = 1024 }, sink.Context());
            Assert.Equal("arn:aws:ecs:us-east-1:111122223333:task-definition/web:2", arn);
            Assert.Equal("512", sent!.Cpu);
            Assert.Equal("1024", sent.Memory);
            Assert.Equal("web", sent.Family);
            Assert.Equal("nginx", sent.ContainerDefinitions.Single().Image);
            Assert.Equal("team", sent.Tags.Single().Key);

            // Same size: nothing registered.
            Assert.Null(await ops.RegisterResizedAsync(CollectingSink.Session(Region), new ResizeServiceOptions { Cluster = "prod", Service = "svc-0000", Cpu = 1024, Memory = 2048 }, sink.Context()));
            Assert.Equal(1, api.Count("RegisterTaskDefinition"));

            // A container reserving more than the new size: refused before registering.
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => ops.RegisterResizedAsync(CollectingSink.Session(Region), new ResizeServiceOptions { Cluster = "prod", Service = "svc-0000", Cpu = 256, Memory = 512 }, sink.Context()));
            Assert.Equal("ContainersExceedTaskSize", ex.ErrorId);
            // An invalid Fargate size: refused before any request.
            int calls = api.Calls.Count;
            ex = await Assert.ThrowsAsync<EcsAdminException>(() => ops.RegisterResizedAsync(CollectingSink.Session(Region), new ResizeServiceOptions { Cluster = "prod", Service = "svc-0000", Cpu = 256, Memory = 4096 }, sink.Context()));
            Assert.Equal("InvalidFargateSize", ex.ErrorId);
            Assert.Equal(calls, api.Calls.Count);
            Assert.Equal(1, api.Count("RegisterTaskDefinition"));
        }
    }
}
