using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Completion;
using EcsAdmin.Engine;
using EcsAdmin.Loader;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Cmdlets
{
    [Collection("in-process cmdlets")]
    public sealed class CompleterTests
    {
        [Fact]
        public void Container_names_come_from_the_task_typed_on_the_line()
        {
            using var env = EnvScope.FakeCredentials();
            var fake = new FakeAwsApi("eu-west-1").Handle(Ecs.EcsApi.ListTasks, _ => new Ecs.ListTasksResponse()).Handle(Ecs.EcsApi.DescribeTasks, req => new Ecs.DescribeTasksResponse
            {
                Tasks = new List<Ecs.Task>
                {
                    new() { TaskArn = "arn:aws:ecs:eu-west-1:123456789012:task/" + req.Cluster + "/" + req.Tasks[0], Containers = new List<Ecs.Container> { new() { Name = "frontdoor" }, new() { Name = "sidecar" } } },
                },
            });
            EngineLoader.Use(new EcsEngine(fake.Factory, null));
            var results = new ContainerNameCompleter().CompleteArgument("Invoke-EcsExec", "Container", "fr", null!, new Hashtable { ["Cluster"] = "prod-x", ["Task"] = "abc123" }).ToList();
            Assert.Equal(new[] { "frontdoor" }, results.Select(r => r.CompletionText));
            var call = (Ecs.DescribeTasksRequest)fake.Calls.Single(c => c.Operation == "DescribeTasks").Input;
            Assert.Equal("prod-x", call.Cluster);

            // A second Tab within the cache time asks nothing new.
            new ContainerNameCompleter().CompleteArgument("Invoke-EcsExec", "Container", "s", null!, new Hashtable { ["Cluster"] = "prod-x", ["Task"] = "abc123" }).ToList();
            Assert.Equal(1, fake.Count("DescribeTasks"));
        }
    }
}
