using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;

namespace EcsAdmin.Engine.Operations
{
    internal sealed class ObservabilityOperations : IObservabilityOperations
    {
        private readonly AwsApiFactory _api;
        public ObservabilityOperations(AwsApiFactory api) => _api = api;
    }
}
