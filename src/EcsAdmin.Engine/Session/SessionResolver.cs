using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Models;

namespace EcsAdmin.Engine.Session
{
    /// <summary>What the engine keeps of a resolved session: the credentials (never shown) and profile settings.</summary>
    internal sealed class SessionState
    {
        public SessionState(AWSCredentials credentials, string? profileEndpointUrl)
        {
            Credentials = credentials;
            ProfileEndpointUrl = profileEndpointUrl;
        }

        public AWSCredentials Credentials { get; }
        public string? ProfileEndpointUrl { get; }
    }

    /// <summary>Reads the environment; replaceable in tests.</summary>
    internal interface IEnvironment
    {
        string? Get(string name);
    }

    internal sealed class ProcessEnvironment : IEnvironment
    {
        public static readonly ProcessEnvironment Instance = new ProcessEnvironment();
        public string? Get(string name)
        {
            var v = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(v) ? null : v;
        }
    }

    /// <summary>
    /// Resolves profile, credentials, region and endpoints in the documented order:
    /// explicit parameters, then the -Session / default session, then the AWS conventions (environment,
    /// shared config and credentials files, container credentials, instance metadata). Each value records
    /// where it came from. A named profile that does not exist is an error, never a fallback.
    /// </summary>
    internal sealed class SessionResolver
    {
        private static readonly ConcurrentDictionary<string, AWSCredentials> CredentialCache = new ConcurrentDictionary<string, AWSCredentials>();

        /// <summary>The services whose AWS_ENDPOINT_URL_&lt;SERVICE&gt; variables we read.</summary>
        public static readonly ServiceDescriptor[] KnownServices =
        {
            Aws.Generated.Ecs.EcsApi.Service,
            Aws.Generated.AutoScaling.AutoScalingApi.Service,
            Aws.Generated.CloudWatch.CloudWatchApi.Service,
            Aws.Generated.Logs.LogsApi.Service,
            Aws.Generated.Ssm.SsmApi.Service,
            Aws.Generated.Ecr.EcrApi.Service,
            Aws.Generated.SecretsManager.SecretsManagerApi.Service,
            Aws.Generated.ServiceDiscovery.ServiceDiscoveryApi.Service,
            Aws.Generated.Iam.IamApi.Service,
            Aws.Generated.Ec2.Ec2Api.Service,
            Aws.Generated.Elbv2.Elbv2Api.Service,
            Aws.Generated.Kms.KmsApi.Service,
        };

        private readonly IEnvironment _env;

        public SessionResolver(IEnvironment? environment = null) => _env = environment ?? ProcessEnvironment.Instance;

