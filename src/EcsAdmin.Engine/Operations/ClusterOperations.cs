using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    internal sealed class ClusterOperations : IClusterOperations
    {
        /// <summary>DescribeClusters takes at most 100 clusters per call.</summary>
        public const int DescribeBatch = Batches.DescribeClusters;
        private static readonly List<string> Include = new List<string> { "SETTINGS", "TAGS", "CONFIGURATIONS" };

        private readonly AwsApiFactory _api;
        public ClusterOperations(AwsApiFactory api) => _api = api;

        public async Task CreateAsync(EcsSession session, NewClusterOptions options, OperationContext context)
        {
            PreflightChecks.Cluster(options);
            var api = _api(session, context);
            var request = new Ecs.CreateClusterRequest
            {
                ClusterName = options.Name,
                CapacityProviders = options.CapacityProviders?.ToList(),
                DefaultCapacityProviderStrategy = Mapping.ToWire(options.DefaultCapacityProviderStrategy),
                Tags = Mapping.ToWireTags(options.Tags),
                Settings = options.ContainerInsights is null ? null
                    : new List<Ecs.ClusterSetting> { new Ecs.ClusterSetting { Name = "containerInsights", Value = options.ContainerInsights.ToLowerInvariant() } },
                ServiceConnectDefaults = options.ServiceConnectNamespace is null ? null : new Ecs.ClusterServiceConnectDefaultsRequest { Namespace = options.ServiceConnectNamespace },
            };
            // The request's own checks first, so that a bad request sends nothing, not even the lookup below.
            RequestRules.Check(request);
            // CreateCluster on an existing cluster succeeds and silently re-applies the settings sent (or keeps the old
            // ones): a create must not change a live cluster, so an ACTIVE one is refused and Set-EcsCluster named.
            var existing = (await api.CallAsync(Ecs.EcsApi.DescribeClusters, new Ecs.DescribeClustersRequest { Clusters = new List<string> { options.Name } },
                context.CancellationToken).ConfigureAwait(false)).Clusters?.FirstOrDefault(c => c.ClusterName == options.Name && c.Status != "INACTIVE");
            if (existing != null)
                throw new EcsAdminException("ClusterAlreadyExists", EcsErrorKind.ResourceExists,
                    "Cluster '" + options.Name + "' already exists in " + api.Region + " (status " + existing.Status + "); New-EcsCluster does not change an existing cluster.", options.Name,
                    "Change it with Set-EcsCluster -Name " + options.Name + " (for example -ContainerInsights enabled), or choose another name.");
            var reply = await api.CallAsync(Ecs.EcsApi.CreateCluster, request, context.CancellationToken).ConfigureAwait(false);
            context.Output(Mapping.Cluster(reply.Cluster ?? new Ecs.Cluster { ClusterName = options.Name }, api.Region));
        }

        public async Task GetAsync(EcsSession session, string[]? names, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var filter = new NameFilter(names, Mapping.NameFromArn);
            var listed = filter.NeedsListing
                ? await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListClusters, new Ecs.ListClustersRequest { NextToken = token, MaxResults = 100 }, ct),
                    r => r.ClusterArns, r => r.NextToken, ct).ConfigureAwait(false)
                : null;
            await Batches.DescribeAsync(filter.Select(listed), DescribeBatch,
                batch => api.CallAsync(Ecs.EcsApi.DescribeClusters, new Ecs.DescribeClustersRequest { Clusters = batch, Include = Include }, ct),
                (batch, reply) =>
                {
                    var found = reply.Clusters ?? new List<Ecs.Cluster>();
                    foreach (var name in batch)
                    {
                        var c = found.FirstOrDefault(x => x.ClusterName == name || x.ClusterArn == name);
                        bool exact = filter.IsExact(name);
                        if (c != null && (c.Status != "INACTIVE" || exact))
                            context.Output(Mapping.Cluster(c, api.Region));
                        else if (c is null && exact)
                            context.Error(NotFound(name, api.Region, reply.Failures?.FirstOrDefault(f => f.Arn != null && f.Arn.EndsWith("/" + name))?.Reason));
                    }
                }, ct).ConfigureAwait(false);
        }

        public async Task SetAsync(EcsSession session, SetClusterOptions options, OperationContext context)
        {
            PreflightChecks.Strategy(options.DefaultCapacityProviderStrategy);
            PreflightChecks.ContainerInsights(options.ContainerInsights);
            var api = _api(session, context);
            if (options.ContainerInsights != null || options.ServiceConnectNamespace != null)
            {
                await api.CallAsync(Ecs.EcsApi.UpdateCluster, new Ecs.UpdateClusterRequest
                {
                    Cluster = options.Cluster,
                    Settings = options.ContainerInsights is null ? null
                        : new List<Ecs.ClusterSetting> { new Ecs.ClusterSetting { Name = "containerInsights", Value = options.ContainerInsights.ToLowerInvariant() } },
                    ServiceConnectDefaults = options.ServiceConnectNamespace is null ? null : new Ecs.ClusterServiceConnectDefaultsRequest { Namespace = options.ServiceConnectNamespace },
                }, context.CancellationToken).ConfigureAwait(false);
            }
            if (options.CapacityProviders != null || options.DefaultCapacityProviderStrategy != null)
            {
                var providers = options.CapacityProviders?.ToList();
                var strategy = Mapping.ToWire(options.DefaultCapacityProviderStrategy);
                if (providers is null || strategy is null)
                {
                    // PutClusterCapacityProviders replaces both lists: keep the one not given.
                    var current = await DescribeOne(api, options.Cluster, context).ConfigureAwait(false);
                    providers ??= current.CapacityProviders ?? new List<string>();
                    strategy ??= current.DefaultCapacityProviderStrategy ?? new List<Ecs.CapacityProviderStrategyItem>();
                }
                await api.CallAsync(Ecs.EcsApi.PutClusterCapacityProviders, new Ecs.PutClusterCapacityProvidersRequest
                {
                    Cluster = options.Cluster,
                    CapacityProviders = providers,
                    DefaultCapacityProviderStrategy = strategy,
                }, context.CancellationToken).ConfigureAwait(false);
            }
            // Report the cluster as it now is (with settings and tags).
            var now = await DescribeOne(api, options.Cluster, context).ConfigureAwait(false);
            context.Output(Mapping.Cluster(now, api.Region));
        }

        public async Task RemoveAsync(EcsSession session, string cluster, OperationContext context)
        {
            var api = _api(session, context);
            var reply = await api.CallAsync(Ecs.EcsApi.DeleteCluster, new Ecs.DeleteClusterRequest { Cluster = cluster }, context.CancellationToken).ConfigureAwait(false);
            context.Output(Mapping.Cluster(reply.Cluster ?? new Ecs.Cluster { ClusterName = cluster, Status = "INACTIVE" }, api.Region));
        }

        internal static async Task<Ecs.Cluster> DescribeOne(IAwsApi api, string cluster, OperationContext context)
        {
            var reply = await api.CallAsync(Ecs.EcsApi.DescribeClusters, new Ecs.DescribeClustersRequest { Clusters = new List<string> { cluster }, Include = Include }, context.CancellationToken).ConfigureAwait(false);
            var c = reply.Clusters?.FirstOrDefault();
            if (c is null || c.Status == "INACTIVE") throw NotFound(cluster, api.Region, reply.Failures?.FirstOrDefault()?.Reason);
            return c;
        }

        internal static EcsAdminException NotFound(string cluster, string region, string? reason)
            => new EcsAdminException("ClusterNotFound", EcsErrorKind.ObjectNotFound,
                "Cluster '" + cluster + "' was not found in " + region + (reason is null ? "." : " (" + reason + ")."), cluster,
                "List the clusters with Get-EcsCluster -Region " + region + ", or check -Region.");
    }
}
