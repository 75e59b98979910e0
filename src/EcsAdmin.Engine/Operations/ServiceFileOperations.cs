using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Services as files: export, compare, deploy and the readiness preflight (partial: ServiceFileOperations.Readiness.cs).</summary>
    internal sealed partial class ServiceFileOperations : IServiceFileOperations
    {
        private static readonly List<string> IncludeTags = new List<string> { "TAGS" };
        private readonly AwsApiFactory _api;

        public ServiceFileOperations(AwsApiFactory api) => _api = api;

        /// <summary>Tests replace the watcher's waits (so polls are instant).</summary>
        internal Func<TimeSpan, CancellationToken, Task>? Delay { get; set; }

        // ------------------------------------------------------------------ export

        public async Task ExportAsync(EcsSession session, ExportServiceFileOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var svc = await ServiceOperations.DescribeOne(api, options.Cluster, options.Service, context).ConfigureAwait(false);
            var td = await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest
            {
                TaskDefinition = svc.TaskDefinition, Include = IncludeTags,
            }, context.CancellationToken).ConfigureAwait(false);
            var serviceDoc = ServiceFileDocuments.ServiceFile(svc);
            var tdDoc = ServiceFileDocuments.TaskDefinitionFile(td.TaskDefinition, td.Tags);
            Directory.CreateDirectory(options.Folder);
            var servicePath = Path.Combine(options.Folder, ServiceFileDocuments.ServiceFileName);
            var tdPath = Path.Combine(options.Folder, ServiceFileDocuments.TaskDefinitionFileName);
            File.WriteAllText(servicePath, ServiceFileDocuments.Write(serviceDoc));
            File.WriteAllText(tdPath, ServiceFileDocuments.Write(tdDoc));
            context.Output(new EcsServiceFileExport
            {
                Cluster = options.Cluster, Service = svc.ServiceName ?? options.Service,
                TaskDefinition = td.TaskDefinition.Family + ":" + td.TaskDefinition.Revision,
                ServicePath = servicePath, TaskDefinitionPath = tdPath,
            });
        }

        // ------------------------------------------------------------------ compare

        /// <summary>The files, parsed and normalized; the checks a file must pass before any call.</summary>
        internal sealed class Files
        {
            public JsonObject Service { get; set; } = new JsonObject();
            public JsonObject TaskDefinition { get; set; } = new JsonObject();
            public string ServiceName => Service["serviceName"]?.ToString() ?? "";
            public string Family => TaskDefinition["family"]?.ToString() ?? "";
        }

        internal static Files Load(ServiceFileOptions options)
        {
            var svc = ServiceFileDocuments.Normalize(ServiceFileDocuments.Parse(options.ServiceJson, ServiceFileDocuments.ServiceFileName), "");
            var td = ServiceFileDocuments.Normalize(ServiceFileDocuments.Parse(options.TaskDefinitionJson, ServiceFileDocuments.TaskDefinitionFileName), "");
            var files = new Files { Service = svc, TaskDefinition = td };
            if (files.ServiceName.Length == 0)
                throw new EcsAdminException("ServiceFileMissingName", EcsErrorKind.InvalidArgument, ServiceFileDocuments.ServiceFileName + " has no serviceName.",
                    ServiceFileDocuments.ServiceFileName, "Add \"serviceName\" to " + ServiceFileDocuments.ServiceFileName + ".");
            if (files.Family.Length == 0)
                throw new EcsAdminException("ServiceFileMissingFamily", EcsErrorKind.InvalidArgument, ServiceFileDocuments.TaskDefinitionFileName + " has no family.",
                    ServiceFileDocuments.TaskDefinitionFileName, "Add \"family\" to " + ServiceFileDocuments.TaskDefinitionFileName + ".");
            PreflightChecks.Reference(files.ServiceName, "service", "InvalidServiceName");
            var sfam = svc["taskDefinition"]?.ToString();
            if (sfam != null && sfam != files.Family)
                throw new EcsAdminException("ServiceFileFamilyMismatch", EcsErrorKind.InvalidArgument,
                    ServiceFileDocuments.ServiceFileName + " names task definition '" + sfam + "' but " + ServiceFileDocuments.TaskDefinitionFileName + " is family '" + files.Family + "'.",
                    sfam, "Make taskDefinition in " + ServiceFileDocuments.ServiceFileName + " the family of " + ServiceFileDocuments.TaskDefinitionFileName + ".");
            files.Service["taskDefinition"] = files.Family;
            return files;
        }

        /// <summary>What is live for the files: the service (null when absent) and the task definition it runs (else the family's latest).</summary>
        private sealed class Live
        {
            public Ecs.Service? Service { get; set; }
            public Ecs.TaskDefinition? TaskDefinition { get; set; }
            public JsonObject? ServiceDoc { get; set; }
            public JsonObject? TaskDefinitionDoc { get; set; }
        }

        private static async Task<Live> ReadLive(IAwsApi api, string cluster, Files files, OperationContext context)
        {
            var live = new Live();
            var reply = await api.CallAsync(Ecs.EcsApi.DescribeServices, new Ecs.DescribeServicesRequest
            {
                Cluster = cluster, Services = new List<string> { files.ServiceName }, Include = IncludeTags,
            }, context.CancellationToken).ConfigureAwait(false);
            live.Service = reply.Services?.FirstOrDefault(s => s.Status != "INACTIVE");
            var td = await DescribeTaskDefinition(api, live.Service?.TaskDefinition ?? files.Family, context).ConfigureAwait(false);
            if (td != null)
            {
                live.TaskDefinition = td.TaskDefinition;
                live.TaskDefinitionDoc = ServiceFileDocuments.TaskDefinitionFile(td.TaskDefinition, td.Tags);
            }
            if (live.Service != null) live.ServiceDoc = ServiceFileDocuments.ServiceFile(live.Service);
            return live;
        }

        private static async Task<Ecs.DescribeTaskDefinitionResponse?> DescribeTaskDefinition(IAwsApi api, string reference, OperationContext context)
        {
            try
            {
                return await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest
                {
                    TaskDefinition = reference, Include = IncludeTags,
                }, context.CancellationToken).ConfigureAwait(false);
            }
            catch (EcsAdminException ex) when (ex.AwsErrorCode == "ClientException" || ex.Kind == EcsErrorKind.ObjectNotFound)
            {
                return null; // no revision of the family yet
            }
        }

        private static List<EcsServiceDifference> Differences(Files files, Live live)
        {
            var list = ServiceFileDocuments.Diff(live.TaskDefinitionDoc, files.TaskDefinition, "TaskDefinition", files.ServiceName);
            list.AddRange(ServiceFileDocuments.Diff(live.ServiceDoc, files.Service, "Service", files.ServiceName));
            return list;
        }

        public async Task CompareAsync(EcsSession session, ServiceFileOptions options, OperationContext context)
        {
            var files = Load(options);
            var api = _api(session, context);
            var live = await ReadLive(api, options.Cluster, files, context).ConfigureAwait(false);
            foreach (var d in Differences(files, live)) context.Output(d);
        }

        // ------------------------------------------------------------------ deploy

        public async Task DeployAsync(EcsSession session, DeployServiceFileOptions options, OperationContext context)
        {
            var files = Load(options.Files);
            var cluster = options.Files.Cluster;
            var api = _api(session, context);
            var live = await ReadLive(api, cluster, files, context).ConfigureAwait(false);
            var tdDiff = ServiceFileDocuments.Diff(live.TaskDefinitionDoc, files.TaskDefinition, "TaskDefinition", files.ServiceName);
            string? taskDefinitionArn = live.TaskDefinition?.TaskDefinitionArn;
            // Tags alone do not make a revision: they are set on the revision in use (TagResource/UntagResource).
            var tdTagBase = live.TaskDefinitionDoc;
            bool register = tdDiff.Any(d => !ServiceFileDocuments.IsTagDifference(d));
            if (register && live.Service != null)
            {
                // A retried deploy: the family's latest revision may already be the file (registered before a failure).
                var latest = await DescribeTaskDefinition(api, files.Family, context).ConfigureAwait(false);
                var latestDoc = latest is null ? null : ServiceFileDocuments.TaskDefinitionFile(latest.TaskDefinition, latest.Tags);
                if (latestDoc != null && !ServiceFileDocuments.Diff(latestDoc, files.TaskDefinition, "", "").Any(d => !ServiceFileDocuments.IsTagDifference(d)))
                {
                    register = false;
                    taskDefinitionArn = latest!.TaskDefinition.TaskDefinitionArn;
                    tdTagBase = latestDoc;
                }
            }
            var svcDiff = ServiceFileDocuments.Diff(live.ServiceDoc, files.Service, "Service", files.ServiceName);
            var svcChanges = svcDiff.Where(d => !ServiceFileDocuments.IsTagDifference(d)).ToList();
            bool create = live.Service is null;
            bool update = !create && (svcChanges.Count > 0 || taskDefinitionArn != live.Service!.TaskDefinition || register);
            // A new revision and a new service carry the file's tags in their own request.
            var tdTags = register || taskDefinitionArn is null ? (new List<Ecs.Tag>(), new List<string>()) : ServiceFileDocuments.TagChanges(tdTagBase, files.TaskDefinition);
            var svcTags = create ? (new List<Ecs.Tag>(), new List<string>()) : ServiceFileDocuments.TagChanges(live.ServiceDoc, files.Service);
            bool retagTd = tdTags.Item1.Count + tdTags.Item2.Count > 0;
            bool retagService = svcTags.Item1.Count + svcTags.Item2.Count > 0;

            var plan = new List<string>();
            if (register) plan.Add("Register a revision of task definition " + files.Family + " (" + tdDiff.Count + " difference(s))");
            if (retagTd) plan.Add("Tag task definition " + Short(taskDefinitionArn) + TagPlan(tdTags.Item1, tdTags.Item2));
            if (create) plan.Add("Create service " + files.ServiceName + " in cluster " + cluster);
            else if (update) plan.Add("Update service " + files.ServiceName + " in cluster " + cluster
                + (svcChanges.Count > 0 ? ": " + string.Join(", ", svcChanges.Select(d => d.PropertyPath)) : ": new task definition"));
            if (retagService) plan.Add("Tag service " + files.ServiceName + " in cluster " + cluster + TagPlan(svcTags.Item1, svcTags.Item2));
            bool tagOnly = !register && !create && !update && (retagTd || retagService);
            if (plan.Count == 0) plan.Add("Nothing to change");
            var result = new EcsServiceFileDeployment
            {
                Region = api.Region, Cluster = cluster, Service = files.ServiceName,
                RegisteredRevision = register, Plan = plan.ToArray(),
                Differences = tdDiff.Concat(create ? new List<EcsServiceDifference>() : svcDiff).ToArray(),
                TaskDefinition = register ? "" : Short(taskDefinitionArn),
                Action = create ? "Created" : update ? "Updated" : tagOnly ? "Tagged" : "Unchanged",
            };
            foreach (var step in plan) context.Verbose("Plan: " + step);
            if (options.PlanOnly)
            {
                result.Action = "Planned" + (create ? "Create" : update ? "Update" : tagOnly ? "Tag" : "Nothing");
                context.Output(result);
                return;
            }
            if (!register && !create && !update && !tagOnly)
            {
                context.Output(result);
                return;
            }

            // Tags alone start no deployment, so there is nothing for the preflight to catch.
            if (!options.SkipPreflight && !tagOnly)
            {
                var checks = await RunReadiness(api, cluster, files, context).ConfigureAwait(false);
                var failed = checks.Where(c => c.Status == EcsReadinessStatus.Fail).ToList();
                foreach (var w in checks.Where(c => c.Status == EcsReadinessStatus.Warn)) context.Warning("Preflight " + w.Check + ": " + w.Detail);
                if (failed.Count > 0)
                    throw new EcsAdminException("ServiceFilePreflightFailed", EcsErrorKind.InvalidOperation,
                        "Deploy-EcsService stopped before any change: " + failed.Count + " readiness check(s) failed: "
                        + string.Join("; ", failed.Select(f => f.Check + ": " + f.Detail)) + ".", files.ServiceName,
                        string.Join(" ", failed.Select(f => f.Fix).Where(f => !string.IsNullOrEmpty(f)).Distinct())
                        + " See Test-EcsServiceReadiness -Path; -SkipPreflight deploys anyway.");
            }

            if (register)
            {
                var request = JsonSerializer.Deserialize<Ecs.RegisterTaskDefinitionRequest>(files.TaskDefinition.ToJsonString(), WireClient.Json)!;
                var reg = await api.CallAsync(Ecs.EcsApi.RegisterTaskDefinition, request, context.CancellationToken).ConfigureAwait(false);
                taskDefinitionArn = reg.TaskDefinition.TaskDefinitionArn;
                context.Verbose("Registered " + taskDefinitionArn);
            }
            result.TaskDefinition = Short(taskDefinitionArn);

            if (retagTd) await Retag(api, taskDefinitionArn!, tdTags.Item1, tdTags.Item2, context).ConfigureAwait(false);
            if (tagOnly)
            {
                if (retagService) await Retag(api, live.Service!.ServiceArn, svcTags.Item1, svcTags.Item2, context).ConfigureAwait(false);
                context.Output(result);
                return;
            }

            Ecs.Service after;
            if (create)
            {
                var request = JsonSerializer.Deserialize<Ecs.CreateServiceRequest>(files.Service.ToJsonString(), WireClient.Json)!;
                request.Cluster = cluster;
                request.TaskDefinition = taskDefinitionArn;
                request.ClientToken = Guid.NewGuid().ToString("N");
                after = (await api.CallAsync(Ecs.EcsApi.CreateService, request, context.CancellationToken).ConfigureAwait(false)).Service;
            }
            else
            {
                var request = JsonSerializer.Deserialize<Ecs.UpdateServiceRequest>(files.Service.ToJsonString(), WireClient.Json)!;
                request.Cluster = cluster;
                request.Service = files.ServiceName;
                request.TaskDefinition = taskDefinitionArn;
                after = (await api.CallAsync(Ecs.EcsApi.UpdateService, request, context.CancellationToken).ConfigureAwait(false)).Service;
            }
            if (retagService) await Retag(api, live.Service!.ServiceArn, svcTags.Item1, svcTags.Item2, context).ConfigureAwait(false);

            if (options.Wait != null && after != null)
            {
                var primary = ServiceOperations.PrimaryOf(after, files.ServiceName);
                var watcher = new DeploymentWatcher(api, cluster, files.ServiceName);
                if (Delay != null) watcher.Delay = Delay;
                result.Deployment = await watcher.WatchAsync(new DeploymentFacts
                {
                    DeploymentId = primary.Id, TaskDefinition = primary.TaskDefinition,
                    PreviousTaskDefinition = live.Service?.TaskDefinition,
                }, options.Wait, context).ConfigureAwait(false);
            }
            context.Output(result);
        }

        private static string TagPlan(List<Ecs.Tag> set, List<string> remove)
            => ": " + string.Join(", ", set.Select(t => "set " + t.Key).Concat(remove.Select(k => "remove " + k)));

        /// <summary>Sets and removes tags on one resource: TagResource, then UntagResource, each only when it has keys.</summary>
        private static async Task Retag(IAwsApi api, string resourceArn, List<Ecs.Tag> set, List<string> remove, OperationContext context)
        {
            if (set.Count > 0)
                await api.CallAsync(Ecs.EcsApi.TagResource, new Ecs.TagResourceRequest { ResourceArn = resourceArn, Tags = set }, context.CancellationToken).ConfigureAwait(false);
            if (remove.Count > 0)
                await api.CallAsync(Ecs.EcsApi.UntagResource, new Ecs.UntagResourceRequest { ResourceArn = resourceArn, TagKeys = remove }, context.CancellationToken).ConfigureAwait(false);
            context.Verbose("Tagged " + resourceArn + TagPlan(set, remove));
        }

        private static string Short(string? arn)
        {
            if (string.IsNullOrEmpty(arn)) return "";
            var slash = arn!.LastIndexOf('/');
            return slash >= 0 ? arn.Substring(slash + 1) : arn;
        }
    }
}
