using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Deployment
{
    /// <summary>
    /// <para type="synopsis">Stops an ECS service deployment in progress, rolling back to the previous revision (default) or aborting where it stands.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "EcsServiceDeployment", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Service")]
    [OutputType(typeof(EcsServiceDeployment), typeof(EcsDeploymentResult))]
    public sealed class StopEcsServiceDeploymentCommand : DeploymentActionCmdlet
    {
        /// <summary>Stop without rolling back: the service keeps whatever runs now (StopServiceDeployment ABORT).</summary>
        [Parameter]
        public SwitchParameter Abort { get; set; }

        /// <summary>Do not ask for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        private protected override DeploymentAction Action => Abort ? DeploymentAction.StopAbort : DeploymentAction.StopRollback;
        private protected override string ActionText => Abort ? "Abort the deployment (no rollback)" : "Stop the deployment and roll back";
        private protected override bool ForceValue => Force;
    }
}