        public EcsSession Resolve(SessionRequest request, OperationContext context)
        {
            var b = request.BaseSession;
            var sessionLabel = request.BaseSessionIsDefault ? "default session (Connect-EcsSession)" : "-Session";
            var result = new EcsSession { DefaultCluster = request.DefaultCluster ?? b?.DefaultCluster, MaxAttempts = request.MaxAttempts ?? b?.MaxAttempts,
                RequestTimeoutSec = request.RequestTimeoutSec ?? b?.RequestTimeoutSec };

            // Profile location
            result.ProfileLocation = request.ProfileLocation ?? b?.ProfileLocation;
            if (result.ProfileLocation != null && !File.Exists(result.ProfileLocation))
                throw new EcsAdminException("ProfileLocationNotFound", EcsErrorKind.ObjectNotFound,
                    "The credentials file '" + result.ProfileLocation + "' does not exist.", result.ProfileLocation,
                    "Give -ProfileLocation the path of an existing shared credentials file, or leave it out to use AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials.");

            // Profile: explicit (parameter/session) or AWS_PROFILE (weaker than environment keys, as in the AWS CLI).
            string? profileName = null;
            bool profileExplicit = false;
            if (!string.IsNullOrWhiteSpace(request.ProfileName)) { profileName = request.ProfileName!.Trim(); result.SetProfileSource(EcsValueSource.Parameter); profileExplicit = true; }
            else if (b?.ProfileName != null && b.Fixes(b.ProfileSource)) { profileName = b.ProfileName; result.SetProfileSource(EcsValueSource.Session); profileExplicit = true; }
            else if (_env.Get("AWS_PROFILE") is string envProfile) { profileName = envProfile.Trim(); result.SetProfileSource(EcsValueSource.Environment, "Environment (AWS_PROFILE)"); profileExplicit = true; }

            var chain = new ProfileFiles(result.ProfileLocation, _env);
            CredentialProfile? profile = null;
            if (profileName != null)
            {
                if (!chain.TryGetProfile(profileName, out profile))
                    throw new EcsAdminException("ProfileNotFound", EcsErrorKind.ObjectNotFound,
                        "The profile '" + profileName + "' (from " + result.ProfileOrigin + ") was not found in " + chain.Describe() + ".",
                        profileName, "Check the profile name with 'Get-Content ~/.aws/config', or create it with 'aws configure --profile " + profileName + "'.");
                result.ProfileName = profileName;
            }

            // Credentials
            var credentials = ResolveCredentials(request, b, result, chain, profile, profileExplicit, context, out var tried);
            if (credentials is null)
                throw new EcsAdminException("CredentialsNotFound", EcsErrorKind.AuthenticationError,
                    "No AWS credentials were found. Tried: " + string.Join("; ", tried) + ".", null,
                    "Pass -Credential or -ProfileName, run Connect-EcsSession -ProfileName <name>, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.");

            // Region
            string? region = null;
            if (!string.IsNullOrWhiteSpace(request.Region)) { region = request.Region!.Trim(); result.SetRegionSource(EcsValueSource.Parameter); }
            else if (b != null && !string.IsNullOrEmpty(b.Region) && b.Fixes(b.RegionSource)) { region = b.Region; result.SetRegionSource(EcsValueSource.Session); }
            else if (_env.Get("AWS_REGION") is string r1) { region = r1.Trim(); result.SetRegionSource(EcsValueSource.Environment, "Environment (AWS_REGION)"); }
            else if (_env.Get("AWS_DEFAULT_REGION") is string r2) { region = r2.Trim(); result.SetRegionSource(EcsValueSource.Environment, "Environment (AWS_DEFAULT_REGION)"); }
            else
            {
                var regionProfile = profile;
                if (regionProfile is null && chain.TryGetProfile("default", out var def)) regionProfile = def;
                if (regionProfile?.Region != null) { region = regionProfile.Region.SystemName; result.SetRegionSource(EcsValueSource.Profile, "Profile '" + regionProfile.Name + "'"); }
            }
            // Retry attempts: -MaxAttempts / session, then the profile's max_attempts, then AWS_MAX_ATTEMPTS.
            if (result.MaxAttempts is null)
            {
                var settingsProfile = profile;
                if (settingsProfile is null && chain.TryGetProfile("default", out var defForAttempts)) settingsProfile = defForAttempts;
                if (settingsProfile?.MaxAttempts is int fromProfile && fromProfile >= 1) result.MaxAttempts = fromProfile;
                else if (_env.Get("AWS_MAX_ATTEMPTS") is string envAttempts && int.TryParse(envAttempts.Trim(), out var n) && n >= 1) result.MaxAttempts = n;
            }
            if (region is null)
                throw new EcsAdminException("RegionNotFound", EcsErrorKind.InvalidArgument,
                    "No AWS region was given. Tried: -Region, " + sessionLabel + ", AWS_REGION, AWS_DEFAULT_REGION, the region of profile '" + (profile?.Name ?? "default") + "'.",
                    null, "Pass -Region (e.g. -Region us-east-1), run Connect-EcsSession -Region <region>, or set AWS_REGION.");
            if (!IsPlausibleRegion(region))
                throw new EcsAdminException("InvalidRegion", EcsErrorKind.InvalidArgument,
                    "'" + region + "' (from " + result.RegionOrigin + ") is not an AWS region name.", region,
                    "Use a region code such as us-east-1 or eu-west-1.");
            result.Region = region;

            // Endpoints
            // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, else the profile's ignore_configured_endpoint_urls.
            var ignoreConfigured = _env.Get("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") is string ignoreText
                ? string.Equals(ignoreText.Trim(), "true", StringComparison.OrdinalIgnoreCase)
                : (profile ?? DefaultProfile(chain))?.IgnoreConfiguredEndpointUrls == true;

            // The chosen profile's settings, or the default profile's when none was chosen (as region does).
            var settingsSource = profile ?? DefaultProfile(chain);
            string? profileEndpoint = settingsSource?.EndpointUrl;
            if (!string.IsNullOrWhiteSpace(request.EndpointUrl)) { result.EndpointUrl = ValidateUrl(request.EndpointUrl!, "Parameter"); result.SetEndpointSource(EcsValueSource.Parameter); }
            else if (b != null && b.EndpointSource != EcsValueSource.None && b.Fixes(b.EndpointSource))
            {
                // The session fixed its endpoints (Connect-EcsSession): its general URL and its per-service URLs.
                result.EndpointUrl = b.EndpointUrl;
                result.SetEndpointSource(EcsValueSource.Session);
                foreach (var kv in b.ServiceEndpoints) result.ServiceEndpointMap[kv.Key] = kv.Value;
            }
            else if (!ignoreConfigured)
            {
                foreach (var svc in KnownServices)
                    if (_env.Get("AWS_ENDPOINT_URL_" + svc.EnvName) is string svcUrl)
                        result.ServiceEndpointMap[svc.EnvName] = ValidateUrl(svcUrl, "AWS_ENDPOINT_URL_" + svc.EnvName);
                if (_env.Get("AWS_ENDPOINT_URL") is string envUrl) { result.EndpointUrl = ValidateUrl(envUrl, "AWS_ENDPOINT_URL"); result.SetEndpointSource(EcsValueSource.Environment, "Environment (AWS_ENDPOINT_URL)"); }
                else if (!string.IsNullOrWhiteSpace(profileEndpoint)) { result.EndpointUrl = ValidateUrl(profileEndpoint!, "endpoint_url"); result.SetEndpointSource(EcsValueSource.Profile, "Profile '" + settingsSource!.Name + "' (endpoint_url)"); }
            }

            result.EngineState = new SessionState(credentials, profileEndpoint);
            return result;
        }

