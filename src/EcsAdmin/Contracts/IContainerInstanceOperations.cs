using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    internal sealed class GetContainerInstanceOptions
    {
        public string Cluster { get; set; } = "";
        /// <summary>Ids or ARNs; none means every instance of the cluster.</summary>
        public string[]? ContainerInstances { get; set; }
        /// <summary>ACTIVE, DRAINING, REGISTERING, DEREGISTERING, REGISTRATION_FAILED; null for all.</summary>
        public string? Status { get; set; }
        /// <summary>A cluster query language expression (ListContainerInstances filter).</summary>
        public string? Filter { get; set; }
    }

    internal sealed class SetContainerInstanceStateOptions
    {
        public string Cluster { get; set; } = "";
        public string[] ContainerInstances { get; set; } = Array.Empty<string>();
        /// <summary>ACTIVE or DRAINING.</summary>
        public string Status { get; set; } = "";
        /// <summary>When set (DRAINING only): wait until no task runs or is pending on the instances.</summary>
        public WaitSettings? Wait { get; set; }
    }

    internal sealed class AttributeOptions
    {
        public string Cluster { get; set; } = "";
        /// <summary>Container instance ids or ARNs the attributes are on.</summary>
        public string[] ContainerInstances { get; set; } = Array.Empty<string>();
        /// <summary>Name → value (null for a name-only attribute).</summary>
        public Dictionary<string, string?> Attributes { get; set; } = new Dictionary<string, string?>(StringComparer.Ordinal);
    }

    internal sealed class AnywhereActivationOptions
    {
        public string Cluster { get; set; } = "";
        /// <summary>The IAM role (name) SSM gives the registered hosts, e.g. ecsAnywhereRole.</summary>
        public string IamRole { get; set; } = "";
        public int RegistrationLimit { get; set; } = 1;
        public DateTime? ExpirationDate { get; set; }
        public string? Description { get; set; }
        public string? DefaultInstanceName { get; set; }
        public Dictionary<string, string>? Tags { get; set; }
    }

    /// <summary>Container instances, their attributes and agents, and ECS Anywhere activations.</summary>
    internal interface IContainerInstanceOperations
    {
        Task GetAsync(EcsSession session, GetContainerInstanceOptions options, OperationContext context);
        Task SetStateAsync(EcsSession session, SetContainerInstanceStateOptions options, OperationContext context);
        Task RemoveAsync(EcsSession session, string cluster, string containerInstance, bool force, OperationContext context);
        Task UpdateAgentAsync(EcsSession session, string cluster, string containerInstance, OperationContext context);

        /// <summary>Attributes of the cluster's container instances; name patterns may hold wildcards.</summary>
        Task GetAttributesAsync(EcsSession session, string cluster, string[]? names, string[]? containerInstances, OperationContext context);
        Task PutAttributesAsync(EcsSession session, AttributeOptions options, OperationContext context);
        Task DeleteAttributesAsync(EcsSession session, AttributeOptions options, OperationContext context);

        Task CreateActivationAsync(EcsSession session, AnywhereActivationOptions options, OperationContext context);
    }
}
