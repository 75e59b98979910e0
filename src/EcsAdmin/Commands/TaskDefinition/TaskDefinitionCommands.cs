using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EcsAdmin.Commands.Cluster;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.TaskDefinition
{
    /// <summary>
    /// <para type="synopsis">Registers a task definition revision from a JSON file, an object, or parameters.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "EcsTaskDefinition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = FromParameters)]
    [OutputType(typeof(EcsTaskDefinition))]
    public sealed class RegisterEcsTaskDefinitionCommand : EcsCmdlet
    {
        private const string FromPath = "FromPath";
        private const string FromObject = "FromObject";
        private const string FromParameters = "FromParameters";

        /// <summary>A JSON file in the form 'aws ecs register-task-definition --cli-input-json' takes.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromPath, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "FilePath")]
        public string Path { get; set; } = "";

        /// <summary>A hashtable or object with the RegisterTaskDefinition fields, or JSON text.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FromObject, ValueFromPipeline = true)]
        public object? InputObject { get; set; }

        /// <summary>The task definition family.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromParameters, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = FromPath)]
        [Parameter(ParameterSetName = FromObject)]
        public string? Family { get; set; }

        /// <summary>The container image, e.g. public.ecr.aws/nginx/nginx:latest.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FromParameters, ValueFromPipelineByPropertyName = true)]
        public string? Image { get; set; }

        /// <summary>The container name (default: the family).</summary>
        [Parameter(ParameterSetName = FromParameters, ValueFromPipelineByPropertyName = true)]
        public string? ContainerName { get; set; }

        /// <summary>Task CPU units (256, 512, 1024, 2048, 4096, 8192, 16384) or "0.5 vCPU".</summary>
        [Parameter(ParameterSetName = FromParameters, ValueFromPipelineByPropertyName = true)]
        public string Cpu { get; set; } = "256";

        /// <summary>Task memory in MiB, or "1GB".</summary>
        [Parameter(ParameterSetName = FromParameters, ValueFromPipelineByPropertyName = true)]
        public string Memory { get; set; } = "512";

        /// <summary>Container ports to expose (TCP).</summary>
        [Parameter(ParameterSetName = FromParameters, ValueFromPipelineByPropertyName = true)]
        public int[]? Port { get; set; }

        /// <summary>Environment variables as a hashtable.</summary>
        [Parameter(ParameterSetName = FromParameters)]
        public Hashtable? Environment { get; set; }

        /// <summary>The task execution role (pulls images, writes logs).</summary>
        [Parameter(ParameterSetName = FromParameters, ValueFromPipelineByPropertyName = true)]
        public string? ExecutionRoleArn { get; set; }

        /// <summary>The task role (what the containers may call; needed for ECS Exec).</summary>
        [Parameter(ParameterSetName = FromParameters, ValueFromPipelineByPropertyName = true)]
        public string? TaskRoleArn { get; set; }

        /// <summary>Send container logs to this CloudWatch Logs group with the awslogs driver.</summary>
        [Parameter(ParameterSetName = FromParameters)]
        public string? LogGroup { get; set; }

        /// <summary>The awslogs stream prefix (default "ecs").</summary>
        [Parameter(ParameterSetName = FromParameters)]
        public string? LogStreamPrefix { get; set; }

        /// <summary>X86_64 or ARM64.</summary>
        [Parameter(ParameterSetName = FromParameters)]
        [ValidateSet("X86_64", "ARM64", IgnoreCase = true)]
        public string? CpuArchitecture { get; set; }

        /// <summary>Tags as a hashtable.</summary>
        [Parameter]
        public Hashtable? Tag { get; set; }

        protected override void ProcessRecord()
        {
            var options = new RegisterTaskDefinitionOptions { Family = Family, Tags = Binding.ToStringMap(Tag) };
            ProcessItem(validate: () => Prepare(options),
                target: _ => options.Family ?? options.SourcePath ?? "task definition",
                action: "Register ECS task definition",
                operation: (session, ctx) => Engine.TaskDefinitions.RegisterAsync(session, options, ctx));
        }

        private void Prepare(RegisterTaskDefinitionOptions options)
        {
            switch (ParameterSetName)
            {
                case FromPath:
                    options.SourcePath = ReadPath(options);
                    break;
                case FromObject:
                    options.Json = ToJson(InputObject);
                    break;
                default:
                    options.ContainerName = ContainerName;
                    options.Image = Image;
                    options.Cpu = Cpu;
                    options.Memory = Memory;
                    options.Port = Port;
                    options.Environment = Binding.ToStringMap(Environment);
                    options.ExecutionRoleArn = ExecutionRoleArn;
                    options.TaskRoleArn = TaskRoleArn;
                    options.LogGroup = LogGroup;
                    options.LogStreamPrefix = LogStreamPrefix;
                    options.CpuArchitecture = CpuArchitecture;
                    break;
            }
            // Checked here, before -WhatIf and before any request.
            Engine.TaskDefinitions.Validate(options);
        }

        private string ReadPath(RegisterTaskDefinitionOptions options)
        {
            string resolved;
            try
            {
                resolved = GetUnresolvedProviderPathFromPSPath(Path);
                options.Json = File.ReadAllText(resolved);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ItemNotFoundException || ex is NotSupportedException || ex is ArgumentException)
            {
                throw new EcsAdminException("TaskDefinitionFileUnreadable", EcsErrorKind.ReadError,
                    "Cannot read the task definition file '" + Path + "': " + ex.Message, Path, "Check the path and that the file is readable.", ex);
            }
            return resolved;
        }

        private string ToJson(object? input)
        {
            var value = input is PSObject pso ? pso.BaseObject : input;
            if (value is string text) return text;
            if (value is IDictionary || value is PSCustomObject || input is PSObject)
            {
                var result = InvokeCommand.InvokeScript("param($o) ConvertTo-Json -InputObject $o -Depth 32 -Compress", true, PipelineResultTypes.None, null, input);
                return string.Concat(result.Select(r => r.BaseObject.ToString()));
            }
            throw new EcsAdminException("UnsupportedInputObject", EcsErrorKind.InvalidArgument,
                "-InputObject must be a hashtable, a PSCustomObject or JSON text; got " + (value?.GetType().FullName ?? "null") + ".", value,
                "Pass @{ family='web'; containerDefinitions=@(@{ name='web'; image='nginx' }); ... } or (Get-Content td.json -Raw).");
        }
    }

    /// <summary>
    /// <para type="synopsis">Gets task definitions: by family, family:revision or ARN, the latest of each family, or every revision.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsTaskDefinition", DefaultParameterSetName = ByFamily)]
    [OutputType(typeof(EcsTaskDefinition), typeof(EcsTaskDefinitionFamily))]
    public sealed class GetEcsTaskDefinitionCommand : EcsCmdlet
    {
        private const string ByReference = "ByReference";
        private const string ByFamily = "ByFamily";

        /// <summary>family (latest ACTIVE revision), family:revision, or a task definition ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByReference, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskDefinitionArn")]
        [ArgumentCompleter(typeof(TaskDefinitionFamilyCompleter))]
        public string[] TaskDefinition { get; set; } = Array.Empty<string>();

        /// <summary>Family name or pattern (wildcards) to list; all families when left out.</summary>
        [Parameter(ParameterSetName = ByFamily, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(TaskDefinitionFamilyCompleter))]
        public string? Family { get; set; }

        /// <summary>Every revision of each family, not only the latest.</summary>
        [Parameter(ParameterSetName = ByFamily)]
        public SwitchParameter AllRevisions { get; set; }

        /// <summary>List family names only.</summary>
        [Parameter(ParameterSetName = ByFamily)]
        public SwitchParameter ListFamilies { get; set; }

        /// <summary>ACTIVE (default), INACTIVE or ALL.</summary>
        [Parameter(ParameterSetName = ByFamily)]
        [ValidateSet("ACTIVE", "INACTIVE", "ALL", IgnoreCase = true)]
        public string Status { get; set; } = "ACTIVE";

        protected override void ProcessRecord()
        {
            var options = new GetTaskDefinitionOptions { FamilyPattern = Family, AllRevisions = AllRevisions, ListFamilies = ListFamilies, Status = Status };
            ProcessItem(
                validate: () =>
                {
                    if (ParameterSetName != ByReference) return;
                    if (TaskDefinition.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidTaskDefinitionReference", EcsErrorKind.InvalidArgument, "A task definition reference cannot be empty or blank.", TaskDefinition,
                            "Give a family, family:revision or ARN.");
                    options.TaskDefinition = TaskDefinition.Select(t => t.Trim()).ToArray();
                },
                operation: (session, ctx) => Engine.TaskDefinitions.GetAsync(session, options, ctx));
        }
    }

    /// <summary>
    /// <para type="synopsis">Deregisters a task definition revision (it becomes INACTIVE).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "EcsTaskDefinition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsTaskDefinition))]
    public sealed class UnregisterEcsTaskDefinitionCommand : EcsCmdlet
    {
        /// <summary>family:revision or ARN (a bare family is refused: say which revision).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskDefinitionArn")]
        public string TaskDefinition { get; set; } = "";

        /// <summary>Deregister without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the deregistered revision to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var reference = TaskDefinition?.Trim() ?? "";
            ProcessItem(
                validate: () =>
                {
                    if (reference.Length == 0 || (!reference.StartsWith("arn:", StringComparison.Ordinal) && !System.Text.RegularExpressions.Regex.IsMatch(reference, @"^[A-Za-z0-9_-]+:\d+$")))
                        throw new EcsAdminException("TaskDefinitionRevisionRequired", EcsErrorKind.InvalidArgument, "'" + reference + "' does not name one revision: give family:revision or an ARN.", TaskDefinition,
                            "Use e.g. web:3, or pipe from Get-EcsTaskDefinition web -AllRevisions.");
                },
                target: _ => reference,
                action: "Deregister ECS task definition",
                force: Force,
                discardOutput: !PassThru,
                operation: (session, ctx) => Engine.TaskDefinitions.UnregisterAsync(session, reference, ctx));
        }
    }
}
