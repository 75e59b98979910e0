namespace EcsAdmin.Contracts
{
    /// <summary>ECS Exec over the Session Manager data channel (issue 6).</summary>
    public interface IExecOperations
    {
    }
}
