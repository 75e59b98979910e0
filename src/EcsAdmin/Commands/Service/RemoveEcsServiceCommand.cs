using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Deletes an ECS service, scaling it to 0 first unless -Force.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsService))]
    public sealed class RemoveEcsServiceCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Delete without confirmation and without scaling to 0 first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var options = new RemoveServiceOptions { Service = Name?.Trim() ?? "", Force = Force };
            ProcessItem(
                validate: () =>
                {
                    PreflightChecks.Reference(options.Service, "service", "InvalidServiceName");
                    InputRules.Throw(InputRules.TargetName(options.Service, "service", "InvalidServiceName")
                        ?? (Cluster is null ? null : InputRules.TargetName(Cluster, "cluster", "InvalidClusterName")));
                },
                target: session => options.Service + " (cluster " + ClusterFor(session) + ")",
                action: Force ? "Delete ECS service (force, running tasks are stopped)" : "Scale ECS service to 0 and delete it",
                force: Force,
                perItemErrors: true,
                discardOutput: !PassThru,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Services.RemoveAsync(session, options, ctx);
                });
        }
    }
}
