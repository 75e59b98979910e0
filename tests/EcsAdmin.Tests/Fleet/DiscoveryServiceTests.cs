using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Amazon.Runtime;
using EcsAdmin.Contracts;
using EcsAdmin.Engine;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Tests.Contracts;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Sd = EcsAdmin.Engine.Aws.Generated.ServiceDiscovery;

namespace EcsAdmin.Tests.Fleet
{
    /// <summary>
    /// Service discovery from a namespace and a name: the Cloud Map service is found or created and its ARN is what a
    /// service registry takes (the building block the service cmdlets use instead of a hand-built registry ARN).
    /// </summary>
    public sealed class DiscoveryServiceTests
    {
        private static FakeAwsApi Fake(string nsType, List<Sd.ServiceSummary>? existing = null, Sd.Service? existingDetail = null)
            => new FakeAwsApi()
                .Handle(Sd.ServiceDiscoveryApi.ListNamespaces, _ => new Sd.ListNamespacesResponse
                {
                    Namespaces = new List<Sd.NamespaceSummary>
                    {
                        new Sd.NamespaceSummary { Id = "ns-1", Name = "corp.local", Type = nsType, Arn = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1" },
                        new Sd.NamespaceSummary { Id = "ns-2", Name = "other", Type = "HTTP" },
                    },
                })
                .Handle(Sd.ServiceDiscoveryApi.ListServices, _ => new Sd.ListServicesResponse { Services = existing ?? new List<Sd.ServiceSummary>() })
                .Handle(Sd.ServiceDiscoveryApi.GetService, _ => new Sd.GetServiceResponse { Service = existingDetail })
                .Handle(Sd.ServiceDiscoveryApi.CreateService, r => new Sd.CreateServiceResponse { Service = new Sd.Service { Id = "srv-new", Arn = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-new", Name = r.Name, NamespaceId = r.NamespaceId } });

        [Fact]
        public async Task A_missing_service_is_created_with_the_record_type_and_ttl_and_its_arn_returned()
        {
            var api = Fake("DNS_PRIVATE");
            var sink = new CollectingSink();
            var arn = await new NamespaceOperations(api.Factory).ResolveDiscoveryServiceAsync(CollectingSink.Session(),
                new DiscoveryServiceOptions { Namespace = "corp.local", Name = "web", DnsRecordType = "SRV", Ttl = 30 }, sink.Context());
            Assert.Equal("arn:aws:servicediscovery:us-east-1:123456789012:service/srv-new", arn);
            var create = (Sd.CreateServiceRequest)api.Calls.Single(c => c.Operation == "CreateService").Input;
            Assert.Equal("ns-1", create.NamespaceId);
            Assert.Equal("SRV", create.DnsConfig.DnsRecords.Single().Type);
            Assert.Equal(30, create.DnsConfig.DnsRecords.Single().TTL);
            Assert.Equal("MULTIVALUE", create.DnsConfig.RoutingPolicy);
            Assert.False(string.IsNullOrEmpty(create.CreatorRequestId));
            Assert.Empty(sink.Outputs<object>());
            Assert.Empty(api.Calls.SelectMany(c => ModelContract.Validate("servicediscovery", c.Operation, c.Json)));
        }

        [Fact]
        public async Task An_existing_service_of_that_namespace_is_reused()
        {
            var api = Fake("DNS_PRIVATE",
                new List<Sd.ServiceSummary> { new Sd.ServiceSummary { Id = "srv-other", Name = "web" }, new Sd.ServiceSummary { Id = "srv-1", Name = "web" } },
                new Sd.Service { Id = "srv-1", Arn = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-1", NamespaceId = "ns-1", DnsConfig = new Sd.DnsConfig { DnsRecords = new List<Sd.DnsRecord> { new Sd.DnsRecord { Type = "A", TTL = 60 } } } });
            var arn = await new NamespaceOperations(api.Factory).ResolveDiscoveryServiceAsync(CollectingSink.Session(),
                new DiscoveryServiceOptions { Namespace = "ns-1", Name = "web", DnsRecordType = "A" }, new CollectingSink().Context());
            Assert.EndsWith("service/srv-1", arn);
            Assert.Equal(0, api.Count("CreateService"));
            var filter = ((Sd.ListServicesRequest)api.Calls.Single(c => c.Operation == "ListServices").Input).Filters.Single();
            Assert.Equal("NAMESPACE_ID", filter.Name);
            Assert.Equal(new[] { "ns-1" }, filter.Values);
        }

        [Fact]
        public async Task An_existing_service_with_other_records_is_an_error()
        {
            var api = Fake("DNS_PRIVATE", new List<Sd.ServiceSummary> { new Sd.ServiceSummary { Id = "srv-1", Name = "web" } },
                new Sd.Service { Id = "srv-1", Arn = "arn:x", NamespaceId = "ns-1", DnsConfig = new Sd.DnsConfig { DnsRecords = new List<Sd.DnsRecord> { new Sd.DnsRecord { Type = "A", TTL = 60 } } } });
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new NamespaceOperations(api.Factory).ResolveDiscoveryServiceAsync(CollectingSink.Session(),
                new DiscoveryServiceOptions { Namespace = "corp.local", Name = "web", DnsRecordType = "SRV" }, new CollectingSink().Context()));
            Assert.Equal("DiscoveryServiceMismatch", ex.ErrorId);
            Assert.Equal(0, api.Count("CreateService"));
        }

        [Theory]
        [InlineData("other", "web", "A", "DnsRecordsNeedDnsNamespace")]
        [InlineData("nowhere", "web", null, "NamespaceNotFound")]
        [InlineData("corp.local", "web server", null, "InvalidDiscoveryName")]
        [InlineData("corp.local", "web", "CNAME", "InvalidDnsRecordType")]
        public async Task Bad_requests_are_refused_without_creating_anything(string ns, string name, string? type, string errorId)
        {
            var api = Fake("DNS_PRIVATE");
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new NamespaceOperations(api.Factory).ResolveDiscoveryServiceAsync(CollectingSink.Session(),
                new DiscoveryServiceOptions { Namespace = ns, Name = name, DnsRecordType = type }, new CollectingSink().Context()));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(0, api.Count("CreateService"));
        }
    }

    /// <summary>The same against moto's Cloud Map, through the real wire layer.</summary>
    [Collection(MotoCollection.Name)]
    public sealed class DiscoveryServiceMotoTests
    {
        private readonly MotoServer _moto;
        public DiscoveryServiceMotoTests(MotoServer moto) => _moto = moto;

        [Fact]
        public async Task Creates_the_discovery_service_once_then_finds_it()
        {
            var engine = new EcsEngine();
            var sink = new CollectingSink();
            var ctx = sink.Context();
            var session = engine.ResolveSession(new SessionRequest { Region = "us-east-1", EndpointUrl = _moto.Url, Credential = new BasicAWSCredentials("AKIDFLEETTEST0000000", "fleet-test-secret") }, ctx);
            var nsName = "disc-" + System.Guid.NewGuid().ToString("N").Substring(0, 8) + ".local";
            await engine.Namespaces.CreateAsync(session, new NewNamespaceOptions { Name = nsName, Type = "DNS_PRIVATE", Vpc = "vpc-0123abcd", Wait = new WaitSettings() }, ctx);
            var first = await engine.Namespaces.ResolveDiscoveryServiceAsync(session, new DiscoveryServiceOptions { Namespace = nsName, Name = "web", DnsRecordType = "A", Ttl = 10 }, ctx);
            var second = await engine.Namespaces.ResolveDiscoveryServiceAsync(session, new DiscoveryServiceOptions { Namespace = nsName, Name = "web" }, ctx);
            Assert.StartsWith("arn:aws:servicediscovery:us-east-1:", first);
            Assert.Equal(first, second);
            Assert.Empty(sink.Errors);
        }
    }
}
