using System;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>
    /// Where EcsAdmin sends its requests and as whom: profile, region, endpoints, default cluster, and where
    /// each value came from. Holds no secret; the credentials stay inside the engine.
    /// </summary>
    public sealed class EcsSession
    {
        public Guid Id { get; set; } = Guid.NewGuid();
        public string? ProfileName { get; set; }
        public string? ProfileSource { get; set; }
        public string? ProfileLocation { get; set; }
        public string Region { get; set; } = "";
        public string? RegionSource { get; set; }
        /// <summary>The kind of credentials: Parameter, Environment, Profile (static), AssumeRole, SSO, CredentialProcess, Container, InstanceMetadata.</summary>
        public string? CredentialSource { get; set; }
        /// <summary>The access key id with all but its last four characters masked.</summary>
        public string? AccessKeyId { get; set; }
        /// <summary>The endpoint URL applying to every service, or null for AWS's own endpoints.</summary>
        public string? EndpointUrl { get; set; }
        public string? EndpointSource { get; set; }
        /// <summary>Per-service endpoint URLs (AWS_ENDPOINT_URL_&lt;SERVICE&gt;), keyed by the service's env name (ECS, CLOUDWATCH, ...).</summary>
        public Dictionary<string, string> ServiceEndpoints { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string? DefaultCluster { get; set; }
        public bool IsDefault { get; set; }
        public int? MaxAttempts { get; set; }
        /// <summary>Seconds one request attempt may take before it counts as timed out (null: 60).</summary>
        public int? RequestTimeoutSec { get; set; }
        public DateTime CreatedUtc { get; set; } = DateTime.UtcNow;

        /// <summary>The engine's handle to this session's credentials; opaque, never printed.</summary>
        internal object? EngineState { get; set; }
        /// <summary>An explicit credential object given when the session was made (re-used by later calls).</summary>
        internal object? ExplicitCredential { get; set; }

        public override string ToString() => (ProfileName ?? CredentialSource ?? "session") + "@" + Region;
    }
}
