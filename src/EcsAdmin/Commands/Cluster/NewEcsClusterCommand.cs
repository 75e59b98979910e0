using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Cluster
{
    /// <summary>
    /// <para type="synopsis">Creates an ECS cluster.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsCluster))]
    public sealed class NewEcsClusterCommand : EcsCmdlet
    {
        /// <summary>The cluster name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ClusterName", "Cluster")]
        public string Name { get; set; } = "";

        /// <summary>Capacity providers to associate, e.g. FARGATE, FARGATE_SPOT.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(CapacityProviderCompleter))]
        public string[]? CapacityProvider { get; set; }

        /// <summary>The default capacity provider strategy.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object[]? DefaultCapacityProviderStrategy { get; set; }

        /// <summary>Container Insights: enabled, enhanced or disabled.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("enabled", "enhanced", "disabled", IgnoreCase = true)]
        public string? ContainerInsights { get; set; }

        /// <summary>Tags as a hashtable.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public Hashtable? Tag { get; set; }

        /// <summary>The default Service Connect namespace: a Cloud Map namespace name or ARN.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NamespaceNameCompleter))]
        public string? ServiceConnectNamespace { get; set; }

        protected override void ProcessRecord()
        {
            var options = new NewClusterOptions
            {
                Name = Name?.Trim() ?? "",
                CapacityProviders = CapacityProvider,
                ContainerInsights = ContainerInsights,
                Tags = ParameterBinding.ToStringMap(Tag),
                ServiceConnectNamespace = string.IsNullOrWhiteSpace(ServiceConnectNamespace) ? null : ServiceConnectNamespace!.Trim(),
            };
            ProcessItem(
                validate: () =>
                {
                    options.DefaultCapacityProviderStrategy = ParameterBinding.ToStrategy(DefaultCapacityProviderStrategy);
                    PreflightChecks.Cluster(options);
                },
                target: _ => options.Name,
                action: "Create ECS cluster",
                perItemErrors: true,
                operation: (session, ctx) => Engine.Clusters.CreateAsync(session, options, ctx));
        }
    }
}
