using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Cluster
{
    /// <summary>Parameter-binding helpers shared by cmdlets.</summary>
    internal static class Binding
    {
        public static Dictionary<string, string>? ToStringMap(Hashtable? table)
        {
            if (table is null) return null;
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in table) d[e.Key?.ToString() ?? ""] = e.Value?.ToString() ?? "";
            return d;
        }

        /// <summary>Turns @{CapacityProvider='FARGATE_SPOT';Weight=4} or "FARGATE_SPOT:4:0" into strategy items.</summary>
        public static EcsCapacityProviderStrategyItem[]? ToStrategy(object[]? items)
        {
            if (items is null) return null;
            var list = new List<EcsCapacityProviderStrategyItem>();
            foreach (var raw in items)
            {
                var item = raw is PSObject pso ? pso.BaseObject : raw;
                switch (item)
                {
                    case EcsCapacityProviderStrategyItem s: list.Add(s); break;
                    case IDictionary d:
                        string? Get(string k) => d.Keys.Cast<object>().Where(x => string.Equals(x.ToString(), k, StringComparison.OrdinalIgnoreCase)).Select(x => d[x]?.ToString()).FirstOrDefault();
                        list.Add(new EcsCapacityProviderStrategyItem(Get("CapacityProvider") ?? Get("Provider") ?? "", ParseInt(Get("Weight"), 1), ParseInt(Get("Base"), 0)));
                        break;
                    case string text:
                        var parts = text.Split(':');
                        list.Add(new EcsCapacityProviderStrategyItem(parts[0].Trim(), parts.Length > 1 ? ParseInt(parts[1], 1) : 1, parts.Length > 2 ? ParseInt(parts[2], 0) : 0));
                        break;
                    default:
                        throw new EcsAdminException("InvalidCapacityProviderStrategy", EcsErrorKind.InvalidArgument,
                            "A capacity provider strategy item must be a hashtable or 'PROVIDER:weight:base', not " + (item?.GetType().Name ?? "null") + ".", item,
                            "Write @{CapacityProvider='FARGATE_SPOT'; Weight=4}, @{CapacityProvider='FARGATE'; Weight=1; Base=1} or 'FARGATE_SPOT:4','FARGATE:1:1'.");
                }
            }
            return list.ToArray();
        }

        private static int ParseInt(string? s, int fallback)
        {
            if (s is null) return fallback;
            if (int.TryParse(s, out var v)) return v;
            throw new EcsAdminException("InvalidCapacityProviderStrategy", EcsErrorKind.InvalidArgument,
                "'" + s + "' is not a whole number in a capacity provider strategy.", s, "Weight and Base are whole numbers.");
        }
    }

    /// <summary>
    /// <para type="synopsis">Creates an ECS cluster.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsCluster))]
    public sealed class NewEcsClusterCommand : EcsCmdlet
    {
        /// <summary>The cluster name.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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

        /// <summary>The default Service Connect namespace: a Cloud Map namespace name or ARN (fleet).</summary>
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
                Tags = Binding.ToStringMap(Tag),
                ServiceConnectNamespace = string.IsNullOrWhiteSpace(ServiceConnectNamespace) ? null : ServiceConnectNamespace!.Trim(),
            };
            try
            {
                options.DefaultCapacityProviderStrategy = Binding.ToStrategy(DefaultCapacityProviderStrategy);
                PreflightChecks.Cluster(options);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            if (!ShouldProcess(options.Name, "Create ECS cluster")) return;
            RunOperation(ctx => Engine.Clusters.CreateAsync(ResolveSession(ctx), options, ctx));
        }
    }

    /// <summary>
    /// <para type="synopsis">Gets ECS clusters by name (wildcards allowed), or all of them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsCluster")]
    [OutputType(typeof(EcsCluster))]
    public sealed class GetEcsClusterCommand : EcsCmdlet
    {
        /// <summary>Cluster names or ARNs; wildcards allowed. All clusters when left out.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName", "Cluster")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string[]? Name { get; set; }

        protected override void ProcessRecord()
        {
            if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
            {
                WriteInvalidArgument("InvalidClusterName", "A cluster name cannot be empty or blank.", Name, "Give a name, a wildcard pattern such as 'prod*', or leave -Name out.");
                return;
            }
            RunOperation(ctx => Engine.Clusters.GetAsync(ResolveSession(ctx), Name, ctx));
        }
    }

    /// <summary>
    /// <para type="synopsis">Changes a cluster's Container Insights setting, capacity providers and default strategy.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "EcsCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsCluster))]
    public sealed class SetEcsClusterCommand : EcsCmdlet
    {
        /// <summary>The cluster name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
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

        /// <summary>The default Service Connect namespace: a Cloud Map namespace name or ARN (fleet).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(NamespaceNameCompleter))]
        public string? ServiceConnectNamespace { get; set; }

        protected override void ProcessRecord()
        {
            var options = new SetClusterOptions { Cluster = Name?.Trim() ?? "", ContainerInsights = ContainerInsights, CapacityProviders = CapacityProvider };
            if (!string.IsNullOrWhiteSpace(ServiceConnectNamespace)) options.ServiceConnectNamespace = ServiceConnectNamespace!.Trim();
            try
            {
                if (string.IsNullOrWhiteSpace(options.Cluster))
                    throw new EcsAdminException("InvalidClusterName", EcsErrorKind.InvalidArgument, "A cluster name cannot be empty or blank.", Name, "Give the cluster's name or ARN.");
                options.DefaultCapacityProviderStrategy = Binding.ToStrategy(DefaultCapacityProviderStrategy);
                if (options.ContainerInsights is null && options.CapacityProviders is null && options.DefaultCapacityProviderStrategy is null && options.ServiceConnectNamespace is null)
                    throw new EcsAdminException("NothingToChange", EcsErrorKind.InvalidArgument, "Set-EcsCluster was given nothing to change for '" + options.Cluster + "'.", options.Cluster,
                        "Give -ContainerInsights, -CapacityProvider, -DefaultCapacityProviderStrategy or -ServiceConnectNamespace.");
                PreflightChecks.Strategy(options.DefaultCapacityProviderStrategy);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            if (!ShouldProcess(options.Cluster, "Update ECS cluster settings")) return;
            RunOperation(ctx => Engine.Clusters.SetAsync(ResolveSession(ctx), options, ctx));
        }
    }

    /// <summary>
    /// <para type="synopsis">Deletes an ECS cluster.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsCluster))]
    public sealed class RemoveEcsClusterCommand : EcsCmdlet
    {
        /// <summary>The cluster name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName", "Cluster")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the deleted cluster (status INACTIVE) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var name = Name?.Trim() ?? "";
            if (name.Length == 0)
            {
                WriteInvalidArgument("InvalidClusterName", "A cluster name cannot be empty or blank.", Name, "Give the cluster's name or ARN.");
                return;
            }
            if (!ShouldProcessUnlessForced(Force, name, "Delete ECS cluster")) return;
            RunOperation(ctx => Engine.Clusters.RemoveAsync(ResolveSession(ctx), name, ctx), discardOutput: !PassThru);
        }
    }
}
