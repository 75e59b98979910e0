using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Commands.Cluster;
using EcsAdmin.Engine;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Loader;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Cmdlets
{
    /// <summary>Ctrl+C during a fan-out over regions cancels every in-flight call and leaves nothing running.</summary>
    [Collection("in-process cmdlets")]
    public sealed class FanOutCancellationTests
    {
        /// <summary>An AWS seam whose every call waits until cancelled, counting starts and cancellations.</summary>
        private sealed class StalledApi : IAwsApi
        {
            private readonly Counter _counter;
            public StalledApi(string region, Counter counter) { Region = region; _counter = counter; }
            public string Region { get; }
            public async Task<TOutput> CallAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input, CancellationToken cancellationToken)
                where TInput : class, new() where TOutput : class, new()
            {
                Interlocked.Increment(ref _counter.Started);
                lock (_counter.Regions) _counter.Regions.Add(Region);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                    return new TOutput();
                }
                catch (OperationCanceledException)
                {
                    Interlocked.Increment(ref _counter.Cancelled);
                    throw;
                }
            }
        }

        private sealed class Counter
        {
            public int Started;
            public int Cancelled;
            public readonly HashSet<string> Regions = new();
        }

        [Fact]
        public async Task Stop_during_a_multi_region_health_fan_out_cancels_every_call()
        {
            var counter = new Counter();
            EngineLoader.Use(new EcsEngine((session, _) => new StalledApi(session.Region, counter), null));

            using var ps = InProcessShell.Create();
            ps.AddCommand("Get-EcsServiceHealth").AddParameter("Region", new[] { "us-east-1", "eu-west-1", "ap-southeast-2" }).AddParameter("ThrottleLimit", 3);
            var run = ps.BeginInvoke();

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (counter.Regions.Count < 3 && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(3, counter.Regions.Count);

            var stop = Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop);
            // Guard timeouts only: a hang fails the test; the stop latency itself is measured by the bench.
            Assert.True(await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(15))) == stop, "Stop did not return");
            deadline = DateTime.UtcNow.AddSeconds(15);
            while (Volatile.Read(ref counter.Cancelled) < Volatile.Read(ref counter.Started) && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.Equal(Volatile.Read(ref counter.Started), Volatile.Read(ref counter.Cancelled));
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }
    }
}
