using System.Management.Automation;

namespace EcsAdmin.Commands
{
    /// <summary>Base for cmdlets that act in one profile and one region.</summary>
    public abstract class EcsCmdlet : EcsCmdletBase
    {
        /// <summary>The named profile from the shared config/credentials files.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Profile")]
        public string? ProfileName { get; set; }

        /// <summary>The AWS region, e.g. us-east-1.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Region { get; set; }

        protected override string? ProfileNameValue => ProfileName;
        protected override string? RegionValue => Region;
    }
}
