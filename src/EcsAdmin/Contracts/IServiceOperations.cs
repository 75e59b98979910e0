namespace EcsAdmin.Contracts
{
    /// <summary>Fargate services and deployments (issue 3).</summary>
    public interface IServiceOperations
    {
    }
}
