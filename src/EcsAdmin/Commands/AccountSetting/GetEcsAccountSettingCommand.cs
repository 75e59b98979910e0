using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.AccountSetting
{
    /// <summary>
    /// <para type="synopsis">Gets ECS account settings: the caller's (or a principal's), or the effective ones.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsAccountSetting")]
    [OutputType(typeof(EcsAccountSetting))]
    public sealed class GetEcsAccountSettingCommand : EcsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AccountSettingNameCompleter))]
        public string[]? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? PrincipalArn { get; set; }

        [Parameter]
        public SwitchParameter Effective { get; set; }

        protected override void ProcessRecord()
        {
            string[]? names = null;
            string? principal = null;
            bool effective = Effective;
            ProcessItem(
                validate: () =>
                {
                    foreach (var n in Name ?? new string[0])
                    {
                        if (string.IsNullOrWhiteSpace(n))
                            throw new EcsAdminException("UnknownAccountSetting", EcsErrorKind.InvalidArgument, "An account setting name cannot be empty or blank.", n, "Give a name such as containerInsights, or leave -Name out.");
                        if (!WildcardPattern.ContainsWildcardCharacters(n)) FleetChecks.AccountSettingName(n);
                    }
                    principal = string.IsNullOrWhiteSpace(PrincipalArn) ? null : PrincipalArn!.Trim();
                    FleetChecks.PrincipalArn(principal);
                    names = Name?.Select(n => WildcardPattern.ContainsWildcardCharacters(n) ? n.Trim() : FleetChecks.AccountSettingName(n)).ToArray();
                },
                operation: (session, ctx) => Engine.AccountSettings.GetAsync(session, names, principal, effective, ctx));
        }
    }
}
