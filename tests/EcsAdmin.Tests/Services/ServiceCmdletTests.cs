using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using EcsAdmin.Commands.Service;
using EcsAdmin.Engine;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Loader;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Services
{
    /// <summary>The service cmdlets hosted in-process on a scripted FakeAwsApi.</summary>
    [Collection("in-process cmdlets")]
    public sealed class ServiceCmdletTests
    {
        private readonly FakeAwsApi _api = new FakeAwsApi();

        public ServiceCmdletTests() => EngineLoader.Use(new EcsEngine(_api.Factory, null));

        private static PowerShell Shell()
        {
            return InProcessShell.Create("us-east-1");
        }

        [Fact]
        public void Wait_reports_a_rollback_as_RolledBack_with_a_DeploymentRolledBack_error_and_closed_progress()
        {
            _api.Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS"), Fx.Dep("ecs-svc/old", "ACTIVE", Fx.OldTd, "COMPLETED", running: 2) }))
                .Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/rb", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2), Fx.Dep("ecs-svc/new", "ACTIVE", Fx.NewTd, "FAILED", failed: 2) },
                    Fx.Ev("e1", 10, "(service web) rolling back to deployment ecs-svc/rb.")))
                .WithNoStoppedTasks();
            using var ps = Shell();
            var output = ps.AddCommand("Wait-EcsService").AddParameter("Cluster", "prod").AddParameter("Name", "web").Invoke();

            var result = Assert.IsType<EcsDeploymentResult>(Assert.Single(output).BaseObject);
            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.Equal("ecs-svc/new", result.DeploymentId);
            Assert.Equal(Fx.OldTd, result.RolledBackTo);
            var error = Assert.Single(ps.Streams.Error);
            Assert.StartsWith("DeploymentRolledBack", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidResult, error.CategoryInfo.Category);
            Assert.NotNull(error.ErrorDetails.RecommendedAction);
            var progress = ps.Streams.Progress.ToList();
            Assert.NotEmpty(progress);
            Assert.All(progress, p => Assert.Equal(DeploymentWatcher.ProgressActivityId, p.ActivityId));
            Assert.Equal(ProgressRecordType.Completed, progress.Last().RecordType);
        }

        [Fact]
        public void Stopping_the_pipeline_interrupts_the_wait_at_once_and_closes_progress()
        {
            _api.Reply(Ecs.EcsApi.DescribeServices, Fx.Services(true, new[] { Fx.Dep("ecs-svc/new", "PRIMARY", Fx.NewTd, "IN_PROGRESS") }));
            using var ps = Shell();
            ps.AddCommand("Wait-EcsService").AddParameter("Cluster", "prod").AddParameter("Name", "web").AddParameter("TimeoutSec", 3600);
            var async = ps.BeginInvoke();
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (_api.Count("DescribeServices") < 2 && DateTime.UtcNow < deadline) Thread.Sleep(10);
            Assert.Equal(2, _api.Count("DescribeServices")); // the service once, the first poll once; now in a 3 s back-off
            var stop = ps.BeginStop(null, null);
            // A hang guard: without the stop, the wait would go on polling (3 s, then longer back-offs) for an hour.
            Assert.True(stop.AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(20)), "Stop did not return");
            ps.EndStop(stop);
            Assert.Throws<PipelineStoppedException>(() => ps.EndInvoke(async));
            Assert.Equal(2, _api.Count("DescribeServices")); // no poll after the stop
            // (After a stop PowerShell takes no more records; the watcher's own Completed record is asserted in DeploymentWatcherTests.)
        }

        [Fact]
        public void New_with_a_missing_subnet_writes_a_typed_error_and_sends_nothing()
        {
            using var ps = Shell();
            var output = ps.AddCommand("New-EcsFargateService").AddParameter("Cluster", "prod").AddParameter("Name", "web")
                .AddParameter("TaskDefinition", "web:1").AddParameter("SecurityGroup", new[] { "sg-1" }).Invoke();
            Assert.Empty(output);
            Assert.StartsWith("SubnetRequired", Assert.Single(ps.Streams.Error).FullyQualifiedErrorId);
            Assert.Empty(_api.Calls);
        }

        [Fact]
        public void Update_with_an_unknown_image_container_is_non_terminating_for_each_piped_service()
        {
            _api.Handle(Ecs.EcsApi.DescribeServices, r => Fx.Services(true, new[] { Fx.Dep("ecs-svc/old", "PRIMARY", Fx.OldTd, "COMPLETED", running: 2) }))
                .Handle(Ecs.EcsApi.DescribeTaskDefinition, _ => new Ecs.DescribeTaskDefinitionResponse
                {
                    TaskDefinition = new Ecs.TaskDefinition { TaskDefinitionArn = Fx.OldTd, Family = "web", ContainerDefinitions = new System.Collections.Generic.List<Ecs.ContainerDefinition> { new Ecs.ContainerDefinition { Name = "web", Image = "a:1" } } },
                });
            using var ps = Shell();
            var services = new[] { new EcsService { Region = "us-east-1", Cluster = "prod", Service = "a" }, new EcsService { Region = "us-east-1", Cluster = "prod", Service = "b" } };
            ps.AddCommand("Update-EcsService").AddParameter("Image", new Hashtable { ["api"] = "x:2" }).Invoke(services);
            Assert.Equal(2, ps.Streams.Error.Count);
            Assert.All(ps.Streams.Error, e => Assert.True(e.FullyQualifiedErrorId.StartsWith("ContainerNotInTaskDefinition"), e.FullyQualifiedErrorId + ": " + e));
            Assert.Equal(0, _api.Count("RegisterTaskDefinition"));
            Assert.Equal(0, _api.Count("UpdateService"));
        }
    }
}
