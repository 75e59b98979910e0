namespace EcsAdmin.Contracts
{
    /// <summary>Service health verdicts, CloudWatch metrics and alarms, CloudWatch Logs (issue 5).</summary>
    public interface IObservabilityOperations
    {
    }
}
