using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;

namespace EcsAdmin.Engine.Operations
{
    internal sealed class TaskOperations : ITaskOperations
    {
        private readonly AwsApiFactory _api;
        public TaskOperations(AwsApiFactory api) => _api = api;
    }
}