        /// <summary>
        /// The endpoint for one service: an -EndpointUrl parameter for every service, else the service's own URL
        /// (AWS_ENDPOINT_URL_&lt;SERVICE&gt;, kept by a session), else the general one (AWS_ENDPOINT_URL, the
        /// profile's endpoint_url, a session's), else null for AWS's own endpoint.
        /// </summary>
        public static string? EndpointFor(EcsSession session, ServiceDescriptor service)
        {
            if (session.EndpointUrl != null && session.EndpointSource == EcsValueSource.Parameter) return session.EndpointUrl;
            if (session.ServiceEndpoints.TryGetValue(service.EnvName, out var url)) return url;
            return session.EndpointUrl;
        }

        private AWSCredentials? ResolveCredentials(SessionRequest request, EcsSession? b, EcsSession result,
            ProfileFiles chain, CredentialProfile? profile, bool profileExplicit, OperationContext context, out List<string> tried)
        {
            tried = new List<string>();
            var explicitObject = request.Credential ?? b?.ExplicitCredential;
            if (explicitObject != null)
            {
                var adapted = CredentialAdapter.FromObject(explicitObject)
                    ?? throw new EcsAdminException("UnusableCredential", EcsErrorKind.InvalidArgument,
                        "-Credential must be an Amazon.Runtime.AWSCredentials object or a PSCredential (access key id as user name, secret key as password); got " + explicitObject.GetType().FullName + ".",
                        explicitObject.GetType().FullName, "Pass (Get-AWSCredential -ProfileName x) from AWS.Tools, or Get-Credential with the access key id as user name.");
                result.ExplicitCredential = explicitObject;
                result.SetCredentialSource(request.Credential != null ? EcsCredentialSource.Parameter : EcsCredentialSource.Session);
                return Track(adapted, result, context);
            }
            tried.Add("-Credential");

            // -ProfileName and a session's profile beat environment keys; AWS_PROFILE does not (as in the AWS CLI:
            // AWS_ACCESS_KEY_ID overrides the profile's keys, --profile overrides AWS_ACCESS_KEY_ID).
            var profileFromEnvironment = result.ProfileSource == EcsValueSource.Environment;
            if (profile != null && profileExplicit && !profileFromEnvironment)
                return Track(FromProfile(profile, chain, result), result, context);

            var key = _env.Get("AWS_ACCESS_KEY_ID");
            var secret = _env.Get("AWS_SECRET_ACCESS_KEY");
            if (key != null && secret != null)
            {
                var token = _env.Get("AWS_SESSION_TOKEN");
                result.SetCredentialSource(EcsCredentialSource.Environment);
                var envCreds = CredentialCache.GetOrAdd("env|" + key + "|" + secret.GetHashCode() + "|" + (token?.GetHashCode() ?? 0),
                    _ => token is null ? new BasicAWSCredentials(key, secret) : (AWSCredentials)new SessionAWSCredentials(key, secret, token));
                return Track(envCreds, result, context);
            }
            tried.Add("AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");

            if (profile != null && profileFromEnvironment)
                return Track(FromProfile(profile, chain, result), result, context);

            if (chain.TryGetProfile("default", out var defaultProfile))
            {
                result.ProfileName = "default";
                result.SetProfileSource(EcsValueSource.DefaultProfile);
                return Track(FromProfile(defaultProfile!, chain, result), result, context);
            }
            tried.Add("profile 'default' in " + chain.Describe());

            var relative = _env.Get("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
            var full = _env.Get("AWS_CONTAINER_CREDENTIALS_FULL_URI");
            if (relative != null || full != null)
            {
                result.SetCredentialSource(EcsCredentialSource.Container);
                return Track(CredentialCache.GetOrAdd("container|" + relative + "|" + full, _ => new GenericContainerCredentials()), result, context);
            }
            tried.Add("container credentials (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI/FULL_URI)");

            if (!string.Equals(_env.Get("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase))
            {
                result.SetCredentialSource(EcsCredentialSource.InstanceMetadata);
                return Track(CredentialCache.GetOrAdd("imds", _ => new DeferredCredentials(() => new InstanceProfileAWSCredentials())), result, context);
            }
            tried.Add("instance metadata (disabled by AWS_EC2_METADATA_DISABLED)");
            return null;
        }

        private static CredentialProfile? DefaultProfile(ProfileFiles chain)
            => chain.TryGetProfile("default", out var def) ? def : null;

        private static AWSCredentials FromProfile(CredentialProfile profile, ProfileFiles chain, EcsSession result)
        {
            var o = profile.Options;
            if (!string.IsNullOrEmpty(o.RoleArn)) result.SetCredentialSource(EcsCredentialSource.AssumeRole, "AssumeRole (" + o.RoleArn + ")");
            else if (!string.IsNullOrEmpty(o.SsoStartUrl) || !string.IsNullOrEmpty(o.SsoSession)) result.SetCredentialSource(EcsCredentialSource.Sso);
            else if (!string.IsNullOrEmpty(o.CredentialProcess)) result.SetCredentialSource(EcsCredentialSource.CredentialProcess);
            else result.SetCredentialSource(EcsCredentialSource.Profile);
            try
            {
                return CredentialCache.GetOrAdd(profile.Name + "|" + chain.Describe() + "|" + Fingerprint(o), _ => AWSCredentialsFactory.GetAWSCredentials(profile, chain.Source));
            }
            catch (Exception ex) when (!(ex is EcsAdminException))
            {
                throw new EcsAdminException("UnusableCredential", EcsErrorKind.AuthenticationError,
                    "The credentials of profile '" + profile.Name + "' (" + result.CredentialOrigin + ") cannot be used: " + SourceFailureText.Describe(ex), profile.Name,
                    "Check the profile's keys, role_arn/source_profile, sso_* or credential_process settings.", ex);
            }
        }

        private static string Fingerprint(CredentialProfileOptions o)
            => string.Join("|", o.AccessKey, (o.SecretKey ?? "").GetHashCode(), (o.Token ?? "").GetHashCode(), o.RoleArn, o.SourceProfile,
                o.SsoStartUrl, o.SsoSession, o.SsoAccountId, o.SsoRoleName, o.CredentialProcess, o.ExternalID, o.RoleSessionName);

        private static AWSCredentials Track(AWSCredentials credentials, EcsSession result, OperationContext context)
        {
            if (credentials is BasicAWSCredentials || credentials is SessionAWSCredentials)
            {
                var immutable = credentials.GetCredentials();
                context.AddSecret(immutable.SecretKey);
                context.AddSecret(immutable.Token);
                result.AccessKeyId = Mask(immutable.AccessKey);
            }
            var kind = result.CredentialSource;
            var description = kind == EcsCredentialSource.Parameter || kind == EcsCredentialSource.Session ? "-Credential (" + result.CredentialOrigin + ")"
                : result.ProfileName != null && kind != EcsCredentialSource.Environment && kind != EcsCredentialSource.Container && kind != EcsCredentialSource.InstanceMetadata
                    ? "profile '" + result.ProfileName + "' (" + result.CredentialOrigin + ")"
                : result.CredentialOrigin ?? "credentials";
            return CheckedCredentials.For(credentials, description);
        }

        internal static string Mask(string? accessKey)
            => string.IsNullOrEmpty(accessKey) ? "" : accessKey!.Length <= 4 ? "****" : new string('*', accessKey.Length - 4) + accessKey.Substring(accessKey.Length - 4);

        private static bool IsPlausibleRegion(string region)
            => System.Text.RegularExpressions.Regex.IsMatch(region, "^[a-z]{2,4}(-[a-z]+)+-\\d+$");

        private static string ValidateUrl(string url, string source)
        {
            if (Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
            throw new EcsAdminException("InvalidEndpointUrl", EcsErrorKind.InvalidArgument,
                "The endpoint URL '" + url + "' (from " + source + ") is not an absolute http or https URL.", url,
                "Give a URL such as https://ecs.us-east-1.amazonaws.com or http://127.0.0.1:5000.");
        }
    }
}
