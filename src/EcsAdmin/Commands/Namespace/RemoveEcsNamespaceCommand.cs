using System;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Namespace
{
    /// <summary>
    /// <para type="synopsis">Deletes an AWS Cloud Map namespace.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsNamespace", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsNamespace))]
    public sealed class RemoveEcsNamespaceCommand : EcsCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Id", "NamespaceId")]
        [ArgumentCompleter(typeof(NamespaceNameCompleter))]
        public string Namespace { get; set; } = "";

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 600;

        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var key = Namespace?.Trim() ?? "";
            var wait = new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec), PollInterval = TimeSpan.FromSeconds(1), MaxPollInterval = TimeSpan.FromSeconds(10) };
            ProcessItem(
                validate: () =>
                {
                    if (key.Length == 0)
                        throw new EcsAdminException("InvalidNamespaceName", EcsErrorKind.InvalidArgument, "A namespace name or id cannot be empty or blank.", Namespace,
                            "Give the namespace's name, id (ns-...) or ARN.");
                },
                target: _ => "Cloud Map namespace " + key,
                action: "Delete Cloud Map namespace",
                force: Force,
                perItemErrors: true,
                discardOutput: !PassThru,
                operation: (session, ctx) => Engine.Namespaces.RemoveAsync(session, key, wait, ctx));
        }
    }
}
