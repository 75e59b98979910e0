using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    internal sealed class NewNamespaceOptions
    {
        public string Name { get; set; } = "";
        /// <summary>HTTP or DNS_PRIVATE.</summary>
        public string Type { get; set; } = "HTTP";
        /// <summary>The VPC of a private DNS namespace.</summary>
        public string? Vpc { get; set; }
        public string? Description { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
        /// <summary>Makes a retried create idempotent (Cloud Map CreatorRequestId); generated when null.</summary>
        public string? CreatorRequestId { get; set; }
        /// <summary>Wait for the Cloud Map operation and return the namespace (else return as soon as it is submitted).</summary>
        public WaitSettings? Wait { get; set; }
    }

    /// <summary>A Cloud Map service for ECS service discovery, named by its namespace and name (no registry ARN by hand).</summary>
    internal sealed class DiscoveryServiceOptions
    {
        /// <summary>The namespace's name, id (ns-...) or ARN.</summary>
        public string Namespace { get; set; } = "";
        /// <summary>The discovery name (web in web.corp.local).</summary>
        public string Name { get; set; } = "";
        /// <summary>A, AAAA or SRV for a DNS namespace (default A); must stay null for an HTTP namespace.</summary>
        public string? DnsRecordType { get; set; }
        /// <summary>The records' TTL in seconds for a DNS namespace (default 60).</summary>
        public long? Ttl { get; set; }
    }

    /// <summary>AWS Cloud Map namespaces.</summary>
    internal interface INamespaceOperations
    {
        Task CreateAsync(EcsSession session, NewNamespaceOptions options, OperationContext context);
        /// <summary>Names or ids, wildcards allowed; none means every namespace.</summary>
        Task GetAsync(EcsSession session, string[]? names, string? type, OperationContext context);
        Task RemoveAsync(EcsSession session, string nameOrId, WaitSettings? wait, OperationContext context);

        /// <summary>
        /// The ARN of the Cloud Map service <c>options.Name</c> in the namespace, created when missing (DNS records of the
        /// type and TTL given, custom health checks as ECS needs): what a service's registryArn takes. Nothing is written
        /// to the context's output; an existing service whose DNS record type differs is an error.
        /// </summary>
        Task<string> ResolveDiscoveryServiceAsync(EcsSession session, DiscoveryServiceOptions options, OperationContext context);
    }
}
