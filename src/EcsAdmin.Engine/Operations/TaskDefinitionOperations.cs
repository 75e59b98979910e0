using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;

namespace EcsAdmin.Engine.Operations
{
    internal sealed partial class TaskDefinitionOperations
    {
        private readonly AwsApiFactory _api;
        public TaskDefinitionOperations(AwsApiFactory api) => _api = api;
    }
}
