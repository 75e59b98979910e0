using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Session;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Session
{
    /// <summary>
    /// One test per supported credential source: resolve the session with the real engine, make a real signed
    /// ECS call to moto through SessionAwsApi, and check on the wire (SigV4 credential scope, security token)
    /// that the credentials the source should give are the ones that signed it.
    /// </summary>
    [Collection(SessionCollection.Name)]
    [Trait("Category", "Integration")] // needs moto_server
    public sealed class CredentialSourceTests
    {
        private readonly MotoServer _moto;
        public CredentialSourceTests(MotoServer moto) => _moto = moto;

        private static string Key() => "AKIA" + Guid.NewGuid().ToString("N").Substring(0, 16).ToUpperInvariant();

        [Fact]
        public void Environment_keys_with_session_token_sign_the_request()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            sandbox.Set("AWS_ACCESS_KEY_ID", key);
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "env-secret-" + key);
            sandbox.Set("AWS_SESSION_TOKEN", "env-token-" + key);
            sandbox.Set("AWS_REGION", "eu-west-1");

            var session = Engine.Resolve(new SessionRequest { EndpointUrl = rec.Url });
            Assert.Equal("Environment", session.CredentialOrigin);
            Assert.Equal("Environment (AWS_REGION)", session.RegionOrigin);
            Assert.Equal(EcsCredentialSource.Environment, session.CredentialSource);
            Assert.Equal(EcsValueSource.Environment, session.RegionSource);
            Assert.Equal("****************" + key.Substring(16), session.AccessKeyId);

            Engine.ListClusters(session);
            var call = Assert.Single(rec.Requests);
            Assert.Equal("AmazonEC2ContainerServiceV20141113.ListClusters", call.Target);
            Assert.Equal(key, call.AccessKeyId);
            Assert.Equal("eu-west-1", call.Region);
            Assert.Equal("ecs", call.SigningService);
            Assert.Equal("env-token-" + key, call.SecurityToken);
        }

        [Fact]
        public void Environment_keys_without_token_send_no_security_token()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            sandbox.Set("AWS_ACCESS_KEY_ID", key);
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "env-secret");
            var session = Engine.Resolve(new SessionRequest { EndpointUrl = rec.Url, Region = "us-east-2" });
            Engine.ListClusters(session);
            var call = Assert.Single(rec.Requests);
            Assert.Equal(key, call.AccessKeyId);
            Assert.Null(call.SecurityToken);
        }

        [Fact]
        public void Static_profile_from_the_shared_files_signs_the_request_and_beats_environment_keys()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            sandbox.Credentials("[dev]\naws_access_key_id = " + key + "\naws_secret_access_key = dev-secret\naws_session_token = dev-token\n");
            sandbox.Config("[profile dev]\nregion = ap-southeast-2\n");
            sandbox.Set("AWS_ACCESS_KEY_ID", Key());
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "should-not-be-used");

            var session = Engine.Resolve(new SessionRequest { ProfileName = "dev", EndpointUrl = rec.Url });
            Assert.Equal("dev", session.ProfileName);
            Assert.Equal("Parameter", session.ProfileOrigin);
            Assert.Equal("Profile", session.CredentialOrigin);
            Assert.Equal("ap-southeast-2", session.Region);
            Assert.Equal("Profile 'dev'", session.RegionOrigin);
            Assert.Equal(EcsValueSource.Parameter, session.ProfileSource);
            Assert.Equal(EcsValueSource.Profile, session.RegionSource);

            Engine.ListClusters(session);
            var call = Assert.Single(rec.Requests);
            Assert.Equal(key, call.AccessKeyId);
            Assert.Equal("ap-southeast-2", call.Region);
            Assert.Equal("dev-token", call.SecurityToken);
        }

        [Fact]
        public void AWS_PROFILE_selects_the_profile()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            sandbox.Credentials("[default]\naws_access_key_id = " + Key() + "\naws_secret_access_key = d\n[ops]\naws_access_key_id = " + key + "\naws_secret_access_key = o\n");
            sandbox.Set("AWS_PROFILE", "ops");
            var session = Engine.Resolve(new SessionRequest { EndpointUrl = rec.Url, Region = "us-west-2" });
            Assert.Equal("ops", session.ProfileName);
            Assert.Equal("Environment (AWS_PROFILE)", session.ProfileOrigin);
            Engine.ListClusters(session);
            Assert.Equal(key, Assert.Single(rec.Requests).AccessKeyId);
        }

        [Fact]
        public void Environment_keys_beat_AWS_PROFILE_but_ProfileName_beats_environment_keys_as_in_the_AWS_CLI()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var envKey = Key();
            var profileKey = Key();
            sandbox.Credentials("[ops]\naws_access_key_id = " + profileKey + "\naws_secret_access_key = o\n");
            sandbox.Config("[profile ops]\nregion = eu-south-1\n");
            sandbox.Set("AWS_PROFILE", "ops");
            sandbox.Set("AWS_ACCESS_KEY_ID", envKey);
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "env");

            var viaEnvProfile = Engine.Resolve(new SessionRequest { EndpointUrl = rec.Url });
            Assert.Equal("ops", viaEnvProfile.ProfileName);
            Assert.Equal("Environment", viaEnvProfile.CredentialOrigin);
            Assert.Equal("eu-south-1", viaEnvProfile.Region);   // the AWS_PROFILE profile still gives the region
            Engine.ListClusters(viaEnvProfile);
            Assert.Equal(envKey, rec.Requests.Last().AccessKeyId);

            var viaParameter = Engine.Resolve(new SessionRequest { ProfileName = "ops", EndpointUrl = rec.Url });
            Assert.Equal("Profile", viaParameter.CredentialOrigin);
            Engine.ListClusters(viaParameter);
            Assert.Equal(profileKey, rec.Requests.Last().AccessKeyId);
        }

        [Fact]
        public void Missing_AWS_PROFILE_profile_is_ProfileNotFound_even_with_environment_keys()
        {
            using var sandbox = new AwsSandbox();
            sandbox.Set("AWS_PROFILE", "ghost");
            sandbox.Set("AWS_ACCESS_KEY_ID", Key());
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "env");
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { Region = "us-east-1" }));
            Assert.Equal("ProfileNotFound", ex.ErrorId);
            Assert.Contains("AWS_PROFILE", ex.Message);
        }

        [Fact]
        public void Role_profile_whose_source_profile_is_missing_is_UnusableCredential()
        {
            using var sandbox = new AwsSandbox();
            sandbox.Config("[profile orphan]\nrole_arn = arn:aws:iam::123456789012:role/x\nsource_profile = not-there\nregion = us-east-1\n");
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { ProfileName = "orphan" }));
            Assert.Equal("UnusableCredential", ex.ErrorId);
            Assert.Contains("orphan", ex.Message);
        }

        [Fact]
        public void Default_profile_is_used_when_nothing_else_is_given()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            sandbox.Credentials("[default]\naws_access_key_id = " + key + "\naws_secret_access_key = d\n");
            sandbox.Config("[default]\nregion = ca-central-1\n");
            var session = Engine.Resolve(new SessionRequest { EndpointUrl = rec.Url });
            Assert.Equal("default", session.ProfileName);
            Assert.Equal("Default profile", session.ProfileOrigin);
            Assert.Equal("ca-central-1", session.Region);
            Engine.ListClusters(session);
            var call = Assert.Single(rec.Requests);
            Assert.Equal(key, call.AccessKeyId);
            Assert.Equal("ca-central-1", call.Region);
        }

        [Fact]
        public void ProfileLocation_reads_profiles_from_that_file_instead_of_the_shared_one()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var sharedKey = Key();
            var locationKey = Key();
            sandbox.Credentials("[team]\naws_access_key_id = " + sharedKey + "\naws_secret_access_key = shared\n");
            var location = sandbox.WriteFile("elsewhere/my-credentials", "[team]\naws_access_key_id = " + locationKey + "\naws_secret_access_key = located\n");

            var session = Engine.Resolve(new SessionRequest { ProfileName = "team", ProfileLocation = location, Region = "us-east-1", EndpointUrl = rec.Url });
            Assert.Equal(location, session.ProfileLocation);
            Engine.ListClusters(session);
            Assert.Equal(locationKey, Assert.Single(rec.Requests).AccessKeyId);

            // And a profile missing from that file is an error even though the shared file has others.
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { ProfileName = "other", ProfileLocation = location, Region = "us-east-1" }));
            Assert.Equal("ProfileNotFound", ex.ErrorId);
            Assert.Contains(location, ex.Message);
        }

        [Fact]
        public async Task Role_arn_with_source_profile_assumes_the_role_through_sts_and_signs_with_the_assumed_keys()
        {
            using var sandbox = new AwsSandbox();
            using var sts = new SigningRecorder(_moto.Url);
            using var ecs = new SigningRecorder(_moto.Url);
            var baseKey = Key();
            var roleName = Engine.NewId("deployer-");
            sandbox.Credentials("[base]\naws_access_key_id = " + baseKey + "\naws_secret_access_key = base-secret\n");
            sandbox.Config("[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/" + roleName + "\nsource_profile = base\nrole_session_name = ecsadmin-test\nregion = us-east-1\n");
            sandbox.Set("AWS_ENDPOINT_URL_STS", sts.Url);

            var session = Engine.Resolve(new SessionRequest { ProfileName = "deploy", EndpointUrl = ecs.Url });
            Assert.Equal("AssumeRole (arn:aws:iam::123456789012:role/" + roleName + ")", session.CredentialOrigin);
            Assert.Equal(EcsCredentialSource.AssumeRole, session.CredentialSource);

            Engine.ListClusters(session);

            // STS AssumeRole went to our endpoint, signed with the source profile's keys.
            var assume = Assert.Single(sts.Requests);
            Assert.Equal(baseKey, assume.AccessKeyId);
            Assert.Equal("sts", assume.SigningService);
            Assert.Contains("Action=AssumeRole", assume.Body);
            Assert.Contains(Uri.EscapeDataString("role/" + roleName).Replace("%2F", "/"), Uri.UnescapeDataString(assume.Body));

            // ECS was signed with the different, temporary keys moto returned, with their session token.
            var call = Assert.Single(ecs.Requests);
            Assert.NotEqual(baseKey, call.AccessKeyId);
            Assert.StartsWith("ASIA", call.AccessKeyId);
            Assert.False(string.IsNullOrEmpty(call.SecurityToken));

            // And moto knows those keys as the assumed role.
            var state = (SessionState)session.EngineState!;
            using var client = new AmazonSecurityTokenServiceClient(state.Credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = _moto.Url, AuthenticationRegion = "us-east-1" });
            var who = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.Contains("assumed-role/" + roleName + "/ecsadmin-test", who.Arn);
        }

        [Fact]
        public void Credential_process_output_signs_the_request()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            var marker = Path.Combine(sandbox.Directory, "process-ran");
            var script = sandbox.WriteFile("creds.sh", "#!/bin/sh\ntouch '" + marker + "'\necho '{\"Version\": 1, \"AccessKeyId\": \"" + key + "\", \"SecretAccessKey\": \"proc-secret\", \"SessionToken\": \"proc-token\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
            MakeExecutable(script);
            sandbox.Config("[profile proc]\ncredential_process = " + script + "\nregion = eu-central-1\n");

            var session = Engine.Resolve(new SessionRequest { ProfileName = "proc", EndpointUrl = rec.Url });
            Assert.Equal("CredentialProcess", session.CredentialOrigin);
            Assert.False(File.Exists(marker), "resolving the session must not run the credential_process");
            Engine.ListClusters(session);
            Assert.True(File.Exists(marker));
            var call = Assert.Single(rec.Requests);
            Assert.Equal(key, call.AccessKeyId);
            Assert.Equal("proc-token", call.SecurityToken);
            Assert.Equal("eu-central-1", call.Region);
        }

        [Fact]
        public void Failing_credential_process_is_an_UnusableCredential_error_naming_the_profile_and_source()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var script = sandbox.WriteFile("fail.sh", "#!/bin/sh\necho 'token expired, run login' >&2\nexit 3\n");
            MakeExecutable(script);
            var profile = Engine.NewId("broken-");
            sandbox.Config("[profile " + profile + "]\ncredential_process = " + script + "\nregion = us-east-1\n");

            var ex = Assert.Throws<EcsAdminException>(() =>
            {
                var session = Engine.Resolve(new SessionRequest { ProfileName = profile, EndpointUrl = rec.Url });
                Engine.ListClusters(session);
            });
            Assert.Equal("UnusableCredential", ex.ErrorId);
            Assert.Equal(EcsErrorKind.AuthenticationError, ex.Kind);
            Assert.Contains(profile, ex.Message);
            Assert.Contains("CredentialProcess", ex.Message);
            Assert.Empty(rec.Requests);
        }

        [Fact]
        public void Container_credentials_are_fetched_with_the_authorization_token_and_sign_the_request()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            var token = "container-auth-" + Guid.NewGuid().ToString("N");
            using var provider = new LocalHttpServer(r =>
                r.Headers["Authorization"] == token
                    ? (200, "{\"AccessKeyId\":\"" + key + "\",\"SecretAccessKey\":\"c-secret\",\"Token\":\"c-token\",\"Expiration\":\"" + DateTime.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\"}")
                    : (401, "{\"message\":\"bad token\"}"));
            sandbox.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", provider.Url + "/v2/credentials/" + Guid.NewGuid().ToString("N"));
            sandbox.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", token);

            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = rec.Url });
            Assert.Equal("Container", session.CredentialOrigin);
            Engine.ListClusters(session);

            Assert.Contains(provider.Seen, s => s.PathAndQuery.StartsWith("/v2/credentials/") && s.Headers.TryGetValue("Authorization", out var a) && a == token);
            var call = Assert.Single(rec.Requests);
            Assert.Equal(key, call.AccessKeyId);
            Assert.Equal("c-token", call.SecurityToken);
        }

        [Fact]
        public void Container_credentials_refused_by_the_endpoint_are_an_UnusableCredential_error()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            using var provider = new LocalHttpServer(_ => (401, "{\"message\":\"bad token\"}"));
            sandbox.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", provider.Url + "/creds/" + Guid.NewGuid().ToString("N"));
            sandbox.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong");

            var ex = Assert.Throws<EcsAdminException>(() => Engine.ListClusters(Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = rec.Url })));
            Assert.Equal("UnusableCredential", ex.ErrorId);
            Assert.Contains("Container", ex.Message);
            Assert.Empty(rec.Requests);
        }

        [Fact]
        public void Sso_profile_with_a_cached_token_gets_role_credentials_from_the_portal_and_signs_with_them()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            var accessToken = "sso-access-" + Guid.NewGuid().ToString("N");
            using var portal = new LocalHttpServer(r =>
                r.Url!.AbsolutePath == "/federation/credentials" && r.Headers["x-amz-sso_bearer_token"] == accessToken
                    ? (200, "{\"roleCredentials\":{\"accessKeyId\":\"" + key + "\",\"secretAccessKey\":\"sso-secret\",\"sessionToken\":\"sso-token\",\"expiration\":"
                        + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() + "}}")
                    : (401, "{\"message\":\"unauthorized\"}"));

            // The SDK reads the token cache from <user profile>/.aws/sso/cache/<sha1(sso_session)>.json, where the
            // user profile folder is HOME on Linux: point HOME at the sandbox for this test.
            var home = Path.Combine(sandbox.Directory, "home");
            var ssoSession = Engine.NewId("corp-");
            sandbox.WriteFile(Path.Combine("home", ".aws", "sso", "cache", Sha1Hex(ssoSession) + ".json"),
                "{\"startUrl\":\"https://corp.awsapps.com/start\",\"region\":\"us-east-1\",\"accessToken\":\"" + accessToken
                + "\",\"expiresAt\":\"" + DateTime.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\"}");
            sandbox.Set("HOME", home);
            sandbox.Set("AWS_ENDPOINT_URL_SSO", portal.Url);
            sandbox.Config("[profile sso-dev]\nsso_session = " + ssoSession + "\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = us-east-1\n\n"
                + "[sso-session " + ssoSession + "]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n");

            var session = Engine.Resolve(new SessionRequest { ProfileName = "sso-dev", EndpointUrl = rec.Url });
            Assert.Equal("SSO", session.CredentialOrigin);
            Engine.ListClusters(session);

            var get = Assert.Single(portal.Seen);
            Assert.Equal("GET", get.Method);
            Assert.Contains("account_id=111122223333", get.PathAndQuery);
            Assert.Contains("role_name=Admin", get.PathAndQuery);
            var call = Assert.Single(rec.Requests);
            Assert.Equal(key, call.AccessKeyId);
            Assert.Equal("sso-token", call.SecurityToken);
        }

        [Fact]
        public void Legacy_sso_start_url_profile_reads_the_token_cached_under_the_start_url()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            var accessToken = "sso-legacy-" + Guid.NewGuid().ToString("N");
            using var portal = new LocalHttpServer(r => r.Headers["x-amz-sso_bearer_token"] == accessToken
                ? (200, "{\"roleCredentials\":{\"accessKeyId\":\"" + key + "\",\"secretAccessKey\":\"s\",\"sessionToken\":\"legacy-token\",\"expiration\":"
                    + DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeMilliseconds() + "}}")
                : (401, "{\"message\":\"unauthorized\"}"));
            var startUrl = "https://" + Engine.NewId("legacy") + ".awsapps.com/start";
            sandbox.WriteFile(Path.Combine("home", ".aws", "sso", "cache", Sha1Hex(startUrl) + ".json"),
                "{\"startUrl\":\"" + startUrl + "\",\"region\":\"eu-west-1\",\"accessToken\":\"" + accessToken
                + "\",\"expiresAt\":\"" + DateTime.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\"}");
            sandbox.Set("HOME", Path.Combine(sandbox.Directory, "home"));
            sandbox.Set("AWS_ENDPOINT_URL_SSO", portal.Url);
            sandbox.Config("[profile legacy]\nsso_start_url = " + startUrl + "\nsso_region = eu-west-1\nsso_account_id = 444455556666\nsso_role_name = ReadOnly\nregion = eu-west-1\n");

            var session = Engine.Resolve(new SessionRequest { ProfileName = "legacy", EndpointUrl = rec.Url });
            Assert.Equal("SSO", session.CredentialOrigin);
            Engine.ListClusters(session);
            Assert.Contains("account_id=444455556666", Assert.Single(portal.Seen).PathAndQuery);
            Assert.Equal(key, Assert.Single(rec.Requests).AccessKeyId);
        }

        [Fact]
        public void Expired_sso_token_is_an_UnusableCredential_error_and_nothing_is_signed()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            using var portal = new LocalHttpServer(_ => (401, "{\"message\":\"unauthorized\"}"));
            var ssoSession = Engine.NewId("expired-");
            sandbox.WriteFile(Path.Combine("home", ".aws", "sso", "cache", Sha1Hex(ssoSession) + ".json"),
                "{\"startUrl\":\"https://corp.awsapps.com/start\",\"region\":\"us-east-1\",\"accessToken\":\"old\",\"expiresAt\":\""
                + DateTime.UtcNow.AddHours(-2).ToString("yyyy-MM-ddTHH:mm:ssZ") + "\"}");
            sandbox.Set("HOME", Path.Combine(sandbox.Directory, "home"));
            // Every SSO-related client the SDK might try goes to the local server that refuses: no network.
            sandbox.Set("AWS_ENDPOINT_URL_SSO", portal.Url);
            sandbox.Set("AWS_ENDPOINT_URL_SSO_OIDC", portal.Url);
            sandbox.Config("[profile old-sso]\nsso_session = " + ssoSession + "\nsso_account_id = 111122223333\nsso_role_name = Admin\nregion = us-east-1\n\n"
                + "[sso-session " + ssoSession + "]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n");

            var ex = Assert.Throws<EcsAdminException>(() => Engine.ListClusters(Engine.Resolve(new SessionRequest { ProfileName = "old-sso", EndpointUrl = rec.Url })));
            Assert.Equal("UnusableCredential", ex.ErrorId);
            Assert.Contains("old-sso", ex.Message);
            Assert.Contains("SSO", ex.Message);
            Assert.Empty(rec.Requests);
        }

        [Fact]
        public void ProfileLocation_that_does_not_exist_is_ProfileLocationNotFound()
        {
            using var sandbox = new AwsSandbox();
            var missing = Path.Combine(sandbox.Directory, "no-such-file");
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { ProfileName = "x", ProfileLocation = missing, Region = "us-east-1" }));
            Assert.Equal("ProfileLocationNotFound", ex.ErrorId);
            Assert.Contains(missing, ex.Message);
        }

        [Fact]
        public void Explicit_credential_of_a_wrong_type_is_an_UnusableCredential_error()
        {
            using var sandbox = new AwsSandbox();
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { Credential = 42, Region = "us-east-1" }));
            Assert.Equal("UnusableCredential", ex.ErrorId);
            Assert.Contains("System.Int32", ex.Message);
        }

        [Fact]
        public void Explicit_AWSCredentials_sign_the_request()
        {
            using var sandbox = new AwsSandbox();
            using var rec = new SigningRecorder(_moto.Url);
            var key = Key();
            var session = Engine.Resolve(new SessionRequest { Credential = new Amazon.Runtime.BasicAWSCredentials(key, "explicit-secret"), Region = "us-east-1", EndpointUrl = rec.Url });
            Assert.Equal("Parameter", session.CredentialOrigin);
            Engine.ListClusters(session);
            Assert.Equal(key, Assert.Single(rec.Requests).AccessKeyId);
        }

        [Fact]
        public void No_credentials_anywhere_is_an_error_naming_what_was_tried()
        {
            using var sandbox = new AwsSandbox();
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { Region = "us-east-1" }));
            Assert.Equal("CredentialsNotFound", ex.ErrorId);
            Assert.Contains("AWS_ACCESS_KEY_ID", ex.Message);
            Assert.Contains("container credentials", ex.Message);
            Assert.Contains(sandbox.CredentialsFile, ex.Message);
        }

        [Fact]
        public void Missing_profile_is_ProfileNotFound_never_a_fallback_to_other_credentials()
        {
            using var sandbox = new AwsSandbox();
            sandbox.Set("AWS_ACCESS_KEY_ID", Key());
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "env");
            sandbox.Credentials("[default]\naws_access_key_id = " + Key() + "\naws_secret_access_key = d\n");
            var ex = Assert.Throws<EcsAdminException>(() => Engine.Resolve(new SessionRequest { ProfileName = "nope", Region = "us-east-1" }));
            Assert.Equal("ProfileNotFound", ex.ErrorId);
            Assert.Equal(EcsErrorKind.ObjectNotFound, ex.Kind);
            Assert.Contains("'nope'", ex.Message);
            Assert.Contains(sandbox.CredentialsFile, ex.Message);
            Assert.Contains(sandbox.ConfigFile, ex.Message);
        }

        internal static void MakeExecutable(string path)
        {
            if (OperatingSystem.IsWindows()) return;
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        private static string Sha1Hex(string text)
        {
            using var sha = SHA1.Create();
            return string.Concat(sha.ComputeHash(Encoding.UTF8.GetBytes(text)).Select(b => b.ToString("x2")));
        }
    }
}
