using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Deployment
{
    /// <summary>
    /// <para type="synopsis">Gets ECS service deployments: status, lifecycle stage, revisions, alarms, circuit breaker, rollback and pause details.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsServiceDeployment", DefaultParameterSetName = "Service")]
    [OutputType(typeof(EcsServiceDeployment))]
    public sealed class GetEcsServiceDeploymentCommand : EcsClusterCmdlet
    {
        /// <summary>Service names or ARNs; every service of the cluster (or of every cluster) when left out.</summary>
        [Parameter(ParameterSetName = "Service", Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(ServiceNameCompleter))]
        public string[]? Name { get; set; }

        // Also taken by property name in the default set: a piped EcsServiceDeployment carries its service too, and
        // PowerShell binds pipeline input to the default set first, so without this the piped deployment would list
        // every deployment of its service instead of describing itself. An ARN, when bound, wins over the name.
        /// <summary>Service deployment ARNs to describe.</summary>
        [Parameter(ParameterSetName = "Arn", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Parameter(ParameterSetName = "Service", ValueFromPipelineByPropertyName = true, DontShow = true)]
        public string[]? ServiceDeploymentArn { get; set; }

        /// <summary>Only deployments still in flight (pending, in progress, paused, stopping, rolling back).</summary>
        [Parameter(ParameterSetName = "Service")]
        public SwitchParameter InProgress { get; set; }

        /// <summary>How many of each service's newest deployments (default 10).</summary>
        [Parameter(ParameterSetName = "Service")]
        [ValidateRange(1, 1000)]
        public int First { get; set; } = 10;

        protected override void ProcessRecord()
        {
            var options = new GetServiceDeploymentOptions
            {
                Cluster = Cluster?.Trim(),
                Services = ServiceDeploymentArn is { Length: > 0 } ? null : Name?.Select(n => n.Trim()).ToArray(),
                ServiceDeploymentArns = ServiceDeploymentArn?.Select(a => a.Trim()).ToArray(),
                InProgressOnly = InProgress,
                First = First,
            };
            ProcessItem(
                validate: () =>
                {
                    if ((Name != null && Name.Any(string.IsNullOrWhiteSpace)) || (ServiceDeploymentArn != null && ServiceDeploymentArn.Any(a => string.IsNullOrWhiteSpace(a) || !a.Trim().StartsWith("arn:"))))
                        throw new EcsAdminException("InvalidServiceDeployment", EcsErrorKind.InvalidArgument, "Service names cannot be blank and deployment ARNs start with arn:.",
                            (object?)ServiceDeploymentArn ?? Name, "Give service names, or ARNs from Get-EcsServiceDeployment.");
                },
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    // With services but no cluster, the session's default cluster; with neither, every cluster.
                    if (options.Cluster is null && options.Services is { Length: > 0 }) options.Cluster = ClusterFor(session);
                    return Engine.Deployments.GetAsync(session, options, ctx);
                });
        }
    }
}
