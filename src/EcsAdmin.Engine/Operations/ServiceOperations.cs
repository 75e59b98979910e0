using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;

namespace EcsAdmin.Engine.Operations
{
    internal sealed class ServiceOperations : IServiceOperations
    {
        private readonly AwsApiFactory _api;
        public ServiceOperations(AwsApiFactory api) => _api = api;
    }
}
