using System;
using System.Collections;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Namespace
{
    /// <summary>
    /// <para type="synopsis">Creates an AWS Cloud Map namespace (HTTP, or private DNS in a VPC) for service discovery and Service Connect.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsNamespace))]
    public sealed class NewEcsNamespaceCommand : EcsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("NamespaceName")]
        public string Name { get; set; } = "";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("Http", "DnsPrivate", IgnoreCase = true)]
        public string Type { get; set; } = "Http";

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("VpcId")]
        public string? Vpc { get; set; }

        [Parameter]
        public string? Description { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 600;

        protected override void ProcessRecord()
        {
            var type = string.Equals(Type, "DnsPrivate", StringComparison.OrdinalIgnoreCase) ? "DNS_PRIVATE" : "HTTP";
            var options = new NewNamespaceOptions
            {
                Name = Name?.Trim() ?? "",
                Type = type,
                Vpc = string.IsNullOrWhiteSpace(Vpc) ? null : Vpc!.Trim(),
                Description = Description,
                Tags = ParameterBinding.ToStringMap(Tag),
                Wait = new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec), PollInterval = TimeSpan.FromSeconds(1), MaxPollInterval = TimeSpan.FromSeconds(10) },
            };
            var target = (type == "HTTP" ? "HTTP namespace " : "private DNS namespace ") + options.Name + (options.Vpc is null ? "" : " (VPC " + options.Vpc + ")");
            ProcessItem(
                validate: () => FleetChecks.Namespace(options),
                target: _ => target,
                action: "Create Cloud Map namespace",
                perItemErrors: true,
                operation: (session, ctx) => Engine.Namespaces.CreateAsync(session, options, ctx));
        }
    }
}
