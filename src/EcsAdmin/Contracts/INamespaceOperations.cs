using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    public sealed class NewNamespaceOptions
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

    /// <summary>AWS Cloud Map namespaces.</summary>
    public interface INamespaceOperations
    {
        Task CreateAsync(EcsSession session, NewNamespaceOptions options, OperationContext context);
        /// <summary>Names or ids, wildcards allowed; none means every namespace.</summary>
        Task GetAsync(EcsSession session, string[]? names, string? type, OperationContext context);
        Task RemoveAsync(EcsSession session, string nameOrId, WaitSettings? wait, OperationContext context);
    }
}
