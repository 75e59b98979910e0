using System;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
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
        [TextFromPipeline]
        [Alias("Id", "NamespaceName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(NamespaceNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter]
        [ValidateSet("Http", "DnsPrivate", "DnsPublic", IgnoreCase = true)]
        public string? Type { get; set; }

        protected override void ProcessRecord()
        {
            string? type = Type is null ? null
                : string.Equals(Type, "Http", StringComparison.OrdinalIgnoreCase) ? "HTTP"
                : string.Equals(Type, "DnsPrivate", StringComparison.OrdinalIgnoreCase) ? "DNS_PRIVATE" : "DNS_PUBLIC";
            var names = Name?.Select(n => n?.Trim() ?? "").ToArray();
            ProcessItem(
                validate: () =>
                {
                    if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidNamespaceName", EcsErrorKind.InvalidArgument, "A namespace name cannot be empty or blank.", Name,
                            "Give names, ids (ns-...) or patterns, or leave -Name out.");
                },
                operation: (session, ctx) => Engine.Namespaces.GetAsync(session, names, type, ctx));
        }
    }
}
