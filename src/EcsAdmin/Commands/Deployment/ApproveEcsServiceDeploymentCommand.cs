using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Deployment
{
    /// <summary>
    /// <para type="synopsis">Continues an ECS service deployment paused at a lifecycle hook (ContinueServiceDeployment CONTINUE).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Approve, "EcsServiceDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Service")]
    [OutputType(typeof(EcsServiceDeployment), typeof(EcsDeploymentResult))]
    public sealed class ApproveEcsServiceDeploymentCommand : DeploymentActionCmdlet
    {
        /// <summary>The paused hook; the one awaiting action when left out.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PausedHookId")]
        public string? HookId { get; set; }

        private protected override DeploymentAction Action => DeploymentAction.Continue;
        private protected override string ActionText => "Continue the paused deployment";
        private protected override string? HookIdValue => HookId;
    }
}
