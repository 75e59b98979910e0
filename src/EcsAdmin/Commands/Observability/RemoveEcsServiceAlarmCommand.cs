using System.Linq;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

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
        [Alias("AlarmName")]
        public string[] Name { get; set; } = new string[0];

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the deleted alarms to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            if (Name.Any(string.IsNullOrWhiteSpace))
            {
                WriteInvalidArgument("InvalidAlarmName", "An alarm name cannot be empty or blank.", Name, "Give the alarm's name, e.g. from Get-EcsServiceAlarm.");
                return;
            }
            if (Name.Select(n => Validation.InputRules.TargetName(n, "alarm", "InvalidAlarmName")).FirstOrDefault(e => e != null) is { } bad) { WriteError(ToErrorRecord(bad, null)); return; }
            var approved = Name.Select(n => n.Trim()).Where(n => ShouldProcessUnlessForced(Force, n, "Delete CloudWatch alarm")).ToArray();
            if (approved.Length == 0) return;
            RunOperation(ctx => Engine.Observability.RemoveAlarmAsync(ResolveSession(ctx), approved, ctx), discardOutput: !PassThru);
        }
    }
}
