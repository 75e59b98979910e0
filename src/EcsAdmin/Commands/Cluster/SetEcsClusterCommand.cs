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
    /// <para type="synopsis">Changes a cluster's Container Insights setting, capacity providers and default strategy.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "EcsCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsCluster))]
    public sealed class SetEcsClusterCommand : EcsCmdlet
    {
        /// <summary>The cluster name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ClusterName", "Cluster")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Container Insights: enabled, enhanced or disabled.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("enabled", "enhanced", "disabled", IgnoreCase = true)]
        public string? ContainerInsights { get; set; }

        /// <summary>The complete list of capacity providers the cluster should have.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(CapacityProviderCompleter))]
        public string[]? CapacityProvider { get; set; }

        /// <summary>The default capacity provider strategy.</summary>
        [Parameter]
        public object[]? DefaultCapacityProviderStrategy { get; set; }

        /// <summary>The default Service Connect namespace: a Cloud Map namespace name or ARN.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NamespaceNameCompleter))]
        public string? ServiceConnectNamespace { get; set; }

        protected override void ProcessRecord()
        {
            var options = new SetClusterOptions { Cluster = Name?.Trim() ?? "", ContainerInsights = ContainerInsights, CapacityProviders = CapacityProvider };
            if (!string.IsNullOrWhiteSpace(ServiceConnectNamespace)) options.ServiceConnectNamespace = ServiceConnectNamespace!.Trim();
            ProcessItem(
                validate: () =>
                {
                    if (string.IsNullOrWhiteSpace(options.Cluster))
                        throw new EcsAdminException("InvalidClusterName", EcsErrorKind.InvalidArgument, "A cluster name cannot be empty or blank.", Name, "Give the cluster's name or ARN.");
                    InputRules.Throw(InputRules.TargetName(options.Cluster, "cluster", "InvalidClusterName"));
                    options.DefaultCapacityProviderStrategy = ParameterBinding.ToStrategy(DefaultCapacityProviderStrategy);
                    if (options.ContainerInsights is null && options.CapacityProviders is null && options.DefaultCapacityProviderStrategy is null && options.ServiceConnectNamespace is null)
                        throw new EcsAdminException("NothingToChange", EcsErrorKind.InvalidArgument, "Set-EcsCluster was given nothing to change for '" + options.Cluster + "'.", options.Cluster,
                            "Give -ContainerInsights, -CapacityProvider, -DefaultCapacityProviderStrategy or -ServiceConnectNamespace.");
                    PreflightChecks.Strategy(options.DefaultCapacityProviderStrategy);
                },
                target: _ => options.Cluster,
                action: "Update ECS cluster settings",
                operation: (session, ctx) => Engine.Clusters.SetAsync(session, options, ctx));
        }
    }
}
