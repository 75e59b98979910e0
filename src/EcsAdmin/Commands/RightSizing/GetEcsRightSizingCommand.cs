using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.RightSizing
{
    /// <summary>
    /// <para type="synopsis">Says what task size each Fargate service should ask for, from its CloudWatch peaks, and what that and Fargate Spot would save a month.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsRightSizing")]
    [OutputType(typeof(EcsRightSizing), typeof(EcsRightSizingSummary))]
    public sealed class GetEcsRightSizingCommand : EcsCmdlet
    {
        /// <summary>Cluster names or ARNs; wildcards allowed. Every cluster when left out (read in parallel).</summary>
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

        /// <summary>How many days of CloudWatch data to judge from (default 14).</summary>
        [Parameter]
        [ValidateRange(1, 455)]
        public int Days { get; set; } = 14;

        /// <summary>Headroom above the measured maximum, in percent (default 20).</summary>
        [Parameter]
        [ValidateRange(0, 400)]
        public double Headroom { get; set; } = 20;

        /// <summary>A JSON price table to use instead of the shipped one.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PriceTable { get; set; }

        /// <summary>Write one EcsRightSizingSummary per cluster (services, monthly cost now and after, saving) instead of one object per service.</summary>
        [Parameter]
        public SwitchParameter Summary { get; set; }

        private readonly Dictionary<string, (string? Profile, string? Region, List<HealthTarget> Targets)> _work =
            new Dictionary<string, (string?, string?, List<HealthTarget>)>(StringComparer.Ordinal);
        private readonly List<string> _order = new List<string>();
        private readonly Dictionary<string, SessionRequest> _requests = new Dictionary<string, SessionRequest>(StringComparer.Ordinal);

        protected override void ProcessRecord()
        {
            if ((Cluster != null && Cluster.Any(string.IsNullOrWhiteSpace)) || (Service != null && Service.Any(string.IsNullOrWhiteSpace)))
            {
                WriteInvalidArgument("InvalidName", "A cluster or service name cannot be empty or blank.", (object?)Cluster ?? Service,
                    "Give names, wildcard patterns such as 'web*', or leave the parameter out.");
                return;
            }
            // Piped services are gathered per (profile, region) and read together in EndProcessing: one metric read
            // per 500 series for the whole pipeline, not one per object.
            var key = (ProfileName ?? "") + "\n" + (Region ?? "");
            if (!_work.TryGetValue(key, out var entry))
            {
                _work[key] = entry = (ProfileName, Region, new List<HealthTarget>());
                _order.Add(key);
                // Session requests read the runspace's default session and this record's -Credential etc.: build them now.
                _requests[key] = BuildSessionRequest(ProfileName, Region);
            }
            if (Cluster is null || Cluster.Length == 0)
                entry.Targets.Add(new HealthTarget { Cluster = null, Services = Service });
            else
                foreach (var c in Cluster) entry.Targets.Add(new HealthTarget { Cluster = c, Services = Service });
        }

        protected override void EndProcessing()
        {
            if (_order.Count > 0)
            {
                string? json = null, origin = null;
                if (PriceTable != null)
                {
                    var path = SessionState.Path.GetUnresolvedProviderPathFromPSPath(PriceTable);
                    if (!File.Exists(path))
                        ThrowTerminatingError(ToErrorRecord(new EcsAdminException("PriceTableNotFound", EcsErrorKind.ObjectNotFound,
                            "The price table file '" + path + "' does not exist.", PriceTable,
                            "Give -PriceTable the path of a JSON price table (see Get-Help Get-EcsRightSizing -Parameter PriceTable)."), null));
                    json = File.ReadAllText(path);
                    origin = path;
                }
                var jobs = _order.Select(k => (Request: _requests[k], _work[k].Targets, Label: Label(_work[k].Profile, _work[k].Region))).ToList();
                int days = Days;
                double headroom = Headroom / 100.0;
                bool summary = Summary.IsPresent;
                RunOperation(ctx => RunAll(jobs, days, headroom, json, origin, summary, ctx));
            }
            base.EndProcessing();
        }

        private static string Label(string? profile, string? region)
            => (profile is null ? "" : "profile " + profile + ", ") + (region ?? "default region");

        private static async Task RunAll(List<(SessionRequest Request, List<HealthTarget> Targets, string Label)> jobs, int days, double headroom,
            string? json, string? origin, bool summary, OperationContext ctx)
        {
            using var gate = new SemaphoreSlim(4);
            var tasks = jobs.Select(job => Task.Run(async () =>
            {
                await gate.WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
                try
                {
                    var session = Engine.ResolveSession(job.Request, ctx);
                    await Engine.RightSizing.GetAsync(session, new RightSizingOptions
                    {
                        Targets = job.Targets, Days = days, Headroom = headroom, PriceTableJson = json, PriceTableOrigin = origin, Summary = summary,
                    }, ctx).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (jobs.Count > 1 && ex.Kind != EcsErrorKind.InvalidData && ex.Kind != EcsErrorKind.InvalidArgument)
                {
                    // One unreachable region or profile does not stop the others.
                    ctx.Error(new EcsAdminException(ex.ErrorId, ex.Kind, job.Label + ": " + ex.Message, ex.Target ?? job.Label, ex.RecommendedAction, null, ex.AwsErrorCode));
                }
                finally { gate.Release(); }
            })).ToList();
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
    }
}
