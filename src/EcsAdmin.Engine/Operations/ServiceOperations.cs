using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    internal sealed partial class ServiceOperations : IServiceOperations
    {
        /// <summary>DescribeServices takes at most 10 services per call.</summary>
        public const int DescribeBatch = Batches.DescribeServices;
        private static readonly List<string> IncludeTags = new List<string> { "TAGS" };

        private readonly AwsApiFactory _api;
        public ServiceOperations(AwsApiFactory api) => _api = api;

        /// <summary>Tests replace the watcher's waits (so polls are instant) and clock.</summary>
        internal Func<TimeSpan, CancellationToken, Task>? Delay { get; set; }
        internal Func<DateTime>? Clock { get; set; }

        // ------------------------------------------------------------------ create

        public async Task CreateAsync(EcsSession session, NewServiceOptions options, OperationContext context)
        {
            var model = ServiceChecks.NewService(options);
            DeploymentStrategyChecks.CheckNew(options);
            var api = _api(session, context);
            var td = await TaskDefinitions.DescribeAsync(api, options.TaskDefinition, context).ConfigureAwait(false);
            if (options.FargateOnly) TaskDefinitions.RequireFargate(td, options.TaskDefinition);
            else TaskDefinitions.RequireLaunchModel(td, options.TaskDefinition, model,
                modelGiven: options.LaunchType != null || options.CapacityProviderStrategy is { Length: > 0 }, options.Subnets.Length > 0, options.NetworkGiven);
            CheckContainers(td, options);
            bool strategyGiven = options.CapacityProviderStrategy is { Length: > 0 };
            bool daemon = options.SchedulingStrategy == "DAEMON";

            var request = new Ecs.CreateServiceRequest
            {
                Cluster = options.Cluster,
                ServiceName = options.Name,
                TaskDefinition = td.TaskDefinitionArn,
                DesiredCount = daemon ? (int?)null : options.DesiredCount,
                ClientToken = options.ClientToken,
                // The front door always says FARGATE; New-EcsService sends what was asked, else the cluster's default strategy applies.
                LaunchType = strategyGiven ? null : options.FargateOnly ? (options.LaunchType ?? "FARGATE") : options.LaunchType,
                CapacityProviderStrategy = strategyGiven ? Mapping.ToWire(options.CapacityProviderStrategy) : null,
                SchedulingStrategy = options.SchedulingStrategy,
                PlacementStrategy = options.PlacementStrategies is { Length: > 0 } ? PlacementMapping.ToWire(options.PlacementStrategies) : null,
                PlacementConstraints = options.PlacementConstraints is { Length: > 0 } ? PlacementMapping.ToWire(options.PlacementConstraints) : null,
                PlatformVersion = options.PlatformVersion,
                NetworkConfiguration = td.NetworkMode == "awsvpc" || options.FargateOnly
                    ? ServiceMapping.ToWireNetwork(options.Subnets, options.SecurityGroups, options.AssignPublicIp)
                    : null,
                DeploymentConfiguration = new Ecs.DeploymentConfiguration
                {
                    DeploymentCircuitBreaker = new Ecs.DeploymentCircuitBreaker { Enable = options.CircuitBreaker, Rollback = options.CircuitBreaker },
                    MinimumHealthyPercent = options.MinimumHealthyPercent,
                    MaximumPercent = options.MaximumPercent,
                },
                EnableExecuteCommand = options.EnableExecuteCommand ? true : (bool?)null,
                LoadBalancers = options.LoadBalancers is { Length: > 0 } ? PlacementMapping.ToWire(options.LoadBalancers) : null,
                ServiceRegistries = options.ServiceRegistries is { Length: > 0 } ? PlacementMapping.ToWire(options.ServiceRegistries) : null,
                ServiceConnectConfiguration = ServiceConnect(options.ServiceConnectNamespace, options.ServiceConnectPortName, options.ServiceConnectDiscoveryName, options.ServiceConnectClientAliases),
                PropagateTags = options.PropagateTags,
                Tags = Mapping.ToWireTags(options.Tags),
                HealthCheckGracePeriodSeconds = options.HealthCheckGracePeriodSeconds,
            };
            if (options.Strategy != null) ApplyStrategy(request, options.Strategy);
            context.Verbose("CreateService " + options.Name + " in " + options.Cluster + " with " + td.TaskDefinitionArn + " (client token " + options.ClientToken + ")");
            var reply = await api.CallAsync(Ecs.EcsApi.CreateService, request, context.CancellationToken).ConfigureAwait(false);
            var svc = reply.Service ?? new Ecs.Service { ServiceName = options.Name };
            if (options.Wait is null)
            {
                context.Output(ServiceMapping.Service(svc, api.Region));
            }
            else
            {
                var primary = PrimaryOf(svc, options.Name);
                var facts = new DeploymentFacts { DeploymentId = primary.Id, TaskDefinition = primary.TaskDefinition ?? td.TaskDefinitionArn };
                context.Output(await DeploymentOperations.FollowAsync(api, options.Cluster, options.Name, svc, options.Wait, new WaitUntil(), facts, Delay, Clock, context).ConfigureAwait(false));
            }
        }

        private static Ecs.ServiceConnectConfiguration? ServiceConnect(string? ns, string? portName, string? discoveryName, ServiceConnectAliasOptions[]? aliases)
        {
            if (string.IsNullOrWhiteSpace(ns)) return null;
            var config = new Ecs.ServiceConnectConfiguration { Enabled = true, Namespace = ns };
            if (!string.IsNullOrWhiteSpace(portName))
            {
                config.Services = new List<Ecs.ServiceConnectService>
                {
                    new Ecs.ServiceConnectService
                    {
                        PortName = portName,
                        DiscoveryName = discoveryName,
                        ClientAliases = aliases?.Select(a => new Ecs.ServiceConnectClientAlias { Port = a.Port, DnsName = a.DnsName }).ToList(),
                    },
                };
            }
            return config;
        }

        /// <summary>Containers and ports named by load balancers, registries and Service Connect must exist in the task definition.</summary>
        internal static void CheckContainers(Ecs.TaskDefinition td, NewServiceOptions o)
        {
            var containers = td.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>();
            string Names() => string.Join(", ", containers.Select(c => c.Name));
            Ecs.ContainerDefinition Find(string name, object target) =>
                containers.FirstOrDefault(c => c.Name == name)
                ?? throw new EcsAdminException("ContainerNotInTaskDefinition", EcsErrorKind.InvalidArgument,
                    "Container '" + name + "' is not in task definition " + td.TaskDefinitionArn + " (containers: " + Names() + ").", target,
                    "Use one of the task definition's container names: " + Names() + ".");
            void Port(Ecs.ContainerDefinition c, int port, object target)
            {
                if (!(c.PortMappings ?? new List<Ecs.PortMapping>()).Any(p => p.ContainerPort == port))
                    throw new EcsAdminException("PortNotInTaskDefinition", EcsErrorKind.InvalidArgument,
                        "Container '" + c.Name + "' of " + td.TaskDefinitionArn + " maps no container port " + port + " (ports: "
                        + string.Join(", ", (c.PortMappings ?? new List<Ecs.PortMapping>()).Select(p => p.ContainerPort)) + ").", target,
                        "Use a port from the container's portMappings, or register a revision that maps " + port + ".");
            }
            foreach (var lb in o.LoadBalancers ?? Array.Empty<EcsLoadBalancer>())
                Port(Find(lb.ContainerName, lb), lb.ContainerPort, lb);
            foreach (var r in o.ServiceRegistries ?? Array.Empty<ServiceRegistryOptions>())
            {
                if (r.ContainerName is null) continue;
                var c = Find(r.ContainerName, r);
                if (r.ContainerPort is int p) Port(c, p, r);
            }
            if (!string.IsNullOrWhiteSpace(o.ServiceConnectPortName))
            {
                var named = containers.SelectMany(c => c.PortMappings ?? new List<Ecs.PortMapping>()).Select(p => p.Name).Where(n => n != null).ToList();
                if (!named.Contains(o.ServiceConnectPortName!))
                    throw new EcsAdminException("ServiceConnectPortNotFound", EcsErrorKind.InvalidArgument,
                        "No port mapping of " + td.TaskDefinitionArn + " is named '" + o.ServiceConnectPortName + "' (named ports: " + (named.Count == 0 ? "none" : string.Join(", ", named)) + ").",
                        o.ServiceConnectPortName, "Give -ServiceConnectPortName one of the portMappings names, or name the port in the task definition.");
            }
        }

        // ------------------------------------------------------------------ get

        public async Task GetAsync(EcsSession session, GetServiceOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var targets = options.Targets is { Count: > 0 }
                ? options.Targets
                : new List<ServiceTarget> { new ServiceTarget { Cluster = options.Cluster, Names = options.Names } };

            // Clusters: named ones as given, every cluster (ListClusters, once) for a target without one.
            var clusters = new List<string>();
            var patterns = new Dictionary<string, List<string>?>(StringComparer.Ordinal); // null: every service
            void Want(string cluster, string[]? names)
            {
                var given = (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToList();
                if (!patterns.TryGetValue(cluster, out var list)) { clusters.Add(cluster); patterns[cluster] = list = new List<string>(); }
                if (list is null) return;
                if (given.Count == 0) patterns[cluster] = null;
                else list.AddRange(given);
            }
            var everywhere = targets.Where(t => string.IsNullOrWhiteSpace(t.Cluster)).ToList();
            if (everywhere.Count > 0)
            {
                var arns = await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListClusters, new Ecs.ListClustersRequest { NextToken = token, MaxResults = 100 }, ct),
                    r => r.ClusterArns, r => r.NextToken, ct).ConfigureAwait(false);
                foreach (var arn in arns) foreach (var t in everywhere) Want(arn, t.Names);
            }
            foreach (var t in targets.Where(t => !string.IsNullOrWhiteSpace(t.Cluster))) Want(t.Cluster!.Trim(), t.Names);

            // Each cluster: ListServices (paged) when a name is missing or a wildcard, then DescribeServices 10 at a
            // time, all clusters and batches concurrently within one bound; output in cluster order, streaming.
            var filters = clusters.Select(c => new NameFilter(patterns[c], Mapping.NameFromArn)).ToList();
            var output = new OrderedOutput<EcsService>(clusters.Count, context.Output);
            var unreadable = new HashSet<int>();
            using var gate = new SemaphoreSlim(Batches.DefaultConcurrency);
            await Batches.InOrderAsync(Enumerable.Range(0, clusters.Count).ToList(), async i =>
            {
                var cluster = clusters[i];
                var filter = filters[i];
                try
                {
                    var listed = filter.NeedsListing
                        ? await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListServices, new Ecs.ListServicesRequest { Cluster = cluster, NextToken = token, MaxResults = 100 }, ct),
                            r => r.ServiceArns, r => r.NextToken, ct).ConfigureAwait(false)
                        : null;
                    await Batches.DescribeAsync(filter.Select(listed), Batches.DescribeServices,
                        batch => api.CallAsync(Ecs.EcsApi.DescribeServices, new Ecs.DescribeServicesRequest { Cluster = cluster, Services = batch, Include = IncludeTags }, ct),
                        (batch, reply) =>
                        {
                            var found = reply.Services ?? new List<Ecs.Service>();
                            foreach (var name in batch)
                            {
                                var s = found.FirstOrDefault(x => x.ServiceName == name || x.ServiceArn == name);
                                if (s is null) continue;
                                bool exact = filter.IsExact(name);
                                if (s.Status == "INACTIVE" && !exact) continue;
                                if (exact) filter.Found(name);
                                output.Add(i, ServiceMapping.Service(s, api.Region));
                            }
                        }, ct, gate: gate).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (ex.AwsErrorCode == "ClusterNotFoundException")
                {
                    // One cluster that is gone (deleted between Get-EcsCluster and here, or mistyped) is that cluster's
                    // error: the other clusters are still read and written.
                    lock (unreadable) unreadable.Add(i);
                    var notFound = ClusterOperations.NotFound(cluster, api.Region, null);
                    context.Error(new EcsAdminException(notFound.ErrorId, notFound.Kind, notFound.Message + " " + ex.Message, cluster,
                        notFound.RecommendedAction, null, ex.AwsErrorCode));
                }
                output.Complete(i);
                return true;
            }, (_, _) => { }, ct, options.ClusterConcurrency > 0 ? options.ClusterConcurrency : ClusterConcurrency).ConfigureAwait(false);

            // Not found: a name asked of one cluster, per cluster; a name asked of every cluster, once, when none had it.
            var reported = new HashSet<string>(StringComparer.Ordinal);
            foreach (var t in targets)
            {
                var given = new NameFilter(t.Names, Mapping.NameFromArn);
                if (string.IsNullOrWhiteSpace(t.Cluster))
                {
                    foreach (var name in given.Exact.Where(n => !filters.Any(f => f.IsExact(n) && !f.NotFound().Contains(n))))
                        if (reported.Add("\n" + name)) context.Error(NotFound(name, "(all clusters)", api.Region));
                }
                else
                {
                    var i = clusters.IndexOf(t.Cluster!.Trim());
                    if (unreadable.Contains(i)) continue;
                    foreach (var name in given.Exact.Where(n => filters[i].NotFound().Contains(n)))
                        if (reported.Add(clusters[i] + "\n" + name)) context.Error(NotFound(name, clusters[i], api.Region));
                }
            }
        }

        /// <summary>How many clusters one Get-EcsService reads at the same time (their requests share one bound).</summary>
        internal const int ClusterConcurrency = 8;

        internal static EcsAdminException NotFound(string service, string cluster, string region)
            => new EcsAdminException("ServiceNotFound", EcsErrorKind.ObjectNotFound,
                "Service '" + service + "' was not found in cluster " + cluster + " (" + region + ").", service,
                "List the services with Get-EcsService -Cluster " + cluster + ", or check -Cluster and -Region.");

        internal static async Task<Ecs.Service> DescribeOne(IAwsApi api, string cluster, string service, OperationContext context)
        {
            var reply = await api.CallAsync(Ecs.EcsApi.DescribeServices, new Ecs.DescribeServicesRequest
            {
                Cluster = cluster, Services = new List<string> { service }, Include = IncludeTags,
            }, context.CancellationToken).ConfigureAwait(false);
            var s = reply.Services?.FirstOrDefault();
            if (s is null || s.Status == "INACTIVE") throw NotFound(service, cluster, api.Region);
            return s;
        }

        // ------------------------------------------------------------------ update

        public async Task UpdateAsync(EcsSession session, UpdateServiceOptions options, OperationContext context)
        {
            ServiceChecks.UpdateService(options);
            var api = _api(session, context);
            var current = await DescribeOne(api, options.Cluster, options.Service, context).ConfigureAwait(false);
            var previous = current.TaskDefinition;

            string? taskDefinition = null;
            if (options.Images != null)
            {
                var registered = await TaskDefinitions.RegisterWithImagesAsync(api, current.TaskDefinition ?? "", options.Images, context).ConfigureAwait(false);
                taskDefinition = registered.TaskDefinitionArn;
                context.Verbose("Registered " + taskDefinition + " with " + string.Join(", ", options.Images.Select(kv => kv.Key + "=" + kv.Value)));
            }
            else if (options.TaskDefinition != null)
            {
                var td = await TaskDefinitions.DescribeAsync(api, options.TaskDefinition, context).ConfigureAwait(false);
                // The revision must suit the service's launch model: Fargate's rules, or the EC2/EXTERNAL network-mode rules.
                var strategy = options.CapacityProviderStrategy ?? Mapping.FromWire(current.CapacityProviderStrategy);
                var model = current.LaunchType ?? (strategy.Length == 0 || PlacementChecks.IsFargateStrategy(strategy) ? "FARGATE" : "EC2");
                bool hasNetwork = options.Subnets != null || current.NetworkConfiguration?.AwsvpcConfiguration?.Subnets is { Count: > 0 };
                if (model == "FARGATE") TaskDefinitions.RequireFargate(td, options.TaskDefinition);
                else TaskDefinitions.RequireLaunchModel(td, options.TaskDefinition, model, modelGiven: current.LaunchType != null, hasNetwork, hasNetwork);
                taskDefinition = td.TaskDefinitionArn;
            }

            Ecs.DeploymentConfiguration? deployment = null;
            if (options.MinimumHealthyPercent != null || options.MaximumPercent != null || options.CircuitBreaker != null)
            {
                var c = current.DeploymentConfiguration ?? new Ecs.DeploymentConfiguration();
                deployment = new Ecs.DeploymentConfiguration
                {
                    DeploymentCircuitBreaker = options.CircuitBreaker is bool cb
                        ? new Ecs.DeploymentCircuitBreaker { Enable = cb, Rollback = cb }
                        : c.DeploymentCircuitBreaker,
                    MinimumHealthyPercent = options.MinimumHealthyPercent ?? c.MinimumHealthyPercent,
                    MaximumPercent = options.MaximumPercent ?? c.MaximumPercent,
                    Alarms = c.Alarms,
                };
            }

            bool newDeployment = taskDefinition != null || options.ForceNewDeployment || options.CapacityProviderStrategy != null;
            if (options.EnableExecuteCommand != null && !newDeployment)
                context.Warning("ECS Exec setting changes apply to tasks started from now on; add -ForceNewDeployment to replace the running tasks of " + options.Service + ".");

            var request = new Ecs.UpdateServiceRequest
            {
                Cluster = options.Cluster,
                Service = options.Service,
                TaskDefinition = taskDefinition,
                DesiredCount = options.DesiredCount,
                ForceNewDeployment = options.ForceNewDeployment || options.CapacityProviderStrategy != null ? true : (bool?)null,
                DeploymentConfiguration = deployment,
                CapacityProviderStrategy = Mapping.ToWire(options.CapacityProviderStrategy),
                EnableExecuteCommand = options.EnableExecuteCommand,
                HealthCheckGracePeriodSeconds = options.HealthCheckGracePeriodSeconds,
                PlatformVersion = options.PlatformVersion,
                PlacementStrategy = PlacementMapping.ToWire(options.PlacementStrategies),
                PlacementConstraints = PlacementMapping.ToWire(options.PlacementConstraints),
                NetworkConfiguration = options.NetworkChanged ? MergedNetwork(current, options) : null,
                LoadBalancers = PlacementMapping.ToWire(options.LoadBalancers),
                ServiceRegistries = PlacementMapping.ToWire(options.ServiceRegistries),
                ServiceConnectConfiguration = options.DisableServiceConnect ? new Ecs.ServiceConnectConfiguration { Enabled = false }
                    : ServiceConnect(options.ServiceConnectNamespace, options.ServiceConnectPortName, options.ServiceConnectDiscoveryName, options.ServiceConnectClientAliases),
            };
            if (options.Strategy is { IsEmpty: false }) ApplyStrategy(request, current, options.Strategy);
            var reply = await api.CallAsync(Ecs.EcsApi.UpdateService, request, context.CancellationToken).ConfigureAwait(false);
            var svc = reply.Service ?? current;
            if (options.Wait is null)
            {
                context.Output(ServiceMapping.Service(svc, api.Region));
            }
            else
            {
                var primary = PrimaryOf(svc, options.Service);
                var facts = new DeploymentFacts
                {
                    DeploymentId = primary.Id,
                    TaskDefinition = primary.TaskDefinition ?? taskDefinition ?? previous,
                    PreviousTaskDefinition = taskDefinition != null && taskDefinition != previous ? previous : null,
                };
                context.Output(await DeploymentOperations.FollowAsync(api, options.Cluster, options.Service, svc, options.Wait, new WaitUntil(), facts, Delay, Clock, context).ConfigureAwait(false));
            }
        }

        /// <summary>The service's awsvpc configuration with what was given replaced (subnets, security groups, public IP).</summary>
        private static Ecs.NetworkConfiguration MergedNetwork(Ecs.Service current, UpdateServiceOptions o)
        {
            var now = current.NetworkConfiguration?.AwsvpcConfiguration;
            var subnets = o.Subnets ?? now?.Subnets?.ToArray() ?? Array.Empty<string>();
            if (subnets.Length == 0)
                throw new EcsAdminException("SubnetRequired", EcsErrorKind.InvalidArgument,
                    "Service '" + o.Service + "' has no awsvpc subnets to keep: give -Subnet with -SecurityGroup or -AssignPublicIp.", o.Service,
                    "Give -Subnet subnet-0123456789abcdef0 as well.");
            return ServiceMapping.ToWireNetwork(subnets, o.SecurityGroups ?? now?.SecurityGroups?.ToArray() ?? Array.Empty<string>(),
                o.AssignPublicIp ?? string.Equals(now?.AssignPublicIp, "ENABLED", StringComparison.OrdinalIgnoreCase));
        }

        // ------------------------------------------------------------------ remove

        public async Task RemoveAsync(EcsSession session, RemoveServiceOptions options, OperationContext context)
        {
            PreflightChecks.Reference(options.Cluster, "cluster", "InvalidClusterName");
            PreflightChecks.Reference(options.Service, "service", "InvalidServiceName");
            var api = _api(session, context);
            if (!options.Force)
            {
                var current = await DescribeOne(api, options.Cluster, options.Service, context).ConfigureAwait(false);
                if ((current.DesiredCount ?? 0) > 0)
                {
                    context.Verbose("Scaling " + options.Service + " to 0 before deleting it.");
                    await api.CallAsync(Ecs.EcsApi.UpdateService, new Ecs.UpdateServiceRequest { Cluster = options.Cluster, Service = options.Service, DesiredCount = 0 }, context.CancellationToken).ConfigureAwait(false);
                }
            }
            var reply = await api.CallAsync(Ecs.EcsApi.DeleteService, new Ecs.DeleteServiceRequest
            {
                Cluster = options.Cluster, Service = options.Service, Force = options.Force ? true : (bool?)null,
            }, context.CancellationToken).ConfigureAwait(false);
            context.Output(ServiceMapping.Service(reply.Service ?? new Ecs.Service { ServiceName = options.Service, Status = "DRAINING" }, api.Region));
        }

        // ------------------------------------------------------------------ wait

        public async Task WaitAsync(EcsSession session, WaitServiceOptions options, OperationContext context)
        {
            PreflightChecks.Reference(options.Cluster, "cluster", "InvalidClusterName");
            PreflightChecks.Reference(options.Service, "service", "InvalidServiceName");
            var api = _api(session, context);
            var svc = await DescribeOne(api, options.Cluster, options.Service, context).ConfigureAwait(false);
            if (options.DeploymentId is null || options.DeploymentId.StartsWith("arn:", StringComparison.Ordinal))
            {
                // Follow the service deployment by its ARN (falls back to DescribeServices where the API is missing).
                if (options.DeploymentId != null) svc.CurrentServiceDeployment = options.DeploymentId;
                var primaryFacts = svc.Deployments?.FirstOrDefault(d => d.Status == DeploymentRules.Primary && d.Id != null) is Ecs.Deployment p
                    ? new DeploymentFacts { DeploymentId = p.Id, TaskDefinition = p.TaskDefinition, PreviousTaskDefinition = svc.Deployments!.Where(d => d.Id != p.Id && d.Status == "ACTIVE").OrderByDescending(d => d.CreatedAt).FirstOrDefault()?.TaskDefinition }
                    : null;
                context.Output(await DeploymentOperations.FollowAsync(api, options.Cluster, options.Service, svc, options.Wait, options.Until, primaryFacts, Delay, Clock, context).ConfigureAwait(false));
                return;
            }
            Ecs.Deployment deployment;
            if (options.DeploymentId != null)
                deployment = svc.Deployments?.FirstOrDefault(d => d.Id == options.DeploymentId)
                    ?? throw new EcsAdminException("DeploymentNotFound", EcsErrorKind.ObjectNotFound,
                        "Service '" + options.Service + "' has no deployment '" + options.DeploymentId + "' (deployments: "
                        + string.Join(", ", (svc.Deployments ?? new List<Ecs.Deployment>()).Select(d => d.Id + " " + d.Status)) + ").", options.DeploymentId,
                        "Leave -DeploymentId out to follow the PRIMARY deployment, or read the ids from (Get-EcsService).Deployments.");
            else deployment = PrimaryOf(svc, options.Service);
            var previous = svc.Deployments?.Where(d => d.Id != deployment.Id && d.Status == "ACTIVE").OrderByDescending(d => d.CreatedAt).FirstOrDefault()?.TaskDefinition;
            var facts = new DeploymentFacts { DeploymentId = deployment.Id, TaskDefinition = deployment.TaskDefinition, PreviousTaskDefinition = previous };
            context.Output(await Watcher(api, options.Cluster, options.Service).WatchAsync(facts, options.Wait, context).ConfigureAwait(false));
        }

        // ------------------------------------------------------------------ deployment strategies

        /// <summary>Strategy, bake time, hooks, alarms, load balancer advanced configuration and test traffic on a create.</summary>
        private static void ApplyStrategy(Ecs.CreateServiceRequest request, DeploymentStrategyOptions strategy)
        {
            request.DeploymentConfiguration = DeploymentMapping.Apply(request.DeploymentConfiguration, strategy);
            request.LoadBalancers = DeploymentMapping.ApplyLoadBalancers(request.LoadBalancers, strategy);
            DeploymentMapping.ApplyTestTraffic(request.ServiceConnectConfiguration, strategy);
        }

        /// <summary>The same on an update, merged with the service's current settings (checked against them first).</summary>
        private static void ApplyStrategy(Ecs.UpdateServiceRequest request, Ecs.Service current, DeploymentStrategyOptions strategy)
        {
            var effective = strategy.Strategy ?? current.DeploymentConfiguration?.Strategy; // null: the endpoint does not say
            DeploymentStrategyChecks.Check(strategy, effective);
            var lbs = DeploymentMapping.ApplyLoadBalancers(current.LoadBalancers, strategy);
            var primarySc = current.Deployments?.FirstOrDefault(d => d.Status == DeploymentRules.Primary)?.ServiceConnectConfiguration;
            DeploymentStrategyChecks.RequireTrafficPath(effective,
                lbs != null && lbs.Count > 0 && lbs.All(l => l.AdvancedConfiguration?.AlternateTargetGroupArn != null),
                lbs != null && lbs.Count > 0, primarySc?.Enabled == true, request.Service);
            if (effective == "BLUE_GREEN" && strategy.BakeTimeInMinutes is null && current.DeploymentConfiguration?.BakeTimeInMinutes is null)
                throw new EcsAdminException("BakeTimeRequired", EcsErrorKind.InvalidArgument, "A BlueGreen deployment needs a bake time; " + request.Service + " has none.", request.Service,
                    "Add -BakeTimeMinutes (0 to 1440).");
            request.DeploymentConfiguration = DeploymentMapping.Apply(request.DeploymentConfiguration ?? current.DeploymentConfiguration, strategy);
            if (strategy.HasAdvancedLoadBalancer) request.LoadBalancers = lbs;
            if (strategy.TestTrafficHeaderName != null && primarySc != null)
            {
                DeploymentMapping.ApplyTestTraffic(primarySc, strategy);
                request.ServiceConnectConfiguration = primarySc;
            }
        }

        private DeploymentWatcher Watcher(IAwsApi api, string cluster, string service)
        {
            var w = new DeploymentWatcher(api, cluster, service);
            if (Delay != null) w.Delay = Delay;
            if (Clock != null) w.Clock = Clock;
            return w;
        }

        internal static Ecs.Deployment PrimaryOf(Ecs.Service svc, string service)
            => svc.Deployments?.FirstOrDefault(d => d.Status == DeploymentRules.Primary && d.Id != null)
               ?? throw new EcsAdminException("NoPrimaryDeployment", EcsErrorKind.InvalidResult,
                   "Service '" + service + "' reported no PRIMARY deployment to follow (deployment controller " + (svc.DeploymentController?.Type ?? "ECS") + ").", service,
                   "Wait-EcsService follows ECS rolling deployments; check the service with Get-EcsService.");
    }
}
