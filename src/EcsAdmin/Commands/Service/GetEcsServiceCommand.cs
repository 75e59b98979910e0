using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Gets ECS services of one cluster, or of every cluster, by name (wildcards allowed).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsService")]
    [OutputType(typeof(EcsService))]
    public sealed class GetEcsServiceCommand : EcsClusterCmdlet
    {
        /// <summary>Service names or ARNs; wildcards allowed.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string[]? Name { get; set; }

        /// <summary>How many clusters (and profile/region pairs) are read at the same time (default 8).</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        protected override void ProcessRecord()
        {
            try
            {
                ValidateShared();
                if (Name != null && Name.Any(string.IsNullOrWhiteSpace))
                    throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A service name cannot be empty or blank.", Name,
                        "Give a name, a wildcard pattern such as 'web*', or leave -Name out.");
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            // Here a left-out -Cluster means every cluster, not the session's default one.
            // Collected, and read in EndProcessing (or once PipedItemsReadTogether are collected): clusters piped in
            // (Get-EcsCluster | Get-EcsService) are then read concurrently, and names piped in share their
            // DescribeServices calls.
            var key = (ProfileName ?? "") + "\n" + (Region ?? "");
            if (!_work.TryGetValue(key, out var entry))
            {
                _work[key] = entry = (BuildSessionRequest(ProfileName, Region), new List<ServiceTarget>());
                _order.Add(key);
            }
            entry.Targets.Add(new ServiceTarget { Cluster = Cluster?.Trim(), Names = Name });
            if (++_collected >= PipedItemsReadTogether) ReadCollected();
        }

        private int _collected;

        private readonly Dictionary<string, (SessionRequest Request, List<ServiceTarget> Targets)> _work = new Dictionary<string, (SessionRequest, List<ServiceTarget>)>(StringComparer.Ordinal);
        private readonly List<string> _order = new List<string>();

        protected override void EndProcessing()
        {
            ReadCollected();
            base.EndProcessing();
        }

        private void ReadCollected()
        {
            if (_order.Count > 0)
            {
                var jobs = _order.Select(k => _work[k]).ToList();
                _work.Clear();
                _order.Clear();
                _collected = 0;
                var limit = ThrottleLimit;
                // Each (profile, region) concurrently, and within each up to -ThrottleLimit clusters at a time.
                RunOperation(async ctx =>
                {
                    using var gate = new SemaphoreSlim(limit);
                    await Task.WhenAll(jobs.Select(job => Task.Run(async () =>
                    {
                        await gate.WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
                        try
                        {
                            await Engine.Services.GetAsync(Engine.ResolveSession(job.Request, ctx), new GetServiceOptions { Targets = job.Targets, ClusterConcurrency = limit }, ctx).ConfigureAwait(false);
                        }
                        catch (EcsAdminException ex) when (jobs.Count > 1)
                        {
                            // One unreachable region or profile does not stop the others.
                            ctx.Error(ex);
                        }
                        finally { gate.Release(); }
                    }))).ConfigureAwait(false);
                });
            }
        }
    }
}
