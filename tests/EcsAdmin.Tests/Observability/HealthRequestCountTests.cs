using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws.Generated.Elbv2;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Cw = EcsAdmin.Engine.Aws.Generated.CloudWatch;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Observability
{
    /// <summary>Get-EcsServiceHealth makes exactly the minimum number of requests (HealthRequestPlan) and respects every batch limit.</summary>
    public sealed class HealthRequestCountTests
    {
        private const string Region = "us-east-1";
        private static readonly DateTime Now = new DateTime(2026, 1, 1, 12, 0, 0, DateTimeKind.Utc);

        /// <summary>
        /// A fake ECS/CloudWatch account: clusters of N services, each with a few stopped tasks, and A alarms. Services
        /// whose number <paramref name="needy"/> picks run 1 of 2 desired tasks (so their stopped tasks are read); the
        /// others are at their steady state.
        /// </summary>
        private static FakeAwsApi Account(Dictionary<string, int> clusters, int stoppedPerService, int alarms, int alarmsOnServices, Func<int, bool>? needy = null)
        {
            needy ??= _ => false;
            var api = new FakeAwsApi(Region);
            string Svc(int i) => "svc-" + i.ToString("D3");
            api.Handle(Ecs.EcsApi.ListClusters, r =>
            {
                Assert.True(r.MaxResults is null || r.MaxResults <= 100);
                return new Ecs.ListClustersResponse { ClusterArns = clusters.Keys.Select(c => "arn:aws:ecs:us-east-1:111122223333:cluster/" + c).ToList() };
            });
            api.Handle(Ecs.EcsApi.ListServices, r =>
            {
                Assert.Equal(100, r.MaxResults);
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
                        DesiredCount = 2, RunningCount = needy(int.Parse(s.Substring(4))) ? 1 : 2, PendingCount = 0,
                        Deployments = new List<Ecs.Deployment> { new Ecs.Deployment { Id = "d-" + s, Status = "PRIMARY", RolloutState = "COMPLETED", DesiredCount = 2, RunningCount = 2 } },
                        Events = new List<Ecs.ServiceEvent> { new Ecs.ServiceEvent { Id = "e1", CreatedAt = Now.AddMinutes(-1), Message = "(service " + s + ") has reached a steady state." } },
                    }).ToList(),
                };
            });
            string TaskArn(string cluster, string service, int k) => "arn:aws:ecs:us-east-1:111122223333:task/" + cluster + "/" + service + "-t" + k;
            api.Handle(Ecs.EcsApi.ListTasks, r =>
            {
                Assert.Equal("STOPPED", r.DesiredStatus);
                Assert.Equal(100, r.MaxResults);
                if (!string.IsNullOrEmpty(r.ServiceName))
                    return new Ecs.ListTasksResponse { TaskArns = Enumerable.Range(0, stoppedPerService).Select(k => TaskArn(r.Cluster, r.ServiceName, k)).ToList() };
                // Cluster-wide: every service's stopped tasks, 100 per page.
                var all = Enumerable.Range(0, clusters[r.Cluster]).SelectMany(i => Enumerable.Range(0, stoppedPerService).Select(k => TaskArn(r.Cluster, Svc(i), k))).ToList();
                int start = r.NextToken is null ? 0 : int.Parse(r.NextToken);
                return new Ecs.ListTasksResponse { TaskArns = all.Skip(start).Take(100).ToList(), NextToken = start + 100 < all.Count ? (start + 100).ToString() : null };
            });
            api.Handle(Ecs.EcsApi.DescribeTasks, r =>
            {
                Assert.InRange(r.Tasks.Count, 1, 100);
                return new Ecs.DescribeTasksResponse
                {
                    Tasks = r.Tasks.Select(arn => new Ecs.Task
                    {
                        TaskArn = arn, Group = "service:" + arn.Substring(arn.LastIndexOf('/') + 1, arn.LastIndexOf("-t", StringComparison.Ordinal) - arn.LastIndexOf('/') - 1),
                        StopCode = "EssentialContainerExited", StoppedReason = "Essential container in task exited", StoppedAt = Now.AddMinutes(-3),
                        Containers = new List<Ecs.Container> { new Ecs.Container { Name = "app", ExitCode = 1 } },
                    }).ToList(),
                };
            });
            api.Handle(Cw.CloudWatchApi.GetMetricData, r =>
            {
                Assert.InRange(r.MetricDataQueries.Count, 1, 500);
                Assert.All(r.MetricDataQueries, q => Assert.Equal(900, q.MetricStat.Period));
                // Value encodes the service number and the query kind, so the test can check the mapping back.
                return new Cw.GetMetricDataOutput
                {
                    MetricDataResults = r.MetricDataQueries.Select(q =>
                    {
                        var svc = q.MetricStat.Metric.Dimensions.Single(d => d.Name == "ServiceName").Value;
                        double v = (svc.StartsWith("svc-") ? int.Parse(svc.Substring(4)) % 50 : 10) + (q.MetricStat.Metric.MetricName == "MemoryUtilization" ? 0.5 : 0) + (q.MetricStat.Stat == "Maximum" ? 0.25 : 0);
                        return new Cw.MetricDataResult { Id = q.Id, Values = new List<double> { v }, Timestamps = new List<DateTime> { Now }, StatusCode = "Complete" };
                    }).ToList(),
                };
            });
            var alarmList = Enumerable.Range(0, alarms).Select(i => new Cw.MetricAlarm
            {
                AlarmName = "alarm-" + i,
                MetricName = "CPUUtilization",
                Namespace = "AWS/ECS",
                StateValue = i == 0 ? "ALARM" : "OK",
                Dimensions = i < alarmsOnServices
                    ? new List<Cw.Dimension> { new Cw.Dimension { Name = "ClusterName", Value = clusters.Keys.First() }, new Cw.Dimension { Name = "ServiceName", Value = Svc(i) } }
                    : new List<Cw.Dimension> { new Cw.Dimension { Name = "InstanceId", Value = "i-" + i } },
            }).ToList();
            api.Handle(Cw.CloudWatchApi.DescribeAlarms, r =>
            {
                Assert.Equal(100, r.MaxRecords);
                int start = r.NextToken is null ? 0 : int.Parse(r.NextToken);
                return new Cw.DescribeAlarmsOutput
                {
                    MetricAlarms = alarmList.Skip(start).Take(100).ToList(),
                    NextToken = start + 100 < alarmList.Count ? (start + 100).ToString() : null,
                };
            });
            return api;
        }

        private static (List<EcsServiceHealth> Out, CollectingSink Sink) Run(FakeAwsApi api, ServiceHealthOptions options)
        {
            var sink = new CollectingSink();
            options.Now = Now;
            new ObservabilityOperations(api.Factory).GetHealthAsync(CollectingSink.Session(Region), options, sink.Context()).GetAwaiter().GetResult();
            Assert.Empty(sink.Errors);
            return (sink.Outputs<EcsServiceHealth>().ToList(), sink);
        }

        [Theory]
        [InlineData(1, 0, 0, 0)]
        [InlineData(10, 1, 1, 0)]
        [InlineData(11, 2, 150, 3)]      // three services need stopped tasks: one ListTasks each
        [InlineData(100, 1, 100, 4)]     // four: one cluster-wide listing (100 tasks, one page)
        [InlineData(125, 1, 101, 125)]
        [InlineData(126, 1, 5, 10)]
        [InlineData(250, 3, 250, 50)]    // 750 stopped tasks: the listing stops after three pages
        [InlineData(100, 0, 0, 100)]
        public void All_clusters_all_services_use_the_planned_request_count(int services, int stoppedPerService, int alarms, int needy)
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = services }, stoppedPerService, alarms, Math.Min(alarms, services), i => i < needy);
            var (output, _) = Run(api, new ServiceHealthOptions());

            Assert.Equal(services, output.Count);
            int clusterStopped = services * stoppedPerService;
            int listed = needy <= ObservabilityOperations.StoppedTasksPerServiceLimit ? needy * stoppedPerService
                : Math.Min(clusterStopped, 100 * ObservabilityOperations.StoppedTaskPagesRead);
            int listPages = needy == 0 ? 0 : needy <= ObservabilityOperations.StoppedTasksPerServiceLimit ? needy : Math.Max(1, Math.Min(HealthRequestPlan.Ceil(clusterStopped, 100), 3));
            Assert.Equal(1, api.Count("ListClusters"));
            Assert.Equal(HealthRequestPlan.Ceil(services, 100), api.Count("ListServices"));
            Assert.Equal(HealthRequestPlan.Ceil(services, 10), api.Count("DescribeServices"));
            Assert.Equal(listPages, api.Count("ListTasks"));
            Assert.Equal(HealthRequestPlan.Ceil(listed, 100), api.Count("DescribeTasks"));
            Assert.Equal(HealthRequestPlan.Ceil(4 * services, 500), api.Count("GetMetricData"));
            Assert.Equal(Math.Max(1, HealthRequestPlan.Ceil(alarms, 100)), api.Count("DescribeAlarms"));

            var planned = HealthRequestPlan.Minimum(1, new[]
            {
                new HealthRequestPlan.ClusterCounts
                {
                    ListServicesPages = HealthRequestPlan.Ceil(services, 100), Services = services, ServicesNeedingStoppedTasks = needy,
                    StoppedTaskPages = HealthRequestPlan.Ceil(clusterStopped, 100), StoppedTasks = listed,
                },
            }, alarms);
            Assert.Equal(planned, api.Calls.Count);
            // Only the services that need them carry stopped tasks.
            Assert.All(output.Where(h => h.RunningCount == h.DesiredCount), h => Assert.Empty(h.StoppedTasks));
        }

        [Fact]
        public void A_hundred_services_take_at_most_twenty_requests_whatever_needs_stopped_tasks()
        {
            foreach (var needy in new[] { 0, 1, 3, 4, 50, 100 })
            {
                var api = Account(new Dictionary<string, int> { ["prod"] = 100 }, 5, 30, 30, i => i < needy);
                Run(api, new ServiceHealthOptions { Targets = { new HealthTarget { Cluster = "prod" } } });
                Assert.True(api.Calls.Count <= 20, needy + " services needing stopped tasks: " + api.Calls.Count + " requests");
                Assert.Equal(0, api.Count("ListClusters"));
            }
        }

        [Fact]
        public void Steady_services_are_not_asked_for_stopped_tasks()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 40 }, 2, 0, 0);
            var (output, _) = Run(api, new ServiceHealthOptions());
            Assert.Equal(40, output.Count);
            Assert.Equal(0, api.Count("ListTasks"));
            Assert.Equal(0, api.Count("DescribeTasks"));
            Assert.All(output, h => Assert.Equal(EcsHealthStatus.Healthy, h.Status));
        }

        [Fact]
        public void The_cluster_wide_listing_gives_each_service_its_own_stopped_tasks()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 20 }, 2, 0, 0, i => i % 2 == 0);
            var (output, _) = Run(api, new ServiceHealthOptions());
            Assert.Equal(1, api.Count("ListTasks"));
            var list = (Ecs.ListTasksRequest)api.Calls.Single(c => c.Operation == "ListTasks").Input;
            Assert.Null(list.ServiceName);
            foreach (var h in output)
            {
                int i = int.Parse(h.Service.Substring(4));
                if (i % 2 == 0) Assert.Equal(new[] { h.Service + "-t0", h.Service + "-t1" }, h.StoppedTasks.Select(t => t.TaskId).OrderBy(x => x).ToArray());
                else Assert.Empty(h.StoppedTasks);
            }
        }

        [Theory]
        [InlineData(2, 2, 0, null, null, false)]
        [InlineData(2, 1, 0, null, null, true)]
        [InlineData(2, 2, 1, null, null, true)]
        [InlineData(2, 2, 0, "FAILED", null, true)]
        [InlineData(2, 2, 0, "IN_PROGRESS", null, true)]
        [InlineData(2, 2, 0, null, "(service web) has started 1 tasks: (task abc).", true)]
        [InlineData(2, 2, 0, null, "(service web) was unable to place a task.", true)]
        [InlineData(2, 2, 0, null, "(service web) has reached a steady state.", false)]
        public void Which_services_need_stopped_tasks(int desired, int running, int pending, string? rollout, string? recentEvent, bool needs)
        {
            var s = new Ecs.Service
            {
                Status = "ACTIVE", DesiredCount = desired, RunningCount = running, PendingCount = pending,
                Deployments = new List<Ecs.Deployment> { new Ecs.Deployment { Id = "d1", Status = "PRIMARY", RolloutState = rollout ?? "COMPLETED" } },
                Events = recentEvent is null ? null : new List<Ecs.ServiceEvent> { new Ecs.ServiceEvent { CreatedAt = Now.AddMinutes(-1), Message = recentEvent } },
            };
            Assert.Equal(needs, ObservabilityOperations.NeedsStoppedTasks(s, Now.AddMinutes(-15)));
            // The same event before the window does not count; an inactive service never needs them.
            if (recentEvent != null) { s.Events![0].CreatedAt = Now.AddHours(-1); Assert.False(ObservabilityOperations.NeedsStoppedTasks(s, Now.AddMinutes(-15))); }
            s.Status = "DRAINING";
            Assert.False(ObservabilityOperations.NeedsStoppedTasks(s, Now.AddMinutes(-15)));
        }

        [Fact]
        public async Task Requests_go_out_in_at_most_four_rounds_after_the_cluster_list()
        {
            // Each call answers after the calls already in flight: the depth is the number of round trips one after another.
            var fake = Account(new Dictionary<string, int> { ["prod"] = 100 }, 1, 10, 10, i => i < 10);
            var api = new RoundTripApi(fake);
            var sink = new CollectingSink();
            await new ObservabilityOperations((_, _) => api).GetHealthAsync(CollectingSink.Session(Region), new ServiceHealthOptions { Now = Now, Targets = { new HealthTarget { Cluster = "prod" } } }, sink.Context());
            Assert.Equal(100, sink.Outputs<EcsServiceHealth>().Count());
            // ListServices; DescribeServices x10 at once; then ListTasks, GetMetricData and DescribeAlarms at once; DescribeTasks.
            Assert.Equal(4, api.Depth);
            Assert.Equal(1, api.DepthOf("ListServices"));
            Assert.Equal(2, api.DepthOf("DescribeServices"));
            Assert.Equal(3, api.DepthOf("GetMetricData"));
            Assert.Equal(3, api.DepthOf("DescribeAlarms"));
            Assert.Equal(4, api.DepthOf("DescribeTasks"));
        }

        [Fact]
        public void Metrics_stopped_tasks_and_alarms_land_on_the_right_service()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 130 }, 2, 3, 3, i => i == 129);
            var (output, _) = Run(api, new ServiceHealthOptions());
            var s7 = output.Single(h => h.Service == "svc-007");
            Assert.Equal(7, s7.CpuAverage);
            Assert.Equal(7.25, s7.CpuMaximum);
            Assert.Equal(7.5, s7.MemoryAverage);
            Assert.Equal(7.75, s7.MemoryMaximum);
            var s129 = output.Single(h => h.Service == "svc-129");
            Assert.Equal(29.75, s129.MemoryMaximum);
            Assert.Equal(2, s129.StoppedTasks.Length);
            Assert.All(s129.StoppedTasks, t => Assert.StartsWith("svc-129-t", t.TaskId));
            Assert.Equal(EcsHealthStatus.Degraded, s129.Status);

            var s0 = output.Single(h => h.Service == "svc-000");
            Assert.Equal(EcsHealthStatus.Unhealthy, s0.Status);
            Assert.Equal("alarm-0", Assert.Single(s0.Alarms).AlarmName);
            Assert.Equal("OK", Assert.Single(output.Single(h => h.Service == "svc-002").Alarms).StateValue);
            Assert.Empty(output.Single(h => h.Service == "svc-003").Alarms);
            Assert.Equal("prod", s0.Cluster);
            Assert.Equal(Region, s0.Region);
            Assert.Single(s0.LatestEvents);
        }

        [Fact]
        public void Named_cluster_and_services_skip_the_list_calls()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 30 }, 1, 0, 0, i => i == 2);
            var (output, _) = Run(api, new ServiceHealthOptions { Targets = { new HealthTarget { Cluster = "prod", Services = new[] { "svc-001", "svc-002", "svc-003" } } } });
            Assert.Equal(new[] { "svc-001", "svc-002", "svc-003" }, output.Select(o => o.Service).ToArray());
            Assert.Equal(0, api.Count("ListClusters"));
            Assert.Equal(0, api.Count("ListServices"));
            Assert.Equal(1, api.Count("DescribeServices"));
            // One service needs its stopped tasks: listed by service name, not cluster-wide.
            Assert.Equal("svc-002", ((Ecs.ListTasksRequest)api.Calls.Single(c => c.Operation == "ListTasks").Input).ServiceName);
            Assert.Equal("svc-002-t0", Assert.Single(output[1].StoppedTasks).TaskId);
            var minimum = HealthRequestPlan.Minimum(0, new[] { new HealthRequestPlan.ClusterCounts { Services = 3, ServicesNeedingStoppedTasks = 1, StoppedTasks = 1 } }, 0);
            Assert.Equal(minimum, api.Calls.Count);
        }

        [Fact]
        public void Services_of_two_clusters_share_the_metric_and_alarm_calls()
        {
            var api = Account(new Dictionary<string, int> { ["a"] = 60, ["b"] = 70 }, 1, 10, 0, i => i % 10 == 0);
            var (output, _) = Run(api, new ServiceHealthOptions());
            Assert.Equal(130, output.Count);
            Assert.Equal(2, api.Count("ListServices"));
            Assert.Equal(13, api.Count("DescribeServices"));
            Assert.Equal(2, api.Count("ListTasks"));     // one cluster-wide listing per cluster (6 and 7 services need it)
            Assert.Equal(2, api.Count("DescribeTasks")); // one per cluster (60 and 70 tasks)
            Assert.Equal(2, api.Count("GetMetricData"));  // 520 queries
            Assert.Equal(1, api.Count("DescribeAlarms"));
            var minimum = HealthRequestPlan.Minimum(1, new[]
            {
                new HealthRequestPlan.ClusterCounts { ListServicesPages = 1, Services = 60, ServicesNeedingStoppedTasks = 6, StoppedTasks = 60 },
                new HealthRequestPlan.ClusterCounts { ListServicesPages = 1, Services = 70, ServicesNeedingStoppedTasks = 7, StoppedTasks = 70 },
            }, 10);
            Assert.Equal(minimum, api.Calls.Count);
        }

        [Fact]
        public async Task Wildcards_filter_the_listed_services()
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 30 }, 0, 0, 0);
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).GetHealthAsync(CollectingSink.Session(Region),
                new ServiceHealthOptions { Now = Now, Targets = { new HealthTarget { Cluster = "prod", Services = new[] { "svc-01*" } } } }, sink.Context());
            Assert.Equal(10, sink.Outputs<EcsServiceHealth>().Count());
            Assert.All(sink.Outputs<EcsServiceHealth>(), h => Assert.StartsWith("svc-01", h.Service));
            Assert.Equal(0, api.Count("ListClusters"));
        }

        [Fact]
        public async Task A_service_the_api_does_not_return_is_reported_as_not_found()
        {
            var api = new FakeAwsApi(Region)
                .Handle(Ecs.EcsApi.DescribeServices, r => new Ecs.DescribeServicesResponse { Services = new List<Ecs.Service>(), Failures = new List<Ecs.Failure> { new Ecs.Failure { Arn = r.Services[0], Reason = "MISSING" } } });
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).GetHealthAsync(CollectingSink.Session(Region),
                new ServiceHealthOptions { Now = Now, Targets = { new HealthTarget { Cluster = "prod", Services = new[] { "ghost" } } } }, sink.Context());
            var error = Assert.Single(sink.Errors);
            Assert.Equal("ServiceNotFound", error.ErrorId);
            Assert.Empty(sink.Outputs<EcsServiceHealth>());
            Assert.Single(api.Calls); // nothing else is asked once there is nothing to check
        }

        private static FakeAwsApi WithTargetGroups(params string[] groups)
        {
            var api = Account(new Dictionary<string, int> { ["prod"] = 1 }, 0, 0, 0);
            api.Handle(Ecs.EcsApi.DescribeServices, r => new Ecs.DescribeServicesResponse
            {
                Services = r.Services.Select(s => new Ecs.Service { ServiceName = s, Status = "ACTIVE", DesiredCount = 2, RunningCount = 2,
                    LoadBalancers = groups.Select(g => new Ecs.LoadBalancer { TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/" + g, ContainerName = "app", ContainerPort = 80 }).ToList() }).ToList(),
            });
            return api;
        }

        private static TargetHealthDescription Target(string id, int port, string state, string? reason = null) => new TargetHealthDescription
        {
            Target = new TargetDescription { Id = id, Port = port },
            TargetHealth = new TargetHealth { State = state, Reason = reason },
        };

        [Fact]
        public void Unhealthy_targets_are_read_once_per_target_group_and_degrade_the_service()
        {
            var api = WithTargetGroups("web/1", "shared/2");
            api.Handle(Elbv2Api.DescribeTargetHealth, r => new DescribeTargetHealthOutput
            {
                TargetHealthDescriptions = r.TargetGroupArn.EndsWith("web/1")
                    ? new List<TargetHealthDescription> { Target("10.0.0.1", 80, "healthy"), Target("10.0.0.2", 80, "unhealthy", "Target.ResponseCodeMismatch") }
                    : new List<TargetHealthDescription> { Target("10.0.0.3", 80, "healthy") },
            });
            var (output, _) = Run(api, new ServiceHealthOptions { Targets = { new HealthTarget { Cluster = "prod", Services = new[] { "web", "api" } } } });
            Assert.Equal(2, output.Count);
            // Both services share both groups: two calls, not four.
            Assert.Equal(2, api.Count("DescribeTargetHealth"));
            var web = output.Single(o => o.Service == "web");
            var tg = web.TargetHealth.Single(t => t.TargetGroupArn.EndsWith("web/1"));
            Assert.Equal("Checked", tg.State);
            Assert.Equal(1, tg.HealthyTargets);
            Assert.Equal(1, tg.UnhealthyTargets);
            Assert.Contains("ResponseCodeMismatch", tg.Reason);
            Assert.Equal(EcsHealthStatus.Degraded, web.Status);
            Assert.Contains(web.Reasons, r => r.Contains("1 load balancer target"));
            var minimum = HealthRequestPlan.Minimum(0, new[] { new HealthRequestPlan.ClusterCounts { Services = 2 } }, 0, targetGroups: 2);
            Assert.Equal(minimum, api.Calls.Count);
        }

        [Fact]
        public void A_target_group_that_cannot_be_read_is_reported_as_not_checked_with_a_reason()
        {
            var api = WithTargetGroups("web/1");
            api.Fail(Elbv2Api.DescribeTargetHealth, "AccessDenied", "not allowed");
            var (output, _) = Run(api, new ServiceHealthOptions { Targets = { new HealthTarget { Cluster = "prod", Services = new[] { "web" } } } });
            var tg = Assert.Single(Assert.Single(output).TargetHealth);
            Assert.Equal("NotChecked", tg.State);
            Assert.Contains("not allowed", tg.Reason);
            Assert.Contains("describe-target-health", tg.Reason);
            Assert.Equal(EcsHealthStatus.Healthy, output[0].Status);
        }
    }
}
