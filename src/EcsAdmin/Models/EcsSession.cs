using System;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>Where a session value (profile, region, endpoint) came from.</summary>
    public enum EcsValueSource
    {
        /// <summary>Not set (AWS's own endpoint, no profile).</summary>
        None = 0,
        /// <summary>A parameter of this call (-ProfileName, -Region, -EndpointUrl).</summary>
        Parameter,
        /// <summary>The session given with -Session, or the default session (Connect-EcsSession).</summary>
        Session,
        /// <summary>An environment variable (AWS_PROFILE, AWS_REGION, AWS_DEFAULT_REGION, AWS_ENDPOINT_URL).</summary>
        Environment,
        /// <summary>A setting of the chosen profile (region, endpoint_url).</summary>
        Profile,
        /// <summary>The profile named 'default', used because nothing else was given.</summary>
        DefaultProfile,
    }

    /// <summary>The kind of credentials a session uses.</summary>
    public enum EcsCredentialSource
    {
        None = 0,
        /// <summary>-Credential of this call.</summary>
        Parameter,
        /// <summary>-Credential given when the session was made.</summary>
        Session,
        /// <summary>AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN).</summary>
        Environment,
        /// <summary>Static keys of a profile.</summary>
        Profile,
        /// <summary>A profile's role_arn (assumed through STS).</summary>
        AssumeRole,
        /// <summary>A profile's IAM Identity Center (SSO) settings.</summary>
        Sso,
        /// <summary>A profile's credential_process.</summary>
        CredentialProcess,
        /// <summary>The ECS/EKS container credentials endpoint.</summary>
        Container,
        /// <summary>The EC2 instance metadata service.</summary>
        InstanceMetadata,
    }

    /// <summary>
    /// Where EcsAdmin sends its requests and as whom: profile, region, endpoints, default cluster, and where
    /// each value came from. Holds no secret; the credentials stay inside the engine. Made by the engine
    /// (Connect-EcsSession, Get-EcsSession); read-only to users.
    /// </summary>
    public sealed class EcsSession
    {
        private readonly EcsMap<string> _serviceEndpoints = new EcsMap<string>(StringComparer.OrdinalIgnoreCase);

        internal EcsSession() { }

        public Guid Id { get; internal set; } = Guid.NewGuid();
        public string? ProfileName { get; internal set; }
        public EcsValueSource ProfileSource { get; internal set; }
        /// <summary>Where the profile came from, readably: Parameter, Session, Environment (AWS_PROFILE), Default profile.</summary>
        public string? ProfileOrigin { get; internal set; }
        public string? ProfileLocation { get; internal set; }
        public string Region { get; internal set; } = "";
        public EcsValueSource RegionSource { get; internal set; }
        /// <summary>Where the region came from, readably: Parameter, Session, Environment (AWS_REGION), Profile 'dev', ...</summary>
        public string? RegionOrigin { get; internal set; }
        public EcsCredentialSource CredentialSource { get; internal set; }
        /// <summary>The kind of credentials, readably: Environment, Profile, AssumeRole (role ARN), SSO, ...</summary>
        public string? CredentialOrigin { get; internal set; }
        /// <summary>The access key id with all but its last four characters masked.</summary>
        public string? AccessKeyId { get; internal set; }
        /// <summary>The endpoint URL applying to every service, or null for AWS's own endpoints.</summary>
        public string? EndpointUrl { get; internal set; }
        public EcsValueSource EndpointSource { get; internal set; }
        /// <summary>Where the endpoint came from, readably: Parameter, Session, Environment (AWS_ENDPOINT_URL), Profile 'x' (endpoint_url).</summary>
        public string? EndpointOrigin { get; internal set; }
        /// <summary>Per-service endpoint URLs (AWS_ENDPOINT_URL_&lt;SERVICE&gt;), keyed by the service's env name (ECS, CLOUDWATCH, ...).</summary>
        public IReadOnlyDictionary<string, string> ServiceEndpoints => _serviceEndpoints;
        public string? DefaultCluster { get; internal set; }
        public bool IsDefault { get; internal set; }
        public int? MaxAttempts { get; internal set; }
        /// <summary>Seconds one request attempt may take before it counts as timed out (null: 60).</summary>
        public int? RequestTimeoutSec { get; internal set; }
        public DateTime CreatedUtc { get; internal set; } = DateTime.UtcNow;

        /// <summary>
        /// Made by Connect-EcsSession: every value it resolved is fixed for the calls that use it as their
        /// base session, whatever its source (a session from Get-EcsSession fixes only explicit values).
        /// </summary>
        internal bool Pinned { get; set; }

        /// <summary>The per-service endpoints, for the resolver to fill.</summary>
        internal Dictionary<string, string> ServiceEndpointMap => _serviceEndpoints;

        /// <summary>The engine's handle to this session's credentials; opaque, never printed.</summary>
        internal object? EngineState { get; set; }
        /// <summary>An explicit credential object given when the session was made (re-used by later calls).</summary>
        internal object? ExplicitCredential { get; set; }

        internal void SetProfileSource(EcsValueSource source, string? origin = null) { ProfileSource = source; ProfileOrigin = origin ?? Text(source); }
        internal void SetRegionSource(EcsValueSource source, string? origin = null) { RegionSource = source; RegionOrigin = origin ?? Text(source); }
        internal void SetEndpointSource(EcsValueSource source, string? origin = null) { EndpointSource = source; EndpointOrigin = origin ?? Text(source); }
        internal void SetCredentialSource(EcsCredentialSource source, string? origin = null)
        {
            CredentialSource = source;
            CredentialOrigin = origin ?? (source == EcsCredentialSource.Sso ? "SSO" : source.ToString());
        }

        /// <summary>True when a value with this source, taken from a base session, is fixed for the call.</summary>
        internal bool Fixes(EcsValueSource source) => Pinned || source == EcsValueSource.Parameter || source == EcsValueSource.Session;

        private static string Text(EcsValueSource source) => source == EcsValueSource.DefaultProfile ? "Default profile" : source.ToString();

        public override string ToString() => (ProfileName ?? CredentialOrigin ?? "session") + "@" + Region;
    }
}
