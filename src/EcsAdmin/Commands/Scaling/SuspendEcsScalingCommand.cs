using System.Management.Automation;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Scaling
{
    /// <summary>
    /// <para type="synopsis">Suspends a service's auto scaling: dynamic scale-in, dynamic scale-out, scheduled actions, or all three.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Suspend, "EcsScaling", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsScalingConfiguration))]
    public sealed class SuspendEcsScalingCommand : ScalingSuspensionCommandBase
    {
        protected override bool Suspend => true;
    }
}
