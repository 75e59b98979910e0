namespace EcsAdmin.Models
{
    /// <summary>An ECS account setting (containerInsights, awsvpcTrunking, fargateTaskRetirementWaitPeriod, ...).</summary>
    public sealed class EcsAccountSetting
    {
        public string Region { get; set; } = "";
        public string Name { get; set; } = "";
        public string Value { get; set; } = "";
        /// <summary>The user, role or root ARN the setting applies to (the account root for the account default).</summary>
        public string? PrincipalArn { get; set; }
        /// <summary>user or aws_managed.</summary>
        public string? Type { get; set; }
        /// <summary>Caller (set for the identity, or read for it), AccountDefault, or Effective (read with -Effective).</summary>
        public string Scope { get; set; } = "";

        public override string ToString() => Name + "=" + Value;
    }
}
