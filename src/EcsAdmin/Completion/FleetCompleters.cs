using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Completion
{
    /// <summary>Completes capacity provider names (every provider of the region; with -Cluster, that cluster's Managed Instances providers too).</summary>
    public sealed class CapacityProviderNameCompleter : EcsNameCompleter
    {
        protected override string Kind => "capacity provider";
        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
        {
            var cluster = bound.Contains("Cluster") ? bound["Cluster"]?.ToString() : null;
            return (await Collect<EcsCapacityProvider>(c => engine.CapacityProviders.GetAsync(session, null, string.IsNullOrWhiteSpace(cluster) ? null : cluster, c), context).ConfigureAwait(false))
                .Select(p => p.Name);
        }
    }

    /// <summary>Completes container instance ids of the cluster given with -Cluster (or the session's default cluster).</summary>
    public sealed class ContainerInstanceCompleter : EcsNameCompleter
    {
        protected override string Kind => "container instance";
        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
        {
            var cluster = bound.Contains("Cluster") ? bound["Cluster"]?.ToString() : null;
            if (string.IsNullOrWhiteSpace(cluster)) cluster = session.DefaultCluster ?? "default";
            return (await Collect<EcsContainerInstance>(c => engine.ContainerInstances.GetAsync(session, new GetContainerInstanceOptions { Cluster = cluster! }, c), context).ConfigureAwait(false))
                .Select(i => i.ContainerInstanceId);
        }
    }

    /// <summary>Completes attribute names in use on the cluster's container instances.</summary>
    public sealed class AttributeNameCompleter : EcsNameCompleter
    {
        protected override string Kind => "attribute";
        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
        {
            var cluster = bound.Contains("Cluster") ? bound["Cluster"]?.ToString() : null;
            if (string.IsNullOrWhiteSpace(cluster)) cluster = session.DefaultCluster ?? "default";
            return (await Collect<EcsAttribute>(c => engine.ContainerInstances.GetAttributesAsync(session, cluster!, null, null, c), context).ConfigureAwait(false))
                .Select(a => a.Name).Distinct(StringComparer.Ordinal);
        }
    }

    /// <summary>Completes Cloud Map namespace names.</summary>
    public sealed class NamespaceNameCompleter : EcsNameCompleter
    {
        protected override string Kind => "namespace";
        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
            => (await Collect<EcsNamespace>(c => engine.Namespaces.GetAsync(session, null, null, c), context).ConfigureAwait(false)).Select(n => n.Name);
    }

    /// <summary>Completes ECS account setting names (from the model; no AWS call).</summary>
    public sealed class AccountSettingNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            return FleetChecks.AccountSettingNames
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, "account setting " + n + " (" + string.Join(", ", FleetChecks.AccountSettingValues(n)) + ")"))
                .ToList();
        }
    }

    /// <summary>Completes the values of the account setting given with -Name.</summary>
    public sealed class AccountSettingValueCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            var name = fakeBoundParameters != null && fakeBoundParameters.Contains("Name") ? fakeBoundParameters["Name"]?.ToString() : null;
            var known = FleetChecks.AccountSettingNames.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
            var values = known is null ? new[] { "enabled", "disabled", "enhanced", "on", "off", "0", "7", "14" } : FleetChecks.AccountSettingValues(known);
            return values.Where(v => v.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .Select(v => new CompletionResult(v, v, CompletionResultType.ParameterValue, v)).ToList();
        }
    }
}
