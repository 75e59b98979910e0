using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Deployment
{
    /// <summary>
    /// <para type="synopsis">Rejects an ECS service deployment paused at a lifecycle hook: ECS rolls it back (ContinueServiceDeployment ROLLBACK).</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Deny, "EcsServiceDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Service")]
    [OutputType(typeof(EcsServiceDeployment), typeof(EcsDeploymentResult))]
    public sealed class DenyEcsServiceDeploymentCommand : DeploymentActionCmdlet
    {
        /// <summary>The paused hook; the one awaiting action when left out.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("PausedHookId")]
        public string? HookId { get; set; }

        private protected override DeploymentAction Action => DeploymentAction.Reject;
        private protected override string ActionText => "Reject the paused deployment and roll back";
        private protected override string? HookIdValue => HookId;
    }
}
