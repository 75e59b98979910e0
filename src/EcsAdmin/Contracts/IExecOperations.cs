using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>Where one exec runs: a task, or a service whose running task(s) are looked up.</summary>
    internal sealed class ExecTarget
    {
        /// <summary>The session of the pipeline record that named this target (piped objects may carry their own region).</summary>
        public EcsSession Session { get; set; } = new EcsSession();
        public string Cluster { get; set; } = "";
        /// <summary>Task id or ARN; null when <see cref="Service"/> names the target.</summary>
        public string? Task { get; set; }
        /// <summary>Service name or ARN: its RUNNING tasks (one, or all with <see cref="AllTasks"/>).</summary>
        public string? Service { get; set; }
        public bool AllTasks { get; set; }
        /// <summary>Container name; null lets ECS choose (allowed when the task has one container).</summary>
        public string? Container { get; set; }

        public override string ToString()
            => Task != null ? "task " + Task + " in cluster " + Cluster : "service " + Service + " in cluster " + Cluster;
    }

    internal sealed class ExecOptions
    {
        /// <summary>The user's command line (wrapped by the engine to learn the exit code).</summary>
        public string Command { get; set; } = "";
        /// <summary>How many sessions run at once.</summary>
        public int ThrottleLimit { get; set; } = 8;
        /// <summary>Return the exact output bytes (OutputBytes) instead of a string.</summary>
        public bool Raw { get; set; }
        /// <summary>Write an ExecNonZeroExitCode error for a non-zero exit code (the result is still written).</summary>
        public bool FailOnNonZeroExit { get; set; }
        /// <summary>Per-session time limit; null for none.</summary>
        public TimeSpan? Timeout { get; set; }
    }

    /// <summary>ECS Exec over the Session Manager data channel. Results go through the context's Output.</summary>
    internal interface IExecOperations
    {
        /// <summary>Runs the command in every target (services expanded to tasks), at most ThrottleLimit at a time;
        /// writes one EcsExecResult per task and a non-terminating error per failed task.</summary>
        Task InvokeAsync(IReadOnlyList<ExecTarget> targets, ExecOptions options, OperationContext context);

        /// <summary>Runs an interactive session in one target with the local console as its terminal.
        /// Writes nothing to the pipeline; returns the exit code when the agent reports one.</summary>
        Task<int?> InvokeInteractiveAsync(ExecTarget target, string command, OperationContext context);

        /// <summary>Writes one EcsExecCheck per readiness check of the task.</summary>
        Task TestReadinessAsync(EcsSession session, string cluster, string task, string? container, OperationContext context);
    }
}
