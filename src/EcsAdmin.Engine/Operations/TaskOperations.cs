using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
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
    internal sealed class TaskOperations : ITaskOperations
    {
        /// <summary>DescribeTasks takes at most 100 tasks per call.</summary>
        public const int DescribeBatch = Batches.DescribeTasks;
        public const int ProgressActivityId = 0x3EC6;

        private readonly AwsApiFactory _api;
        public TaskOperations(AwsApiFactory api) => _api = api;

        internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (t, ct) => Task.Delay(t, ct);
        internal Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        public async Task GetAsync(EcsSession session, GetTaskOptions options, OperationContext context)
        {
            PreflightChecks.Reference(options.Cluster, "cluster", "InvalidClusterName");
            var api = _api(session, context);
            if (options.Tasks is { Length: > 0 })
            {
                var ids = new List<string>();
                foreach (var given in options.Tasks.Where(t => !string.IsNullOrWhiteSpace(t)).Select(t => t.Trim()).Distinct())
                {
                    try { ids.Add(await TaskIds.ResolveAsync(api, options.Cluster, given, context).ConfigureAwait(false)); }
                    catch (EcsAdminException ex) { context.Error(ex); }
                }
                ids = ids.Distinct().ToList();
                await Batches.DescribeAsync(ids, DescribeBatch, batch => Describe(api, options.Cluster, batch, context), (batch, reply) =>
                {
                    var tasks = reply.Tasks ?? new List<Ecs.Task>();
                    foreach (var id in batch)
                    {
                        var t = tasks.FirstOrDefault(x => x.TaskArn == id || Mapping.NameFromArn(x.TaskArn) == id);
                        if (t != null) context.Output(ServiceMapping.Task(t, api.Region));
                        else context.Error(new EcsAdminException("TaskNotFound", EcsErrorKind.ObjectNotFound,
                            "Task '" + id + "' was not found in cluster " + options.Cluster + " (" + api.Region + ")"
                            + (reply.Failures?.FirstOrDefault(f => f.Arn != null && f.Arn.EndsWith(id))?.Reason is string r ? " (" + r + ")." : "."), id,
                            "Stopped tasks are kept for about an hour; list what exists with Get-EcsTask -Cluster " + options.Cluster + "."));
                    }
                }, context.CancellationToken).ConfigureAwait(false);
                return;
            }

            // One ListTasks page (100 tasks) at a time, each described before the next page is asked for: results stream.
            await Paging.EachPageAsync(token => api.CallAsync(Ecs.EcsApi.ListTasks, new Ecs.ListTasksRequest
                {
                    Cluster = options.Cluster,
                    ServiceName = options.Service,
                    Family = options.Family,
                    DesiredStatus = options.DesiredStatus,
                    NextToken = token,
                    MaxResults = 100,
                }, context.CancellationToken),
                page => page.NextToken,
                async page =>
                {
                    await Batches.DescribeAsync(page.TaskArns ?? new List<string>(), DescribeBatch, batch => Describe(api, options.Cluster, batch, context),
                        (_, reply) => { foreach (var t in reply.Tasks ?? new List<Ecs.Task>()) context.Output(ServiceMapping.Task(t, api.Region)); },
                        context.CancellationToken).ConfigureAwait(false);
                    return true;
                }, context.CancellationToken).ConfigureAwait(false);
        }

        private static Task<Ecs.DescribeTasksResponse> Describe(IAwsApi api, string cluster, List<string> tasks, OperationContext context)
            => api.CallAsync(Ecs.EcsApi.DescribeTasks, new Ecs.DescribeTasksRequest { Cluster = cluster, Tasks = tasks }, context.CancellationToken);

        public async Task StopAsync(EcsSession session, StopTaskOptions options, OperationContext context)
        {
            PreflightChecks.Reference(options.Cluster, "cluster", "InvalidClusterName");
            PreflightChecks.Reference(options.Task, "task", "InvalidTaskId");
            var api = _api(session, context);
            var task = await TaskIds.ResolveAsync(api, options.Cluster, options.Task, context).ConfigureAwait(false);
            var reply = await api.CallAsync(Ecs.EcsApi.StopTask, new Ecs.StopTaskRequest
            {
                Cluster = options.Cluster, Task = task, Reason = string.IsNullOrWhiteSpace(options.Reason) ? null : options.Reason,
            }, context.CancellationToken).ConfigureAwait(false);
            context.Output(ServiceMapping.Task(reply.Task ?? new Ecs.Task { TaskArn = task, DesiredStatus = "STOPPED" }, api.Region));
        }

        public async Task StartAsync(EcsSession session, StartTaskOptions options, OperationContext context)
        {
            var launchModel = ServiceChecks.StartTask(options);
            var api = _api(session, context);
            var td = await TaskDefinitions.DescribeAsync(api, options.TaskDefinition, context).ConfigureAwait(false);
            TaskDefinitions.RequireLaunchModel(td, options.TaskDefinition, launchModel, modelGiven: true, options.Subnets.Length > 0, options.NetworkGiven);
            var containers = td.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>();
            foreach (var o in options.Overrides ?? Array.Empty<ContainerOverrideOptions>())
                if (!containers.Any(c => c.Name == o.Name))
                    throw new EcsAdminException("ContainerNotInTaskDefinition", EcsErrorKind.InvalidArgument,
                        "Container '" + o.Name + "' is not in task definition " + td.TaskDefinitionArn + " (containers: " + string.Join(", ", containers.Select(c => c.Name)) + ").", o,
                        "Name one of the task definition's containers in -Override.");

            var strategy = options.CapacityProviderStrategy is { Length: > 0 } ? Mapping.ToWire(options.CapacityProviderStrategy) : null;
            var request = new Ecs.RunTaskRequest
            {
                Cluster = options.Cluster,
                TaskDefinition = td.TaskDefinitionArn,
                Count = options.Count,
                ClientToken = options.ClientToken,
                CapacityProviderStrategy = strategy,
                LaunchType = strategy is null ? (options.LaunchType ?? "FARGATE") : null,
                PlatformVersion = options.PlatformVersion,
                NetworkConfiguration = td.NetworkMode == "awsvpc" ? ServiceMapping.ToWireNetwork(options.Subnets, options.SecurityGroups, options.AssignPublicIp) : null,
                PlacementStrategy = options.PlacementStrategies is { Length: > 0 } ? PlacementMapping.ToWire(options.PlacementStrategies) : null,
                PlacementConstraints = options.PlacementConstraints is { Length: > 0 } ? PlacementMapping.ToWire(options.PlacementConstraints) : null,
                EnableExecuteCommand = options.EnableExecuteCommand ? true : (bool?)null,
                StartedBy = options.StartedBy,
                Tags = Mapping.ToWireTags(options.Tags),
                Overrides = options.Overrides is { Length: > 0 }
                    ? new Ecs.TaskOverride
                    {
                        ContainerOverrides = options.Overrides.Select(o => new Ecs.ContainerOverride
                        {
                            Name = o.Name,
                            Command = o.Command?.ToList(),
                            Environment = o.Environment?.Select(kv => new Ecs.KeyValuePair { Name = kv.Key, Value = kv.Value }).ToList(),
                        }).ToList(),
                    }
                    : null,
            };
            var reply = await api.CallAsync(Ecs.EcsApi.RunTask, request, context.CancellationToken).ConfigureAwait(false);
            foreach (var f in reply.Failures ?? new List<Ecs.Failure>())
                context.Error(new EcsAdminException("RunTaskFailed", EcsErrorKind.ResourceUnavailable,
                    "RunTask could not start a task of " + td.TaskDefinitionArn + ": " + f.Reason + (f.Detail is null ? "" : " (" + f.Detail + ")") + ".", f.Arn ?? options.TaskDefinition,
                    "Check capacity (FARGATE_SPOT may have none; on EC2, free CPU, memory and ports on instances that meet the placement constraints), subnets and security groups, then retry."));
            var started = reply.Tasks ?? new List<Ecs.Task>();
            if (options.Wait is null)
            {
                foreach (var t in started) context.Output(ServiceMapping.Task(t, api.Region));
                return;
            }
            if (started.Count == 0) return;

            var essential = containers.ToDictionary(c => c.Name ?? "", c => c.Essential ?? true);
            var final = await WaitStoppedAsync(api, options.Cluster, started.Select(t => t.TaskArn!).ToList(), options.Wait, context).ConfigureAwait(false);
            foreach (var t in final)
            {
                var model = ServiceMapping.Task(t, api.Region);
                foreach (var c in model.Containers) c.Essential = essential.TryGetValue(c.Name, out var e) ? e : (bool?)null;
                context.Output(model);
                if (model.LastStatus != "STOPPED") continue;
                foreach (var c in model.Containers.Where(c => c.Essential != false))
                {
                    if (c.ExitCode is int code && code != 0)
                        context.Error(new EcsAdminException("TaskContainerFailed", EcsErrorKind.InvalidResult,
                            "Task " + model.TaskId + ": essential container '" + c.Name + "' exited with code " + code + (c.Reason is null ? "" : " (" + c.Reason + ")") + "; " + model.StoppedReason, model,
                            "Read the container's logs (awslogs) for the failure."));
                    else if (c.ExitCode is null && (model.StopCode == "TaskFailedToStart" || !string.IsNullOrEmpty(c.Reason)))
                        context.Error(new EcsAdminException("TaskFailedToStart", EcsErrorKind.InvalidResult,
                            "Task " + model.TaskId + ": container '" + c.Name + "' did not run: " + (c.Reason ?? model.StoppedReason) + ".", model,
                            "Check the image name, the execution role (ECR pull, logs) and the network path to the registry."));
                }
            }
        }

        private async Task<List<Ecs.Task>> WaitStoppedAsync(IAwsApi api, string cluster, List<string> arns, WaitSettings settings, OperationContext context)
        {
            var ct = context.CancellationToken;
            var start = Clock();
            var interval = PollBackoff.First(settings);
            var activity = "Task" + (arns.Count > 1 ? "s " : " ") + string.Join(", ", arns.Select(Mapping.NameFromArn));
            var current = new List<Ecs.Task>();
            try
            {
                while (true)
                {
                    var reply = await Describe(api, cluster, arns, context).ConfigureAwait(false);
                    current = reply.Tasks ?? new List<Ecs.Task>();
                    int stopped = current.Count(t => t.LastStatus == "STOPPED");
                    context.Progress(new ProgressInfo
                    {
                        ActivityId = ProgressActivityId,
                        Activity = activity,
                        Status = stopped + "/" + arns.Count + " stopped; " + string.Join(", ", current.Select(t => Mapping.NameFromArn(t.TaskArn) + " " + t.LastStatus)),
                        PercentComplete = arns.Count == 0 ? -1 : stopped * 100 / arns.Count,
                    });
                    if (current.Count > 0 && stopped == current.Count) return current;
                    var elapsed = Clock() - start;
                    if (elapsed >= settings.Timeout)
                    {
                        context.Warning("The task(s) did not stop within " + settings.Timeout + "; returning them as they are.");
                        return current;
                    }
                    var remaining = settings.Timeout - elapsed;
                    await Delay(PollBackoff.Sleep(remaining, interval), ct).ConfigureAwait(false);
                    interval = PollBackoff.Next(interval, settings);
                }
            }
            finally
            {
                context.Progress(new ProgressInfo { ActivityId = ProgressActivityId, Activity = activity, Status = "Done", Completed = true });
            }
        }
    }
}
