using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Cluster
{
    /// <summary>
    /// <para type="synopsis">Deletes an ECS cluster.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Remove, "EcsCluster", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(EcsCluster))]
    public sealed class RemoveEcsClusterCommand : EcsCmdlet
    {
        /// <summary>The cluster name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ClusterName", "Cluster")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>Delete without asking for confirmation.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Write the deleted cluster (status INACTIVE) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var name = Name?.Trim() ?? "";
            ProcessItem(
                validate: () =>
                {
                    if (name.Length == 0)
                        throw new EcsAdminException("InvalidClusterName", EcsErrorKind.InvalidArgument, "A cluster name cannot be empty or blank.", Name, "Give the cluster's name or ARN.");
                    InputRules.Throw(InputRules.TargetName(name, "cluster", "InvalidClusterName"));
                },
                target: _ => name,
                action: "Delete ECS cluster",
                force: Force,
                discardOutput: !PassThru,
                operation: (session, ctx) => Engine.Clusters.RemoveAsync(session, name, ctx));
        }
    }
}
