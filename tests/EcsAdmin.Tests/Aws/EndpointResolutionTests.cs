using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Engine.Session;
using EcsAdmin.Models;
using EcsAdmin.Tests.Session;
using Xunit;
using Ec2 = EcsAdmin.Engine.Aws.Generated.Ec2;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Elb = EcsAdmin.Engine.Aws.Generated.Elbv2;
using Iam = EcsAdmin.Engine.Aws.Generated.Iam;

namespace EcsAdmin.Tests.Aws
{
    /// <summary>
    /// Where each service's requests go and which region signs them. IAM has one endpoint per partition (botocore's
    /// endpoints: iam.amazonaws.com signed for us-east-1 in aws, iam.cn-north-1.amazonaws.com.cn for cn-north-1 in
    /// aws-cn, iam.us-gov.amazonaws.com for us-gov-west-1 in aws-us-gov); the other services are regional.
    /// </summary>
    [Collection(SessionCollection.Name)]
    public sealed class EndpointResolutionTests
    {
        private static ServiceDescriptor Service(string name) => name switch
        {
            "IAM" => Iam.IamApi.Service,
            "EC2" => Ec2.Ec2Api.Service,
            "ELBv2" => Elb.Elbv2Api.Service,
            "ECS" => Ecs.EcsApi.Service,
            _ => throw new ArgumentException(name),
        };

        [Theory]
        [InlineData("IAM", "us-east-1", "https://iam.amazonaws.com", "us-east-1")]
        [InlineData("IAM", "us-west-2", "https://iam.amazonaws.com", "us-east-1")]
        [InlineData("IAM", "eu-central-1", "https://iam.amazonaws.com", "us-east-1")]
        [InlineData("IAM", "cn-northwest-1", "https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")]
        [InlineData("IAM", "us-gov-east-1", "https://iam.us-gov.amazonaws.com", "us-gov-west-1")]
        [InlineData("IAM", "us-iso-west-1", "https://iam.us-iso-east-1.c2s.ic.gov", "us-iso-east-1")]
        [InlineData("IAM", "us-isob-east-1", "https://iam.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1")]
        [InlineData("EC2", "us-west-2", "https://ec2.us-west-2.amazonaws.com", "us-west-2")]
        [InlineData("EC2", "cn-north-1", "https://ec2.cn-north-1.amazonaws.com.cn", "cn-north-1")]
        [InlineData("EC2", "us-gov-west-1", "https://ec2.us-gov-west-1.amazonaws.com", "us-gov-west-1")]
        [InlineData("ELBv2", "eu-west-1", "https://elasticloadbalancing.eu-west-1.amazonaws.com", "eu-west-1")]
        [InlineData("ECS", "us-isob-east-1", "https://ecs.us-isob-east-1.sc2s.sgov.gov", "us-isob-east-1")]
        public void AWS_endpoints_follow_the_partition_and_global_services_sign_for_their_own_region(string service, string region, string url, string signingRegion)
        {
            var endpoint = new WireEndpoint(region, null);
            Assert.Equal(url, endpoint.Resolve(Service(service)));
            Assert.Equal(signingRegion, endpoint.SigningRegion(Service(service)));
            var config = new WireClientConfig(Service(service), endpoint, WireRetrySettings.Default, null);
            Assert.Equal(url + "/", config.ServiceURL);
            Assert.Equal(signingRegion, config.AuthenticationRegion);
        }

        [Fact]
        public void An_explicit_endpoint_replaces_the_global_one_and_is_signed_for_the_session_region()
        {
            var endpoint = new WireEndpoint("eu-west-1", "http://localhost:5000/");
            Assert.Equal("http://localhost:5000", endpoint.Resolve(Iam.IamApi.Service));
            Assert.Equal("eu-west-1", endpoint.SigningRegion(Iam.IamApi.Service));
        }

