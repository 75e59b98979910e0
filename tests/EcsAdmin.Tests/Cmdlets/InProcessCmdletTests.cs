using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Commands.Cluster;
using EcsAdmin.Contracts;
using EcsAdmin.Engine;
using EcsAdmin.Loader;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Cmdlets
{
    /// <summary>Cmdlets hosted in-process (no module build), with the engine's AWS seam faked.</summary>
    [Collection("in-process cmdlets")]
    public sealed class InProcessCmdletTests
    {
        private static PowerShell Shell()
        {
            return InProcessShell.Create("eu-west-1");
        }

        [Fact]
        public void Objects_stream_out_typed_and_failures_are_per_item_records()
        {
            var fake = new FakeAwsApi("eu-west-1")
                .Handle(Ecs.EcsApi.DescribeClusters, req => new Ecs.DescribeClustersResponse
                {
                    Clusters = req.Clusters.Where(n => n != "nope").Select(n => new Ecs.Cluster { ClusterName = n, Status = "ACTIVE" }).ToList(),
                });
            EngineLoader.Use(new EcsEngine(fake.Factory, null));
            using var ps = Shell();
            var results = ps.AddCommand("Get-EcsCluster").AddParameter("Name", new[] { "a", "nope", "b" }).Invoke();
            Assert.Equal(new[] { "a", "b" }, results.Select(r => ((EcsCluster)r.BaseObject).Cluster));
            var error = Assert.Single(ps.Streams.Error);
            Assert.StartsWith("ClusterNotFound", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.ObjectNotFound, error.CategoryInfo.Category);
            Assert.Equal("nope", error.TargetObject);
            Assert.False(string.IsNullOrEmpty(error.ErrorDetails.RecommendedAction));
        }

        [Fact]
        public void WhatIf_reaches_no_operation()
        {
            var fake = new FakeAwsApi("eu-west-1");
            EngineLoader.Use(new EcsEngine(fake.Factory, null));
            using var ps = Shell();
            ps.AddCommand("Remove-EcsCluster").AddParameter("Name", "prod").AddParameter("WhatIf").Invoke();
            ps.Commands.Clear();
            ps.AddCommand("New-EcsCluster").AddParameter("Name", "prod").AddParameter("WhatIf").Invoke();
            Assert.Empty(fake.Calls);
        }

        [Fact]
        public async Task Stop_cancels_the_operation_and_returns_control()
        {
            var started = new ManualResetEventSlim();
            var observedCancel = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var fake = new FakeAwsApi("eu-west-1").Handle(Ecs.EcsApi.ListClusters, _ =>
            {
                started.Set();
                return new Ecs.ListClustersResponse();
            });
            EngineLoader.Use(new HangingEngine(new EcsEngine(fake.Factory, null), started, observedCancel));
            using var ps = Shell();
            ps.AddCommand("Get-EcsCluster");
            var run = ps.BeginInvoke();
            Assert.True(started.Wait(TimeSpan.FromSeconds(20)), "the operation never started");
            var stop = Task.Factory.FromAsync(ps.BeginStop(null, null), ps.EndStop);
            // Guard timeouts only (no speed assertion): a hang fails the test, the latency is reported by the bench.
            Assert.True(await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(15))) == stop, "Stop did not return");
            Assert.True(await Task.WhenAny(observedCancel.Task, Task.Delay(TimeSpan.FromSeconds(15))) == observedCancel.Task, "the operation never saw the cancellation");
            Assert.Equal(PSInvocationState.Stopped, ps.InvocationStateInfo.State);
        }

        /// <summary>An engine whose cluster listing waits until cancelled (a long wait or a paging loop).</summary>
        private sealed class HangingEngine : IEcsEngine
        {
            private readonly IEcsEngine _inner;
            public HangingEngine(IEcsEngine inner, ManualResetEventSlim started, TaskCompletionSource<bool> observed)
            {
                _inner = inner;
                Clusters = new HangingClusters(started, observed);
            }
            public EcsSession ResolveSession(SessionRequest request, OperationContext context) => _inner.ResolveSession(request, context);
            public IClusterOperations Clusters { get; }
            public ITaskDefinitionOperations TaskDefinitions => _inner.TaskDefinitions;
            public IServiceOperations Services => _inner.Services;
            public ITaskOperations Tasks => _inner.Tasks;
            public IScalingOperations Scaling => _inner.Scaling;
            public IObservabilityOperations Observability => _inner.Observability;
            public IExecOperations Exec => _inner.Exec;
            public IServiceFileOperations ServiceFiles => _inner.ServiceFiles;
            public IDeploymentOperations Deployments => _inner.Deployments;
            public IRightSizingOperations RightSizing => _inner.RightSizing;
            public ICapacityProviderOperations CapacityProviders => _inner.CapacityProviders;
            public IContainerInstanceOperations ContainerInstances => _inner.ContainerInstances;
            public IAccountSettingOperations AccountSettings => _inner.AccountSettings;
            public INamespaceOperations Namespaces => _inner.Namespaces;
            public ITransferOperations Transfers => _inner.Transfers;
        }

        private sealed class HangingClusters : IClusterOperations
        {
            private readonly ManualResetEventSlim _started;
            private readonly TaskCompletionSource<bool> _observed;
            public HangingClusters(ManualResetEventSlim started, TaskCompletionSource<bool> observed) { _started = started; _observed = observed; }
            public Task CreateAsync(EcsSession s, NewClusterOptions o, OperationContext c) => Task.CompletedTask;
            public async Task GetAsync(EcsSession s, string[]? n, OperationContext c)
            {
                c.Progress(new ProgressInfo { ActivityId = 7, Activity = "waiting", Status = "forever" });
                _started.Set();
                try { await Task.Delay(Timeout.Infinite, c.CancellationToken); }
                catch (OperationCanceledException) { _observed.TrySetResult(true); throw; }
            }
            public Task SetAsync(EcsSession s, SetClusterOptions o, OperationContext c) => Task.CompletedTask;
            public Task RemoveAsync(EcsSession s, string cluster, OperationContext c) => Task.CompletedTask;
        }
    }

    [CollectionDefinition("in-process cmdlets", DisableParallelization = true)]
    public sealed class InProcessCollection { }
}
