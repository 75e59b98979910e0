using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Deployment
{
    /// <summary>
    /// <para type="synopsis">Gets ECS service revisions: task definition, images and digests, network, load balancers and capacity of each deployment.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsServiceRevision", DefaultParameterSetName = "Service")]
    [OutputType(typeof(EcsServiceRevision))]
    public sealed class GetEcsServiceRevisionCommand : EcsClusterCmdlet
    {
        /// <summary>The service whose current revisions to get.</summary>
        [Parameter(ParameterSetName = "Service", Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(ServiceNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Service revision ARNs.</summary>
        [Parameter(ParameterSetName = "Arn", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Arn")]
        public string[]? ServiceRevisionArn { get; set; }

        protected override void ProcessRecord()
        {
            var options = new GetServiceRevisionOptions { Service = ParameterSetName == "Service" ? Name?.Trim() : null, ServiceRevisionArns = ServiceRevisionArn?.Select(a => a.Trim()).ToArray() };
            ProcessItem(
                validate: () =>
                {
                    if (options.Service != null) PreflightChecks.Reference(options.Service, "service", "InvalidServiceName");
                    if (ServiceRevisionArn != null && ServiceRevisionArn.Any(a => string.IsNullOrWhiteSpace(a) || !a.Trim().StartsWith("arn:")))
                        throw new EcsAdminException("InvalidServiceRevisionArn", EcsErrorKind.InvalidArgument, "A service revision ARN starts with arn:.", ServiceRevisionArn,
                            "Take the ARNs from Get-EcsServiceDeployment (TargetRevision, SourceRevisions).");
                },
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Deployments.GetRevisionAsync(session, options, ctx);
                });
        }
    }
}
