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
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.TaskDefinition
{
    /// <summary>
    /// <para type="synopsis">Deregisters a task definition revision (it becomes INACTIVE).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Unregister, "EcsTaskDefinition", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsTaskDefinition))]
    public sealed class UnregisterEcsTaskDefinitionCommand : EcsCmdlet
    {
        /// <summary>family:revision or ARN (a bare family is refused: say which revision).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("TaskDefinitionArn")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskDefinitionCompleter))]
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
                    // Wildcards, objects given for names and malformed ARNs get their own ErrorId; every other
                    // malformed reference is the one below.
                    if (InputRules.TargetName(reference, "task definition", "TaskDefinitionRevisionRequired") is { ErrorId: not "TaskDefinitionRevisionRequired" } bad)
                        throw bad;
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
