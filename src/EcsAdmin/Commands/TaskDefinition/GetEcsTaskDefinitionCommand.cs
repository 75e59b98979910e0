using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.TaskDefinition
{
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
        [TextFromPipeline]
        [Alias("TaskDefinitionArn")]
        [ArgumentCompleter(typeof(TaskDefinitionCompleter))]
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
}
