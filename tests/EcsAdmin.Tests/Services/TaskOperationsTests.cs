using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Services
{
    public class TaskOperationsTests
    {
        private static readonly EcsSession Session = CollectingSink.Session();

        private static string Arn(int i) => "arn:aws:ecs:us-east-1:123456789012:task/prod/" + i.ToString("x32");

        private static Ecs.Task RunningTask(string arn) => new Ecs.Task
        {
            TaskArn = arn, ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod", Group = "service:web",
            LastStatus = "RUNNING", DesiredStatus = "RUNNING", TaskDefinitionArn = Fx.NewTd, CapacityProviderName = "FARGATE_SPOT", EnableExecuteCommand = true,
            Containers = new List<Ecs.Container>
            {
                new Ecs.Container
                {
                    Name = "app", RuntimeId = "rt-" + arn.Substring(arn.Length - 4),
                    ManagedAgents = new List<Ecs.ManagedAgent> { new Ecs.ManagedAgent { Name = "ExecuteCommandAgent", LastStatus = "RUNNING" } },
                },
            },
        };

        [Fact]
        public async Task Get_pages_ListTasks_and_describes_in_batches_of_100()
        {
            var all = Enumerable.Range(1, 230).Select(Arn).ToList();
            var api = new FakeAwsApi()
                .Handle(Ecs.EcsApi.ListTasks, r =>
                {
                    int start = r.NextToken is null ? 0 : int.Parse(r.NextToken);
                    var page = all.Skip(start).Take(150).ToList(); // a page larger than one DescribeTasks batch
                    return new Ecs.ListTasksResponse { TaskArns = page, NextToken = start + 150 < all.Count ? (start + 150).ToString() : null };
                })
                .Handle(Ecs.EcsApi.DescribeTasks, r => new Ecs.DescribeTasksResponse { Tasks = r.Tasks.Select(RunningTask).ToList() });
            var sink = new CollectingSink();
            await new TaskOperations(api.Factory).GetAsync(Session, new GetTaskOptions { Cluster = "prod", Service = "web", DesiredStatus = "RUNNING" }, sink.Context());

            Assert.Equal(2, api.Count("ListTasks"));
            var list = (Ecs.ListTasksRequest)api.Calls.First(c => c.Operation == "ListTasks").Input;
            Assert.Equal("web", list.ServiceName);
            Assert.Equal("RUNNING", list.DesiredStatus);
            var sizes = api.Calls.Where(c => c.Operation == "DescribeTasks").Select(c => ((Ecs.DescribeTasksRequest)c.Input).Tasks.Count).ToArray();
            Assert.All(sizes, s => Assert.InRange(s, 1, 100));
            Assert.Equal(230, sizes.Sum());
            var tasks = sink.Outputs<EcsTask>().ToList();
            Assert.Equal(230, tasks.Count);
            var t = tasks[0];
            Assert.Equal("web", t.Service);
            Assert.Equal("prod", t.Cluster);
            Assert.Equal(1.ToString("x32"), t.TaskId);
            Assert.Equal("RUNNING", t.Containers[0].ExecAgentStatus);
            Assert.Equal("FARGATE_SPOT", t.CapacityProviderName);
        }

        [Fact]
        public async Task Get_by_ids_describes_in_batches_of_100_and_reports_missing_tasks()
        {
            var ids = Enumerable.Range(1, 250).Select(i => i.ToString("x32")).ToArray();
            var api = new FakeAwsApi().Handle(Ecs.EcsApi.DescribeTasks, r => new Ecs.DescribeTasksResponse
            {
                Tasks = r.Tasks.Where(id => id != ids[7]).Select(id => RunningTask("arn:aws:ecs:us-east-1:123456789012:task/prod/" + id)).ToList(),
                Failures = r.Tasks.Contains(ids[7]) ? new List<Ecs.Failure> { new Ecs.Failure { Arn = "arn:aws:ecs:us-east-1:123456789012:task/prod/" + ids[7], Reason = "MISSING" } } : null,
            });
            var sink = new CollectingSink();
            await new TaskOperations(api.Factory).GetAsync(Session, new GetTaskOptions { Cluster = "prod", Tasks = ids }, sink.Context());
            Assert.Equal(new[] { 100, 100, 50 }, api.Calls.Select(c => ((Ecs.DescribeTasksRequest)c.Input).Tasks.Count).ToArray());
            Assert.Equal(0, api.Count("ListTasks"));
            Assert.Equal(249, sink.Outputs<EcsTask>().Count());
            var e = Assert.Single(sink.Errors);
            Assert.Equal("TaskNotFound", e.ErrorId);
            Assert.Contains("MISSING", e.Message);
        }

        private static FakeAwsApi RunApi(params Ecs.Container[] stoppedContainers)
        {
            var td = new Ecs.TaskDefinition
            {
                TaskDefinitionArn = Fx.NewTd, NetworkMode = "awsvpc", RequiresCompatibilities = new List<string> { "FARGATE" },
                ContainerDefinitions = new List<Ecs.ContainerDefinition>
                {
                    new Ecs.ContainerDefinition { Name = "app", Essential = true },
                    new Ecs.ContainerDefinition { Name = "helper", Essential = false },
                },
            };
            var arn = Arn(1);
            return new FakeAwsApi()
                .Handle(Ecs.EcsApi.DescribeTaskDefinition, _ => new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = td })
                .Reply(Ecs.EcsApi.RunTask, new Ecs.RunTaskResponse { Tasks = new List<Ecs.Task> { RunningTask(arn) } })
                .Reply(Ecs.EcsApi.DescribeTasks, new Ecs.DescribeTasksResponse { Tasks = new List<Ecs.Task> { RunningTask(arn) } })
                .Reply(Ecs.EcsApi.DescribeTasks, new Ecs.DescribeTasksResponse
                {
                    Tasks = new List<Ecs.Task>
                    {
                        new Ecs.Task
                        {
                            TaskArn = arn, ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod", LastStatus = "STOPPED", DesiredStatus = "STOPPED",
                            StopCode = "EssentialContainerExited", StoppedReason = "Essential container in task exited", Containers = stoppedContainers.ToList(),
                        },
                    },
                });
        }

        private static StartTaskOptions StartOptions() => new StartTaskOptions
        {
            Cluster = "prod", TaskDefinition = "web", Subnets = new[] { "subnet-1" }, SecurityGroups = new[] { "sg-1" }, ClientToken = "tok",
            Overrides = new[] { new ContainerOverrideOptions { Name = "app", Command = new[] { "npm", "run", "migrate" }, Environment = new Dictionary<string, string> { ["STAGE"] = "prod" } } },
            Wait = Fx.Quick(),
        };

        [Fact]
        public async Task Start_with_wait_returns_exit_codes_and_a_nonzero_essential_exit_writes_an_error()
        {
            var api = RunApi(new Ecs.Container { Name = "app", ExitCode = 3, LastStatus = "STOPPED" }, new Ecs.Container { Name = "helper", ExitCode = 137, LastStatus = "STOPPED" });
            var clock = new FakeClock();
            var sink = new CollectingSink();
            await new TaskOperations(api.Factory) { Delay = clock.Delay, Clock = clock.Now }.StartAsync(Session, StartOptions(), sink.Context());

            var run = (Ecs.RunTaskRequest)api.Calls.Single(c => c.Operation == "RunTask").Input;
            Assert.Equal("FARGATE", run.LaunchType);
            Assert.Equal("tok", run.ClientToken);
            Assert.Equal(new[] { "npm", "run", "migrate" }, run.Overrides.ContainerOverrides[0].Command);
            Assert.Equal("STAGE", run.Overrides.ContainerOverrides[0].Environment[0].Name);
            var task = Assert.Single(sink.Outputs<EcsTask>());
            Assert.Equal("STOPPED", task.LastStatus);
            Assert.Equal(3, task.Containers.Single(c => c.Name == "app").ExitCode);
            var error = Assert.Single(sink.Errors); // helper is not essential: its 137 is no error
            Assert.Equal("TaskContainerFailed", error.ErrorId);
            Assert.Contains("'app'", error.Message);
            Assert.Equal(2, api.Count("DescribeTasks"));
            Assert.True(sink.Progress.Last().Completed);
        }

        [Fact]
        public async Task Start_with_wait_and_zero_exit_writes_no_error()
        {
            var api = RunApi(new Ecs.Container { Name = "app", ExitCode = 0, LastStatus = "STOPPED" });
            var clock = new FakeClock();
            var sink = new CollectingSink();
            await new TaskOperations(api.Factory) { Delay = clock.Delay, Clock = clock.Now }.StartAsync(Session, StartOptions(), sink.Context());
            Assert.Empty(sink.Errors);
            Assert.Equal(0, Assert.Single(sink.Outputs<EcsTask>()).Containers[0].ExitCode);
        }

        [Fact]
        public async Task Start_on_spot_sends_the_strategy_and_no_launch_type()
        {
            var api = RunApi();
            var o = StartOptions();
            o.Wait = null;
            o.CapacityProviderStrategy = new[] { new EcsCapacityProviderStrategyItem("FARGATE_SPOT", 1) };
            var sink = new CollectingSink();
            await new TaskOperations(api.Factory).StartAsync(Session, o, sink.Context());
            var json = api.Calls.Single(c => c.Operation == "RunTask").Json;
            Assert.DoesNotContain("launchType", json);
            Assert.Contains("FARGATE_SPOT", json);
            Assert.Single(sink.Outputs<EcsTask>());
        }

        [Fact]
        public async Task Start_with_override_of_unknown_container_sends_no_RunTask()
        {
            var api = RunApi();
            var o = StartOptions();
            o.Overrides = new[] { new ContainerOverrideOptions { Name = "nope" } };
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new TaskOperations(api.Factory).StartAsync(Session, o, new CollectingSink().Context()));
            Assert.Equal("ContainerNotInTaskDefinition", ex.ErrorId);
            Assert.Equal(0, api.Count("RunTask"));
        }

        [Fact]
        public async Task Start_without_subnets_is_rejected_before_any_request()
        {
            var api = new FakeAwsApi();
            var o = StartOptions();
            o.Subnets = Array.Empty<string>();
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new TaskOperations(api.Factory).StartAsync(Session, o, new CollectingSink().Context()));
            Assert.Equal("SubnetRequired", ex.ErrorId);
            Assert.Empty(api.Calls);
        }

        [Fact]
        public async Task Stop_sends_the_reason()
        {
            var api = new FakeAwsApi().Reply(Ecs.EcsApi.StopTask, r => new Ecs.StopTaskResponse { Task = new Ecs.Task { TaskArn = Arn(5), DesiredStatus = "STOPPED", StoppedReason = r.Reason } });
            var sink = new CollectingSink();
            await new TaskOperations(api.Factory).StopAsync(Session, new StopTaskOptions { Cluster = "prod", Task = Arn(5), Reason = "stuck" }, sink.Context());
            Assert.Equal("stuck", Assert.Single(sink.Outputs<EcsTask>()).StoppedReason);
        }
    }
}
