using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Deployment
{
    /// <summary>
    /// <para type="synopsis">Lists the property-level differences between two ECS service revisions: images and digests, environment, size, network, load balancers, capacity, volumes.</para>
    /// </summary>
    [Cmdlet(VerbsData.Compare, "EcsServiceRevision")]
    [OutputType(typeof(EcsRevisionDifference))]
    public sealed class CompareEcsServiceRevisionCommand : EcsCmdlet
    {
        /// <summary>The revision compared from (typically the one running before).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ReferenceRevision")]
        public string ReferenceArn { get; set; } = "";

        /// <summary>The revision compared to (typically the one deployed).</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("DifferenceRevision", "ServiceRevisionArn")]
        public string DifferenceArn { get; set; } = "";

        /// <summary>Compare only the revisions, not their task definitions (no DescribeTaskDefinition calls).</summary>
        [Parameter]
        public SwitchParameter ExcludeTaskDefinition { get; set; }

        protected override void ProcessRecord()
        {
            var options = new CompareServiceRevisionOptions { ReferenceArn = ReferenceArn?.Trim() ?? "", DifferenceArn = DifferenceArn?.Trim() ?? "", IncludeTaskDefinition = !ExcludeTaskDefinition };
            ProcessItem(
                validate: () =>
                {
                    foreach (var a in new[] { options.ReferenceArn, options.DifferenceArn })
                        if (!a.StartsWith("arn:"))
                            throw new EcsAdminException("InvalidServiceRevisionArn", EcsErrorKind.InvalidArgument, "'" + a + "' is not a service revision ARN.", a,
                                "Take the ARNs from Get-EcsServiceDeployment (TargetRevision, SourceRevisions) or Get-EcsServiceRevision.");
                },
                perItemErrors: true,
                operation: (session, ctx) => Engine.Deployments.CompareRevisionsAsync(session, options, ctx));
        }
    }
}
