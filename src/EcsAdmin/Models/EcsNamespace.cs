using System;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>An AWS Cloud Map namespace, as service discovery and Service Connect use it.</summary>
    public sealed class EcsNamespace
    {
        public string Region { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>ns-... (pipes into -Id).</summary>
        public string Id { get; set; } = "";
        public string Arn { get; set; } = "";
        /// <summary>HTTP, DNS_PRIVATE or DNS_PUBLIC.</summary>
        public string Type { get; set; } = "";
        public string? Description { get; set; }
        public int? ServiceCount { get; set; }
        /// <summary>The Route 53 hosted zone of a DNS namespace.</summary>
        public string? HostedZoneId { get; set; }
        public string? HttpName { get; set; }
        public DateTime? CreateDate { get; set; }
        /// <summary>The Cloud Map operation that created or deleted it (New-/Remove-EcsNamespace).</summary>
        public string? OperationId { get; set; }
        public EcsMap<string> Tags { get; set; } = new EcsMap<string>();

        public override string ToString() => Name;
    }
}
