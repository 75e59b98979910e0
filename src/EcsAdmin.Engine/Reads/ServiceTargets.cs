using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Operations;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Reads
{
    /// <summary>The services wanted in one cluster: all of them, or these exact names and wildcard patterns.</summary>
    internal sealed class ClusterWant
    {
        public bool AllServices;
        public List<string> Exact = new List<string>();
        public List<Regex> Wild = new List<Regex>();
    }

    /// <summary>
    /// Turns service targets (a cluster name, ARN or wildcard, or blank for every cluster; service names, ARNs or
    /// wildcards, or none for every service) into the clusters to read, in the order they were first named.
    /// Exact clusters cost no request; ListClusters is paged once when any target is blank or a wildcard.
    /// </summary>
    internal static class ServiceTargets
    {
        public static async Task<(Dictionary<string, ClusterWant> Wants, List<string> Order)> ResolveAsync(
            IAwsApi api, IReadOnlyList<HealthTarget> targets, CancellationToken ct)
        {
            var wants = new Dictionary<string, ClusterWant>(StringComparer.Ordinal);
            var order = new List<string>();
            ClusterWant Want(string cluster)
            {
                if (!wants.TryGetValue(cluster, out var w)) { wants[cluster] = w = new ClusterWant(); order.Add(cluster); }
                return w;
            }
            void AddServices(ClusterWant w, string[]? services)
            {
                var list = services?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => Mapping.NameFromArn(s.Trim())).ToArray();
                if (list is null || list.Length == 0) { w.AllServices = true; return; }
                foreach (var s in list)
                {
                    if (Glob.HasWildcard(s)) w.Wild.Add(Glob.ToRegex(s));
                    else if (!w.Exact.Contains(s)) w.Exact.Add(s);
                }
            }
            var discovering = targets.Where(t => string.IsNullOrWhiteSpace(t.Cluster) || Glob.HasWildcard(t.Cluster!)).ToList();
            foreach (var t in targets.Except(discovering))
                AddServices(Want(Mapping.NameFromArn(t.Cluster!.Trim())), t.Services);
            if (discovering.Count > 0)
            {
                var all = await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListClusters, new Ecs.ListClustersRequest { NextToken = token, MaxResults = 100 }, ct),
                    r => r.ClusterArns, r => r.NextToken, ct).ConfigureAwait(false);
                foreach (var arn in all)
                {
                    var name = Mapping.NameFromArn(arn);
                    foreach (var t in discovering)
                        if (string.IsNullOrWhiteSpace(t.Cluster) || Glob.IsMatch(name, t.Cluster!.Trim()))
                            AddServices(Want(name), t.Services);
                }
            }
            return (wants, order);
        }
    }
}
