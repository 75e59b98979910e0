using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Observability
{
    /// <summary>
    /// <para type="synopsis">Gets a health verdict for ECS services, across clusters, regions and profiles at once.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsServiceHealth")]
    [OutputType(typeof(EcsServiceHealth))]
    public sealed class GetEcsServiceHealthCommand : EcsCmdletBase
    {
        /// <summary>Cluster names or ARNs; wildcards allowed. Every cluster when left out.</summary>
        [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ClusterName", "ClusterArn")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string[]? Cluster { get; set; }

        /// <summary>Service names or ARNs; wildcards allowed. Every service of the cluster(s) when left out.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName", "ServiceArn")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string[]? Service { get; set; }

        /// <summary>One or more regions; each is checked concurrently.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[]? Region { get; set; }

        /// <summary>One or more named profiles; each (profile, region) pair is checked concurrently.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("Profile")]
        public string[]? ProfileName { get; set; }

        /// <summary>The window for CPU/memory statistics and for what counts as a recent task failure (default 15 minutes; a number is minutes).</summary>
        [Parameter]
        [MinutesTimeSpan]
        public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);

        /// <summary>How many (profile, region) pairs, and clusters within each, are checked at the same time (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        protected override string? ProfileNameValue => ProfileName?.FirstOrDefault();
        protected override string? RegionValue => Region?.FirstOrDefault();

        private readonly Dictionary<string, (string? Profile, string? Region, List<HealthTarget> Targets)> _work =
            new Dictionary<string, (string?, string?, List<HealthTarget>)>(StringComparer.Ordinal);
        private readonly List<string> _order = new List<string>();

        protected override void ProcessRecord()
        {
            if (Window < TimeSpan.FromMinutes(1) || Window > TimeSpan.FromDays(15))
            {
                ThrowInvalidArgument("InvalidWindow", "-Window " + Window + " is outside 1 minute to 15 days.", Window, "Give minutes (-Window 30), a TimeSpan (New-TimeSpan -Hours 1) or '01:00:00'.");
                return;
            }
            if ((Cluster != null && Cluster.Any(string.IsNullOrWhiteSpace)) || (Service != null && Service.Any(string.IsNullOrWhiteSpace)))
            {
                WriteInvalidArgument("InvalidName", "A cluster or service name cannot be empty or blank.", (object?)Cluster ?? Service, "Give names, wildcard patterns such as 'web*', or leave the parameter out.");
                return;
            }
            var profiles = ProfileName is { Length: > 0 } ? ProfileName.Distinct(StringComparer.Ordinal).Select(p => (string?)p).ToArray() : new string?[] { null };
            var regions = Region is { Length: > 0 } ? Region.Distinct(StringComparer.OrdinalIgnoreCase).Select(r => (string?)r).ToArray() : new string?[] { null };
            foreach (var p in profiles)
                foreach (var r in regions)
                {
                    var key = (p ?? "") + "\n" + (r ?? "");
                    if (!_work.TryGetValue(key, out var entry))
                    {
                        _work[key] = entry = (p, r, new List<HealthTarget>());
                        _order.Add(key);
                    }
                    if (Cluster is null || Cluster.Length == 0)
                        entry.Targets.Add(new HealthTarget { Cluster = null, Services = Service });
                    else
                        foreach (var c in Cluster) entry.Targets.Add(new HealthTarget { Cluster = c, Services = Service });
                    _collected += Cluster is { Length: > 0 } ? Cluster.Length : 1;
                }
            // Collected so that piped clusters share their requests (metrics, alarms, stopped tasks); read in steps.
            if (_collected >= PipedItemsReadTogether) CheckCollected();
        }

        private int _collected;

        protected override void EndProcessing()
        {
            CheckCollected();
            base.EndProcessing();
        }

        private void CheckCollected()
        {
            // Nothing piped in (an empty pipeline) means nothing to check.
            if (_order.Count > 0)
            {
                // Session requests read the runspace's default session: build them here, on the pipeline thread.
                var jobs = _order.Select(k => (Request: BuildSessionRequest(_work[k].Profile, _work[k].Region), _work[k].Targets, Label: Label(_work[k].Profile, _work[k].Region))).ToList();
                _work.Clear();
                _order.Clear();
                _collected = 0;
                var options = Window;
                var limit = ThrottleLimit;
                RunOperation(ctx => RunAll(jobs, options, limit, ctx));
            }
        }

        private static string Label(string? profile, string? region)
            => (profile is null ? "" : "profile " + profile + ", ") + (region ?? "default region");

        private static async Task RunAll(List<(SessionRequest Request, List<HealthTarget> Targets, string Label)> jobs, TimeSpan window, int limit, OperationContext ctx)
        {
            using var gate = new SemaphoreSlim(limit);
            int done = 0;
            // Each pair on its own thread-pool work item: session resolution and the first requests may block.
            var tasks = jobs.Select(job => Task.Run(async () =>
            {
                await gate.WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
                try
                {
                    var session = Engine.ResolveSession(job.Request, ctx);
                    foreach (var t in job.Targets) { Validation.ArnRules.ThrowIfElsewhere(session.Region, "cluster", t.Cluster); Validation.ArnRules.ThrowIfElsewhere(session.Region, "service", t.Services); }
                    await Engine.Observability.GetHealthAsync(session, new ServiceHealthOptions { Targets = job.Targets, Window = window, ClusterConcurrency = limit }, ctx).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (jobs.Count > 1)
                {
                    // One unreachable region or profile does not stop the others.
                    ctx.Error(new EcsAdminException(ex.ErrorId, ex.Kind, job.Label + ": " + ex.Message, ex.Target ?? job.Label, ex.RecommendedAction, null, ex.AwsErrorCode));
                }
                finally
                {
                    gate.Release();
                    var n = Interlocked.Increment(ref done);
                    if (jobs.Count > 1)
                        ctx.Progress(new ProgressInfo { ActivityId = 5101, Activity = "Get-EcsServiceHealth", Status = n + " of " + jobs.Count + " regions/profiles checked", PercentComplete = 100 * n / jobs.Count, Completed = n == jobs.Count });
                }
            })).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }
}
