namespace EcsAdmin.Contracts
{
    /// <summary>Tasks: list, describe, run, stop (issue 3).</summary>
    public interface ITaskOperations
    {
    }
}
