using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Session;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using EcsApi = EcsAdmin.Engine.Aws.Generated.Ecs.EcsApi;
using LogsApi = EcsAdmin.Engine.Aws.Generated.Logs.LogsApi;
using DescribeLogGroupsRequest = EcsAdmin.Engine.Aws.Generated.Logs.DescribeLogGroupsRequest;

namespace EcsAdmin.Tests.Session
{
    /// <summary>
    /// Endpoints, regions and retry attempts: each resolved value is checked where it matters, on the wire
    /// (which server got the request, the region in the SigV4 scope, how many attempts were sent).
    /// </summary>
    [Collection(SessionCollection.Name)]
    [Trait("Category", "Integration")] // needs moto_server
    public sealed class EndpointRegionRetryTests
    {
        private readonly MotoServer _moto;
        public EndpointRegionRetryTests(MotoServer moto) => _moto = moto;

        private static AwsSandbox SandboxWithKeys()
        {
            var sandbox = new AwsSandbox();
            sandbox.Set("AWS_ACCESS_KEY_ID", "AKIAENDPOINTTEST0001");
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "endpoint-secret");
            return sandbox;
        }

        private static void DescribeLogGroups(EcsSession session)
            => new SessionAwsApi(session, new CollectingSink().Context())
                .CallAsync(LogsApi.DescribeLogGroups, new DescribeLogGroupsRequest(), CancellationToken.None).GetAwaiter().GetResult();

        [Fact]
        public void Service_specific_endpoint_variable_beats_the_general_one_for_that_service_only()
        {
            using var sandbox = SandboxWithKeys();
            using var general = new SigningRecorder(_moto.Url);
            using var ecsOnly = new SigningRecorder(_moto.Url);
            sandbox.Set("AWS_ENDPOINT_URL", general.Url);
            sandbox.Set("AWS_ENDPOINT_URL_ECS", ecsOnly.Url);

            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1" });
            Assert.Equal(general.Url, session.EndpointUrl);
            Assert.Equal("Environment (AWS_ENDPOINT_URL)", session.EndpointOrigin);
            Assert.Equal(ecsOnly.Url, session.ServiceEndpoints["ECS"]);
            Assert.Equal(ecsOnly.Url, SessionResolver.EndpointFor(session, EcsApi.Service));
            Assert.Equal(general.Url, SessionResolver.EndpointFor(session, LogsApi.Service));

            Engine.ListClusters(session);
            DescribeLogGroups(session);
            Assert.Equal("AmazonEC2ContainerServiceV20141113.ListClusters", Assert.Single(ecsOnly.Requests).Target);
            var logs = Assert.Single(general.Requests);
            Assert.Equal("Logs_20140328.DescribeLogGroups", logs.Target);
            Assert.Equal("logs", logs.SigningService);
        }

