using System;
using System.Management.Automation;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Deployment
{
    /// <summary>Base of the operator verbs on a deployment in flight: the service (its deployment in progress) or a deployment ARN, -Wait and -TimeoutSec.</summary>
    public abstract class DeploymentActionCmdlet : EcsClusterCmdlet
    {
        /// <summary>The service whose deployment in progress is acted on.</summary>
        [Parameter(ParameterSetName = "Service", Mandatory = true, Position = 0)]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(ServiceNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>The service deployment ARN (an EcsServiceDeployment or EcsDeploymentResult binds through it).</summary>
        [Parameter(ParameterSetName = "Arn", Mandatory = true, ValueFromPipelineByPropertyName = true)]
        public string ServiceDeploymentArn { get; set; } = "";

        /// <summary>Follow the deployment afterwards and write an EcsDeploymentResult.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>How long -Wait follows the deployment, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 1800;

        private protected abstract DeploymentAction Action { get; }
        private protected abstract string ActionText { get; }
        private protected virtual string? HookIdValue => null;

        protected override void ProcessRecord()
        {
            var byArn = ParameterSetName == "Arn";
            var options = new DeploymentActionOptions
            {
                Service = byArn ? null : Name?.Trim(),
                ServiceDeploymentArn = byArn ? ServiceDeploymentArn?.Trim() : null,
                HookId = HookIdValue,
                Action = Action,
                Wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec) } : null,
            };
            ProcessItem(
                validate: () =>
                {
                    if (byArn && !(options.ServiceDeploymentArn ?? "").StartsWith("arn:"))
                        throw new EcsAdminException("InvalidServiceDeploymentArn", EcsErrorKind.InvalidArgument, "'" + options.ServiceDeploymentArn + "' is not a service deployment ARN.", options.ServiceDeploymentArn,
                            "Take the ARN from Get-EcsServiceDeployment, or give the service name instead.");
                    if (!byArn) PreflightChecks.Reference(options.Service ?? "", "service", "InvalidServiceName");
                },
                target: session => byArn ? options.ServiceDeploymentArn! : "deployment in progress of " + options.Service + " (cluster " + ClusterFor(session) + ")",
                action: ActionText,
                force: ForceValue,
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Deployments.ActAsync(session, options, ctx);
                });
        }

        private protected virtual bool ForceValue => false;
    }
}
