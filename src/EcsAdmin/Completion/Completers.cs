using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Commands;
using EcsAdmin.Contracts;
using EcsAdmin.Loader;
using EcsAdmin.Models;

namespace EcsAdmin.Completion
{
    /// <summary>
    /// Base of EcsAdmin's Tab completers: resolves the session from the parameters already typed (or the default
    /// session), asks AWS with a short timeout, caches the names briefly, and stays silent on any failure.
    /// </summary>
    public abstract class EcsNameCompleter : IArgumentCompleter
    {
        private static readonly ConcurrentDictionary<string, (DateTime At, string[] Names)> Cache = new ConcurrentDictionary<string, (DateTime, string[])>();
        private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(30);
        private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

        protected abstract string Kind { get; }
        protected virtual string[] Static => Array.Empty<string>();
        private protected abstract Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context);

        /// <summary>The part of the word typed so far that changes what is fetched (a family before ':'); null when nothing does.</summary>
        private protected virtual string? Scope(string word) => null;

        /// <summary>Fetches for a scope (see <see cref="Scope"/>); by default the same as without one.</summary>
        private protected virtual Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, string? scope, OperationContext context)
            => FetchAsync(engine, session, bound, context);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var prefix = (wordToComplete ?? "").Trim('\'', '"');
            IEnumerable<string> names;
            try
            {
                names = Static.Concat(Names(fakeBoundParameters ?? new Hashtable(), Scope(prefix)));
            }
            catch (Exception)
            {
                names = Static;
            }
            return names.Distinct(StringComparer.Ordinal)
                .Where(n => n.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, Kind + " " + n))
                .ToList();
        }

        private static string Quote(string n) => n.IndexOfAny(new[] { ' ', '$', '`', '\'', '"', ';', '(', ')' }) >= 0 ? "'" + n.Replace("'", "''") + "'" : n;

        private string[] Names(IDictionary bound, string? scope)
        {
            string? Get(string key) => bound.Contains(key) ? (bound[key] is PSObject p ? p.BaseObject : bound[key])?.ToString() : null;
            var request = new SessionRequest
            {
                ProfileName = Get("ProfileName"),
                Region = Get("Region"),
                EndpointUrl = Get("EndpointUrl"),
                ProfileLocation = Get("ProfileLocation"),
                BaseSession = (bound.Contains("Session") ? (bound["Session"] is PSObject ps ? ps.BaseObject : bound["Session"]) as EcsSession : null) ?? DefaultSessionStore.Get(),
            };
            var key = Kind + "|" + request.ProfileName + "|" + request.Region + "|" + request.EndpointUrl + "|" + request.BaseSession?.Id + "|" + Get("Cluster") + "|" + Get("TaskDefinition") + "|" + Get("Family") + "|" + Get("Service") + "|" + scope;
            if (Cache.TryGetValue(key, out var hit) && DateTime.UtcNow - hit.At < CacheTime) return hit.Names;

            using var cts = new CancellationTokenSource(Timeout);
            var sink = new Sink();
            var context = new OperationContext(sink, cts.Token);
            var engine = EngineLoader.Engine;
            var work = Task.Run(async () =>
            {
                var session = engine.ResolveSession(request, context);
                return (await FetchAsync(engine, session, bound, scope, context).ConfigureAwait(false)).ToArray();
            }, cts.Token);
            if (!work.Wait(Timeout) || work.IsFaulted || work.IsCanceled) return Array.Empty<string>();
            Cache[key] = (DateTime.UtcNow, work.Result);
            return work.Result;
        }

        /// <summary>Outputs of the operation, in order; everything else is dropped (completion is silent).</summary>
        private protected sealed class Sink : IOperationSink
        {
            public readonly List<object> Outputs = new List<object>();
            public void Post(OperationMessage message)
            {
                if (message.Kind == OperationMessageKind.Output) lock (Outputs) Outputs.Add(message.Payload);
            }
        }

        private protected static async Task<IEnumerable<T>> Collect<T>(Func<OperationContext, Task> run, OperationContext outer)
        {
            var sink = new Sink();
            await run(new OperationContext(sink, outer.CancellationToken)).ConfigureAwait(false);
            lock (sink.Outputs) return sink.Outputs.OfType<T>().ToList();
        }
    }

    /// <summary>Completes cluster names.</summary>
    public sealed class ClusterNameCompleter : EcsNameCompleter
    {
        protected override string Kind => "cluster";
        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
            => (await Collect<EcsCluster>(c => engine.Clusters.GetAsync(session, null, c), context).ConfigureAwait(false)).Select(c => c.Cluster);
    }

    /// <summary>Completes task definition family names.</summary>
    public sealed class TaskDefinitionFamilyCompleter : EcsNameCompleter
    {
        protected override string Kind => "task definition family";
        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
            => (await Collect<EcsTaskDefinitionFamily>(c => engine.TaskDefinitions.GetAsync(session, new GetTaskDefinitionOptions { ListFamilies = true }, c), context).ConfigureAwait(false))
                .Select(f => f.Family);
    }

    /// <summary>Completes capacity provider names: the Fargate ones, plus those of the cluster given.</summary>
    public sealed class CapacityProviderCompleter : EcsNameCompleter
    {
        protected override string Kind => "capacity provider";
        protected override string[] Static => new[] { "FARGATE", "FARGATE_SPOT" };
        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
        {
            var cluster = bound.Contains("Name") ? bound["Name"]?.ToString() : bound.Contains("Cluster") ? bound["Cluster"]?.ToString() : null;
            if (string.IsNullOrWhiteSpace(cluster)) return Array.Empty<string>();
            return (await Collect<EcsCluster>(c => engine.Clusters.GetAsync(session, new[] { cluster! }, c), context).ConfigureAwait(false)).SelectMany(c => c.CapacityProviders);
        }
    }

    /// <summary>Completes container names of the task given with -Task or -TaskId, or of the task definition given with -TaskDefinition or -Family.</summary>
    public sealed class ContainerNameCompleter : EcsNameCompleter
    {
        protected override string Kind => "container";
        private protected override async Task<IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, IDictionary bound, OperationContext context)
        {
            // A task given (Invoke-EcsExec, Test-EcsExecReadiness): its containers.
            var taskKey = bound.Contains("Task") ? "Task" : "TaskId";
            var task = bound.Contains(taskKey) ? (bound[taskKey] is PSObject p ? p.BaseObject : bound[taskKey]) : null;
            var taskId = task is Array a ? (a.Length > 0 ? a.GetValue(0)?.ToString() : null) : task?.ToString();
            if (!string.IsNullOrWhiteSpace(taskId))
            {
                var cluster = bound.Contains("Cluster") ? bound["Cluster"]?.ToString() : null;
                if (string.IsNullOrWhiteSpace(cluster)) cluster = session.DefaultCluster ?? "default";
                return (await Collect<EcsTask>(c => engine.Tasks.GetAsync(session, new GetTaskOptions { Cluster = cluster!, Tasks = new[] { taskId! } }, c), context).ConfigureAwait(false))
                    .SelectMany(t => t.Containers.Select(x => x.Name));
            }
            var td = bound.Contains("TaskDefinition") ? bound["TaskDefinition"]?.ToString() : bound.Contains("Family") ? bound["Family"]?.ToString() : null;
            if (string.IsNullOrWhiteSpace(td)) return Array.Empty<string>();
            return (await Collect<EcsTaskDefinition>(c => engine.TaskDefinitions.GetAsync(session, new GetTaskDefinitionOptions { TaskDefinition = new[] { td! } }, c), context).ConfigureAwait(false))
                .SelectMany(t => t.ContainerDefinitions.Select(x => x.Name));
        }
    }
}

namespace EcsAdmin.Completion
{
    /// <summary>Completes service names of the cluster given with -Cluster (or the session's default cluster).</summary>
    public sealed class ServiceNameCompleter : EcsNameCompleter
    {
        protected override string Kind => "service";
        private protected override async System.Threading.Tasks.Task<System.Collections.Generic.IEnumerable<string>> FetchAsync(IEcsEngine engine, EcsSession session, System.Collections.IDictionary bound, OperationContext context)
        {
            var cluster = bound.Contains("Cluster") ? bound["Cluster"]?.ToString() : null;
            if (string.IsNullOrWhiteSpace(cluster)) cluster = session.DefaultCluster ?? "default";
            var services = await Collect<EcsService>(c => engine.Services.GetAsync(session, new GetServiceOptions { Cluster = cluster }, c), context).ConfigureAwait(false);
            return System.Linq.Enumerable.Select(services, s => s.Service);
        }
    }
}
