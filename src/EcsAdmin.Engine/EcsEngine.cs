using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Engine.Session;
using EcsAdmin.Models;

namespace EcsAdmin.Engine
{
    /// <summary>The engine the module loads (by name, through EngineLoader): session resolution and operations.</summary>
    internal sealed class EcsEngine : IEcsEngine
    {
        private readonly SessionResolver _resolver;

        public EcsEngine() : this(null, null) { }

        /// <summary>Tests pass a fake AWS seam and environment.</summary>
        public EcsEngine(AwsApiFactory? apiFactory, IEnvironment? environment)
        {
            _resolver = new SessionResolver(environment);
            var api = apiFactory ?? ((session, context) => new SessionAwsApi(session, context));
            Clusters = new ClusterOperations(api);
            TaskDefinitions = new TaskDefinitionOperations(api);
            Services = new ServiceOperations(api);
            Tasks = new TaskOperations(api);
            Scaling = new ScalingOperations(api);
            Observability = new ObservabilityOperations(api);
            Exec = new ExecOperations(api);
            ServiceFiles = new ServiceFileOperations(api);
            Deployments = new DeploymentOperations(api);
            RightSizing = new RightSizingOperations(api);
            CapacityProviders = new CapacityProviderOperations(api);
            ContainerInstances = new ContainerInstanceOperations(api);
            AccountSettings = new AccountSettingOperations(api);
            Namespaces = new NamespaceOperations(api);
            Transfers = new TransferOperations(api);
        }

        public EcsSession ResolveSession(SessionRequest request, OperationContext context) => _resolver.Resolve(request, context);

        public IClusterOperations Clusters { get; }
        public ITaskDefinitionOperations TaskDefinitions { get; }
        public IServiceOperations Services { get; }
        public ITaskOperations Tasks { get; }
        public IScalingOperations Scaling { get; }
        public IObservabilityOperations Observability { get; }
        public IExecOperations Exec { get; }
        public IServiceFileOperations ServiceFiles { get; }
        public IDeploymentOperations Deployments { get; }
        public IRightSizingOperations RightSizing { get; }
        public ICapacityProviderOperations CapacityProviders { get; }
        public IContainerInstanceOperations ContainerInstances { get; }
        public IAccountSettingOperations AccountSettings { get; }
        public INamespaceOperations Namespaces { get; }
        public ITransferOperations Transfers { get; }
    }
}
