using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>ECS account settings: read (own, a principal's, or effective) and set (for a principal or as the account default).</summary>
    internal sealed class AccountSettingOperations : IAccountSettingOperations
    {
        private readonly AwsApiFactory _api;
        public AccountSettingOperations(AwsApiFactory api) => _api = api;

        public async Task GetAsync(EcsSession session, string[]? names, string? principalArn, bool effective, OperationContext context)
        {
            FleetChecks.PrincipalArn(principalArn);
            var patterns = (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToArray();
            foreach (var p in patterns.Where(p => !Glob.HasWildcard(p))) FleetChecks.AccountSettingName(p);
            var regexes = patterns.Select(Glob.ToRegex).ToList();
            var api = _api(session, context);
            // Names are matched here: wildcards, and one listing serves every name asked for.
            string? token = null;
            do
            {
                var page = await api.CallAsync(Ecs.EcsApi.ListAccountSettings, new Ecs.ListAccountSettingsRequest
                {
                    PrincipalArn = principalArn,
                    EffectiveSettings = effective ? true : (bool?)null,
                    MaxResults = 10,
                    NextToken = token,
                }, context.CancellationToken).ConfigureAwait(false);
                foreach (var s in page.Settings ?? new List<Ecs.Setting>())
                {
                    var name = s.Name ?? "";
                    if (regexes.Count > 0 && !regexes.Any(r => r.IsMatch(name))) continue;
                    context.Output(ToModel(s, api.Region, effective ? "Effective" : null, principalArn));
                }
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));
        }

        public async Task SetAsync(EcsSession session, string name, string value, string? principalArn, bool accountDefault, OperationContext context)
        {
            var (n, v) = FleetChecks.AccountSetting(name, value);
            FleetChecks.PrincipalArn(principalArn);
            if (accountDefault && principalArn != null)
                throw new EcsAdminException("AccountDefaultWithPrincipal", EcsErrorKind.InvalidArgument,
                    "The account default applies to every principal; it takes no principal ARN.", principalArn, "Give -AccountDefault or -PrincipalArn, not both.");
            var api = _api(session, context);
            Ecs.Setting? setting;
            if (accountDefault)
                setting = (await api.CallAsync(Ecs.EcsApi.PutAccountSettingDefault, new Ecs.PutAccountSettingDefaultRequest { Name = n, Value = v }, context.CancellationToken).ConfigureAwait(false)).Setting;
            else
                setting = (await api.CallAsync(Ecs.EcsApi.PutAccountSetting, new Ecs.PutAccountSettingRequest { Name = n, Value = v, PrincipalArn = principalArn }, context.CancellationToken).ConfigureAwait(false)).Setting;
            context.Output(ToModel(setting ?? new Ecs.Setting { Name = n, Value = v, PrincipalArn = principalArn }, api.Region, accountDefault ? "AccountDefault" : null, principalArn));
        }

        internal static EcsAccountSetting ToModel(Ecs.Setting s, string region, string? scope, string? principalAsked)
        {
            var principal = s.PrincipalArn ?? principalAsked;
            return new EcsAccountSetting
            {
                Region = region,
                Name = s.Name ?? "",
                Value = s.Value ?? "",
                PrincipalArn = principal,
                Type = s.Type,
                Scope = scope ?? (principal != null && principal.EndsWith(":root", StringComparison.Ordinal) ? "AccountDefault" : principal != null && principalAsked != null ? "Principal" : "Caller"),
            };
        }
    }
}
