namespace EcsAdmin.Contracts
{
    /// <summary>Application Auto Scaling for services (issue 4).</summary>
    public interface IScalingOperations
    {
    }
}
