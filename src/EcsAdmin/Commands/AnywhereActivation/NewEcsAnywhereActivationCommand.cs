using System;
using System.Collections;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.AnywhereActivation
{
    /// <summary>
    /// <para type="synopsis">Creates an SSM activation for ECS Anywhere and returns it with the commands that register Linux and Windows hosts in the cluster.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsAnywhereActivation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsAnywhereActivation))]
    public sealed class NewEcsAnywhereActivationCommand : EcsClusterCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Role")]
        public string IamRole { get; set; } = "";

        [Parameter]
        public int RegistrationLimit { get; set; } = 1;

        [Parameter]
        public DateTime? ExpirationDate { get; set; }

        [Parameter]
        [ValidateLength(0, 256)]
        public string? Description { get; set; }

        [Parameter]
        [ValidateLength(0, 256)]
        public string? DefaultInstanceName { get; set; }

        [Parameter]
        public Hashtable? Tag { get; set; }

        protected override void ProcessRecord()
        {
            var options = new AnywhereActivationOptions
            {
                // The cluster named in the confirmation and sent is set once the session is known; the checks
                // only need a well-formed reference, which the base has already checked when -Cluster is given.
                Cluster = Cluster?.Trim() ?? "default",
                IamRole = IamRole?.Trim() ?? "",
                RegistrationLimit = RegistrationLimit,
                ExpirationDate = ExpirationDate,
                Description = Description,
                DefaultInstanceName = DefaultInstanceName,
                Tags = ParameterBinding.ToStringMap(Tag),
            };
            ProcessItem(
                validate: () => FleetChecks.Activation(options, DateTime.UtcNow),
                target: session => "SSM activation for cluster " + ClusterFor(session) + " (role " + options.IamRole + ", up to " + options.RegistrationLimit + " host(s))",
                action: "Create ECS Anywhere activation",
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.ContainerInstances.CreateActivationAsync(session, options, ctx);
                });
        }
    }
}
