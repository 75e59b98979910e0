using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Observability
{
    /// <summary>
    /// <para type="synopsis">Deletes CloudWatch alarms (for example those made by New-EcsServiceAlarm).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsServiceAlarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsServiceAlarm))]
    public sealed class RemoveEcsServiceAlarmCommand : EcsCmdlet
    {
        /// <summary>The alarm names (Get-EcsServiceAlarm's output pipes in by AlarmName).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("AlarmName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.AlarmNameCompleter))]
        public string[] Name { get; set; } = new string[0];

        /// <summary>Delete without asking for confirmation, and delete alarms Application Auto Scaling owns too.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the deleted alarms to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            ProcessTargets(Name.Select(n => n?.Trim() ?? "").ToArray(), "Delete CloudWatch alarm",
                validate: () =>
                {
                    if (Name.Any(string.IsNullOrWhiteSpace))
                        throw new EcsAdminException("InvalidAlarmName", EcsErrorKind.InvalidArgument, "An alarm name cannot be empty or blank.", Name, "Give the alarm's name, e.g. from Get-EcsServiceAlarm.");
                    InputRules.Throw(Name.Select(n => InputRules.TargetName(n, "alarm", "InvalidAlarmName")).FirstOrDefault(e => e != null));
                },
                force: Force,
                discardOutput: !PassThru,
                operation: (session, approved, ctx) => Engine.Observability.RemoveAlarmAsync(session, approved.ToArray(), Force, ctx));
        }
    }
}
