using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Task definition look-ups the service and task operations need: describe, Fargate check, new revision with new images.</summary>
    internal static class TaskDefinitions
    {
        public static async Task<Ecs.TaskDefinition> DescribeAsync(IAwsApi api, string taskDefinition, OperationContext context)
        {
            try
            {
                var reply = await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest { TaskDefinition = taskDefinition }, context.CancellationToken).ConfigureAwait(false);
                return reply.TaskDefinition ?? throw NotFound(taskDefinition, api.Region, null);
            }
            catch (EcsAdminException ex) when (ex.AwsErrorCode == "ClientException" || ex.AwsErrorCode == "InvalidParameterException" || ex.Kind == EcsErrorKind.ObjectNotFound)
            {
                throw NotFound(taskDefinition, api.Region, ex);
            }
        }

        private static EcsAdminException NotFound(string taskDefinition, string region, Exception? inner)
            => new EcsAdminException("TaskDefinitionNotFound", EcsErrorKind.ObjectNotFound,
                "Task definition '" + taskDefinition + "' was not found in " + region + (inner is null ? "." : ": " + inner.Message), taskDefinition,
                "List the revisions with Get-EcsTaskDefinition, or register one first.", inner);

        /// <summary>A Fargate service or task needs a FARGATE-compatible task definition with awsvpc networking.</summary>
        public static void RequireFargate(Ecs.TaskDefinition td, string given)
        {
            var compat = (td.RequiresCompatibilities ?? new List<string>()).Concat(td.Compatibilities ?? new List<string>());
            if (!compat.Contains("FARGATE"))
                throw new EcsAdminException("TaskDefinitionNotFargate", EcsErrorKind.InvalidArgument,
                    "Task definition " + (td.TaskDefinitionArn ?? given) + " is not compatible with Fargate (requiresCompatibilities: "
                    + string.Join(",", td.RequiresCompatibilities ?? new List<string>()) + ").", given,
                    "Register a revision with requiresCompatibilities FARGATE, networkMode awsvpc and task-level cpu/memory.");
            if (!string.Equals(td.NetworkMode, "awsvpc", StringComparison.Ordinal))
                throw new EcsAdminException("TaskDefinitionNotAwsvpc", EcsErrorKind.InvalidArgument,
                    "Task definition " + (td.TaskDefinitionArn ?? given) + " uses network mode '" + (td.NetworkMode ?? "bridge") + "'; Fargate needs awsvpc.", given,
                    "Register a revision with networkMode awsvpc.");
        }

        /// <summary>
        /// The task definition against the launch model of a service or task: Fargate's own rules, or for EC2 and
        /// EXTERNAL the compatibilities (when a launch model was asked for), and the port mappings and network
        /// settings its network mode allows.
        /// </summary>
        public static void RequireLaunchModel(Ecs.TaskDefinition td, string given, string model, bool modelGiven, bool subnetsGiven, bool networkGiven)
        {
            var name = td.TaskDefinitionArn ?? given;
            if (model == "FARGATE") RequireFargate(td, given);
            else if (modelGiven)
            {
                var compat = (td.Compatibilities ?? new List<string>()).Concat(td.RequiresCompatibilities ?? new List<string>()).Distinct().ToList();
                PlacementChecks.Compatible(model, compat, td.NetworkMode, name);
            }
            var ports = (td.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>())
                .SelectMany(c => (c.PortMappings ?? new List<Ecs.PortMapping>()).Select(p => new PortMappingFact
                {
                    Container = c.Name ?? "", ContainerPort = p.ContainerPort, HostPort = p.HostPort, ContainerPortRange = p.ContainerPortRange,
                })).ToList();
            PlacementChecks.NetworkMode(td.NetworkMode, ports, subnetsGiven, networkGiven, name);
        }

        private static readonly PropertyInfo[] RegisterProperties = typeof(Ecs.RegisterTaskDefinitionRequest).GetProperties(BindingFlags.Public | BindingFlags.Instance);

        /// <summary>
        /// The RegisterTaskDefinition request that re-registers a described revision: every property the
        /// request has is copied from the same-named property of the description (the read-only ones, such as
        /// revision, status, compatibilities and registeredAt, have no place in the request); tags from the reply.
        /// </summary>
        public static Ecs.RegisterTaskDefinitionRequest ToRegisterRequest(Ecs.TaskDefinition td, List<Ecs.Tag>? tags)
        {
            var request = new Ecs.RegisterTaskDefinitionRequest();
            var source = typeof(Ecs.TaskDefinition);
            foreach (var p in RegisterProperties)
            {
                if (p.Name == nameof(Ecs.RegisterTaskDefinitionRequest.Tags)) continue;
                var from = source.GetProperty(p.Name, BindingFlags.Public | BindingFlags.Instance);
                if (from is null || !p.PropertyType.IsAssignableFrom(from.PropertyType)) continue;
                p.SetValue(request, from.GetValue(td));
            }
            request.Tags = tags is { Count: > 0 } ? tags : null;
            return request;
        }

        public static async Task<Ecs.TaskDefinition> RegisterWithImagesAsync(IAwsApi api, string current, IDictionary<string, string> images, OperationContext context)
        {
            var reply = await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest
            {
                TaskDefinition = current, Include = new List<string> { "TAGS" },
            }, context.CancellationToken).ConfigureAwait(false);
            var td = reply.TaskDefinition ?? throw NotFound(current, api.Region, null);
            var containers = td.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>();
            foreach (var kv in images)
            {
                if (kv.Key == UpdateServiceOptions.OnlyContainer && containers.Count != 1)
                    throw new EcsAdminException("ContainerNameRequired", EcsErrorKind.InvalidArgument,
                        "Task definition " + td.TaskDefinitionArn + " has " + containers.Count + " containers (" + string.Join(", ", containers.Select(x => x.Name)) + "); a plain -Image does not say which one to change.", kv.Value,
                        "Name the container: -Image @{" + (containers.FirstOrDefault()?.Name ?? "web") + "='" + kv.Value + "'}.");
                var c = kv.Key == UpdateServiceOptions.OnlyContainer ? containers[0] : containers.FirstOrDefault(x => x.Name == kv.Key)
                    ?? throw new EcsAdminException("ContainerNotInTaskDefinition", EcsErrorKind.InvalidArgument,
                        "Container '" + kv.Key + "' is not in task definition " + td.TaskDefinitionArn + " (containers: " + string.Join(", ", containers.Select(x => x.Name)) + ").", kv.Key,
                        "Name containers of the service's task definition in -Image: " + string.Join(", ", containers.Select(x => x.Name)) + ".");
                c.Image = kv.Value;
            }
            var request = ToRegisterRequest(td, reply.Tags);
            var registered = await api.CallAsync(Ecs.EcsApi.RegisterTaskDefinition, request, context.CancellationToken).ConfigureAwait(false);
            return registered.TaskDefinition ?? throw new EcsAdminException("RegisterTaskDefinitionEmpty", EcsErrorKind.InvalidResult,
                "RegisterTaskDefinition returned no task definition for family " + td.Family + ".", td.Family, "Retry; check the family with Get-EcsTaskDefinition.");
        }
    }
}
