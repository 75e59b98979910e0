using System;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Completion;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Namespace
{
    /// <summary>
    /// <para type="synopsis">Gets AWS Cloud Map namespaces by name or id (wildcards allowed), or all of them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsNamespace")]
    [OutputType(typeof(EcsNamespace))]
    public sealed class GetEcsNamespaceCommand : EcsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Id", "NamespaceName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(NamespaceNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateSet("Http", "DnsPrivate", "DnsPublic", IgnoreCase = true)]
        public string? Type { get; set; }

        protected override void ProcessRecord()
        {
            if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
            {
                WriteInvalidArgument("InvalidNamespaceName", "A namespace name cannot be empty or blank.", Name, "Give names, ids (ns-...) or patterns, or leave -Name out.");
                return;
            }
            string? type = Type is null ? null
                : string.Equals(Type, "Http", StringComparison.OrdinalIgnoreCase) ? "HTTP"
                : string.Equals(Type, "DnsPrivate", StringComparison.OrdinalIgnoreCase) ? "DNS_PRIVATE" : "DNS_PUBLIC";
            var names = Name?.Select(n => n.Trim()).ToArray();
            RunOperation(ctx => Engine.Namespaces.GetAsync(ResolveSession(ctx), names, type, ctx));
        }
    }
}
