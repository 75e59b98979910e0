using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Services
{
    public class ServiceEventTests
    {
        private static readonly DateTime T0 = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

        private static Ecs.ServiceEvent Ev(int minutes, string message) => new Ecs.ServiceEvent { Id = "e" + minutes, CreatedAt = T0.AddMinutes(minutes), Message = message };

        private static Ecs.Service Svc(string name, params Ecs.ServiceEvent[] events) => new Ecs.Service
        {
            ServiceName = name, ServiceArn = "arn:aws:ecs:us-east-1:123456789012:service/prod/" + name, ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
            Status = "ACTIVE", Events = events.ToList(),
        };

        [Fact]
        public void Events_are_newest_first_then_since_then_last()
        {
            var events = new[] { 1, 5, 3, 9 }.Select(m => new EcsServiceEvent { Id = "e" + m, CreatedAt = T0.AddMinutes(m) }).ToList();
            Assert.Equal(new[] { "e9", "e5", "e3", "e1" }, ServiceEventRules.Select(events, null, null).Select(e => e.Id));
            Assert.Equal(new[] { "e9", "e5", "e3" }, ServiceEventRules.Select(events, T0.AddMinutes(3), null).Select(e => e.Id));
            Assert.Equal(new[] { "e9", "e5" }, ServiceEventRules.Select(events, T0.AddMinutes(2), 2).Select(e => e.Id));
            Assert.Equal(new[] { "e9" }, ServiceEventRules.Select(events, T0.AddMinutes(2).ToLocalTime(), 1).Select(e => e.Id));
        }

        [Fact]
        public async Task Reads_services_in_one_batch_writes_events_with_their_service_and_reports_missing_ones()
        {
            var api = new FakeAwsApi().Handle(Ecs.EcsApi.DescribeServices, r => new Ecs.DescribeServicesResponse
            {
                Services = new List<Ecs.Service>
                {
                    Svc("web", Ev(1, "(service web) has started 2 tasks"), Ev(7, "(service web) has reached a steady state."), Ev(4, "(service web) was unable to place a task")),
                    Svc("api", Ev(2, "(service api) has reached a steady state.")),
                },
                Failures = new List<Ecs.Failure> { new Ecs.Failure { Arn = "arn:aws:ecs:us-east-1:123456789012:service/prod/gone", Reason = "MISSING" } },
            });
            var sink = new CollectingSink();
            await new ServiceOperations(api.Factory).GetEventsAsync(CollectingSink.Session(), new ServiceEventOptions
            {
                Cluster = "prod", Services = new[] { "web", "gone", "api" }, Last = 2,
            }, sink.Context());

            Assert.Equal(1, api.Count("DescribeServices"));
            var request = (Ecs.DescribeServicesRequest)api.Calls.Single().Input;
            Assert.Equal(new[] { "web", "gone", "api" }, request.Services);
            var events = sink.Outputs<EcsServiceEvent>().ToList();
            Assert.Equal(new[] { "web e7", "web e4", "api e2" }, events.Select(e => e.Service + " " + e.Id));
            Assert.All(events, e => { Assert.Equal("prod", e.Cluster); Assert.Equal("us-east-1", e.Region); });
            var error = Assert.Single(sink.Errors);
            Assert.Equal("ServiceNotFound", error.ErrorId);
            Assert.Equal("gone", error.Target);
        }

        [Fact]
        public async Task Blank_service_names_send_nothing()
        {
            var api = new FakeAwsApi();
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ServiceOperations(api.Factory).GetEventsAsync(CollectingSink.Session(),
                new ServiceEventOptions { Cluster = "prod", Services = new[] { " " } }, new CollectingSink().Context()));
            Assert.Equal("InvalidServiceName", ex.ErrorId);
            Assert.Empty(api.Calls);
        }
    }
}
