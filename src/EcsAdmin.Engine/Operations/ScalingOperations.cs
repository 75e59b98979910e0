using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Engine.Aws.Generated.AutoScaling;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Application Auto Scaling of ECS services: plan/apply for Set-EcsScaling, Get, Remove, Suspend/Resume.</summary>
    internal sealed class ScalingOperations : IScalingOperations
    {
        /// <summary>DescribeScalableTargets takes at most 50 resource ids per call.</summary>
        public const int TargetBatch = 50;
        /// <summary>How many recent scaling activities a configuration carries.</summary>
        public const int ActivityCount = 10;

        private readonly AwsApiFactory _api;
        public ScalingOperations(AwsApiFactory api) => _api = api;

        // ------------------------------------------------------------------ Set-EcsScaling

        public async Task<ScalingPlan> PlanSetAsync(EcsSession session, SetScalingOptions options, OperationContext context)
        {
            ScalingChecks.Validate(options);
            var api = _api(session, context);
            var cluster = ScalingChecks.NameOf(options.Cluster);
            var service = ScalingChecks.NameOf(options.Service);
            var rid = ScalingChecks.ResourceId(cluster, service);

            await EnsureServiceExists(api, options.Cluster.Trim(), options.Service.Trim(), context).ConfigureAwait(false);
            var target = await DescribeTarget(api, rid, context).ConfigureAwait(false);
            var policies = await DescribePolicies(api, rid, context).ConfigureAwait(false);
            var actions = await DescribeActions(api, rid, context).ConfigureAwait(false);

            var steps = ScalingPlanner.Plan(options, api.Region, target, policies, actions);
            context.Verbose(steps.Count == 0
                ? rid + ": scaling already matches; nothing to change."
                : rid + ": " + steps.Count + " change(s) planned.");
            return new ScalingPlan
            {
                Region = api.Region,
                Cluster = cluster,
                Service = service,
                ResourceId = rid,
                Changes = steps.Select(s => s.Change).ToList(),
                EngineState = steps,
            };
        }

        public async Task ApplyAsync(EcsSession session, ScalingPlan plan, IReadOnlyCollection<EcsScalingChange> approved, bool outputChanges, OperationContext context)
        {
            var api = _api(session, context);
            var steps = plan.EngineState as List<PlannedStep> ?? throw new InvalidOperationException("The scaling plan was not made by this engine.");
            var applied = new List<EcsScalingChange>();
            foreach (var step in steps)
            {
                if (!approved.Contains(step.Change)) continue;
                context.CancellationToken.ThrowIfCancellationRequested();
                try
                {
                    await Send(api, step.Request, context).ConfigureAwait(false);
                }
                catch (EcsAdminException ex)
                {
                    // Later steps depend on earlier ones (policies need the target): stop this service here.
                    context.Error(new EcsAdminException(ex.ErrorId, ex.Kind,
                        step.Change.Action + " " + step.Change.Target + " failed for " + plan.ResourceId + ": " + ex.Message
                        + (applied.Count > 0 ? " Applied before the failure: " + string.Join("; ", applied.Select(a => a.Action + " " + a.Target)) + "." : ""),
                        plan.ResourceId, ex.RecommendedAction, ex, ex.AwsErrorCode));
                    return;
                }
                step.Change.Applied = true;
                applied.Add(step.Change);
                context.Verbose(step.Change.ToString());
            }

            if (outputChanges)
            {
                foreach (var change in plan.Changes) context.Output(change);
                return;
            }
            var config = await ReadConfiguration(api, plan.Cluster, plan.Service, context).ConfigureAwait(false);
            config.Changes = applied.ToArray();
            context.Output(config);
        }

        private static async Task Send(IAwsApi api, object request, OperationContext context)
        {
            var token = context.CancellationToken;
            switch (request)
            {
                case RegisterScalableTargetRequest r: await api.CallAsync(AutoScalingApi.RegisterScalableTarget, r, token).ConfigureAwait(false); break;
                case PutScalingPolicyRequest r: await api.CallAsync(AutoScalingApi.PutScalingPolicy, r, token).ConfigureAwait(false); break;
                case DeleteScalingPolicyRequest r: await api.CallAsync(AutoScalingApi.DeleteScalingPolicy, r, token).ConfigureAwait(false); break;
                case PutScheduledActionRequest r: await api.CallAsync(AutoScalingApi.PutScheduledAction, r, token).ConfigureAwait(false); break;
                case DeleteScheduledActionRequest r: await api.CallAsync(AutoScalingApi.DeleteScheduledAction, r, token).ConfigureAwait(false); break;
                default: throw new InvalidOperationException("Unknown scaling request " + request.GetType().Name);
            }
        }

        // ------------------------------------------------------------------ Get-EcsScaling

        public async Task GetAsync(EcsSession session, string cluster, string[]? services, OperationContext context)
        {
            ScalingChecks.ServiceRef(cluster, "-");
            var api = _api(session, context);
            var clusterName = ScalingChecks.NameOf(cluster);
            var names = (services ?? Array.Empty<string>()).Where(s => !string.IsNullOrWhiteSpace(s)).Select(ScalingChecks.NameOf).Distinct(StringComparer.Ordinal).ToList();

            if (names.Count == 0)
            {
                var prefix = "service/" + clusterName + "/";
                // One page of scalable targets at a time; each target's details (three reads) for the page concurrently, in order.
                await Paging.EachPageAsync(token => api.CallAsync(AutoScalingApi.DescribeScalableTargets, new DescribeScalableTargetsRequest
                    {
                        ServiceNamespace = ScalingChecks.Namespace,
                        ScalableDimension = ScalingChecks.Dimension,
                        NextToken = token,
                    }, context.CancellationToken),
                    page => page.NextToken,
                    async page =>
                    {
                        var mine = (page.ScalableTargets ?? new List<ScalableTarget>())
                            .Where(t => t.ResourceId != null && t.ResourceId.StartsWith(prefix, StringComparison.Ordinal) && t.ResourceId.Length > prefix.Length)
                            .OrderBy(t => t.ResourceId, StringComparer.Ordinal).ToList();
                        await Batches.InOrderAsync(mine, t => Details(api, clusterName, t.ResourceId.Substring(prefix.Length), t, context),
                            (_, config) => context.Output(config), context.CancellationToken).ConfigureAwait(false);
                        return true;
                    }, context.CancellationToken).ConfigureAwait(false);
                return;
            }

            for (int i = 0; i < names.Count; i += TargetBatch)
            {
                var batch = names.Skip(i).Take(TargetBatch).ToList();
                var found = await DescribeTargets(api, batch.Select(s => ScalingChecks.ResourceId(clusterName, s)).ToList(), context).ConfigureAwait(false);
                await Batches.InOrderAsync(batch, async service =>
                    {
                        var t = found.FirstOrDefault(x => x.ResourceId == ScalingChecks.ResourceId(clusterName, service));
                        return t is null ? null : await Details(api, clusterName, service, t, context).ConfigureAwait(false);
                    },
                    (service, config) =>
                    {
                        if (config is null) context.Error(NotConfigured(clusterName, service, api.Region));
                        else context.Output(config);
                    }, context.CancellationToken).ConfigureAwait(false);
            }
        }

        // ------------------------------------------------------------------ Remove-EcsScaling

        public async Task RemoveAsync(EcsSession session, string cluster, string service, OperationContext context)
        {
            ScalingChecks.ServiceRef(cluster, service);
            var api = _api(session, context);
            var c = ScalingChecks.NameOf(cluster);
            var s = ScalingChecks.NameOf(service);
            var rid = ScalingChecks.ResourceId(c, s);
            var target = await DescribeTarget(api, rid, context).ConfigureAwait(false);
            if (target is null)
            {
                context.Error(NotConfigured(c, s, api.Region));
                return;
            }
            var before = await Details(api, c, s, target, context).ConfigureAwait(false);
            await api.CallAsync(AutoScalingApi.DeregisterScalableTarget, new DeregisterScalableTargetRequest
            {
                ServiceNamespace = ScalingChecks.Namespace,
                ResourceId = rid,
                ScalableDimension = ScalingChecks.Dimension,
            }, context.CancellationToken).ConfigureAwait(false);
            before.Registered = false;
            before.Changes = new[]
            {
                new EcsScalingChange
                {
                    Region = api.Region, Cluster = c, Service = s, ResourceId = rid, Action = "DeregisterScalableTarget", Target = rid, Applied = true,
                    Detail = "deregister: min " + before.MinCapacity + ", max " + before.MaxCapacity + ", " + before.Policies.Length + " policy(ies), " + before.ScheduledActions.Length + " scheduled action(s)",
                },
            };
            context.Output(before);
        }

        // ------------------------------------------------------------------ Suspend/Resume-EcsScaling

        public async Task SetSuspendedAsync(EcsSession session, SuspendScalingOptions options, OperationContext context)
        {
            ScalingChecks.ServiceRef(options.Cluster, options.Service);
            var api = _api(session, context);
            var c = ScalingChecks.NameOf(options.Cluster);
            var s = ScalingChecks.NameOf(options.Service);
            var rid = ScalingChecks.ResourceId(c, s);
            var target = await DescribeTarget(api, rid, context).ConfigureAwait(false);
            if (target is null)
            {
                context.Error(NotConfigured(c, s, api.Region));
                return;
            }
            bool all = !options.DynamicIn && !options.DynamicOut && !options.Scheduled;
            var now = target.SuspendedState ?? new SuspendedState();
            bool curIn = now.DynamicScalingInSuspended ?? false, curOut = now.DynamicScalingOutSuspended ?? false, curSch = now.ScheduledScalingSuspended ?? false;
            bool wantIn = all || options.DynamicIn ? options.Suspend : curIn;
            bool wantOut = all || options.DynamicOut ? options.Suspend : curOut;
            bool wantSch = all || options.Scheduled ? options.Suspend : curSch;
            var changes = new List<EcsScalingChange>();
            if (wantIn != curIn || wantOut != curOut || wantSch != curSch)
            {
                await api.CallAsync(AutoScalingApi.RegisterScalableTarget, new RegisterScalableTargetRequest
                {
                    ServiceNamespace = ScalingChecks.Namespace,
                    ResourceId = rid,
                    ScalableDimension = ScalingChecks.Dimension,
                    SuspendedState = new SuspendedState { DynamicScalingInSuspended = wantIn, DynamicScalingOutSuspended = wantOut, ScheduledScalingSuspended = wantSch },
                }, context.CancellationToken).ConfigureAwait(false);
                string Flag(bool b) => b ? "suspended" : "active";
                var parts = new List<string>();
                if (wantIn != curIn) parts.Add("dynamic scale-in " + Flag(curIn) + " → " + Flag(wantIn));
                if (wantOut != curOut) parts.Add("dynamic scale-out " + Flag(curOut) + " → " + Flag(wantOut));
                if (wantSch != curSch) parts.Add("scheduled scaling " + Flag(curSch) + " → " + Flag(wantSch));
                changes.Add(new EcsScalingChange
                {
                    Region = api.Region, Cluster = c, Service = s, ResourceId = rid, Action = "RegisterScalableTarget", Target = rid, Applied = true,
                    Detail = string.Join(", ", parts),
                });
                target = await DescribeTarget(api, rid, context).ConfigureAwait(false) ?? target;
            }
            else
            {
                context.Verbose(rid + ": already " + (options.Suspend ? "suspended" : "resumed") + "; nothing to change.");
            }
            var config = await Details(api, c, s, target, context).ConfigureAwait(false);
            config.Changes = changes.ToArray();
            context.Output(config);
        }

        // ------------------------------------------------------------------ reads

        private static async Task EnsureServiceExists(IAwsApi api, string cluster, string service, OperationContext context)
        {
            Ecs.DescribeServicesResponse reply;
            try
            {
                reply = await api.CallAsync(Ecs.EcsApi.DescribeServices, new Ecs.DescribeServicesRequest
                {
                    Cluster = cluster,
                    Services = new List<string> { service },
                }, context.CancellationToken).ConfigureAwait(false);
            }
            catch (EcsAdminException ex) when (ex.AwsErrorCode == "ClusterNotFoundException")
            {
                throw new EcsAdminException("ClusterNotFound", EcsErrorKind.ObjectNotFound,
                    "Cluster '" + cluster + "' was not found in " + api.Region + ".", cluster,
                    "List the clusters with Get-EcsCluster -Region " + api.Region + ", or check -Region.", ex, ex.AwsErrorCode);
            }
            var svc = reply.Services?.FirstOrDefault(x => x.Status != "INACTIVE");
            if (svc is null)
                throw new EcsAdminException("ServiceNotFound", EcsErrorKind.ObjectNotFound,
                    "Service '" + service + "' was not found in cluster '" + cluster + "' (" + api.Region + ")"
                    + (reply.Failures?.FirstOrDefault()?.Reason is string reason ? ": " + reason : "") + ". No scaling request was sent.",
                    ScalingChecks.ResourceId(ScalingChecks.NameOf(cluster), ScalingChecks.NameOf(service)),
                    "Check -Cluster, -Service and -Region; list the services with Get-EcsService -Cluster " + cluster + ".");
        }

        private static async Task<ScalableTarget?> DescribeTarget(IAwsApi api, string rid, OperationContext context)
            => (await DescribeTargets(api, new List<string> { rid }, context).ConfigureAwait(false)).FirstOrDefault(t => t.ResourceId == rid);

        private static Task<List<ScalableTarget>> DescribeTargets(IAwsApi api, List<string> rids, OperationContext context)
            => Paging.AllAsync(token => api.CallAsync(AutoScalingApi.DescribeScalableTargets, new DescribeScalableTargetsRequest
                {
                    ServiceNamespace = ScalingChecks.Namespace,
                    ResourceIds = rids,
                    ScalableDimension = ScalingChecks.Dimension,
                    NextToken = token,
                }, context.CancellationToken), page => page.ScalableTargets, page => page.NextToken, context.CancellationToken);

        private static async Task<List<ScalingPolicy>> DescribePolicies(IAwsApi api, string rid, OperationContext context)
            => (await Paging.AllAsync(token => api.CallAsync(AutoScalingApi.DescribeScalingPolicies, new DescribeScalingPoliciesRequest
                {
                    ServiceNamespace = ScalingChecks.Namespace,
                    ResourceId = rid,
                    ScalableDimension = ScalingChecks.Dimension,
                    NextToken = token,
                }, context.CancellationToken), page => page.ScalingPolicies, page => page.NextToken, context.CancellationToken).ConfigureAwait(false))
               .Where(p => p.ResourceId == rid).ToList();

        private static async Task<List<ScheduledAction>> DescribeActions(IAwsApi api, string rid, OperationContext context)
            => (await Paging.AllAsync(token => api.CallAsync(AutoScalingApi.DescribeScheduledActions, new DescribeScheduledActionsRequest
                {
                    ServiceNamespace = ScalingChecks.Namespace,
                    ResourceId = rid,
                    ScalableDimension = ScalingChecks.Dimension,
                    NextToken = token,
                }, context.CancellationToken), page => page.ScheduledActions, page => page.NextToken, context.CancellationToken).ConfigureAwait(false))
               .Where(a => a.ResourceId == rid).ToList();

        private static async Task<List<ScalingActivity>> DescribeActivities(IAwsApi api, string rid, OperationContext context)
        {
            try
            {
                var page = await api.CallAsync(AutoScalingApi.DescribeScalingActivities, new DescribeScalingActivitiesRequest
                {
                    ServiceNamespace = ScalingChecks.Namespace,
                    ResourceId = rid,
                    ScalableDimension = ScalingChecks.Dimension,
                    MaxResults = ActivityCount,
                }, context.CancellationToken).ConfigureAwait(false);
                return page.ScalingActivities ?? new List<ScalingActivity>();
            }
            catch (EcsAdminException ex) when (AwsErrorMap.IsUnknownOperation(ex))
            {
                context.Verbose("The endpoint does not support DescribeScalingActivities; RecentActivities is empty for " + rid + ".");
                return new List<ScalingActivity>();
            }
            catch (EcsAdminException ex) when (ex.Kind == EcsErrorKind.ResourceUnavailable)
            {
                // Activities are history, not configuration: a server error there (emulators that lack the
                // operation answer 500) must not hide the scaling itself.
                context.Verbose("DescribeScalingActivities failed (" + ex.Message + "); RecentActivities is empty for " + rid + ".");
                return new List<ScalingActivity>();
            }
            catch (EcsAdminException ex) when (ex.Kind == EcsErrorKind.PermissionDenied)
            {
                context.Warning("Not allowed to read the scaling activities of " + rid + " (application-autoscaling:DescribeScalingActivities); RecentActivities is empty.");
                return new List<ScalingActivity>();
            }
        }

        private async Task<EcsScalingConfiguration> ReadConfiguration(IAwsApi api, string cluster, string service, OperationContext context)
        {
            var rid = ScalingChecks.ResourceId(cluster, service);
            var target = await DescribeTarget(api, rid, context).ConfigureAwait(false);
            if (target is null)
                return new EcsScalingConfiguration { Region = api.Region, Cluster = cluster, Service = service, ResourceId = rid, Registered = false };
            return await Details(api, cluster, service, target, context).ConfigureAwait(false);
        }

        private static async Task<EcsScalingConfiguration> Details(IAwsApi api, string cluster, string service, ScalableTarget target, OperationContext context)
        {
            var rid = ScalingChecks.ResourceId(cluster, service);
            // Three independent reads: one round trip, not three.
            var policies = DescribePolicies(api, rid, context);
            var actions = DescribeActions(api, rid, context);
            var activities = DescribeActivities(api, rid, context);
            await Task.WhenAll(policies, actions, activities).ConfigureAwait(false);
            return ToConfiguration(api.Region, cluster, service, target, policies.Result, actions.Result, activities.Result);
        }

        internal static EcsScalingConfiguration ToConfiguration(string region, string cluster, string service, ScalableTarget target,
            IEnumerable<ScalingPolicy> policies, IEnumerable<ScheduledAction> actions, IEnumerable<ScalingActivity> activities)
            => new EcsScalingConfiguration
            {
                Region = region,
                Cluster = cluster,
                Service = service,
                ResourceId = ScalingChecks.ResourceId(cluster, service),
                Registered = true,
                ScalableTargetArn = target.ScalableTargetARN,
                MinCapacity = target.MinCapacity ?? 0,
                MaxCapacity = target.MaxCapacity ?? 0,
                DynamicScalingInSuspended = target.SuspendedState?.DynamicScalingInSuspended ?? false,
                DynamicScalingOutSuspended = target.SuspendedState?.DynamicScalingOutSuspended ?? false,
                ScheduledScalingSuspended = target.SuspendedState?.ScheduledScalingSuspended ?? false,
                Policies = policies.OrderBy(p => p.PolicyName, StringComparer.Ordinal).Select(p => new EcsScalingPolicy
                {
                    Name = p.PolicyName ?? "",
                    Type = p.PolicyType ?? "",
                    Metric = ScalingPlanner.MetricOf(p.TargetTrackingScalingPolicyConfiguration),
                    ResourceLabel = p.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.ResourceLabel,
                    TargetValue = p.TargetTrackingScalingPolicyConfiguration?.TargetValue,
                    ScaleOutCooldown = p.TargetTrackingScalingPolicyConfiguration?.ScaleOutCooldown ?? p.StepScalingPolicyConfiguration?.Cooldown,
                    ScaleInCooldown = p.TargetTrackingScalingPolicyConfiguration?.ScaleInCooldown,
                    DisableScaleIn = p.TargetTrackingScalingPolicyConfiguration?.DisableScaleIn ?? false,
                    Alarms = p.Alarms?.Select(a => a.AlarmName).Where(n => n != null).ToArray() ?? Array.Empty<string>(),
                    Managed = ScalingChecks.IsManaged(p.PolicyName),
                    PolicyArn = p.PolicyARN,
                }).ToArray(),
                ScheduledActions = actions.OrderBy(a => a.ScheduledActionName, StringComparer.Ordinal).Select(a => new EcsScheduledAction
                {
                    Name = a.ScheduledActionName ?? "",
                    Schedule = a.Schedule ?? "",
                    Timezone = a.Timezone,
                    MinCapacity = a.ScalableTargetAction?.MinCapacity,
                    MaxCapacity = a.ScalableTargetAction?.MaxCapacity,
                    Managed = ScalingChecks.IsManaged(a.ScheduledActionName),
                }).ToArray(),
                RecentActivities = activities.OrderByDescending(a => a.StartTime ?? DateTime.MinValue).Take(ActivityCount).Select(a => new EcsScalingActivity
                {
                    StartTime = a.StartTime,
                    EndTime = a.EndTime,
                    StatusCode = a.StatusCode ?? "",
                    StatusMessage = a.StatusMessage,
                    Description = a.Description ?? "",
                    Cause = a.Cause ?? "",
                }).ToArray(),
            };

        internal static EcsAdminException NotConfigured(string cluster, string service, string region)
            => new EcsAdminException("ScalingNotConfigured", EcsErrorKind.ObjectNotFound,
                "Service '" + service + "' in cluster '" + cluster + "' (" + region + ") has no auto scaling (no scalable target " + ScalingChecks.ResourceId(cluster, service) + ").",
                ScalingChecks.ResourceId(cluster, service),
                "Set it up with Set-EcsScaling -Cluster " + cluster + " -Service " + service + " -MinCapacity 1 -MaxCapacity 10 -TargetCpuPercent 70.");
    }
}
