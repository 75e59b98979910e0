using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Capacity providers: Auto Scaling group providers and ECS Managed Instances providers.</summary>
    internal sealed class CapacityProviderOperations : ICapacityProviderOperations
    {
        /// <summary>DescribeCapacityProviders names at most 100 providers per call.</summary>
        public const int DescribeBatch = 100;
        private static readonly List<string> Include = new List<string> { Ecs.CapacityProviderFieldValues.Tags };

        private readonly AwsApiFactory _api;
        public CapacityProviderOperations(AwsApiFactory api) => _api = api;

        public async Task CreateAsync(EcsSession session, CapacityProviderOptions options, OperationContext context)
        {
            FleetChecks.CapacityProvider(options, isNew: true);
            var api = _api(session, context);
            var request = new Ecs.CreateCapacityProviderRequest
            {
                Name = options.Name.Trim(),
                Tags = Mapping.ToWireTags(options.Tags),
            };
            if (options.ManagedInstances)
            {
                request.Cluster = options.Cluster;
                request.ManagedInstancesProvider = new Ecs.CreateManagedInstancesProviderConfiguration
                {
                    InfrastructureRoleArn = options.InfrastructureRoleArn,
                    InstanceLaunchTemplate = LaunchTemplate(options),
                    PropagateTags = options.PropagateTags,
                };
            }
            else
            {
                request.AutoScalingGroupProvider = new Ecs.AutoScalingGroupProvider
                {
                    AutoScalingGroupArn = options.AutoScalingGroupArn,
                    ManagedScaling = Scaling(options),
                    ManagedTerminationProtection = options.ManagedTerminationProtection,
                    ManagedDraining = options.ManagedDraining,
                };
            }
            var reply = await api.CallAsync(Ecs.EcsApi.CreateCapacityProvider, request, context.CancellationToken).ConfigureAwait(false);
            context.Output(ToModel(reply.CapacityProvider ?? new Ecs.CapacityProvider { Name = request.Name, Cluster = request.Cluster }, api.Region));
        }

        public async Task GetAsync(EcsSession session, string[]? names, string? cluster, OperationContext context)
        {
            var api = _api(session, context);
            var patterns = (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToArray();
            var exact = patterns.Where(p => !Glob.HasWildcard(p)).ToList();
            var wild = patterns.Where(Glob.HasWildcard).Select(Glob.ToRegex).ToList();

            if (exact.Count > 0 && wild.Count == 0)
            {
                // Only exact names: ask for them (100 a call) and report the ones that do not exist.
                for (int i = 0; i < exact.Count; i += DescribeBatch)
                {
                    var batch = exact.Skip(i).Take(DescribeBatch).ToList();
                    var reply = await api.CallAsync(Ecs.EcsApi.DescribeCapacityProviders, new Ecs.DescribeCapacityProvidersRequest
                    {
                        CapacityProviders = batch,
                        Cluster = cluster,
                        Include = Include,
                    }, context.CancellationToken).ConfigureAwait(false);
                    var found = reply.CapacityProviders ?? new List<Ecs.CapacityProvider>();
                    foreach (var name in batch)
                    {
                        var p = found.FirstOrDefault(x => x.Name == name || x.CapacityProviderArn == name);
                        if (p != null) context.Output(ToModel(p, api.Region));
                        else context.Error(NotFound(name, api.Region, reply.Failures?.FirstOrDefault(f => f.Arn != null && f.Arn.EndsWith("/" + name, StringComparison.Ordinal))?.Reason));
                    }
                }
                return;
            }

            // Every provider (paged), filtered by the patterns.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            string? token = null;
            do
            {
                var reply = await api.CallAsync(Ecs.EcsApi.DescribeCapacityProviders, new Ecs.DescribeCapacityProvidersRequest
                {
                    Cluster = cluster,
                    Include = Include,
                    MaxResults = 10,
                    NextToken = token,
                }, context.CancellationToken).ConfigureAwait(false);
                foreach (var p in reply.CapacityProviders ?? new List<Ecs.CapacityProvider>())
                {
                    var name = p.Name ?? Mapping.NameFromArn(p.CapacityProviderArn);
                    if (patterns.Length > 0 && !exact.Contains(name) && !wild.Any(w => w.IsMatch(name))) continue;
                    if (patterns.Length == 0 && p.Status == "INACTIVE") continue;
                    seen.Add(name);
                    context.Output(ToModel(p, api.Region));
                }
                token = reply.NextToken;
            } while (!string.IsNullOrEmpty(token));
            foreach (var name in exact.Where(n => !seen.Contains(n)))
                context.Error(NotFound(name, api.Region, null));
        }

        public async Task SetAsync(EcsSession session, CapacityProviderOptions options, OperationContext context)
        {
            FleetChecks.CapacityProvider(options, isNew: false);
            var api = _api(session, context);
            var request = new Ecs.UpdateCapacityProviderRequest { Name = options.Name.Trim() };
            if (options.ManagedInstances)
            {
                // UpdateManagedInstancesProviderConfiguration requires the role and the launch template: keep what is not given.
                var current = await DescribeOne(api, request.Name, options.Cluster, context).ConfigureAwait(false);
                var mi = current.ManagedInstancesProvider
                    ?? throw new EcsAdminException("NotManagedInstancesProvider", EcsErrorKind.InvalidArgument,
                        "Capacity provider '" + request.Name + "' is not an ECS Managed Instances provider.", request.Name,
                        "Leave out -ManagedInstances to change an Auto Scaling group provider.");
                var lt = mi.InstanceLaunchTemplate ?? new Ecs.InstanceLaunchTemplate();
                request.Cluster = options.Cluster;
                request.ManagedInstancesProvider = new Ecs.UpdateManagedInstancesProviderConfiguration
                {
                    InfrastructureRoleArn = options.InfrastructureRoleArn ?? mi.InfrastructureRoleArn,
                    PropagateTags = options.PropagateTags,
                    InstanceLaunchTemplate = new Ecs.InstanceLaunchTemplateUpdate
                    {
                        Ec2InstanceProfileArn = options.InstanceProfileArn,
                        NetworkConfiguration = options.Subnets != null || options.SecurityGroups != null
                            ? new Ecs.ManagedInstancesNetworkConfiguration
                            {
                                Subnets = (options.Subnets ?? lt.NetworkConfiguration?.Subnets?.ToArray() ?? Array.Empty<string>()).ToList(),
                                SecurityGroups = (options.SecurityGroups ?? lt.NetworkConfiguration?.SecurityGroups?.ToArray())?.ToList(),
                            }
                            : null,
                        StorageConfiguration = options.StorageSizeGiB is int gib ? new Ecs.ManagedInstancesStorageConfiguration { StorageSizeGiB = gib } : null,
                        Monitoring = options.Monitoring,
                        InstanceRequirements = options.InstanceRequirements is null ? null : Requirements(options.InstanceRequirements),
                    },
                };
            }
            else
            {
                request.AutoScalingGroupProvider = new Ecs.AutoScalingGroupProviderUpdate
                {
                    ManagedScaling = Scaling(options),
                    ManagedTerminationProtection = options.ManagedTerminationProtection,
                    ManagedDraining = options.ManagedDraining,
                };
            }
            var reply = await api.CallAsync(Ecs.EcsApi.UpdateCapacityProvider, request, context.CancellationToken).ConfigureAwait(false);
            context.Output(ToModel(reply.CapacityProvider ?? await DescribeOne(api, request.Name, options.Cluster, context).ConfigureAwait(false), api.Region));
        }

        public async Task RemoveAsync(EcsSession session, string name, string? cluster, OperationContext context)
        {
            FleetChecks.CapacityProviderName(Mapping.NameFromArn(name));
            var api = _api(session, context);
            var reply = await api.CallAsync(Ecs.EcsApi.DeleteCapacityProvider, new Ecs.DeleteCapacityProviderRequest { CapacityProvider = name, Cluster = cluster },
                context.CancellationToken).ConfigureAwait(false);
            context.Output(ToModel(reply.CapacityProvider ?? new Ecs.CapacityProvider { Name = Mapping.NameFromArn(name), Cluster = cluster, Status = "INACTIVE" }, api.Region));
        }

        private static async Task<Ecs.CapacityProvider> DescribeOne(IAwsApi api, string name, string? cluster, OperationContext context)
        {
            var reply = await api.CallAsync(Ecs.EcsApi.DescribeCapacityProviders, new Ecs.DescribeCapacityProvidersRequest
            {
                CapacityProviders = new List<string> { name },
                Cluster = cluster,
                Include = Include,
            }, context.CancellationToken).ConfigureAwait(false);
            return reply.CapacityProviders?.FirstOrDefault(p => p.Name == name || p.CapacityProviderArn == name)
                   ?? throw NotFound(name, api.Region, reply.Failures?.FirstOrDefault()?.Reason);
        }

        private static Ecs.ManagedScaling? Scaling(CapacityProviderOptions o)
        {
            if (o.ManagedScaling is null && o.TargetCapacity is null && o.MinimumScalingStepSize is null && o.MaximumScalingStepSize is null && o.InstanceWarmupPeriod is null)
                return null;
            return new Ecs.ManagedScaling
            {
                // Giving a target or step sizes means managed scaling is wanted, unless it was turned off explicitly.
                Status = o.ManagedScaling ?? Ecs.ManagedScalingStatusValues.Enabled,
                TargetCapacity = o.TargetCapacity,
                MinimumScalingStepSize = o.MinimumScalingStepSize,
                MaximumScalingStepSize = o.MaximumScalingStepSize,
                InstanceWarmupPeriod = o.InstanceWarmupPeriod,
            };
        }

        private static Ecs.InstanceLaunchTemplate LaunchTemplate(CapacityProviderOptions o) => new Ecs.InstanceLaunchTemplate
        {
            Ec2InstanceProfileArn = o.InstanceProfileArn,
            NetworkConfiguration = new Ecs.ManagedInstancesNetworkConfiguration
            {
                Subnets = o.Subnets?.ToList(),
                SecurityGroups = o.SecurityGroups is { Length: > 0 } ? o.SecurityGroups.ToList() : null,
            },
            StorageConfiguration = o.StorageSizeGiB is int gib ? new Ecs.ManagedInstancesStorageConfiguration { StorageSizeGiB = gib } : null,
            Monitoring = o.Monitoring,
            CapacityOptionType = o.CapacityOptionType,
            InstanceRequirements = o.InstanceRequirements is null ? null : Requirements(o.InstanceRequirements),
        };

        private static Ecs.InstanceRequirementsRequest Requirements(EcsInstanceRequirements r) => new Ecs.InstanceRequirementsRequest
        {
            VCpuCount = new Ecs.VCpuCountRangeRequest { Min = r.MinVCpu, Max = r.MaxVCpu },
            MemoryMiB = new Ecs.MemoryMiBRequest { Min = r.MinMemoryMiB, Max = r.MaxMemoryMiB },
            CpuManufacturers = r.CpuManufacturers.Length > 0 ? r.CpuManufacturers.ToList() : null,
            AllowedInstanceTypes = r.AllowedInstanceTypes.Length > 0 ? r.AllowedInstanceTypes.ToList() : null,
            ExcludedInstanceTypes = r.ExcludedInstanceTypes.Length > 0 ? r.ExcludedInstanceTypes.ToList() : null,
            BurstablePerformance = r.BurstablePerformance,
            SpotMaxPricePercentageOverLowestPrice = r.SpotMaxPricePercentageOverLowestPrice,
            OnDemandMaxPricePercentageOverLowestPrice = r.OnDemandMaxPricePercentageOverLowestPrice,
        };

        internal static EcsCapacityProvider ToModel(Ecs.CapacityProvider p, string region)
        {
            var asg = p.AutoScalingGroupProvider;
            var mi = p.ManagedInstancesProvider;
            var lt = mi?.InstanceLaunchTemplate;
            var req = lt?.InstanceRequirements;
            return new EcsCapacityProvider
            {
                Region = region,
                Name = p.Name ?? Mapping.NameFromArn(p.CapacityProviderArn),
                CapacityProviderArn = p.CapacityProviderArn ?? "",
                Cluster = p.Cluster is null ? null : Mapping.NameFromArn(p.Cluster),
                Type = p.Type ?? (asg != null ? "EC2_AUTOSCALING" : mi != null ? "MANAGED_INSTANCES" : null),
                Status = p.Status ?? "",
                UpdateStatus = p.UpdateStatus,
                UpdateStatusReason = p.UpdateStatusReason,
                AutoScalingGroupArn = asg?.AutoScalingGroupArn,
                ManagedScaling = asg?.ManagedScaling?.Status,
                TargetCapacity = asg?.ManagedScaling?.TargetCapacity,
                MinimumScalingStepSize = asg?.ManagedScaling?.MinimumScalingStepSize,
                MaximumScalingStepSize = asg?.ManagedScaling?.MaximumScalingStepSize,
                InstanceWarmupPeriod = asg?.ManagedScaling?.InstanceWarmupPeriod,
                ManagedTerminationProtection = asg?.ManagedTerminationProtection,
                ManagedDraining = asg?.ManagedDraining,
                InfrastructureRoleArn = mi?.InfrastructureRoleArn,
                InstanceProfileArn = lt?.Ec2InstanceProfileArn,
                CapacityOptionType = lt?.CapacityOptionType,
                Subnets = lt?.NetworkConfiguration?.Subnets?.ToArray() ?? Array.Empty<string>(),
                SecurityGroups = lt?.NetworkConfiguration?.SecurityGroups?.ToArray() ?? Array.Empty<string>(),
                StorageSizeGiB = lt?.StorageConfiguration?.StorageSizeGiB,
                Monitoring = lt?.Monitoring,
                PropagateTags = mi?.PropagateTags,
                InstanceRequirements = req is null ? null : new EcsInstanceRequirements
                {
                    MinVCpu = req.VCpuCount?.Min ?? 0,
                    MaxVCpu = req.VCpuCount?.Max,
                    MinMemoryMiB = req.MemoryMiB?.Min ?? 0,
                    MaxMemoryMiB = req.MemoryMiB?.Max,
                    CpuManufacturers = req.CpuManufacturers?.ToArray() ?? Array.Empty<string>(),
                    AllowedInstanceTypes = req.AllowedInstanceTypes?.ToArray() ?? Array.Empty<string>(),
                    ExcludedInstanceTypes = req.ExcludedInstanceTypes?.ToArray() ?? Array.Empty<string>(),
                    BurstablePerformance = req.BurstablePerformance,
                    SpotMaxPricePercentageOverLowestPrice = req.SpotMaxPricePercentageOverLowestPrice,
                    OnDemandMaxPricePercentageOverLowestPrice = req.OnDemandMaxPricePercentageOverLowestPrice,
                },
                Tags = Mapping.Tags(p.Tags),
            };
        }

        internal static EcsAdminException NotFound(string name, string region, string? reason)
            => new EcsAdminException("CapacityProviderNotFound", EcsErrorKind.ObjectNotFound,
                "Capacity provider '" + name + "' was not found in " + region + (reason is null ? "." : " (" + reason + ")."), name,
                "List the capacity providers with Get-EcsCapacityProvider -Region " + region + " (add -Cluster for Managed Instances providers).");
    }
}