        [Fact]
        public async Task An_IAM_request_through_an_endpoint_override_carries_the_session_region_in_its_signature()
        {
            using var endpoint = new ScriptedEndpoint((_, _) => ScriptedReply.Text(200, "text/xml",
                "<ListRolePoliciesResponse><ListRolePoliciesResult><PolicyNames/><IsTruncated>false</IsTruncated></ListRolePoliciesResult></ListRolePoliciesResponse>"));
            using var client = new WireClient(new BasicAWSCredentials("AKIDENDPOINTS", "endpoint-secret"),
                new WireClientConfig(Iam.IamApi.Service, new WireEndpoint("eu-west-1", endpoint.Url), WireRetrySettings.Default, null));
            await client.SendAsync(Iam.IamApi.ListRolePolicies, new Iam.ListRolePoliciesRequest { RoleName = "exec" }, null, CancellationToken.None);
            var authorization = Assert.Single(endpoint.Requests).Header("Authorization") ?? "";
            Assert.Contains("/eu-west-1/iam/aws4_request", authorization);
        }

        [Fact]
        public void The_endpoint_parameter_applies_to_IAM_EC2_and_ELBv2_over_their_variables()
        {
            using var sandbox = new AwsSandbox();
            sandbox.Set("AWS_ACCESS_KEY_ID", "AKIAENDPOINTTEST0003");
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "endpoint-secret");
            sandbox.Set("AWS_ENDPOINT_URL_IAM", "http://iam.invalid");
            sandbox.Set("AWS_ENDPOINT_URL_EC2", "http://ec2.invalid");
            sandbox.Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://elb.invalid");
            var session = EcsAdmin.Tests.Session.Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = "http://moto.invalid:5000" });
            foreach (var service in new[] { "IAM", "EC2", "ELBv2" })
                Assert.Equal("http://moto.invalid:5000", SessionResolver.EndpointFor(session, Service(service)));
        }

        [Fact]
        public void A_connected_session_keeps_the_IAM_EC2_and_ELBv2_endpoints_it_resolved()
        {
            using var sandbox = new AwsSandbox();
            sandbox.Set("AWS_ACCESS_KEY_ID", "AKIAENDPOINTTEST0004");
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "endpoint-secret");
            var connected = new EcsSession
            {
                Region = "us-east-1", RegionSource = EcsValueSource.Environment, EndpointUrl = "http://general.invalid", EndpointSource = EcsValueSource.Environment,
                Pinned = true,
            };
            connected.ServiceEndpointMap["IAM"] = "http://iam.invalid";
            connected.ServiceEndpointMap["EC2"] = "http://ec2.invalid";
            connected.ServiceEndpointMap["ELASTIC_LOAD_BALANCING_V2"] = "http://elb.invalid";
            sandbox.Set("AWS_ENDPOINT_URL_IAM", "http://other.invalid");

            var session = EcsAdmin.Tests.Session.Engine.Resolve(new SessionRequest { BaseSession = connected, BaseSessionIsDefault = true });
            Assert.Equal("http://iam.invalid", SessionResolver.EndpointFor(session, Iam.IamApi.Service));
            Assert.Equal("http://ec2.invalid", SessionResolver.EndpointFor(session, Ec2.Ec2Api.Service));
            Assert.Equal("http://elb.invalid", SessionResolver.EndpointFor(session, Elb.Elbv2Api.Service));
            Assert.Equal("http://general.invalid", SessionResolver.EndpointFor(session, Ecs.EcsApi.Service));
        }

        [Fact]
        public void Without_any_endpoint_setting_IAM_goes_to_the_partition_endpoint()
        {
            using var sandbox = new AwsSandbox();
            sandbox.Set("AWS_ACCESS_KEY_ID", "AKIAENDPOINTTEST0005");
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "endpoint-secret");
            var session = EcsAdmin.Tests.Session.Engine.Resolve(new SessionRequest { Region = "ap-southeast-2" });
            Assert.Null(SessionResolver.EndpointFor(session, Iam.IamApi.Service));
            Assert.Equal("https://iam.amazonaws.com", new WireEndpoint(session.Region, SessionResolver.EndpointFor(session, Iam.IamApi.Service)).Resolve(Iam.IamApi.Service));
        }
    }
}
