using System;
using System.Collections;
using System.Management.Automation;
using EcsAdmin.Commands.Cluster;
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
                Tags = Binding.ToStringMap(Tag),
                Wait = new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec), PollInterval = TimeSpan.FromSeconds(1), MaxPollInterval = TimeSpan.FromSeconds(10) },
            };
            try
            {
                FleetChecks.Namespace(options);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            var target = (type == "HTTP" ? "HTTP namespace " : "private DNS namespace ") + options.Name + (options.Vpc is null ? "" : " (VPC " + options.Vpc + ")");
            if (!ShouldProcess(target, "Create Cloud Map namespace")) return;
            RunOperation(Service.PerItem.NonTerminating(ctx => Engine.Namespaces.CreateAsync(ResolveSession(ctx), options, ctx)));
        }
    }
}
