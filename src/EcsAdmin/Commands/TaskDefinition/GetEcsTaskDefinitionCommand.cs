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

        /// <summary>Every revision of each family, not only the latest (Get-EcsTaskDefinition web -AllRevisions).</summary>
        [Parameter(ParameterSetName = ByFamily)]
        [Parameter(ParameterSetName = ByReference)]
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
                    if (AllRevisions)
                    {
                        var withRevision = options.TaskDefinition.FirstOrDefault(t => t.IndexOf(':') >= 0 || t.IndexOf('/') >= 0);
                        if (withRevision != null)
                            throw new EcsAdminException("AllRevisionsNeedsFamily", EcsErrorKind.InvalidArgument,
                                "'" + withRevision + "' names one revision; -AllRevisions lists the revisions of a family.", withRevision,
                                "Give the family alone: Get-EcsTaskDefinition " + FamilyOf(withRevision) + " -AllRevisions.");
                    }
                },
                operation: async (session, ctx) =>
                {
                    if (ParameterSetName != ByReference || !AllRevisions)
                    {
                        await Engine.TaskDefinitions.GetAsync(session, options, ctx).ConfigureAwait(false);
                        return;
                    }
                    // The positional names are families: list each one's revisions, as -Family does.
                    foreach (var family in options.TaskDefinition!)
                        await Engine.TaskDefinitions.GetAsync(session, new GetTaskDefinitionOptions { FamilyPattern = family, AllRevisions = true, Status = options.Status }, ctx).ConfigureAwait(false);
                });
        }

        private static string FamilyOf(string reference)
        {
            var name = reference.Substring(reference.LastIndexOf('/') + 1);
            var colon = name.IndexOf(':');
            return colon >= 0 ? name.Substring(0, colon) : name;
        }
    }
}
