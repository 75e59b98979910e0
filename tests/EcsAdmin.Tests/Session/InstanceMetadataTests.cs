using System;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Session
{
    /// <summary>
    /// The last source of the chain: EC2 instance metadata (IMDSv2), served by a local HTTP server that
    /// AWS_EC2_METADATA_SERVICE_ENDPOINT points the SDK at.
    /// </summary>
    [Collection(SessionCollection.Name)]
    [Trait("Category", "Integration")] // needs moto_server
    public sealed class InstanceMetadataTests
    {
        private readonly MotoServer _moto;
        public InstanceMetadataTests(MotoServer moto) => _moto = moto;

        [Fact]
        public void Instance_metadata_credentials_are_fetched_with_an_IMDSv2_token_and_sign_the_request()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = "AKIAIMDS" + Guid.NewGuid().ToString("N").Substring(0, 12).ToUpperInvariant();
            const string imdsToken = "imds-session-token-123";
            const string role = "ecs-admin-instance-role";
            var credentialsJson = "{\"Code\":\"Success\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"" + key + "\",\"SecretAccessKey\":\"imds-secret\",\"Token\":\"imds-cred-token\","
                + "\"LastUpdated\":\"" + DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") + "\",\"Expiration\":\"" + DateTime.UtcNow.AddHours(6).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\"}";
            using var imds = new LocalHttpServer(r =>
            {
                var path = r.Url!.AbsolutePath.TrimEnd('/');
                if (r.HttpMethod == "PUT" && path == "/latest/api/token") return (200, imdsToken);
                if (r.Headers["X-aws-ec2-metadata-token"] != imdsToken) return (401, "");
                if (path == "/latest/meta-data/iam/info")
                    return (200, "{\"Code\":\"Success\",\"LastUpdated\":\"" + DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ") + "\",\"InstanceProfileArn\":\"arn:aws:iam::123456789012:instance-profile/" + role + "\",\"InstanceProfileId\":\"AIPAEXAMPLE\"}");
                if (path == "/latest/meta-data/iam/security-credentials" || path == "/latest/meta-data/iam/security-credentials-extended") return (200, role);
                if (path == "/latest/meta-data/iam/security-credentials/" + role || path == "/latest/meta-data/iam/security-credentials-extended/" + role) return (200, credentialsJson);
                return (404, "");
            });
            sandbox.Set("AWS_EC2_METADATA_DISABLED", null);
            sandbox.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds.Url);
            AwsSandbox.RefreshSdkSettings();

            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = rec.Url });
            Assert.Equal("InstanceMetadata", session.CredentialOrigin);
            Assert.Empty(imds.Seen);   // resolving asks nothing; the first request does
            try { Engine.ListClusters(session); }
            catch (EcsAdminException ex) { throw new Xunit.Sdk.XunitException("IMDS saw: " + string.Join(", ", imds.Seen.Select(x => x.Method + " " + x.PathAndQuery)) + " - " + ex.Message); }

            Assert.Contains(imds.Seen, s => s.Method == "PUT" && s.PathAndQuery == "/latest/api/token");
            var call = Assert.Single(rec.Requests);
            Assert.Equal(key, call.AccessKeyId);
            Assert.Equal("imds-cred-token", call.SecurityToken);
        }

        [Fact]
        public void AWS_EC2_METADATA_DISABLED_removes_instance_metadata_from_the_chain()
        {
            using var sandbox = new AwsSandbox();
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { Region = "us-east-1" }));
            Assert.Equal("CredentialsNotFound", ex.ErrorId);
            Assert.Contains("instance metadata (disabled by AWS_EC2_METADATA_DISABLED)", ex.Message);
        }
    }
}
