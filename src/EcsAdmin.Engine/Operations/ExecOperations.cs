using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;

namespace EcsAdmin.Engine.Operations
{
    internal sealed class ExecOperations : IExecOperations
    {
        private readonly AwsApiFactory _api;
        public ExecOperations(AwsApiFactory api) => _api = api;
    }
}
