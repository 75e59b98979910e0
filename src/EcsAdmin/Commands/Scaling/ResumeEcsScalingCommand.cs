using System.Management.Automation;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Scaling
{
    /// <summary>
    /// <para type="synopsis">Resumes a service's suspended auto scaling: dynamic scale-in, dynamic scale-out, scheduled actions, or all three.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Resume, "EcsScaling", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsScalingConfiguration))]
    public sealed class ResumeEcsScalingCommand : ScalingSuspensionCommandBase
    {
        protected override bool Suspend => false;
    }
}
