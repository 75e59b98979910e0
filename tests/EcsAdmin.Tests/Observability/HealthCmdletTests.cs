using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using EcsAdmin.Commands.Cluster;
using EcsAdmin.Engine;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Loader;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Cw = EcsAdmin.Engine.Aws.Generated.CloudWatch;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Observability
{
    /// <summary>The observability cmdlets hosted in-process, one fake AWS account per region.</summary>
    [Collection("in-process cmdlets")]
    public sealed class HealthCmdletTests
    {
        private int _inFlight, _maxInFlight;

        // The fake answers synchronously and the slow handler blocks its thread: make sure the pool has threads
        // for every concurrent region at once, so the measurement shows the cmdlet's limit, not the pool's.
        public HealthCmdletTests()
        {
            ThreadPool.GetMinThreads(out var worker, out var io);
            if (worker < 16) ThreadPool.SetMinThreads(16, io);
        }

        private static PowerShell Shell()
        {
            return InProcessShell.Create(region: null);
        }

        /// <summary>A region with clusters c1 and c2 of two services each; ListClusters is slow so overlapping regions show.</summary>
        private FakeAwsApi Region(string region)
        {
            var api = new FakeAwsApi(region);
            api.Handle(Ecs.EcsApi.ListClusters, _ =>
            {
                var now = Interlocked.Increment(ref _inFlight);
                lock (this) _maxInFlight = Math.Max(_maxInFlight, now);
                Thread.Sleep(300);
                Interlocked.Decrement(ref _inFlight);
                return new Ecs.ListClustersResponse { ClusterArns = new List<string> { "arn:aws:ecs:" + region + ":1:cluster/c1", "arn:aws:ecs:" + region + ":1:cluster/c2" } };
            });
            api.Handle(Ecs.EcsApi.ListServices, r => new Ecs.ListServicesResponse { ServiceArns = new List<string> { "arn:aws:ecs:" + region + ":1:service/" + r.Cluster + "/web", "arn:aws:ecs:" + region + ":1:service/" + r.Cluster + "/api" } });
            api.Handle(Ecs.EcsApi.DescribeServices, r => new Ecs.DescribeServicesResponse
            {
                Services = r.Services.Select(s => new Ecs.Service { ServiceName = s, Status = "ACTIVE", DesiredCount = 1, RunningCount = s == "api" ? 0 : 1 }).ToList(),
            });
            api.Handle(Ecs.EcsApi.ListTasks, _ => new Ecs.ListTasksResponse { TaskArns = new List<string>() });
            api.Handle(Cw.CloudWatchApi.GetMetricData, r => new Cw.GetMetricDataOutput());
            api.Handle(Cw.CloudWatchApi.DescribeAlarms, r => new Cw.DescribeAlarmsOutput());
            return api;
        }

        private Dictionary<string, FakeAwsApi> UseRegions(params string[] regions)
        {
            var fakes = regions.ToDictionary(r => r, Region);
            AwsApiFactory factory = (session, _) => fakes[session.Region];
            EngineLoader.Use(new EcsEngine(factory, null));
            return fakes;
        }

        [Fact]
        public void Several_regions_are_checked_concurrently_up_to_the_throttle_limit()
        {
            var fakes = UseRegions("us-east-1", "us-west-2", "eu-west-1");
            using var ps = Shell();
            var results = ps.AddCommand("Get-EcsServiceHealth").AddParameter("Region", new[] { "us-east-1", "us-west-2", "eu-west-1" }).AddParameter("ThrottleLimit", 3).Invoke();
            Assert.Empty(ps.Streams.Error);
            var health = results.Select(r => (EcsServiceHealth)r.BaseObject).ToList();
            Assert.Equal(12, health.Count);
            Assert.Equal(new[] { "eu-west-1", "us-east-1", "us-west-2" }, health.Select(h => h.Region).Distinct().OrderBy(x => x).ToArray());
            Assert.All(health.Where(h => h.Service == "api"), h => Assert.Equal(EcsHealthStatus.Unhealthy, h.Status));
            Assert.Equal(3, _maxInFlight);
            Assert.All(fakes.Values, f => Assert.Equal(1, f.Count("GetMetricData")));
        }

        [Fact]
        public void ThrottleLimit_one_checks_one_region_at_a_time()
        {
            UseRegions("us-east-1", "us-west-2");
            using var ps = Shell();
            var results = ps.AddCommand("Get-EcsServiceHealth").AddParameter("Region", new[] { "us-east-1", "us-west-2" }).AddParameter("ThrottleLimit", 1).Invoke();
            Assert.Equal(8, results.Count);
            Assert.Equal(1, _maxInFlight);
        }

        [Fact]
        public void Piped_objects_of_one_region_are_gathered_into_one_check_with_shared_batches()
        {
            var fakes = UseRegions("eu-west-1", "us-east-1");
            using var ps = Shell();
            var input = new object[]
            {
                new EcsCluster { Cluster = "c1", Region = "eu-west-1" },
                new EcsCluster { Cluster = "c2", Region = "eu-west-1" },
                PSObject.AsPSObject(new Dictionary<string, object>()), // no properties: nothing is bound, nothing is checked for it
            };
            ps.AddScript("$input | Where-Object { $_ -is [EcsAdmin.Models.EcsCluster] } | Get-EcsServiceHealth; [pscustomobject]@{ Cluster = 'c1'; Service = 'web'; Region = 'us-east-1' } | Get-EcsServiceHealth");
            var results = ps.Invoke(input).Select(r => (EcsServiceHealth)r.BaseObject).ToList();
            Assert.Empty(ps.Streams.Error);
            Assert.Equal(new[] { "eu-west-1/c1/api", "eu-west-1/c1/web", "eu-west-1/c2/api", "eu-west-1/c2/web", "us-east-1/c1/web" },
                results.Select(h => h.Region + "/" + h.Cluster + "/" + h.Service).OrderBy(x => x).ToArray());
            // Both piped clusters of eu-west-1 share one metric call and one alarm scan; no ListClusters for named clusters.
            Assert.Equal(1, fakes["eu-west-1"].Count("GetMetricData"));
            Assert.Equal(1, fakes["eu-west-1"].Count("DescribeAlarms"));
            Assert.Equal(0, fakes["eu-west-1"].Count("ListClusters"));
            Assert.Equal(0, fakes["us-east-1"].Count("ListServices"));
        }

        [Fact]
        public void WhatIf_on_New_and_Remove_EcsServiceAlarm_makes_no_call()
        {
            var fakes = UseRegions("eu-west-1");
            // -WhatIf resolves the session (locally) to name the real target, so the shell needs a region.
            using var ps = InProcessShell.Create(region: "eu-west-1");
            ps.AddScript("New-EcsServiceAlarm -Cluster c1 -Service web -WhatIf; Remove-EcsServiceAlarm -Name a, b -WhatIf; Remove-EcsServiceAlarm -Name c -Force -WhatIf").Invoke();
            Assert.Empty(ps.Streams.Error);
            Assert.Empty(fakes["eu-west-1"].Calls);
        }
    }
}
