using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;

namespace EcsAdmin.Engine.Operations
{
    internal sealed class ScalingOperations : IScalingOperations
    {
        private readonly AwsApiFactory _api;
        public ScalingOperations(AwsApiFactory api) => _api = api;
    }
}
