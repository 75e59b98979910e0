using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.TaskDefinition
{
    /// <summary>
    /// <para type="synopsis">Registers a task definition revision from a JSON file, an object, or parameters.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "EcsTaskDefinition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = FromPath)]
    [OutputType(typeof(EcsTaskDefinition))]
    public sealed class RegisterEcsTaskDefinitionCommand : EcsCmdlet
    {
        private const string FromPath = "FromPath";
        private const string FromObject = "FromObject";
        private const string FromParameters = "FromParameters";

        /// <summary>JSON files in the form 'aws ecs register-task-definition --cli-input-json' takes; wildcards allowed, one revision per file.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FromPath, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName", "FilePath")]
        [SupportsWildcards]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>A task definition from Get-EcsTaskDefinition (registered again with every field; its copy from Import-Clixml too), a hashtable or object with the RegisterTaskDefinition fields, or JSON text.</summary>
        [Parameter(Mandatory = true, ParameterSetName = FromObject, ValueFromPipeline = true)]
        [NotAFileFromPipeline]
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
        [ArgumentCompleter(typeof(EcsAdmin.Completion.LogGroupCompleter))]
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
            if (ParameterSetName == FromPath)
            {
                // One revision per file, each its own item: a file that cannot be read is reported and the others still register.
                foreach (var file in FilesOf(Path))
                    Register(file);
                return;
            }
            if (ParameterSetName == FromObject && (InputObject is PSObject pso ? pso.BaseObject : InputObject) is string text && TaskDefinitionFiles.LooksLikePath(text, GetUnresolvedProviderPathFromPSPath))
            {
                // A piped or given string that names a JSON file is that file, not JSON text.
                foreach (var file in FilesOf(new[] { text }))
                    Register(file);
                return;
            }
            Register(null);
        }

        private IEnumerable<TaskDefinitionFile> FilesOf(string[] paths) => paths.SelectMany(p => TaskDefinitionFiles.Resolve(p, SessionState.Path));

        private void Register(TaskDefinitionFile? file)
        {
            var options = new RegisterTaskDefinitionOptions { Family = Family, Tags = ParameterBinding.ToStringMap(Tag) };
            ProcessItem(validate: () => Prepare(options, file),
                target: _ => options.Family ?? options.Definition?.Family ?? options.SourcePath ?? "task definition",
                action: "Register ECS task definition",
                perItemErrors: file != null,
                operation: (session, ctx) => Engine.TaskDefinitions.RegisterAsync(session, options, ctx));
        }

        private void Prepare(RegisterTaskDefinitionOptions options, TaskDefinitionFile? file)
        {
            switch (ParameterSetName)
            {
                case FromPath:
                case FromObject when file != null:
                    options.SourcePath = file!.Read(out var json);
                    options.Json = json;
                    break;
                case FromObject when (InputObject is PSObject wrapped ? wrapped.BaseObject : InputObject) is EcsTaskDefinition definition:
                    // Get-EcsTaskDefinition's objects register as they are, every field kept (JSON of the object would
                    // carry the model's property names, not the request's).
                    options.Definition = definition;
                    break;
                case FromObject when DeserializedModel.Is<EcsTaskDefinition>(InputObject):
                    // The same object after Export-Clixml/Import-Clixml (or from a job or a remote session).
                    options.Definition = DeserializedModel.Rebuild<EcsTaskDefinition>((PSObject)InputObject!);
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
                    options.Environment = ParameterBinding.ToStringMap(Environment);
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
}
