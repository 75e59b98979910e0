using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Aws
{
    [Collection(MotoCollection.Name)]
    [Trait("Category", "Integration")] // needs moto_server
    public sealed class WireClientMotoTests
    {
        private static readonly ServiceDescriptor Ecs = new ServiceDescriptor("ECS", "ecs", "ecs",
            "AmazonEC2ContainerServiceV20141113", WireProtocol.AwsJson11, "2014-11-13", "ECS");

        private readonly MotoServer _moto;
        public WireClientMotoTests(MotoServer moto) => _moto = moto;

        private WireClient Client() => new WireClient(new BasicAWSCredentials("AKIDEXAMPLE", "secret"),
            new WireClientConfig(Ecs, new WireEndpoint("us-east-1", _moto.Url), WireRetrySettings.Default, null));

        [Fact]
        public async Task Sends_a_signed_json_request_through_the_sdk_pipeline_and_reads_the_reply()
        {
            using var client = Client();
            var create = new WireOperation<Dictionary<string, object>, Dictionary<string, JsonElement>>(Ecs, "CreateCluster");
            var reply = await client.SendAsync(create, new Dictionary<string, object> { ["clusterName"] = "wire-probe" }, null, CancellationToken.None);
            Assert.Equal("wire-probe", reply["cluster"].GetProperty("clusterName").GetString());
        }

        [Fact]
        public void Service_errors_surface_as_AmazonServiceException_with_the_modelled_code()
        {
            using var client = Client();
            var op = new WireOperation<Dictionary<string, object>, Dictionary<string, JsonElement>>(Ecs, "DescribeServices");
            var ex = Assert.ThrowsAny<AmazonServiceException>(() => client.SendAsync(op,
                new Dictionary<string, object> { ["cluster"] = "does-not-exist", ["services"] = new[] { "x" } }, null, CancellationToken.None)
                .GetAwaiter().GetResult());
            Assert.Equal("ClusterNotFoundException", ex.ErrorCode);
            Assert.Equal("Cluster not found.", ex.Message);
        }
    }
}
