using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using EcsAdmin.Validation;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Deployments
{
    public class DeploymentOperationsTests
    {
        private static readonly EcsSession Session = CollectingSink.Session();

        private static FakeAwsApi Paused() => new FakeAwsApi()
            .Reply(Ecs.EcsApi.ContinueServiceDeployment, new Ecs.ContinueServiceDeploymentResponse { ServiceDeploymentArn = Dx.Arn })
            .Reply(Ecs.EcsApi.StopServiceDeployment, new Ecs.StopServiceDeploymentResponse { ServiceDeploymentArn = Dx.Arn });

        [Fact]
        public async Task Pause_then_continue_sends_CONTINUE_for_the_waiting_hook_and_follows_to_success()
        {
            var api = Paused().Sequence(
                Dx.D("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", test: 100, hook: Dx.Pause()),
                Dx.D("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", prod: 100, hook: Dx.Pause("SUCCEEDED")),
                Dx.D("SUCCESSFUL", "CLEAN_UP", prod: 100, hook: Dx.Pause("SUCCEEDED")));
            var sink = new CollectingSink();

            await Dx.Ops(api).ActAsync(Session, new DeploymentActionOptions { ServiceDeploymentArn = Dx.Arn, Action = DeploymentAction.Continue, Wait = Dx.Quick() }, sink.Context());

            var call = Assert.Single(api.Calls, c => c.Operation == "ContinueServiceDeployment");
            var req = (Ecs.ContinueServiceDeploymentRequest)call.Input;
            Assert.Equal(Dx.Arn, req.ServiceDeploymentArn);
            Assert.Equal("hook-3f2a", req.HookId);
            Assert.Equal("CONTINUE", req.Action);
            Assert.Equal(0, api.Count("StopServiceDeployment"));
            var result = Assert.Single(sink.Outputs<EcsDeploymentResult>());
            Assert.Equal(EcsDeploymentOutcome.Succeeded, result.Outcome);
            Assert.Empty(sink.Errors);
        }

        [Fact]
        public async Task Pause_then_reject_sends_ROLLBACK_and_reports_the_rollback_it_asked_for_without_error()
        {
            var api = Paused().Sequence(
                Dx.D("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", test: 100, hook: Dx.Pause()),
                Dx.D("ROLLBACK_IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", hook: Dx.Pause("FAILED"), rollbackReason: "Rolled back by ContinueServiceDeployment."),
                Dx.D("ROLLBACK_SUCCESSFUL", "CLEAN_UP", hook: Dx.Pause("FAILED"), rollbackReason: "Rolled back by ContinueServiceDeployment."));
            var sink = new CollectingSink();

            await Dx.Ops(api).ActAsync(Session, new DeploymentActionOptions { ServiceDeploymentArn = Dx.Arn, Action = DeploymentAction.Reject, Wait = Dx.Quick() }, sink.Context());

            var req = (Ecs.ContinueServiceDeploymentRequest)Assert.Single(api.Calls, c => c.Operation == "ContinueServiceDeployment").Input;
            Assert.Equal("ROLLBACK", req.Action);
            Assert.Equal("hook-3f2a", req.HookId);
            var result = Assert.Single(sink.Outputs<EcsDeploymentResult>());
            Assert.Equal(EcsDeploymentOutcome.RolledBack, result.Outcome);
            Assert.NotEqual(EcsDeploymentOutcome.Succeeded, result.Outcome);
            Assert.Empty(sink.Errors);
        }

        [Fact]
        public async Task Approve_refuses_a_deployment_that_is_not_paused_without_sending_anything()
        {
            var api = Paused().Sequence(Dx.D("IN_PROGRESS", "SCALE_UP"));
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Dx.Ops(api).ActAsync(Session,
                new DeploymentActionOptions { ServiceDeploymentArn = Dx.Arn, Action = DeploymentAction.Continue }, new CollectingSink().Context()));
            Assert.Equal("DeploymentNotPaused", ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidOperation, ex.Kind);
            Assert.Equal(0, api.Count("ContinueServiceDeployment"));
        }

        [Fact]
        public async Task Abort_sends_ABORT_and_reports_Aborted_as_asked()
        {
            var api = Paused()
                .WithService()
                .Listing((Dx.Arn, "IN_PROGRESS", Dx.NewRev))
                .Sequence(Dx.D("IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", prod: 40), Dx.D("STOP_REQUESTED", "PRODUCTION_TRAFFIC_SHIFT", prod: 40), Dx.D("STOPPED", "PRODUCTION_TRAFFIC_SHIFT", prod: 40));
            var sink = new CollectingSink();

            await Dx.Ops(api).ActAsync(Session, new DeploymentActionOptions { Cluster = Dx.Cluster, Service = Dx.Service, Action = DeploymentAction.StopAbort, Wait = Dx.Quick() }, sink.Context());

            var list = (Ecs.ListServiceDeploymentsRequest)Assert.Single(api.Calls, c => c.Operation == "ListServiceDeployments").Input;
            Assert.Equal(Dx.Service, list.Service);
            Assert.Contains("IN_PROGRESS", list.Status);
            var stop = (Ecs.StopServiceDeploymentRequest)Assert.Single(api.Calls, c => c.Operation == "StopServiceDeployment").Input;
            Assert.Equal("ABORT", stop.StopType);
            Assert.Equal(Dx.Arn, stop.ServiceDeploymentArn);
            Assert.Equal(EcsDeploymentOutcome.Aborted, Assert.Single(sink.Outputs<EcsDeploymentResult>()).Outcome);
            Assert.Empty(sink.Errors);
        }

        [Fact]
        public async Task Stop_refuses_a_finished_deployment()
        {
            var api = Paused().Sequence(Dx.D("SUCCESSFUL", "CLEAN_UP"));
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Dx.Ops(api).ActAsync(Session,
                new DeploymentActionOptions { ServiceDeploymentArn = Dx.Arn, Action = DeploymentAction.StopRollback }, new CollectingSink().Context()));
            Assert.Equal("DeploymentNotInProgress", ex.ErrorId);
            Assert.Equal(0, api.Count("StopServiceDeployment"));
        }

        [Fact]
        public async Task Undo_with_nothing_in_flight_redeploys_the_previous_good_revision()
        {
            const string td6 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:6";
            var older = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/older";
            var failed = "arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/failed";
            var api = new FakeAwsApi()
                .WithService()
                .Listing((Dx.Arn, "SUCCESSFUL", Dx.NewRev), (failed, "ROLLBACK_SUCCESSFUL", "arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/bad"), (older, "SUCCESSFUL", Dx.OldRev))
                .Reply(Ecs.EcsApi.DescribeServiceRevisions, r => new Ecs.DescribeServiceRevisionsResponse
                {
                    ServiceRevisions = r.ServiceRevisionArns.Select(a => new Ecs.ServiceRevision { ServiceRevisionArn = a, ServiceArn = Dx.ServiceArn, ClusterArn = Dx.ClusterArn, TaskDefinition = td6 }).ToList(),
                })
                .Handle(Ecs.EcsApi.UpdateService, r => new Ecs.UpdateServiceResponse { Service = new Ecs.Service { ServiceName = Dx.Service, TaskDefinition = r.TaskDefinition, Status = "ACTIVE" } });
            var sink = new CollectingSink();

            await Dx.Ops(api).UndoAsync(Session, new UndoServiceOptions { Cluster = Dx.Cluster, Service = Dx.Service }, sink.Context());

            var rev = (Ecs.DescribeServiceRevisionsRequest)Assert.Single(api.Calls, c => c.Operation == "DescribeServiceRevisions").Input;
            Assert.Equal(new[] { Dx.OldRev }, rev.ServiceRevisionArns);
            var update = (Ecs.UpdateServiceRequest)Assert.Single(api.Calls, c => c.Operation == "UpdateService").Input;
            Assert.Equal(td6, update.TaskDefinition);
            Assert.Equal(0, api.Count("StopServiceDeployment"));
            Assert.Equal(td6, Assert.Single(sink.Outputs<EcsService>()).TaskDefinition);
        }

        [Fact]
        public async Task Undo_with_a_deployment_in_flight_stops_it_with_rollback()
        {
            var api = new FakeAwsApi()
                .WithService()
                .Listing((Dx.Arn, "IN_PROGRESS", Dx.NewRev), ("arn:aws:ecs:us-east-1:123456789012:service-deployment/prod/web/older", "SUCCESSFUL", Dx.OldRev))
                .Reply(Ecs.EcsApi.StopServiceDeployment, new Ecs.StopServiceDeploymentResponse { ServiceDeploymentArn = Dx.Arn })
                .Sequence(Dx.D("ROLLBACK_IN_PROGRESS", "PRODUCTION_TRAFFIC_SHIFT", rollbackReason: "Stopped by StopServiceDeployment."),
                          Dx.D("ROLLBACK_SUCCESSFUL", "CLEAN_UP", rollbackReason: "Stopped by StopServiceDeployment."));
            var sink = new CollectingSink();

            await Dx.Ops(api).UndoAsync(Session, new UndoServiceOptions { Cluster = Dx.Cluster, Service = Dx.Service, Wait = Dx.Quick() }, sink.Context());

            var stop = (Ecs.StopServiceDeploymentRequest)Assert.Single(api.Calls, c => c.Operation == "StopServiceDeployment").Input;
            Assert.Equal("ROLLBACK", stop.StopType);
            Assert.Equal(0, api.Count("UpdateService"));
            Assert.Equal(EcsDeploymentOutcome.RolledBack, Assert.Single(sink.Outputs<EcsDeploymentResult>()).Outcome);
            Assert.Empty(sink.Errors);
        }

        [Fact]
        public async Task Undo_without_the_deployments_API_needs_a_task_definition()
        {
            var api = new FakeAwsApi().WithService();
            api.Reply<Ecs.ListServiceDeploymentsRequest, Ecs.ListServiceDeploymentsResponse>(Ecs.EcsApi.ListServiceDeployments, _ =>
                throw new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented, "ecs ListServiceDeployments is not supported by the endpoint.", "ListServiceDeployments"));
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Dx.Ops(api).UndoAsync(Session, new UndoServiceOptions { Cluster = Dx.Cluster, Service = Dx.Service }, new CollectingSink().Context()));
            Assert.Equal("UndoNeedsDeploymentHistory", ex.ErrorId);
            Assert.Equal(0, api.Count("UpdateService"));
        }

        [Fact]
        public async Task Wait_falls_back_to_DescribeServices_where_the_endpoint_names_no_service_deployment_and_says_so()
        {
            var api = new FakeAwsApi().WithService();
            api.Reply<Ecs.ListServiceDeploymentsRequest, Ecs.ListServiceDeploymentsResponse>(Ecs.EcsApi.ListServiceDeployments, _ =>
                throw new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented, "ecs ListServiceDeployments is not supported by the endpoint (404).", "ListServiceDeployments"));
            var sink = new CollectingSink();

            await Dx.Services(api).WaitAsync(Session, new WaitServiceOptions { Cluster = Dx.Cluster, Service = Dx.Service, Wait = Dx.Quick() }, sink.Context());

            Assert.Equal(EcsDeploymentOutcome.Succeeded, Assert.Single(sink.Outputs<EcsDeploymentResult>()).Outcome);
            Assert.Contains(sink.Verbose, v => v.Contains("through DescribeServices") && v.Contains("does not implement the ECS deployments API"));
            Assert.Equal(0, api.Count("DescribeServiceDeployments"));
            Assert.Equal(0, api.Count("ListServiceDeployments"));
        }

        [Fact]
        public async Task Wait_falls_back_when_DescribeServiceDeployments_is_not_implemented()
        {
            var api = new FakeAwsApi().WithService(current: Dx.Arn);
            api.Reply<Ecs.DescribeServiceDeploymentsRequest, Ecs.DescribeServiceDeploymentsResponse>(Ecs.EcsApi.DescribeServiceDeployments, _ =>
                throw new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented, "ecs DescribeServiceDeployments is not supported by the endpoint (404).", "DescribeServiceDeployments"));
            var sink = new CollectingSink();
            await Dx.Services(api).WaitAsync(Session, new WaitServiceOptions { Cluster = Dx.Cluster, Service = Dx.Service, Wait = Dx.Quick() }, sink.Context());
            Assert.Equal(EcsDeploymentOutcome.Succeeded, Assert.Single(sink.Outputs<EcsDeploymentResult>()).Outcome);
            Assert.Contains(sink.Verbose, v => v.Contains("through DescribeServices") && v.Contains("DescribeServiceDeployments"));
        }

        [Fact]
        public async Task Wait_until_Paused_without_the_API_is_refused_with_a_typed_error()
        {
            var api = new FakeAwsApi().WithService();
            api.Reply<Ecs.ListServiceDeploymentsRequest, Ecs.ListServiceDeploymentsResponse>(Ecs.EcsApi.ListServiceDeployments, _ =>
                throw new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented, "not supported", "ListServiceDeployments"));
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Dx.Services(api).WaitAsync(Session,
                new WaitServiceOptions { Cluster = Dx.Cluster, Service = Dx.Service, Wait = Dx.Quick(), Until = new WaitUntil { Target = "Paused" } }, new CollectingSink().Context()));
            Assert.Equal("UntilNeedsDeploymentsApi", ex.ErrorId);
        }

        [Fact]
        public async Task Wait_follows_the_current_service_deployment_by_arn()
        {
            var api = new FakeAwsApi().WithService(current: Dx.Arn).Sequence(Dx.D("IN_PROGRESS", "SCALE_UP"), Dx.D("SUCCESSFUL", "CLEAN_UP"));
            var sink = new CollectingSink();
            await Dx.Services(api).WaitAsync(Session, new WaitServiceOptions { Cluster = Dx.Cluster, Service = Dx.Service, Wait = Dx.Quick() }, sink.Context());
            var result = Assert.Single(sink.Outputs<EcsDeploymentResult>());
            Assert.Equal(Dx.Arn, result.ServiceDeploymentArn);
            Assert.Equal(0, api.Count("ListServiceDeployments"));
            Assert.All(api.Calls.Where(c => c.Operation == "DescribeServiceDeployments"), c => Assert.Equal(new[] { Dx.Arn }, ((Ecs.DescribeServiceDeploymentsRequest)c.Input).ServiceDeploymentArns));
        }

        [Fact]
        public async Task Get_in_progress_across_clusters_lists_each_service_and_describes_in_flight_ones()
        {
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.ListClusters, new Ecs.ListClustersResponse { ClusterArns = new List<string> { Dx.ClusterArn, "arn:aws:ecs:us-east-1:123456789012:cluster/test" } })
                .Handle(Ecs.EcsApi.ListServices, r => new Ecs.ListServicesResponse { ServiceArns = r.Cluster == Dx.ClusterArn ? new List<string> { Dx.ServiceArn } : new List<string>() })
                .Listing((Dx.Arn, "IN_PROGRESS", Dx.NewRev))
                .Sequence(Dx.D("IN_PROGRESS", "POST_TEST_TRAFFIC_SHIFT", hook: Dx.Pause()));
            var sink = new CollectingSink();
            await Dx.Ops(api).GetAsync(Session, new GetServiceDeploymentOptions { InProgressOnly = true }, sink.Context());
            var d = Assert.Single(sink.Outputs<EcsServiceDeployment>());
            Assert.True(d.IsPaused);
            Assert.Equal("web", d.Service);
            Assert.Equal("prod", d.Cluster);
            Assert.Equal(new[] { "web-5xx", "web-latency" }, d.AlarmNames);
            Assert.Equal(2, api.Count("ListServices"));
        }

        [Fact]
        public async Task Compare_lists_image_size_and_environment_differences_and_hides_secret_values()
        {
            const string td6 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:6";
            const string td7 = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
            Ecs.TaskDefinition Td(string arn, string cpu, string level, string password) => new Ecs.TaskDefinition
            {
                TaskDefinitionArn = arn, Cpu = cpu, Memory = "512",
                ContainerDefinitions = new List<Ecs.ContainerDefinition> { new Ecs.ContainerDefinition { Name = "web", Environment = new List<Ecs.KeyValuePair> { new Ecs.KeyValuePair { Name = "LOG_LEVEL", Value = level }, new Ecs.KeyValuePair { Name = "DB_PASSWORD", Value = password } } } },
            };
            var api = new FakeAwsApi()
                .Reply(Ecs.EcsApi.DescribeServiceRevisions, new Ecs.DescribeServiceRevisionsResponse
                {
                    ServiceRevisions = new List<Ecs.ServiceRevision>
                    {
                        new Ecs.ServiceRevision { ServiceRevisionArn = Dx.OldRev, TaskDefinition = td6, ContainerImages = new List<Ecs.ContainerImage> { new Ecs.ContainerImage { ContainerName = "web", Image = "web:1.0", ImageDigest = "sha256:aaa" } } },
                        new Ecs.ServiceRevision { ServiceRevisionArn = Dx.NewRev, TaskDefinition = td7, ContainerImages = new List<Ecs.ContainerImage> { new Ecs.ContainerImage { ContainerName = "web", Image = "web:1.1", ImageDigest = "sha256:bbb" } } },
                    },
                })
                .Handle(Ecs.EcsApi.DescribeTaskDefinition, r => new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = r.TaskDefinition == td6 ? Td(td6, "256", "info", "hunter2-old") : Td(td7, "512", "debug", "hunter2-new") });
            var sink = new CollectingSink();
            await Dx.Ops(api).CompareRevisionsAsync(Session, new CompareServiceRevisionOptions { ReferenceArn = Dx.OldRev, DifferenceArn = Dx.NewRev }, sink.Context());
            var diffs = sink.Outputs<EcsRevisionDifference>().ToDictionary(d => d.Property);
            Assert.Equal(("web:1.0", "web:1.1"), (diffs["web.image"].Reference, diffs["web.image"].Difference));
            Assert.Equal("sha256:bbb", diffs["web.imageDigest"].Difference);
            Assert.Equal(("256", "512"), (diffs["cpu"].Reference, diffs["cpu"].Difference));
            Assert.Equal("Environment", diffs["web.environment.LOG_LEVEL"].Category);
            Assert.Equal("debug", diffs["web.environment.LOG_LEVEL"].Difference);
            Assert.Equal("(changed)", diffs["web.environment.DB_PASSWORD"].Difference);
            Assert.DoesNotContain(sink.Outputs<EcsRevisionDifference>(), d => (d.Reference + d.Difference).Contains("hunter2"));
            Assert.False(diffs.ContainsKey("memory"));
        }
    }
}
