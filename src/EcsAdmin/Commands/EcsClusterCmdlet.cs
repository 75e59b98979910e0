using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Completion;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands
{
    // The cluster-scoped bases of the cmdlet skeleton, and the parameter groups several cmdlets share.
    // PowerShell binds only properties of the cmdlet class itself (and its bases), so a shared group is
    // an abstract base in the chain, never a separate holder object.

    /// <summary>
    /// Base for cmdlets that act in one cluster: declares -Cluster (named, never positional: position 0 is the
    /// thing the cmdlet acts on, the same rule in every cmdlet) once, checks it before any request,
    /// and gives the cluster an item acts on (the parameter, else the session's default cluster, else "default").
    /// </summary>
    public abstract class EcsClusterCmdlet : EcsCmdlet
    {
        /// <summary>The cluster name or ARN; the session's default cluster, else "default", when left out.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName")]
        [ArgumentCompleter(typeof(ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>The cluster this item acts on, once the session is known.</summary>
        protected string ClusterFor(EcsSession session) => ClusterOrDefault(Cluster, session);

        protected override void ValidateShared()
        {
            if (Cluster != null) PreflightChecks.Reference(Cluster, "cluster", "InvalidClusterName");
        }
    }

    /// <summary>Base for cluster cmdlets that take a capacity provider strategy: declares -CapacityProviderStrategy once.</summary>
    public abstract class EcsCapacityCmdlet : EcsClusterCmdlet
    {
        /// <summary>The capacity provider strategy: @{CapacityProvider='FARGATE_SPOT'; Weight=4} items or 'PROVIDER:weight:base' strings.</summary>
        [Parameter]
        public object[]? CapacityProviderStrategy { get; set; }

        /// <summary>The strategy as items (throws EcsAdminException on a malformed item).</summary>
        protected EcsCapacityProviderStrategyItem[]? CapacityStrategy() => ParameterBinding.ToStrategy(CapacityProviderStrategy);
    }

    /// <summary>Base for cmdlets that place tasks in a VPC: declares -Subnet, -SecurityGroup and -AssignPublicIp once.</summary>
    public abstract class EcsNetworkCmdlet : EcsCapacityCmdlet
    {
        /// <summary>The subnets of the tasks' network interfaces.</summary>
        [Parameter]
        public string[]? Subnet { get; set; }

        /// <summary>The security groups of the tasks' network interfaces.</summary>
        [Parameter]
        public string[]? SecurityGroup { get; set; }

        /// <summary>Give the tasks a public IP address.</summary>
        [Parameter]
        public SwitchParameter AssignPublicIp { get; set; }
    }
}
