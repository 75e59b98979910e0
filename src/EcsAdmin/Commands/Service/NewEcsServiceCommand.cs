using System.Management.Automation;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// <para type="synopsis">Creates a service on any launch model (EC2, EXTERNAL, Fargate or capacity providers), with placement strategies and constraints and REPLICA or DAEMON scheduling.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsService), typeof(EcsDeploymentResult))]
    public sealed class NewEcsServiceCommand : EcsNewServiceCmdlet
    {
        /// <summary>EC2, EXTERNAL (ECS Anywhere) or FARGATE; without it and without a capacity provider strategy, the cluster's default strategy, else EC2.</summary>
        [Parameter]
        [ValidateSet("EC2", "EXTERNAL", "FARGATE", IgnoreCase = true)]
        public string? LaunchType { get; set; }

        /// <summary>REPLICA (the default: -DesiredCount tasks placed by the strategies) or DAEMON (one task on each container instance).</summary>
        [Parameter]
        [ValidateSet("REPLICA", "DAEMON", IgnoreCase = true)]
        public string? SchedulingStrategy { get; set; }

        protected override void ProcessRecord()
            => CreateService(fargateOnly: false, LaunchType, SchedulingStrategy,
                "Create " + (SchedulingStrategy?.ToUpperInvariant() == "DAEMON" ? "daemon " : "") + "ECS service" + (LaunchType is null ? "" : " (" + LaunchType.ToUpperInvariant() + ")"));
    }
}
