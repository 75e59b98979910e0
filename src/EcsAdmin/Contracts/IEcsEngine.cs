using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>What a cmdlet knows of how the caller wants to reach AWS; resolved by the engine.</summary>
    internal sealed class SessionRequest
    {
        public string? ProfileName { get; set; }
        public string? ProfileLocation { get; set; }
        public string? Region { get; set; }
        /// <summary>An Amazon.Runtime.AWSCredentials of any AWSSDK.Core version, or a PSCredential (key id / secret key).</summary>
        public object? Credential { get; set; }
        public string? EndpointUrl { get; set; }
        /// <summary>The -Session given, or the runspace's default session.</summary>
        public EcsSession? BaseSession { get; set; }
        public bool BaseSessionIsDefault { get; set; }
        public string? DefaultCluster { get; set; }
        public int? MaxAttempts { get; set; }
        /// <summary>Seconds one request attempt may take (Connect-EcsSession -RequestTimeoutSec); null: the session's, else 60.</summary>
        public int? RequestTimeoutSec { get; set; }
    }

    /// <summary>The engine as cmdlets see it: session resolution and one operations object per area.</summary>
    internal interface IEcsEngine
    {
        /// <summary>Resolves credentials, region and endpoints; throws <see cref="EcsAdminException"/> naming what was tried.</summary>
        EcsSession ResolveSession(SessionRequest request, OperationContext context);

        IClusterOperations Clusters { get; }
        ITaskDefinitionOperations TaskDefinitions { get; }
        IServiceOperations Services { get; }
        ITaskOperations Tasks { get; }
        IScalingOperations Scaling { get; }
        IObservabilityOperations Observability { get; }
        IExecOperations Exec { get; }
        IServiceFileOperations ServiceFiles { get; }
        IDeploymentOperations Deployments { get; }
        IRightSizingOperations RightSizing { get; }
        ICapacityProviderOperations CapacityProviders { get; }
        IContainerInstanceOperations ContainerInstances { get; }
        IAccountSettingOperations AccountSettings { get; }
        INamespaceOperations Namespaces { get; }
        ITransferOperations Transfers { get; }
    }
}
