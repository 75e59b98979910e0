using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Service deployments as objects: list/describe, revisions and their differences, stop/continue/reject, undo.</summary>
    internal sealed class DeploymentOperations : IDeploymentOperations
    {
        /// <summary>DescribeServiceDeployments and DescribeServiceRevisions take at most 20 ARNs per call.</summary>
        public const int DescribeBatch = 20;

        private readonly AwsApiFactory _api;
        public DeploymentOperations(AwsApiFactory api) => _api = api;

        /// <summary>Tests replace the watcher's waits (so polls are instant) and clock.</summary>
        internal Func<TimeSpan, CancellationToken, Task>? Delay { get; set; }
        internal Func<DateTime>? Clock { get; set; }

        // ------------------------------------------------------------------ get

        public async Task GetAsync(EcsSession session, GetServiceDeploymentOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var arns = new List<string>(options.ServiceDeploymentArns ?? Array.Empty<string>());
            if (arns.Count == 0)
            {
                var targets = new List<(string Cluster, string Service)>();
                var clusters = new List<string>();
                if (!string.IsNullOrWhiteSpace(options.Cluster)) clusters.Add(options.Cluster!);
                else
                {
                    string? token = null;
                    do
                    {
                        var page = await api.CallAsync(Ecs.EcsApi.ListClusters, new Ecs.ListClustersRequest { NextToken = token, MaxResults = 100 }, ct).ConfigureAwait(false);
                        clusters.AddRange(page.ClusterArns ?? new List<string>());
                        token = page.NextToken;
                    } while (!string.IsNullOrEmpty(token));
                }
                foreach (var cluster in clusters)
                {
                    if (options.Services is { Length: > 0 })
                    {
                        foreach (var s in options.Services) targets.Add((cluster, s));
                        continue;
                    }
                    string? token = null;
                    do
                    {
                        var page = await api.CallAsync(Ecs.EcsApi.ListServices, new Ecs.ListServicesRequest { Cluster = cluster, NextToken = token, MaxResults = 100 }, ct).ConfigureAwait(false);
                        foreach (var arn in page.ServiceArns ?? new List<string>()) targets.Add((cluster, arn));
                        token = page.NextToken;
                    } while (!string.IsNullOrEmpty(token));
                }
                foreach (var (cluster, service) in targets)
                {
                    var list = await ListAsync(api, cluster, service, options.InProgressOnly, options.First, ct).ConfigureAwait(false);
                    arns.AddRange(list.Select(b => b.ServiceDeploymentArn).Where(a => !string.IsNullOrEmpty(a)));
                }
            }
            foreach (var d in await DescribeManyAsync(api, arns, context).ConfigureAwait(false))
                if (!options.InProgressOnly || ServiceDeploymentRules.IsInFlight(d.Status))
                    context.Output(d);
        }

        internal static async Task<List<Ecs.ServiceDeploymentBrief>> ListAsync(IAwsApi api, string cluster, string service, bool inFlightOnly, int first, CancellationToken ct)
        {
            var found = new List<Ecs.ServiceDeploymentBrief>();
            string? token = null;
            do
            {
                var page = await api.CallAsync(Ecs.EcsApi.ListServiceDeployments, new Ecs.ListServiceDeploymentsRequest
                {
                    Cluster = cluster, Service = service, NextToken = token, MaxResults = Math.Min(100, Math.Max(1, first - found.Count)),
                    Status = inFlightOnly ? ServiceDeploymentRules.InFlightStatuses.ToList() : null,
                }, ct).ConfigureAwait(false);
                found.AddRange(page.ServiceDeployments ?? new List<Ecs.ServiceDeploymentBrief>());
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token) && found.Count < first);
            return found.Take(first).ToList();
        }

        private static async Task<List<EcsServiceDeployment>> DescribeManyAsync(IAwsApi api, List<string> arns, OperationContext context)
        {
            var result = new List<EcsServiceDeployment>();
            var distinct = arns.Distinct(StringComparer.Ordinal).ToList();
            for (int i = 0; i < distinct.Count; i += DescribeBatch)
            {
                var reply = await api.CallAsync(Ecs.EcsApi.DescribeServiceDeployments, new Ecs.DescribeServiceDeploymentsRequest
                {
                    ServiceDeploymentArns = distinct.Skip(i).Take(DescribeBatch).ToList(),
                }, context.CancellationToken).ConfigureAwait(false);
                result.AddRange((reply.ServiceDeployments ?? new List<Ecs.ServiceDeployment>()).Select(d => DeploymentMapping.Deployment(d, api.Region)));
                foreach (var f in reply.Failures ?? new List<Ecs.Failure>())
                    context.Error(new EcsAdminException("ServiceDeploymentNotFound", EcsErrorKind.ObjectNotFound,
                        "Service deployment " + f.Arn + " could not be read: " + f.Reason + (f.Detail is null ? "" : " (" + f.Detail + ")") + ".", f.Arn,
                        "Check the ARN and the region; list deployments with Get-EcsServiceDeployment -Service <name>."));
            }
            return result;
        }

        // ------------------------------------------------------------------ revisions

        public async Task GetRevisionAsync(EcsSession session, GetServiceRevisionOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var arns = new List<string>(options.ServiceRevisionArns ?? Array.Empty<string>());
            if (arns.Count == 0 && options.Service != null)
            {
                var svc = await ServiceOperations.DescribeOne(api, options.Cluster, options.Service, context).ConfigureAwait(false);
                arns.AddRange((svc.CurrentServiceRevisions ?? new List<Ecs.ServiceCurrentRevisionSummary>()).Select(r => r.Arn).Where(a => a != null));
                if (arns.Count == 0)
                    context.Verbose(options.Service + " reports no current service revisions (the endpoint may not implement them).");
            }
            foreach (var r in await RevisionsAsync(api, arns, context).ConfigureAwait(false)) context.Output(r);
        }

        private static async Task<List<EcsServiceRevision>> RevisionsAsync(IAwsApi api, List<string> arns, OperationContext context)
        {
            var result = new List<EcsServiceRevision>();
            var distinct = arns.Distinct(StringComparer.Ordinal).ToList();
            for (int i = 0; i < distinct.Count; i += DescribeBatch)
            {
                var reply = await api.CallAsync(Ecs.EcsApi.DescribeServiceRevisions, new Ecs.DescribeServiceRevisionsRequest
                {
                    ServiceRevisionArns = distinct.Skip(i).Take(DescribeBatch).ToList(),
                }, context.CancellationToken).ConfigureAwait(false);
                result.AddRange((reply.ServiceRevisions ?? new List<Ecs.ServiceRevision>()).Select(r => DeploymentMapping.Revision(r, api.Region)));
                foreach (var f in reply.Failures ?? new List<Ecs.Failure>())
                    context.Error(new EcsAdminException("ServiceRevisionNotFound", EcsErrorKind.ObjectNotFound,
                        "Service revision " + f.Arn + " could not be read: " + f.Reason + ".", f.Arn, "Check the ARN; Get-EcsServiceDeployment shows each deployment's revisions."));
            }
            return result;
        }

        public async Task CompareRevisionsAsync(EcsSession session, CompareServiceRevisionOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var revs = await RevisionsAsync(api, new List<string> { options.ReferenceArn, options.DifferenceArn }, context).ConfigureAwait(false);
            var a = revs.FirstOrDefault(r => r.ServiceRevisionArn == options.ReferenceArn);
            var b = revs.FirstOrDefault(r => r.ServiceRevisionArn == options.DifferenceArn) ?? (options.ReferenceArn == options.DifferenceArn ? a : null);
            if (a is null || b is null) return; // the failure was reported
            Ecs.TaskDefinition? ta = null, tb = null;
            if (options.IncludeTaskDefinition && a.TaskDefinition != b.TaskDefinition && a.TaskDefinition.Length > 0 && b.TaskDefinition.Length > 0)
            {
                ta = await TaskDefinitions.DescribeAsync(api, a.TaskDefinition, context).ConfigureAwait(false);
                tb = await TaskDefinitions.DescribeAsync(api, b.TaskDefinition, context).ConfigureAwait(false);
            }
            foreach (var d in RevisionDiff.Compare(a, b, ta, tb)) context.Output(d);
        }

        // ------------------------------------------------------------------ operator verbs

        public async Task ActAsync(EcsSession session, DeploymentActionOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var arn = options.ServiceDeploymentArn ?? await InFlightArnAsync(api, options.Cluster, options.Service!, context).ConfigureAwait(false);
            var d = await ServiceDeploymentWatcher.DescribeAsync(api, arn, ct).ConfigureAwait(false);
            if (!ServiceDeploymentRules.IsInFlight(d.Status))
                throw new EcsAdminException("DeploymentNotInProgress", EcsErrorKind.InvalidOperation,
                    "Deployment " + arn + " of " + d.Service + " is " + d.Status + "; only a deployment in progress can be stopped, approved or rejected.", d,
                    "Use Undo-EcsService to go back to the previous revision of a finished deployment.");
            EcsDeploymentOutcome? expected = null;
            switch (options.Action)
            {
                case DeploymentAction.StopRollback:
                case DeploymentAction.StopAbort:
                    var stopType = options.Action == DeploymentAction.StopAbort ? "ABORT" : "ROLLBACK";
                    context.Verbose("StopServiceDeployment " + arn + " (" + stopType + ")");
                    await api.CallAsync(Ecs.EcsApi.StopServiceDeployment, new Ecs.StopServiceDeploymentRequest { ServiceDeploymentArn = arn, StopType = stopType }, ct).ConfigureAwait(false);
                    expected = options.Action == DeploymentAction.StopAbort ? EcsDeploymentOutcome.Aborted : EcsDeploymentOutcome.RolledBack;
                    break;
                default:
                    var hookId = options.HookId ?? d.PausedHookId;
                    if (hookId is null)
                        throw new EcsAdminException("DeploymentNotPaused", EcsErrorKind.InvalidOperation,
                            "Deployment " + arn + " of " + d.Service + " is not paused (stage " + (d.LifecycleStage ?? "none") + ", hooks: "
                            + (d.LifecycleHooks.Length == 0 ? "none" : string.Join(", ", d.LifecycleHooks.Select(h => h.HookId + " " + h.TargetType + " " + h.Status))) + ").", d,
                            "Wait for the pause with Wait-EcsService -Until Paused, or stop the deployment with Stop-EcsServiceDeployment.");
                    var action = options.Action == DeploymentAction.Continue ? "CONTINUE" : "ROLLBACK";
                    context.Verbose("ContinueServiceDeployment " + arn + " hook " + hookId + " (" + action + ")");
                    await api.CallAsync(Ecs.EcsApi.ContinueServiceDeployment, new Ecs.ContinueServiceDeploymentRequest { ServiceDeploymentArn = arn, HookId = hookId, Action = action }, ct).ConfigureAwait(false);
                    expected = options.Action == DeploymentAction.Reject ? EcsDeploymentOutcome.RolledBack : (EcsDeploymentOutcome?)null;
                    break;
            }
            if (options.Wait != null)
                context.Output(await Watcher(api, expected).WatchAsync(arn, options.Wait, new WaitUntil(), context).ConfigureAwait(false));
            else
                context.Output(await ServiceDeploymentWatcher.DescribeAsync(api, arn, ct).ConfigureAwait(false));
        }

        /// <summary>The service's deployment in progress: the current one when in flight, else the newest in-flight listed.</summary>
        private static async Task<string> InFlightArnAsync(IAwsApi api, string cluster, string service, OperationContext context)
        {
            var svc = await ServiceOperations.DescribeOne(api, cluster, service, context).ConfigureAwait(false);
            var list = await ListAsync(api, cluster, service, true, 1, context.CancellationToken).ConfigureAwait(false);
            var arn = list.FirstOrDefault()?.ServiceDeploymentArn;
            if (arn is null)
                throw new EcsAdminException("NoDeploymentInProgress", EcsErrorKind.InvalidOperation,
                    "Service '" + service + "' (cluster " + cluster + ") has no deployment in progress" + (svc.CurrentServiceDeployment is null ? "." : "; its current deployment is " + svc.CurrentServiceDeployment + "."), service,
                    "Use Undo-EcsService to return to the previous revision, or Get-EcsServiceDeployment to list the deployments.");
            return arn;
        }

        // ------------------------------------------------------------------ undo

        public async Task UndoAsync(EcsSession session, UndoServiceOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var svc = await ServiceOperations.DescribeOne(api, options.Cluster, options.Service, context).ConfigureAwait(false);
            string? taskDefinition = null;
            if (options.TaskDefinition != null)
            {
                var td = await TaskDefinitions.DescribeAsync(api, options.TaskDefinition, context).ConfigureAwait(false);
                taskDefinition = td.TaskDefinitionArn;
            }
            else
            {
                List<Ecs.ServiceDeploymentBrief> history;
                try
                {
                    history = await ListAsync(api, options.Cluster, options.Service, false, 50, ct).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (LacksDeploymentsApi(ex))
                {
                    throw new EcsAdminException("UndoNeedsDeploymentHistory", EcsErrorKind.NotImplemented,
                        "The endpoint does not keep service deployments (" + ex.Message + "), so the previous good revision of " + options.Service + " is unknown.", options.Service,
                        "Name the revision to return to: Undo-EcsService -TaskDefinition family:revision.");
                }

                var inFlight = history.FirstOrDefault(h => ServiceDeploymentRules.IsInFlight(h.Status));
                if (inFlight != null && inFlight.Status != "ROLLBACK_REQUESTED" && inFlight.Status != "ROLLBACK_IN_PROGRESS")
                {
                    // A deployment in flight: ECS rolls it back itself, to the revisions it replaces.
                    context.Verbose("StopServiceDeployment " + inFlight.ServiceDeploymentArn + " (ROLLBACK): a deployment is in progress.");
                    await api.CallAsync(Ecs.EcsApi.StopServiceDeployment, new Ecs.StopServiceDeploymentRequest { ServiceDeploymentArn = inFlight.ServiceDeploymentArn, StopType = "ROLLBACK" }, ct).ConfigureAwait(false);
                    if (options.Wait != null)
                        context.Output(await Watcher(api, EcsDeploymentOutcome.RolledBack).WatchAsync(inFlight.ServiceDeploymentArn, options.Wait, new WaitUntil(), context).ConfigureAwait(false));
                    else
                        context.Output(await ServiceDeploymentWatcher.DescribeAsync(api, inFlight.ServiceDeploymentArn, ct).ConfigureAwait(false));
                    return;
                }
                if (inFlight != null)
                    throw new EcsAdminException("RollbackInProgress", EcsErrorKind.InvalidOperation,
                        "Deployment " + inFlight.ServiceDeploymentArn + " of " + options.Service + " is already rolling back.", inFlight.ServiceDeploymentArn,
                        "Follow it with Wait-EcsService -Cluster " + options.Cluster + " " + options.Service + ".");

                // Nothing in flight: the newest successful deployment is what runs; the previous good one is the
                // newest successful deployment before it with another revision.
                var good = history.Where(h => h.Status == "SUCCESSFUL" && h.TargetServiceRevisionArn != null).ToList();
                var current = good.FirstOrDefault()?.TargetServiceRevisionArn;
                var previous = good.Skip(1).FirstOrDefault(h => h.TargetServiceRevisionArn != current)?.TargetServiceRevisionArn;
                if (previous is null)
                    throw new EcsAdminException("NoPreviousRevision", EcsErrorKind.ObjectNotFound,
                        "Service '" + options.Service + "' has no earlier successful deployment to return to (" + good.Count + " successful deployment(s) listed).", options.Service,
                        "Name the revision to return to: Undo-EcsService -TaskDefinition family:revision.");
                var rev = (await RevisionsAsync(api, new List<string> { previous }, context).ConfigureAwait(false)).FirstOrDefault()
                          ?? throw new EcsAdminException("ServiceRevisionNotFound", EcsErrorKind.ObjectNotFound, "Service revision " + previous + " could not be read.", previous, "Name the revision with -TaskDefinition.");
                taskDefinition = rev.TaskDefinition;
                context.Verbose("Previous good revision of " + options.Service + ": " + previous + " (" + taskDefinition + ")");
            }

            if (taskDefinition == svc.TaskDefinition)
                context.Warning(options.Service + " already runs " + taskDefinition + "; a new deployment of it is started anyway.");
            var reply = await api.CallAsync(Ecs.EcsApi.UpdateService, new Ecs.UpdateServiceRequest
            {
                Cluster = options.Cluster, Service = options.Service, TaskDefinition = taskDefinition, ForceNewDeployment = true,
            }, ct).ConfigureAwait(false);
            var updated = reply.Service ?? svc;
            if (options.Wait is null)
            {
                context.Output(ServiceMapping.Service(updated, api.Region));
            }
            else
            {
                var primary = updated.Deployments?.FirstOrDefault(x => x.Status == DeploymentRules.Primary && x.Id != null);
                context.Output(await FollowAsync(api, options.Cluster, options.Service, updated, options.Wait, new WaitUntil(),
                    primary is null ? null : new DeploymentFacts { DeploymentId = primary.Id, TaskDefinition = primary.TaskDefinition ?? taskDefinition, PreviousTaskDefinition = svc.TaskDefinition },
                    Delay, Clock, context).ConfigureAwait(false));
            }
        }

        private ServiceDeploymentWatcher Watcher(IAwsApi api, EcsDeploymentOutcome? expected)
        {
            var w = new ServiceDeploymentWatcher(api) { Expected = expected };
            if (Delay != null) w.Delay = Delay;
            if (Clock != null) w.Clock = Clock;
            return w;
        }

        // ------------------------------------------------------------------ following, shared with the service operations

        /// <summary>
        /// The endpoint does not implement the deployments API: an unknown-operation reply, or (moto) a bare HTTP 500
        /// page with no AWS error body for an operation it has no handler for.
        /// </summary>
        internal static bool LacksDeploymentsApi(EcsAdminException ex)
            => AwsErrorMap.IsUnknownOperation(ex)
               || (ex.AwsErrorCode == "InternalServerError" && ex.Message.Contains("failed: InternalServerError (InternalServerError, HTTP 500)"));

        /// <summary>
        /// Follows the service's current deployment through the deployments API; where the endpoint lacks it (moto,
        /// old regions) falls back to following <paramref name="facts"/> through DescribeServices, and says so in -Verbose.
        /// </summary>
        internal static async Task<EcsDeploymentResult> FollowAsync(IAwsApi api, string cluster, string service, Ecs.Service svc, WaitSettings wait, WaitUntil until,
            DeploymentFacts? facts, Func<TimeSpan, CancellationToken, Task>? delay, Func<DateTime>? clock, OperationContext context)
        {
            // DescribeServices names the current service deployment wherever the deployments API exists; an endpoint
            // that names none (moto, older APIs) is followed the old way.
            string? arn = svc.CurrentServiceDeployment;
            string why = "DescribeServices names no current service deployment (the endpoint does not implement the ECS deployments API)";
            if (arn != null)
            {
                try
                {
                    var w = new ServiceDeploymentWatcher(api);
                    if (delay != null) w.Delay = delay;
                    if (clock != null) w.Clock = clock;
                    var followed = await w.WatchAsync(arn, wait, until, context).ConfigureAwait(false);
                    followed.ServiceDetail ??= ServiceMapping.Service(svc, api.Region);
                    return followed;
                }
                catch (EcsAdminException ex) when (LacksDeploymentsApi(ex))
                {
                    why = "the endpoint does not implement DescribeServiceDeployments (" + ex.Message + ")";
                }
            }
            if (until.Target == "Paused" || until.IsStage)
                throw new EcsAdminException("UntilNeedsDeploymentsApi", EcsErrorKind.NotImplemented,
                    "Waiting until " + until.Target + " needs the ECS deployments API, but " + why + ".", until.Target,
                    "Use -Until Deployed or Stable against this endpoint.");
            if (facts is null)
                throw new EcsAdminException("NoPrimaryDeployment", EcsErrorKind.InvalidResult, "Service '" + service + "' reported no deployment to follow.", service, "Check the service with Get-EcsService.");
            context.Verbose("Following deployment " + facts.DeploymentId + " of " + service + " through DescribeServices: " + why + ".");
            var old = new DeploymentWatcher(api, cluster, service);
            if (delay != null) old.Delay = delay;
            if (clock != null) old.Clock = clock;
            return await old.WatchAsync(facts, wait, context).ConfigureAwait(false);
        }
    }

    /// <summary>Property-level differences between two service revisions (and their task definitions).</summary>
    internal static class RevisionDiff
    {
        private static readonly Regex SecretLike = new Regex("PASS|SECRET|TOKEN|KEY|CREDENTIAL", RegexOptions.IgnoreCase | RegexOptions.Compiled);

        public static List<EcsRevisionDifference> Compare(EcsServiceRevision a, EcsServiceRevision b, Ecs.TaskDefinition? ta, Ecs.TaskDefinition? tb)
        {
            var diffs = new List<EcsRevisionDifference>();
            void Add(string category, string property, string? x, string? y)
            {
                if (string.Equals(x ?? "", y ?? "", StringComparison.Ordinal)) return;
                diffs.Add(new EcsRevisionDifference { Category = category, Property = property, Reference = x, Difference = y, ReferenceRevision = a.ServiceRevisionArn, DifferenceRevision = b.ServiceRevisionArn });
            }
            Add("TaskDefinition", "taskDefinition", a.TaskDefinition, b.TaskDefinition);
            foreach (var name in a.ContainerImages.Select(i => i.ContainerName).Union(b.ContainerImages.Select(i => i.ContainerName)))
            {
                var x = a.ContainerImages.FirstOrDefault(i => i.ContainerName == name);
                var y = b.ContainerImages.FirstOrDefault(i => i.ContainerName == name);
                Add("Image", name + ".image", x?.Image, y?.Image);
                Add("Image", name + ".imageDigest", x?.ImageDigest, y?.ImageDigest);
            }
            Add("Platform", "launchType", a.LaunchType, b.LaunchType);
            Add("Platform", "platformVersion", a.PlatformVersion, b.PlatformVersion);
            Add("Capacity", "capacityProviderStrategy", Join(a.CapacityProviderStrategy.Select(s => s.ToString())), Join(b.CapacityProviderStrategy.Select(s => s.ToString())));
            Add("LoadBalancer", "loadBalancers", Join(a.LoadBalancers.Select(l => l.ToString())), Join(b.LoadBalancers.Select(l => l.ToString())));
            Add("Network", "subnets", Join(a.NetworkConfiguration?.Subnets), Join(b.NetworkConfiguration?.Subnets));
            Add("Network", "securityGroups", Join(a.NetworkConfiguration?.SecurityGroups), Join(b.NetworkConfiguration?.SecurityGroups));
            Add("Network", "assignPublicIp", a.NetworkConfiguration?.AssignPublicIp.ToString(), b.NetworkConfiguration?.AssignPublicIp.ToString());
            Add("Volume", "volumeConfigurations", Join(a.Volumes), Join(b.Volumes));
            if (ta != null && tb != null)
            {
                Add("Size", "cpu", ta.Cpu, tb.Cpu);
                Add("Size", "memory", ta.Memory, tb.Memory);
                Add("Size", "ephemeralStorage", ta.EphemeralStorage?.SizeInGiB?.ToString(), tb.EphemeralStorage?.SizeInGiB?.ToString());
                Add("Volume", "volumes", Join(ta.Volumes?.Select(v => v.Name)), Join(tb.Volumes?.Select(v => v.Name)));
                var ca = ta.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>();
                var cb = tb.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>();
                foreach (var name in ca.Select(c => c.Name).Union(cb.Select(c => c.Name)))
                {
                    var x = ca.FirstOrDefault(c => c.Name == name);
                    var y = cb.FirstOrDefault(c => c.Name == name);
                    Add("Size", name + ".cpu", x?.Cpu?.ToString(), y?.Cpu?.ToString());
                    Add("Size", name + ".memory", x?.Memory?.ToString(), y?.Memory?.ToString());
                    var ex = (x?.Environment ?? new List<Ecs.KeyValuePair>()).Where(e => e.Name != null).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last().Value);
                    var ey = (y?.Environment ?? new List<Ecs.KeyValuePair>()).Where(e => e.Name != null).GroupBy(e => e.Name).ToDictionary(g => g.Key, g => g.Last().Value);
                    foreach (var key in ex.Keys.Union(ey.Keys).OrderBy(k => k, StringComparer.Ordinal))
                    {
                        ex.TryGetValue(key, out var vx);
                        ey.TryGetValue(key, out var vy);
                        if (vx == vy) continue;
                        // Values of secret-looking variables never leave: only that they changed.
                        if (SecretLike.IsMatch(key))
                            Add("Environment", name + ".environment." + key, vx is null ? null : "(set)", vy is null ? null : vx is null ? "(set)" : "(changed)");
                        else
                            Add("Environment", name + ".environment." + key, vx, vy);
                    }
                    Add("Environment", name + ".secrets", Join(x?.Secrets?.Select(s => s.Name + "=" + s.ValueFrom)), Join(y?.Secrets?.Select(s => s.Name + "=" + s.ValueFrom)));
                }
            }
            return diffs;
        }

        private static string Join(IEnumerable<string?>? values) => values is null ? "" : string.Join(", ", values.Where(v => v != null).OrderBy(v => v, StringComparer.Ordinal));
    }
}
