using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
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
    internal sealed class TaskDefinitionOperations : ITaskDefinitionOperations
    {
        /// <summary>Fields a describe-task-definition reply has that registration does not take.</summary>
        private static readonly string[] ReadOnlyFields =
        {
            "taskDefinitionArn", "revision", "status", "requiresAttributes", "compatibilities",
            "registeredAt", "registeredBy", "deregisteredAt", "deleteRequestedAt",
        };

        private static readonly JsonSerializerOptions Strict = new JsonSerializerOptions
        {
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };

        private readonly AwsApiFactory _api;
        public TaskDefinitionOperations(AwsApiFactory api) => _api = api;

        public string Validate(RegisterTaskDefinitionOptions options) => JsonSerializer.Serialize(BuildRequest(options), Strict);

        /// <summary>Builds (and checks) the RegisterTaskDefinition request; throws typed errors, sends nothing.</summary>
        internal static Ecs.RegisterTaskDefinitionRequest BuildRequest(RegisterTaskDefinitionOptions o)
        {
            Ecs.RegisterTaskDefinitionRequest request;
            bool fargate;
            if (o.Definition != null)
            {
                request = TaskDefinitionMapping.ToWire(o.Definition);
                if (!string.IsNullOrWhiteSpace(o.Family)) request.Family = o.Family;
                fargate = request.RequiresCompatibilities?.Contains("FARGATE") == true;
            }
            else if (o.Json != null)
            {
                request = FromJson(o.Json, o.SourcePath);
                if (!string.IsNullOrWhiteSpace(o.Family)) request.Family = o.Family;
                fargate = request.RequiresCompatibilities?.Contains("FARGATE") == true;
            }
            else
            {
                request = FromParameters(o);
                fargate = true;
            }
            var where = o.SourcePath ?? request.Family ?? "task definition";
            Aws.RequestRules.Check(request);

            if (string.IsNullOrWhiteSpace(request.Family) || !System.Text.RegularExpressions.Regex.IsMatch(request.Family, "^[A-Za-z0-9_-]{1,255}$"))
                throw new EcsAdminException("InvalidTaskDefinitionFamily", EcsErrorKind.InvalidArgument,
                    "The task definition family '" + request.Family + "' is missing or invalid (1-255 letters, digits, hyphens, underscores).", where,
                    "Give -Family, or a \"family\" in the JSON.");
            if (request.ContainerDefinitions is null || request.ContainerDefinitions.Count == 0)
                throw new EcsAdminException("NoContainerDefinitions", EcsErrorKind.InvalidArgument,
                    "The task definition '" + request.Family + "' has no container definitions.", where, "Add at least one entry to containerDefinitions (name and image).");
            foreach (var c in request.ContainerDefinitions)
                if (string.IsNullOrWhiteSpace(c.Name) || string.IsNullOrWhiteSpace(c.Image))
                    throw new EcsAdminException("InvalidContainerDefinition", EcsErrorKind.InvalidArgument,
                        "Every container definition of '" + request.Family + "' needs a name and an image.", where, "Give each container a \"name\" and an \"image\".");
            var dup = request.ContainerDefinitions.GroupBy(c => c.Name).FirstOrDefault(g => g.Count() > 1);
            if (dup != null)
                throw new EcsAdminException("DuplicateContainerName", EcsErrorKind.InvalidArgument,
                    "The container name '" + dup.Key + "' appears more than once in '" + request.Family + "'.", where, "Give every container a unique name.");

            if (fargate)
            {
                if (!string.Equals(request.NetworkMode, "awsvpc", StringComparison.Ordinal))
                    throw new EcsAdminException("FargateRequiresAwsvpc", EcsErrorKind.InvalidArgument,
                        "Fargate task definitions must use networkMode awsvpc; '" + request.Family + "' has " + (request.NetworkMode ?? "none") + ".", where,
                        "Set \"networkMode\": \"awsvpc\" (Register-EcsTaskDefinition sets it for you when given parameters).");
                FargateSizes.Check(request.Cpu, request.Memory, where);
                // Fargate takes the sizes as numbers of units/MiB; normalise "0.5 vCPU"/"1GB" forms.
                request.Cpu = FargateSizes.ParseCpu(request.Cpu)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                request.Memory = FargateSizes.ParseMemory(request.Memory)!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            if (o.Tags != null && o.Tags.Count > 0) request.Tags = Mapping.ToWireTags(o.Tags);
            return request;
        }

        private static Ecs.RegisterTaskDefinitionRequest FromJson(string json, string? source)
        {
            var where = source ?? "the JSON input";
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException ex)
            {
                throw new EcsAdminException("InvalidTaskDefinitionJson", EcsErrorKind.InvalidData,
                    "The task definition JSON in " + where + " is malformed at line " + ((ex.LineNumber ?? 0) + 1) + ", position " + ((ex.BytePositionInLine ?? 0) + 1) + ": " + FirstSentence(ex.Message), source ?? (object)json,
                    "Fix the JSON at that position (a missing comma, quote or brace is the usual cause); 'Get-Content <file> | ConvertFrom-Json' shows the same error.", ex);
            }
            if (root is not JsonObject obj)
                throw new EcsAdminException("InvalidTaskDefinitionJson", EcsErrorKind.InvalidData,
                    "The task definition JSON in " + where + " must be an object ({...}).", source ?? (object)json, "Give the JSON that 'aws ecs register-task-definition --cli-input-json' takes.");
            // A describe-task-definition reply works too: take its taskDefinition (and tags) and drop read-only fields.
            if (obj["taskDefinition"] is JsonObject inner)
            {
                var tags = obj["tags"];
                obj = (JsonObject)JsonNode.Parse(inner.ToJsonString())!;
                if (tags is JsonArray t && t.Count > 0 && obj["tags"] is null) obj["tags"] = JsonNode.Parse(t.ToJsonString());
            }
            foreach (var f in ReadOnlyFields) obj.Remove(f);
            try
            {
                return obj.Deserialize<Ecs.RegisterTaskDefinitionRequest>(Strict) ?? new Ecs.RegisterTaskDefinitionRequest();
            }
            catch (JsonException ex)
            {
                throw new EcsAdminException("InvalidTaskDefinitionJson", EcsErrorKind.InvalidData,
                    "The task definition in " + where + " does not match the RegisterTaskDefinition request at " + (ex.Path ?? "$") + ": " + FirstSentence(ex.Message), source ?? (object)json,
                    "Use the field names and types of 'aws ecs register-task-definition --generate-cli-skeleton' (camelCase, e.g. containerDefinitions).", ex);
            }
        }

        private static string FirstSentence(string message)
        {
            foreach (var marker in new[] { " Path:", " LineNumber:" })
            {
                var i = message.IndexOf(marker, StringComparison.Ordinal);
                if (i > 0) message = message.Substring(0, i);
            }
            return message.Trim();
        }

        private static Ecs.RegisterTaskDefinitionRequest FromParameters(RegisterTaskDefinitionOptions o)
        {
            var family = o.Family ?? "";
            var name = string.IsNullOrWhiteSpace(o.ContainerName) ? family : o.ContainerName!;
            if (string.IsNullOrWhiteSpace(o.Image))
                throw new EcsAdminException("MissingImage", EcsErrorKind.InvalidArgument, "Register-EcsTaskDefinition needs -Image when given parameters.", family,
                    "Give -Image, e.g. -Image public.ecr.aws/nginx/nginx:latest, or use -Path with a JSON file.");
            var container = new Ecs.ContainerDefinition
            {
                Name = name,
                Image = o.Image,
                Essential = true,
                PortMappings = o.Port?.Select(p => new Ecs.PortMapping { ContainerPort = p, Protocol = "tcp", Name = name + "-" + p }).ToList(),
                Environment = o.Environment?.Select(kv => new Ecs.KeyValuePair { Name = kv.Key, Value = kv.Value }).ToList(),
            };
            if (o.Port != null && o.Port.Any(p => p < 1 || p > 65535))
                throw new EcsAdminException("InvalidPort", EcsErrorKind.InvalidArgument, "Ports must be between 1 and 65535.", o.Port, "Correct -Port.");
            if (!string.IsNullOrWhiteSpace(o.LogGroup))
            {
                container.LogConfiguration = new Ecs.LogConfiguration
                {
                    LogDriver = "awslogs",
                    Options = new Dictionary<string, string>
                    {
                        ["awslogs-group"] = o.LogGroup!,
                        ["awslogs-stream-prefix"] = string.IsNullOrWhiteSpace(o.LogStreamPrefix) ? "ecs" : o.LogStreamPrefix!,
                        ["awslogs-create-group"] = "true",
                    },
                };
            }
            return new Ecs.RegisterTaskDefinitionRequest
            {
                Family = family,
                NetworkMode = "awsvpc",
                RequiresCompatibilities = new List<string> { "FARGATE" },
                Cpu = o.Cpu ?? "256",
                Memory = o.Memory ?? "512",
                ExecutionRoleArn = o.ExecutionRoleArn,
                TaskRoleArn = o.TaskRoleArn,
                RuntimePlatform = o.CpuArchitecture is null ? null : new Ecs.RuntimePlatform { CpuArchitecture = o.CpuArchitecture.ToUpperInvariant(), OperatingSystemFamily = "LINUX" },
                ContainerDefinitions = new List<Ecs.ContainerDefinition> { container },
            };
        }

        public async Task RegisterAsync(EcsSession session, RegisterTaskDefinitionOptions options, OperationContext context)
        {
            var request = BuildRequest(options);
            var api = _api(session, context);
            var reply = await api.CallAsync(Ecs.EcsApi.RegisterTaskDefinition, request, context.CancellationToken).ConfigureAwait(false);
            context.Output(TaskDefinitionMapping.FromWire(reply.TaskDefinition ?? new Ecs.TaskDefinition(), reply.Tags ?? request.Tags, api.Region));
        }

        public async Task GetAsync(EcsSession session, GetTaskDefinitionOptions options, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            if (options.TaskDefinition != null && options.TaskDefinition.Length > 0)
            {
                await DescribeEachAsync(api, options.TaskDefinition, context).ConfigureAwait(false);
                return;
            }

            var status = string.IsNullOrWhiteSpace(options.Status) ? "ACTIVE" : options.Status.ToUpperInvariant();
            var pattern = string.IsNullOrWhiteSpace(options.FamilyPattern) ? "*" : options.FamilyPattern!;
            var prefix = Glob.HasWildcard(pattern) ? pattern.Substring(0, pattern.IndexOfAny(new[] { '*', '?', '[' })) : pattern;
            var regex = Glob.ToRegex(pattern);
            var families = await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListTaskDefinitionFamilies, new Ecs.ListTaskDefinitionFamiliesRequest
                {
                    FamilyPrefix = prefix.Length == 0 ? null : prefix,
                    Status = status,
                    NextToken = token,
                }, ct), page => page.Families, page => page.NextToken, ct).ConfigureAwait(false);
            families = families.Where(f => regex.IsMatch(f)).Distinct().ToList();

            if (!Glob.HasWildcard(pattern) && !string.IsNullOrWhiteSpace(options.FamilyPattern) && !families.Contains(pattern))
            {
                context.Error(NotFound(pattern, api.Region));
                return;
            }
            if (options.ListFamilies)
            {
                foreach (var family in families) context.Output(new EcsTaskDefinitionFamily { Family = family, Region = api.Region });
                return;
            }
            if (!options.AllRevisions)
            {
                await DescribeEachAsync(api, families, context).ConfigureAwait(false);
                return;
            }
            foreach (var family in families)
            {
                // One page of revisions at a time, described concurrently and written in order before the next page.
                await Paging.EachPageAsync(next => api.CallAsync(Ecs.EcsApi.ListTaskDefinitions, new Ecs.ListTaskDefinitionsRequest
                    {
                        FamilyPrefix = family,
                        Status = status == "ALL" ? null : status,
                        NextToken = next,
                    }, ct),
                    page => page.NextToken,
                    async page =>
                    {
                        // ListTaskDefinitions matches by prefix: keep only this family's revisions.
                        var arns = (page.TaskDefinitionArns ?? new List<string>())
                            .Where(arn => Mapping.NameFromArn(arn).StartsWith(family + ":", StringComparison.Ordinal)).ToList();
                        await DescribeEachAsync(api, arns, context).ConfigureAwait(false);
                        return true;
                    }, ct).ConfigureAwait(false);
            }
        }

        /// <summary>
        /// DescribeTaskDefinition takes one reference: describe them one at a time (a request per revision; sent
        /// concurrently they multiply throttling, and a throttled run must still finish within each call's retries),
        /// written in order, errors per item.
        /// </summary>
        private static Task DescribeEachAsync(IAwsApi api, IReadOnlyList<string> references, OperationContext context)
            => Batches.InOrderAsync(references, async reference =>
                {
                    try { return (Result: await DescribeAsync(api, reference, context).ConfigureAwait(false), Error: (EcsAdminException?)null); }
                    catch (EcsAdminException ex) { return (Result: (EcsTaskDefinition?)null, Error: ex); }
                },
                (_, r) => { if (r.Result != null) context.Output(r.Result); else context.Error(r.Error!); },
                context.CancellationToken, concurrency: 1);

        internal static async Task<EcsTaskDefinition> DescribeAsync(IAwsApi api, string reference, OperationContext context)
        {
            try
            {
                var reply = await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest
                {
                    TaskDefinition = reference,
                    Include = new List<string> { "TAGS" },
                }, context.CancellationToken).ConfigureAwait(false);
                if (reply.TaskDefinition is null) throw NotFound(reference, api.Region);
                return TaskDefinitionMapping.FromWire(reply.TaskDefinition, reply.Tags, api.Region);
            }
            catch (EcsAdminException ex) when (ex.AwsErrorCode == "ClientException" || ex.AwsErrorCode == "InvalidParameterException" || ex.AwsErrorCode == "ResourceNotFoundException")
            {
                throw NotFound(reference, api.Region);
            }
        }

        public async Task UnregisterAsync(EcsSession session, string taskDefinition, OperationContext context)
        {
            var api = _api(session, context);
            var reply = await api.CallAsync(Ecs.EcsApi.DeregisterTaskDefinition, new Ecs.DeregisterTaskDefinitionRequest { TaskDefinition = taskDefinition }, context.CancellationToken).ConfigureAwait(false);
            context.Output(TaskDefinitionMapping.FromWire(reply.TaskDefinition ?? new Ecs.TaskDefinition(), null, api.Region));
        }

        internal static EcsAdminException NotFound(string reference, string region)
            => new EcsAdminException("TaskDefinitionNotFound", EcsErrorKind.ObjectNotFound,
                "Task definition '" + reference + "' was not found in " + region + ".", reference,
                "List families with Get-EcsTaskDefinition -ListFamilies, or revisions with Get-EcsTaskDefinition -Family <name> -AllRevisions.");
    }
}