        [Fact]
        public void EndpointUrl_parameter_applies_to_every_service_over_the_environment()
        {
            using var sandbox = SandboxWithKeys();
            using var env = new SigningRecorder(_moto.Url);
            using var param = new SigningRecorder(_moto.Url);
            sandbox.Set("AWS_ENDPOINT_URL", env.Url);
            sandbox.Set("AWS_ENDPOINT_URL_ECS", env.Url);

            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = param.Url + "/" });
            Assert.Equal(param.Url, session.EndpointUrl);
            Assert.Equal("Parameter", session.EndpointOrigin);
            Engine.ListClusters(session);
            DescribeLogGroups(session);
            Assert.Equal(2, param.Requests.Count);
            Assert.Empty(env.Requests);
        }

        [Fact]
        public void Profile_endpoint_url_is_used_and_AWS_ENDPOINT_URL_beats_it()
        {
            using var sandbox = SandboxWithKeys();
            using var profileEndpoint = new SigningRecorder(_moto.Url);
            using var envEndpoint = new SigningRecorder(_moto.Url);
            sandbox.Credentials("[local]\naws_access_key_id = AKIALOCALPROFILE0001\naws_secret_access_key = l\n");
            sandbox.Config("[profile local]\nregion = us-east-1\nendpoint_url = " + profileEndpoint.Url + "\n");

            var session = Engine.Resolve(new SessionRequest { ProfileName = "local" });
            Assert.Equal(profileEndpoint.Url, session.EndpointUrl);
            Assert.Equal("Profile 'local' (endpoint_url)", session.EndpointOrigin);
            Engine.ListClusters(session);
            Assert.Equal("AKIALOCALPROFILE0001", Assert.Single(profileEndpoint.Requests).AccessKeyId);

            sandbox.Set("AWS_ENDPOINT_URL", envEndpoint.Url);
            var second = Engine.Resolve(new SessionRequest { ProfileName = "local" });
            Assert.Equal("Environment (AWS_ENDPOINT_URL)", second.EndpointOrigin);
            Engine.ListClusters(second);
            Assert.Single(envEndpoint.Requests);
            Assert.Single(profileEndpoint.Requests);
        }

        [Fact]
        public void Default_profile_endpoint_url_applies_when_no_profile_is_chosen_and_ignore_configured_endpoint_urls_turns_it_off()
        {
            using var sandbox = SandboxWithKeys();
            using var profileEndpoint = new SigningRecorder(_moto.Url);
            sandbox.Config("[default]\nregion = us-east-1\nendpoint_url = " + profileEndpoint.Url + "\n");
            var session = Engine.Resolve(new SessionRequest());
            Assert.Equal("Environment", session.CredentialOrigin);
            Assert.Equal("Profile 'default' (endpoint_url)", session.EndpointOrigin);
            Engine.ListClusters(session);
            Assert.Single(profileEndpoint.Requests);

            sandbox.Config("[default]\nregion = us-east-1\nendpoint_url = " + profileEndpoint.Url + "\nignore_configured_endpoint_urls = true\n");
            var ignored = Engine.Resolve(new SessionRequest());
            Assert.Null(ignored.EndpointUrl);
            Assert.Null(SessionResolver.EndpointFor(ignored, EcsApi.Service));
        }

        [Fact]
        public void AWS_IGNORE_CONFIGURED_ENDPOINT_URLS_ignores_environment_and_profile_endpoints()
        {
            using var sandbox = SandboxWithKeys();
            sandbox.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:1");
            sandbox.Set("AWS_ENDPOINT_URL_ECS", "http://127.0.0.1:2");
            sandbox.Set("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
            var session = Engine.Resolve(new SessionRequest { Region = "eu-west-1" });
            Assert.Null(session.EndpointUrl);
            Assert.Empty(session.ServiceEndpoints);
            Assert.Null(SessionResolver.EndpointFor(session, EcsApi.Service));
        }

        [Fact]
        public void A_session_keeps_its_general_and_per_service_endpoints_for_later_calls()
        {
            using var sandbox = SandboxWithKeys();
            using var general = new SigningRecorder(_moto.Url);
            using var ecsOnly = new SigningRecorder(_moto.Url);
            var connected = new EcsSession
            {
                // As Connect-EcsSession leaves it: values resolved from the environment, pinned for later calls.
                Region = "us-east-1", RegionSource = EcsValueSource.Environment, EndpointUrl = general.Url, EndpointSource = EcsValueSource.Environment,
                Pinned = true,
            };
            connected.ServiceEndpointMap["ECS"] = ecsOnly.Url;
            sandbox.Set("AWS_ENDPOINT_URL", "http://127.0.0.1:1");

            var session = Engine.Resolve(new SessionRequest { BaseSession = connected, BaseSessionIsDefault = true });
            Assert.Equal("Session", session.EndpointOrigin);
            Engine.ListClusters(session);
            DescribeLogGroups(session);
            Assert.Single(ecsOnly.Requests);
            Assert.Single(general.Requests);
        }

        [Fact]
        public void Invalid_endpoint_url_is_an_error_naming_its_source()
        {
            using var sandbox = SandboxWithKeys();
            sandbox.Set("AWS_ENDPOINT_URL_ECS", "not a url");
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { Region = "us-east-1" }));
            Assert.Equal("InvalidEndpointUrl", ex.ErrorId);
            Assert.Contains("AWS_ENDPOINT_URL_ECS", ex.Message);
        }

        [Fact]
        public void Region_precedence_is_parameter_session_AWS_REGION_AWS_DEFAULT_REGION_profile()
        {
            using var sandbox = SandboxWithKeys();
            using var rec = new SigningRecorder(_moto.Url);
            sandbox.Credentials("[reg]\naws_access_key_id = AKIAREGIONPROFILE001\naws_secret_access_key = r\n");
            sandbox.Config("[profile reg]\nregion = sa-east-1\n");
            sandbox.Set("AWS_REGION", "eu-west-3");
            sandbox.Set("AWS_DEFAULT_REGION", "ap-northeast-1");
            var baseSession = new EcsSession { Region = "eu-north-1", RegionSource = EcsValueSource.Session };

            void Expect(SessionRequest request, string region, string source)
            {
                request.ProfileName = "reg";
                request.EndpointUrl = rec.Url;
                var session = Engine.Resolve(request);
                Assert.Equal(region, session.Region);
                Assert.Equal(source, session.RegionOrigin);
                Engine.ListClusters(session);
                Assert.Equal(region, rec.Requests.Last().Region);
            }

            Expect(new SessionRequest { Region = "us-west-1", BaseSession = baseSession }, "us-west-1", "Parameter");
            Expect(new SessionRequest { BaseSession = baseSession }, "eu-north-1", "Session");
            Expect(new SessionRequest(), "eu-west-3", "Environment (AWS_REGION)");
            sandbox.Set("AWS_REGION", null);
            Expect(new SessionRequest(), "ap-northeast-1", "Environment (AWS_DEFAULT_REGION)");
            sandbox.Set("AWS_DEFAULT_REGION", null);
            Expect(new SessionRequest(), "sa-east-1", "Profile 'reg'");
            // A session whose region itself came from the environment does not pin it: the environment is read again.
            Expect(new SessionRequest { BaseSession = new EcsSession { Region = "eu-north-1", RegionSource = EcsValueSource.Environment } }, "sa-east-1", "Profile 'reg'");
            Assert.Equal(6, rec.Requests.Count);
        }

        [Fact]
        public void Missing_region_is_RegionNotFound_naming_what_was_tried()
        {
            using var sandbox = SandboxWithKeys();
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest()));
            Assert.Equal("RegionNotFound", ex.ErrorId);
            Assert.Contains("-Region", ex.Message);
            Assert.Contains("AWS_REGION", ex.Message);
            Assert.Contains("AWS_DEFAULT_REGION", ex.Message);
            Assert.Contains("profile 'default'", ex.Message);
        }

        [Theory]
        [InlineData("Europe")]
        [InlineData("us_east_1")]
        [InlineData("US-EAST-1")]
        [InlineData("us-east")]
        public void Malformed_region_is_InvalidRegion(string region)
        {
            using var sandbox = SandboxWithKeys();
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { Region = region }));
            Assert.Equal("InvalidRegion", ex.ErrorId);
        }

        [Theory]
        [InlineData("us-gov-west-1")]
        [InlineData("cn-northwest-1")]
        [InlineData("eusc-de-east-1")]
        [InlineData("ap-southeast-7")]
        public void Every_partition_region_code_is_accepted(string region)
        {
            using var sandbox = SandboxWithKeys();
            Assert.Equal(region, Engine.Resolve(new SessionRequest { Region = " " + region + " " }).Region);
        }

        [Fact]
        public void Profile_max_attempts_sets_how_many_attempts_reach_the_wire()
        {
            using var sandbox = SandboxWithKeys();
            using var rec = new SigningRecorder(_moto.Url);
            sandbox.Credentials("[retry2]\naws_access_key_id = AKIARETRYPROFILE0001\naws_secret_access_key = r\n");
            sandbox.Config("[profile retry2]\nregion = us-east-1\nmax_attempts = 2\n");

            var session = Engine.Resolve(new SessionRequest { ProfileName = "retry2", EndpointUrl = rec.Url });
            Assert.Equal(2, session.MaxAttempts);
            rec.FailNext(10);
            var ex = Assert.Throws<EcsAdminException>(() => Engine.ListClusters(session));
            Assert.Equal(EcsErrorKind.ResourceUnavailable, ex.Kind);
            Assert.Equal(2, rec.Requests.Count);

            // A retry that then succeeds: one failure, then moto answers.
            rec.FailNext(1);
            Engine.ListClusters(session);
            Assert.Equal(4, rec.Requests.Count);
        }

        [Fact]
        public void MaxAttempts_parameter_beats_the_profile_and_AWS_MAX_ATTEMPTS_applies_without_either()
        {
            using var sandbox = SandboxWithKeys();
            using var rec = new SigningRecorder(_moto.Url);
            sandbox.Credentials("[retry3]\naws_access_key_id = AKIARETRYPROFILE0003\naws_secret_access_key = r\n");
            sandbox.Config("[profile retry3]\nregion = us-east-1\nmax_attempts = 3\n");

            var one = Engine.Resolve(new SessionRequest { ProfileName = "retry3", EndpointUrl = rec.Url, MaxAttempts = 1 });
            Assert.Equal(1, one.MaxAttempts);
            rec.FailNext(10);
            Assert.Throws<EcsAdminException>(() => Engine.ListClusters(one));
            Assert.Single(rec.Requests);

            var fromProfile = Engine.Resolve(new SessionRequest { ProfileName = "retry3", EndpointUrl = rec.Url });
            Assert.Equal(3, fromProfile.MaxAttempts);

            sandbox.Set("AWS_MAX_ATTEMPTS", "4");
            Assert.Equal(4, Engine.Resolve(new SessionRequest { Region = "us-east-1" }).MaxAttempts);
            Assert.Equal(3, Engine.Resolve(new SessionRequest { ProfileName = "retry3" }).MaxAttempts);
        }

        [Fact]
        public void Session_profile_is_used_by_later_calls_and_an_explicit_profile_beats_it()
        {
            using var sandbox = SandboxWithKeys();
            using var rec = new SigningRecorder(_moto.Url);
            sandbox.Credentials("[a]\naws_access_key_id = AKIASESSIONPROFILEA1\naws_secret_access_key = a\n[b]\naws_access_key_id = AKIASESSIONPROFILEB1\naws_secret_access_key = b\n");
            var connected = new EcsSession { ProfileName = "a", ProfileSource = EcsValueSource.Parameter, Region = "us-east-1", RegionSource = EcsValueSource.Parameter, DefaultCluster = "prod", Pinned = true };

            var viaSession = Engine.Resolve(new SessionRequest { BaseSession = connected, BaseSessionIsDefault = true, EndpointUrl = rec.Url });
            Assert.Equal("a", viaSession.ProfileName);
            Assert.Equal("Session", viaSession.ProfileOrigin);
            Assert.Equal("prod", viaSession.DefaultCluster);
            Engine.ListClusters(viaSession);
            Assert.Equal("AKIASESSIONPROFILEA1", rec.Requests.Last().AccessKeyId);

            var explicitProfile = Engine.Resolve(new SessionRequest { ProfileName = "b", BaseSession = connected, BaseSessionIsDefault = true, EndpointUrl = rec.Url });
            Engine.ListClusters(explicitProfile);
            Assert.Equal("AKIASESSIONPROFILEB1", rec.Requests.Last().AccessKeyId);
        }

        [Fact]
        public async Task Resolution_writes_no_secret_to_any_message()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            sandbox.Set("AWS_ACCESS_KEY_ID", "AKIANOSECRETLEAK0001");
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "very-secret-value-123");
            sandbox.Set("AWS_SESSION_TOKEN", "very-secret-token-456");
            var sink = new CollectingSink();
            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = rec.Url }, sink);
            await new SessionAwsApi(session, sink.Context()).CallAsync(EcsApi.ListClusters, new EcsAdmin.Engine.Aws.Generated.Ecs.ListClustersRequest(), CancellationToken.None);
            var text = string.Join("\n", sink.Messages.Select(m => m.Payload.ToString())) + System.Text.Json.JsonSerializer.Serialize(session);
            Assert.NotEmpty(sink.Verbose);
            Assert.DoesNotContain("very-secret-value-123", text);
            Assert.DoesNotContain("very-secret-token-456", text);
            Assert.DoesNotContain("AKIANOSECRETLEAK0001", text);
            Assert.Equal("****************0001", session.AccessKeyId);
        }
    }
}
