using System;
using System.Collections;
using System.Management.Automation;
using EcsAdmin.Commands.Cluster;
using EcsAdmin.Commands.ContainerInstance;
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
    public sealed class NewEcsAnywhereActivationCommand : EcsCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

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
            var cluster = FleetCluster.Label(Cluster, Session);
            var options = new AnywhereActivationOptions
            {
                Cluster = cluster,
                IamRole = IamRole?.Trim() ?? "",
                RegistrationLimit = RegistrationLimit,
                ExpirationDate = ExpirationDate,
                Description = Description,
                DefaultInstanceName = DefaultInstanceName,
                Tags = Binding.ToStringMap(Tag),
            };
            try
            {
                FleetChecks.Activation(options, DateTime.UtcNow);
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }
            if (!ShouldProcess("SSM activation for cluster " + cluster + " (role " + options.IamRole + ", up to " + options.RegistrationLimit + " host(s))", "Create ECS Anywhere activation")) return;
            RunOperation(Service.PerItem.NonTerminating(ctx => Engine.ContainerInstances.CreateActivationAsync(ResolveSession(ctx), options, ctx)));
        }
    }
}
