using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.AccountSetting
{
    /// <summary>
    /// <para type="synopsis">Sets an ECS account setting for the caller, for a principal, or as the account default.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "EcsAccountSetting", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = Caller)]
    [OutputType(typeof(EcsAccountSetting))]
    public sealed class SetEcsAccountSettingCommand : EcsCmdlet
    {
        private const string Caller = "Caller";
        private const string Principal = "Principal";
        private const string AccountDefaultSet = "AccountDefault";

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AccountSettingNameCompleter))]
        public string Name { get; set; } = "";

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(AccountSettingValueCompleter))]
        public string Value { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = Principal, ValueFromPipelineByPropertyName = true)]
        public string PrincipalArn { get; set; } = "";

        [Parameter(Mandatory = true, ParameterSetName = AccountDefaultSet)]
        public SwitchParameter AccountDefault { get; set; }

        protected override void ProcessRecord()
        {
            string name = "", value = "";
            var principal = ParameterSetName == Principal ? PrincipalArn?.Trim() : null;
            bool accountDefault = AccountDefault;
            var target = accountDefault ? "the account default (every user and role without its own setting)"
                : principal ?? "the calling identity";
            ProcessItem(
                validate: () =>
                {
                    (name, value) = FleetChecks.AccountSetting(Name, Value);
                    if (ParameterSetName == Principal) FleetChecks.PrincipalArn(principal ?? "");
                },
                target: _ => target,
                actionFor: _ => "Set ECS account setting " + name + " = " + value,
                operation: (session, ctx) => Engine.AccountSettings.SetAsync(session, name, value, principal, accountDefault, ctx));
        }
    }
}
