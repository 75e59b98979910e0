using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Completion
{
    /// <summary>
    /// Completes -TaskDefinition: the families, and once a family and ':' are typed, that family's revisions
    /// (family:revision), newest first in the list the console shows.
    /// </summary>
    public sealed class TaskDefinitionCompleter : EcsNameCompleter
    {
        protected override string Kind => "task definition";

        private protected override string? Scope(string word)
        {
            var colon = word.IndexOf(':');
            // An ARN is completed as typed; only 'family:' asks for revisions.
            return colon > 0 && !word.StartsWith("arn:", StringComparison.OrdinalIgnoreCase) ? word.Substring(0, colon) : null;
        }

        private protected override Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
            => FetchAsync(engine, session, bound, null, context);

        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, string? scope, OperationContext context)
        {
            if (scope is null)
                return (await Collect<EcsTaskDefinitionFamily>(c => engine.TaskDefinitions.GetAsync(session, new GetTaskDefinitionOptions { ListFamilies = true }, c), context).ConfigureAwait(false))
                    .Select(f => f.Family);
            var revisions = await Collect<EcsTaskDefinition>(c => engine.TaskDefinitions.GetAsync(session,
                new GetTaskDefinitionOptions { FamilyPattern = scope, AllRevisions = true }, c), context).ConfigureAwait(false);
            return revisions.Where(t => string.Equals(t.Family, scope, StringComparison.Ordinal)).OrderByDescending(t => t.Revision).Select(t => t.Family + ":" + t.Revision);
        }
    }

    /// <summary>Completes task ids of the cluster given with -Cluster (or the session's default cluster), of the service given with -Service.</summary>
    public sealed class TaskIdCompleter : EcsNameCompleter
    {
        protected override string Kind => "task";

        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
        {
            var cluster = Text(bound, "Cluster");
            if (string.IsNullOrWhiteSpace(cluster)) cluster = session.DefaultCluster ?? "default";
            var service = Text(bound, "Service");
            return (await Collect<EcsTask>(c => engine.Tasks.GetAsync(session, new GetTaskOptions { Cluster = cluster!, Service = string.IsNullOrWhiteSpace(service) ? null : service }, c), context)
                .ConfigureAwait(false)).Select(t => t.TaskId);
        }

        internal static string? Text(IDictionary bound, string key)
        {
            if (!bound.Contains(key)) return null;
            var value = bound[key] is PSObject p ? p.BaseObject : bound[key];
            return value is Array a ? (a.Length > 0 ? a.GetValue(0)?.ToString() : null) : value?.ToString();
        }
    }

    /// <summary>Completes the names of the alarms EcsAdmin made for the cluster and service given (all of them when none is).</summary>
    public sealed class AlarmNameCompleter : EcsNameCompleter
    {
        protected override string Kind => "alarm";

        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
        {
            var options = new GetServiceAlarmOptions { Cluster = TaskIdCompleter.Text(bound, "Cluster"), Service = TaskIdCompleter.Text(bound, "Service") };
            return (await Collect<EcsServiceAlarm>(c => engine.Observability.GetAlarmAsync(session, options, c), context).ConfigureAwait(false)).Select(a => a.AlarmName);
        }
    }

    /// <summary>Completes CloudWatch Logs group names.</summary>
    public sealed class LogGroupCompleter : EcsNameCompleter
    {
        protected override string Kind => "log group";

        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
            => await Collect<string>(c => engine.Observability.GetLogGroupNamesAsync(session, null, c), context).ConfigureAwait(false);
    }
}
