using EcsAdmin.Contracts;
using EcsAdmin.Engine.Session;
using EcsAdmin.Tests.Session;
using Xunit;
using EcrApi = EcsAdmin.Engine.Aws.Generated.Ecr.EcrApi;
using SecretsManagerApi = EcsAdmin.Engine.Aws.Generated.SecretsManager.SecretsManagerApi;
using ServiceDiscoveryApi = EcsAdmin.Engine.Aws.Generated.ServiceDiscovery.ServiceDiscoveryApi;
using Elbv2Api = EcsAdmin.Engine.Aws.Generated.Elbv2.Elbv2Api;
using IamApi = EcsAdmin.Engine.Aws.Generated.Iam.IamApi;
using Ec2Api = EcsAdmin.Engine.Aws.Generated.Ec2.Ec2Api;

namespace EcsAdmin.Tests.ServiceFiles
{
    /// <summary>The services the readiness checks read honour AWS_ENDPOINT_URL_&lt;SERVICE&gt; like the others.</summary>
    [Collection(SessionCollection.Name)]
    public sealed class ServiceFileEndpointTests
    {
        [Fact]
        public void Per_service_endpoint_variables_apply_to_IAM_EC2_ECR_SecretsManager_CloudMap_and_ELBv2()
        {
            using var sandbox = new AwsSandbox();
            sandbox.Set("AWS_ACCESS_KEY_ID", "AKIAENDPOINTTEST0002");
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "endpoint-secret");
            sandbox.Set("AWS_ENDPOINT_URL", "http://general.invalid");
            sandbox.Set("AWS_ENDPOINT_URL_IAM", "http://iam.invalid");
            sandbox.Set("AWS_ENDPOINT_URL_EC2", "http://ec2.invalid");
            sandbox.Set("AWS_ENDPOINT_URL_ECR", "http://ecr.invalid");
            sandbox.Set("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://sm.invalid");
            sandbox.Set("AWS_ENDPOINT_URL_SERVICEDISCOVERY", "http://sd.invalid");
            sandbox.Set("AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2", "http://elb.invalid");

            var session = EcsAdmin.Tests.Session.Engine.Resolve(new SessionRequest { Region = "us-east-1" });
            Assert.Equal("http://iam.invalid", SessionResolver.EndpointFor(session, IamApi.Service));
            Assert.Equal("http://ec2.invalid", SessionResolver.EndpointFor(session, Ec2Api.Service));
            Assert.Equal("http://ecr.invalid", SessionResolver.EndpointFor(session, EcrApi.Service));
            Assert.Equal("http://sm.invalid", SessionResolver.EndpointFor(session, SecretsManagerApi.Service));
            Assert.Equal("http://sd.invalid", SessionResolver.EndpointFor(session, ServiceDiscoveryApi.Service));
            Assert.Equal("http://elb.invalid", SessionResolver.EndpointFor(session, Elbv2Api.Service));
        }
    }
}
