using System.Management.Automation;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Creates a Fargate service (awsvpc, circuit breaker with rollback on by default) and optionally waits for its deployment.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsFargateService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsService), typeof(EcsDeploymentResult))]
    public sealed class NewEcsFargateServiceCommand : EcsNewServiceCmdlet
    {
        [Parameter]
        [ValidateSet("FARGATE")]
        public string? LaunchType { get; set; }

        protected override void ProcessRecord() => CreateService(fargateOnly: true, LaunchType, null, "Create Fargate service");
    }
}
