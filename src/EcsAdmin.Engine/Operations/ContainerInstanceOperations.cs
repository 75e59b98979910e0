using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Ssm = EcsAdmin.Engine.Aws.Generated.Ssm;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Container instances (EC2 and external), their state, agent and attributes; ECS Anywhere activations.</summary>
    internal sealed class ContainerInstanceOperations : IContainerInstanceOperations
    {
        /// <summary>DescribeContainerInstances takes at most 100 instances per call; UpdateContainerInstancesState 10.</summary>
        public const int DescribeBatch = 100;
        public const int StateBatch = 10;
        public const int DrainProgressActivityId = 0x3EC8;
        private static readonly List<string> Include = new List<string> { Ecs.ContainerInstanceFieldValues.Tags };

        private readonly AwsApiFactory _api;
        public ContainerInstanceOperations(AwsApiFactory api) => _api = api;

        internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (t, ct) => Task.Delay(t, ct);
        internal Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        // ------------------------------------------------------------------ get

        public async Task GetAsync(EcsSession session, GetContainerInstanceOptions options, OperationContext context)
        {
            PreflightChecks.Reference(options.Cluster, "cluster", "InvalidClusterName");
            var api = _api(session, context);
            var wanted = options.ContainerInstances?.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct().ToList();
            // EC2 instance ids (i-...) and ECS Anywhere host ids (mi-...) are found through the cluster query language.
            var hostIds = wanted?.Where(IsHostId).ToList() ?? new List<string>();
            foreach (var host in hostIds)
            {
                var found = new List<Ecs.ContainerInstance>();
                string? next = null;
                do
                {
                    var page = await api.CallAsync(Ecs.EcsApi.ListContainerInstances, new Ecs.ListContainerInstancesRequest
                    {
                        Cluster = options.Cluster, Filter = "ec2InstanceId == " + host, MaxResults = 100, NextToken = next,
                    }, context.CancellationToken).ConfigureAwait(false);
                    var arns = page.ContainerInstanceArns ?? new List<string>();
                    for (int i = 0; i < arns.Count; i += DescribeBatch)
                        found.AddRange((await Describe(api, options.Cluster, arns.Skip(i).Take(DescribeBatch).ToList(), context).ConfigureAwait(false)).Instances.Where(c => c.Ec2InstanceId == host));
                    next = page.NextToken;
                } while (!string.IsNullOrEmpty(next));
                if (found.Count == 0) context.Error(NotFound(host, options.Cluster, api.Region));
                foreach (var ci in found) context.Output(ToModel(ci, options.Cluster, api.Region));
            }
            wanted = wanted?.Where(w => !IsHostId(w)).ToList();
            if (hostIds.Count > 0 && wanted is { Count: 0 }) return;
            if (wanted is { Count: > 0 })
            {
                for (int i = 0; i < wanted.Count; i += DescribeBatch)
                {
                    var batch = wanted.Skip(i).Take(DescribeBatch).ToList();
                    var found = await Describe(api, options.Cluster, batch, context).ConfigureAwait(false);
                    foreach (var id in batch)
                    {
                        var ci = found.Instances.FirstOrDefault(x => x.ContainerInstanceArn == id || Mapping.NameFromArn(x.ContainerInstanceArn) == FleetChecks.ContainerInstanceId(id) || x.Ec2InstanceId == id);
                        if (ci != null) context.Output(ToModel(ci, options.Cluster, api.Region));
                        else context.Error(NotFound(id, options.Cluster, api.Region));
                    }
                }
                return;
            }

            string? token = null;
            do
            {
                var page = await api.CallAsync(Ecs.EcsApi.ListContainerInstances, new Ecs.ListContainerInstancesRequest
                {
                    Cluster = options.Cluster,
                    Status = options.Status,
                    Filter = options.Filter,
                    MaxResults = 100,
                    NextToken = token,
                }, context.CancellationToken).ConfigureAwait(false);
                var arns = page.ContainerInstanceArns ?? new List<string>();
                for (int i = 0; i < arns.Count; i += DescribeBatch)
                {
                    var found = await Describe(api, options.Cluster, arns.Skip(i).Take(DescribeBatch).ToList(), context).ConfigureAwait(false);
                    foreach (var ci in found.Instances)
                        if (options.Status is null || ci.Status == options.Status)
                            context.Output(ToModel(ci, options.Cluster, api.Region));
                }
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));
        }

        private static bool IsHostId(string id) => System.Text.RegularExpressions.Regex.IsMatch(id, "^m?i-[0-9a-f]{8,17}$");

        private static async Task<(List<Ecs.ContainerInstance> Instances, List<Ecs.Failure> Failures)> Describe(IAwsApi api, string cluster, List<string> ids, OperationContext context)
        {
            if (ids.Count == 0) return (new List<Ecs.ContainerInstance>(), new List<Ecs.Failure>());
            var reply = await api.CallAsync(Ecs.EcsApi.DescribeContainerInstances, new Ecs.DescribeContainerInstancesRequest
            {
                Cluster = cluster,
                ContainerInstances = ids,
                Include = Include,
            }, context.CancellationToken).ConfigureAwait(false);
            return (reply.ContainerInstances ?? new List<Ecs.ContainerInstance>(), reply.Failures ?? new List<Ecs.Failure>());
        }

        // ------------------------------------------------------------------ state (drain / activate)

        public async Task SetStateAsync(EcsSession session, SetContainerInstanceStateOptions options, OperationContext context)
        {
            PreflightChecks.Reference(options.Cluster, "cluster", "InvalidClusterName");
            if (options.Status != "ACTIVE" && options.Status != "DRAINING")
                throw new EcsAdminException("InvalidContainerInstanceStatus", EcsErrorKind.InvalidArgument,
                    "A container instance can be set ACTIVE or DRAINING, not '" + options.Status + "'.", options.Status, "Give -Status DRAINING or ACTIVE.");
            foreach (var ci in options.ContainerInstances) FleetChecks.ContainerInstance(ci);
            var api = _api(session, context);
            var ids = options.ContainerInstances.Select(c => c.Trim()).Distinct().ToList();
            var changed = new List<Ecs.ContainerInstance>();
            for (int i = 0; i < ids.Count; i += StateBatch)
            {
                var batch = ids.Skip(i).Take(StateBatch).ToList();
                var reply = await api.CallAsync(Ecs.EcsApi.UpdateContainerInstancesState, new Ecs.UpdateContainerInstancesStateRequest
                {
                    Cluster = options.Cluster,
                    ContainerInstances = batch,
                    Status = options.Status,
                }, context.CancellationToken).ConfigureAwait(false);
                changed.AddRange(reply.ContainerInstances ?? new List<Ecs.ContainerInstance>());
                foreach (var f in reply.Failures ?? new List<Ecs.Failure>())
                    context.Error(new EcsAdminException(f.Reason == "MISSING" ? "ContainerInstanceNotFound" : "ContainerInstanceStateFailed",
                        f.Reason == "MISSING" ? EcsErrorKind.ObjectNotFound : EcsErrorKind.InvalidOperation,
                        "Container instance " + Mapping.NameFromArn(f.Arn) + " in cluster " + options.Cluster + " could not be set " + options.Status + ": " + f.Reason + (f.Detail is null ? "" : " (" + f.Detail + ")") + ".",
                        f.Arn, "List the cluster's instances with Get-EcsContainerInstance -Cluster " + options.Cluster + "."));
            }
            if (options.Wait is null || options.Status != "DRAINING" || changed.Count == 0)
            {
                foreach (var ci in changed) context.Output(ToModel(ci, options.Cluster, api.Region));
                return;
            }
            var final = await WaitDrainedAsync(api, options.Cluster, changed.Select(c => c.ContainerInstanceArn!).ToList(), options.Wait, context).ConfigureAwait(false);
            foreach (var ci in final) context.Output(ToModel(ci, options.Cluster, api.Region));
        }

        /// <summary>Polls until no task runs or is pending on the instances (or the timeout passes: a warning, then the instances as they are).</summary>
        private async Task<List<Ecs.ContainerInstance>> WaitDrainedAsync(IAwsApi api, string cluster, List<string> arns, WaitSettings settings, OperationContext context)
        {
            var ct = context.CancellationToken;
            var start = Clock();
            var interval = PollBackoff.First(settings);
            var activity = "Draining " + (arns.Count == 1 ? "container instance " + Mapping.NameFromArn(arns[0]) : arns.Count + " container instances") + " in " + cluster;
            int initial = -1;
            try
            {
                while (true)
                {
                    var found = await Describe(api, cluster, arns, context).ConfigureAwait(false);
                    var current = found.Instances;
                    int left = current.Sum(c => (c.RunningTasksCount ?? 0) + (c.PendingTasksCount ?? 0));
                    if (initial < 0) initial = left;
                    context.Progress(new ProgressInfo
                    {
                        ActivityId = DrainProgressActivityId,
                        Activity = activity,
                        Status = left + " task(s) left; " + string.Join(", ", current.Select(c => Mapping.NameFromArn(c.ContainerInstanceArn) + " " + c.Status + " " + (c.RunningTasksCount ?? 0) + " running")),
                        PercentComplete = initial <= 0 ? 100 : Math.Max(0, Math.Min(100, (initial - left) * 100 / initial)),
                    });
                    if (left == 0) return current;
                    var elapsed = Clock() - start;
                    if (elapsed >= settings.Timeout)
                    {
                        context.Warning("The container instance(s) still had " + left + " task(s) after " + settings.Timeout + "; returning them as they are. Standalone tasks (not in a service) are not stopped by draining: stop them with Stop-EcsTask.");
                        return current;
                    }
                    await Delay(PollBackoff.Sleep(settings.Timeout - elapsed, interval), ct).ConfigureAwait(false);
                    interval = PollBackoff.Next(interval, settings);
                }
            }
            finally
            {
                context.Progress(new ProgressInfo { ActivityId = DrainProgressActivityId, Activity = activity, Status = "Done", Completed = true });
            }
        }

        // ------------------------------------------------------------------ deregister, agent

        public async Task RemoveAsync(EcsSession session, string cluster, string containerInstance, bool force, OperationContext context)
        {
            PreflightChecks.Reference(cluster, "cluster", "InvalidClusterName");
            FleetChecks.ContainerInstance(containerInstance);
            var api = _api(session, context);
            if (!force)
            {
                // Refuse before deregistering an instance whose tasks would be orphaned (ECS also refuses; this names them).
                var found = await Describe(api, cluster, new List<string> { containerInstance }, context).ConfigureAwait(false);
                var ci = found.Instances.FirstOrDefault() ?? throw NotFound(containerInstance, cluster, api.Region);
                var tasks = (ci.RunningTasksCount ?? 0) + (ci.PendingTasksCount ?? 0);
                if (tasks > 0)
                    throw new EcsAdminException("ContainerInstanceHasTasks", EcsErrorKind.InvalidOperation,
                        "Container instance " + Mapping.NameFromArn(ci.ContainerInstanceArn) + " in cluster " + cluster + " still has " + tasks + " task(s).", containerInstance,
                        "Drain it first (Set-EcsContainerInstance -Status DRAINING -Wait), or give -Force to deregister it anyway (service tasks are replaced elsewhere; others keep running unmanaged).");
            }
            var reply = await api.CallAsync(Ecs.EcsApi.DeregisterContainerInstance, new Ecs.DeregisterContainerInstanceRequest
            {
                Cluster = cluster,
                ContainerInstance = containerInstance,
                Force = force ? true : (bool?)null,
            }, context.CancellationToken).ConfigureAwait(false);
            context.Output(ToModel(reply.ContainerInstance ?? new Ecs.ContainerInstance { ContainerInstanceArn = containerInstance, Status = "INACTIVE" }, cluster, api.Region));
        }

        public async Task UpdateAgentAsync(EcsSession session, string cluster, string containerInstance, OperationContext context)
        {
            PreflightChecks.Reference(cluster, "cluster", "InvalidClusterName");
            FleetChecks.ContainerInstance(containerInstance);
            var api = _api(session, context);
            var reply = await api.CallAsync(Ecs.EcsApi.UpdateContainerAgent, new Ecs.UpdateContainerAgentRequest
            {
                Cluster = cluster,
                ContainerInstance = containerInstance,
            }, context.CancellationToken).ConfigureAwait(false);
            context.Output(ToModel(reply.ContainerInstance ?? new Ecs.ContainerInstance { ContainerInstanceArn = containerInstance }, cluster, api.Region));
        }

        // ------------------------------------------------------------------ attributes

        public async Task GetAttributesAsync(EcsSession session, string cluster, string[]? names, string[]? containerInstances, OperationContext context)
        {
            PreflightChecks.Reference(cluster, "cluster", "InvalidClusterName");
            var api = _api(session, context);
            var patterns = (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => Glob.ToRegex(n.Trim())).ToList();
            var targets = new HashSet<string>((containerInstances ?? Array.Empty<string>()).Where(c => !string.IsNullOrWhiteSpace(c)).Select(FleetChecks.ContainerInstanceId), StringComparer.Ordinal);
            // Names are matched here (wildcards; and ListAttributes filters a name only together with a value).
            string? token = null;
            do
            {
                var page = await api.CallAsync(Ecs.EcsApi.ListAttributes, new Ecs.ListAttributesRequest
                {
                    Cluster = cluster,
                    TargetType = Ecs.TargetTypeValues.ContainerInstance,
                    MaxResults = 100,
                    NextToken = token,
                }, context.CancellationToken).ConfigureAwait(false);
                foreach (var a in page.Attributes ?? new List<Ecs.Attribute>())
                {
                    var name = a.Name ?? "";
                    if (patterns.Count > 0 && !patterns.Any(p => p.IsMatch(name))) continue;
                    var id = a.TargetId is null ? null : FleetChecks.ContainerInstanceId(a.TargetId);
                    if (targets.Count > 0 && (id is null || !targets.Contains(id))) continue;
                    context.Output(new EcsAttribute
                    {
                        Region = api.Region, Cluster = Mapping.NameFromArn(cluster), Name = name, Value = a.Value,
                        TargetType = a.TargetType ?? Ecs.TargetTypeValues.ContainerInstance, TargetId = a.TargetId, ContainerInstance = id,
                    });
                }
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));
        }

        /// <summary>PutAttributes takes at most 10 attributes per call.</summary>
        public const int AttributeBatch = 10;

        public Task PutAttributesAsync(EcsSession session, AttributeOptions options, OperationContext context)
            => ChangeAttributesAsync(session, options, put: true, context);

        public Task DeleteAttributesAsync(EcsSession session, AttributeOptions options, OperationContext context)
            => ChangeAttributesAsync(session, options, put: false, context);

        private async Task ChangeAttributesAsync(EcsSession session, AttributeOptions options, bool put, OperationContext context)
        {
            FleetChecks.Attributes(options, requireInstances: true);
            var api = _api(session, context);
            var all = options.ContainerInstances.Select(FleetChecks.ContainerInstanceId).Distinct()
                .SelectMany(ci => options.Attributes.Select(kv => new Ecs.Attribute
                {
                    Name = kv.Key,
                    Value = kv.Value,
                    TargetType = Ecs.TargetTypeValues.ContainerInstance,
                    TargetId = ci,
                })).ToList();
            if (!put && all.Any(a => a.Value is null))
            {
                // A removal without a value removes whatever value is there: read the current ones, and report the
                // attributes that are not there at all instead of sending a delete that changes nothing.
                var current = new List<Ecs.Attribute>();
                string? token = null;
                do
                {
                    var page = await api.CallAsync(Ecs.EcsApi.ListAttributes, new Ecs.ListAttributesRequest
                    {
                        Cluster = options.Cluster, TargetType = Ecs.TargetTypeValues.ContainerInstance, MaxResults = 100, NextToken = token,
                    }, context.CancellationToken).ConfigureAwait(false);
                    current.AddRange(page.Attributes ?? new List<Ecs.Attribute>());
                    token = page.NextToken;
                } while (!string.IsNullOrEmpty(token));
                var kept = new List<Ecs.Attribute>();
                foreach (var a in all)
                {
                    var have = current.FirstOrDefault(c => c.Name == a.Name && c.TargetId != null && FleetChecks.ContainerInstanceId(c.TargetId) == a.TargetId);
                    if (have is null)
                    {
                        context.Error(new EcsAdminException("AttributeNotFound", EcsErrorKind.ObjectNotFound,
                            "Container instance " + a.TargetId + " in cluster " + options.Cluster + " has no attribute '" + a.Name + "'.", a.TargetId,
                            "List its attributes with Get-EcsAttribute -Cluster " + options.Cluster + " -ContainerInstance " + a.TargetId + "."));
                        continue;
                    }
                    if (a.Value is null) a.Value = have.Value;
                    kept.Add(a);
                }
                all = kept;
            }
            for (int i = 0; i < all.Count; i += AttributeBatch)
            {
                var batch = all.Skip(i).Take(AttributeBatch).ToList();
                List<Ecs.Attribute>? done;
                try
                {
                    done = put
                        ? (await api.CallAsync(Ecs.EcsApi.PutAttributes, new Ecs.PutAttributesRequest { Cluster = options.Cluster, Attributes = batch }, context.CancellationToken).ConfigureAwait(false)).Attributes
                        : (await api.CallAsync(Ecs.EcsApi.DeleteAttributes, new Ecs.DeleteAttributesRequest { Cluster = options.Cluster, Attributes = batch }, context.CancellationToken).ConfigureAwait(false)).Attributes;
                }
                catch (EcsAdminException ex) when (ex.Kind == EcsErrorKind.ObjectNotFound || ex.Kind == EcsErrorKind.InvalidArgument)
                {
                    // One batch refused (an instance that is gone, say): report it and go on with the others.
                    context.Error(ex);
                    continue;
                }
                foreach (var a in done ?? batch)
                {
                    var id = a.TargetId is null ? null : FleetChecks.ContainerInstanceId(a.TargetId);
                    context.Output(new EcsAttribute
                    {
                        Region = api.Region, Cluster = Mapping.NameFromArn(options.Cluster), Name = a.Name ?? "", Value = a.Value,
                        TargetType = a.TargetType ?? Ecs.TargetTypeValues.ContainerInstance, TargetId = a.TargetId, ContainerInstance = id,
                    });
                }
            }
        }

        // ------------------------------------------------------------------ ECS Anywhere

        public async Task CreateActivationAsync(EcsSession session, AnywhereActivationOptions options, OperationContext context)
        {
            FleetChecks.Activation(options, DateTime.UtcNow);
            var api = _api(session, context);
            // The cluster must exist: registering into a missing cluster fails on every host, long after this call.
            await ClusterOperations.DescribeOne(api, options.Cluster, context).ConfigureAwait(false);
            var request = new Ssm.CreateActivationRequest
            {
                IamRole = options.IamRole,
                RegistrationLimit = options.RegistrationLimit,
                ExpirationDate = options.ExpirationDate?.ToUniversalTime(),
                Description = options.Description,
                DefaultInstanceName = options.DefaultInstanceName,
                Tags = options.Tags is { Count: > 0 } ? options.Tags.Select(kv => new Ssm.Tag { Key = kv.Key, Value = kv.Value }).ToList() : null,
            };
            var reply = await api.CallAsync(Ssm.SsmApi.CreateActivation, request, context.CancellationToken).ConfigureAwait(false);
            context.AddSecret(reply.ActivationCode);
            if (string.IsNullOrEmpty(reply.ActivationId) || string.IsNullOrEmpty(reply.ActivationCode))
                throw new EcsAdminException("ActivationIncomplete", EcsErrorKind.InvalidResult, "SSM CreateActivation returned no activation id or code.", options.Cluster,
                    "Retry; check the SSM endpoint.");
            var code = new System.Security.SecureString();
            foreach (var ch in reply.ActivationCode!) code.AppendChar(ch);
            code.MakeReadOnly();
            context.Output(new EcsAnywhereActivation
            {
                Region = api.Region,
                Cluster = Mapping.NameFromArn(options.Cluster),
                ActivationId = reply.ActivationId!,
                ActivationCode = code,
                IamRole = options.IamRole,
                RegistrationLimit = options.RegistrationLimit,
                ExpirationDate = options.ExpirationDate?.ToUniversalTime() ?? DateTime.UtcNow.AddHours(24),
                Description = options.Description,
            });
        }

        // ------------------------------------------------------------------ mapping

        internal static EcsContainerInstance ToModel(Ecs.ContainerInstance ci, string cluster, string region)
        {
            var attrs = new EcsMap<string?>();
            foreach (var a in ci.Attributes ?? new List<Ecs.Attribute>())
                if (a.Name != null) attrs[a.Name] = a.Value;
            int? Int(List<Ecs.Resource>? list, string name) => list?.FirstOrDefault(r => r.Name == name)?.IntegerValue;
            string[] Ports(List<Ecs.Resource>? list) => list?.FirstOrDefault(r => r.Name == "PORTS")?.StringSetValue?.ToArray() ?? Array.Empty<string>();
            var ec2Id = ci.Ec2InstanceId;
            return new EcsContainerInstance
            {
                Region = region,
                Cluster = Mapping.NameFromArn(cluster),
                ContainerInstanceArn = ci.ContainerInstanceArn ?? "",
                ContainerInstanceId = Mapping.NameFromArn(ci.ContainerInstanceArn),
                Ec2InstanceId = ec2Id,
                IsExternal = ec2Id != null && ec2Id.StartsWith("mi-", StringComparison.Ordinal),
                CapacityProvider = ci.CapacityProviderName,
                Status = ci.Status ?? "",
                StatusReason = ci.StatusReason,
                AgentConnected = ci.AgentConnected ?? false,
                AgentVersion = ci.VersionInfo?.AgentVersion,
                DockerVersion = ci.VersionInfo?.DockerVersion,
                AgentUpdateStatus = ci.AgentUpdateStatus,
                InstanceType = attrs.TryGetValue("ecs.instance-type", out var t) ? t : null,
                AvailabilityZone = attrs.TryGetValue("ecs.availability-zone", out var az) ? az : null,
                OsType = attrs.TryGetValue("ecs.os-type", out var os) ? os : null,
                RunningTasksCount = ci.RunningTasksCount ?? 0,
                PendingTasksCount = ci.PendingTasksCount ?? 0,
                RegisteredCpu = Int(ci.RegisteredResources, "CPU"),
                RegisteredMemory = Int(ci.RegisteredResources, "MEMORY"),
                RemainingCpu = Int(ci.RemainingResources, "CPU"),
                RemainingMemory = Int(ci.RemainingResources, "MEMORY"),
                RegisteredPorts = Ports(ci.RegisteredResources),
                RemainingPorts = Ports(ci.RemainingResources),
                Attributes = attrs,
                RegisteredAt = ci.RegisteredAt,
                Tags = Mapping.Tags(ci.Tags),
            };
        }

        internal static EcsAdminException NotFound(string id, string cluster, string region)
            => new EcsAdminException("ContainerInstanceNotFound", EcsErrorKind.ObjectNotFound,
                "Container instance '" + id + "' was not found in cluster " + cluster + " (" + region + ").", id,
                "List the cluster's instances with Get-EcsContainerInstance -Cluster " + cluster + ".");
    }
}
