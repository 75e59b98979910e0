using System;

namespace EcsAdmin.Models
{
    /// <summary>The result of one command run in one container by Invoke-EcsExec.</summary>
    public sealed class EcsExecResult
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string TaskId { get; set; } = "";
        public string TaskArn { get; set; } = "";
        public string Container { get; set; } = "";
        /// <summary>The command as the user gave it (not the wrapper that reports the exit code).</summary>
        public string Command { get; set; } = "";
        /// <summary>The command's exit code; null when the session ended without reporting one.</summary>
        public int? ExitCode { get; set; }
        /// <summary>Standard output and error as the remote terminal delivered them (UTF-8, CRLF turned into LF).
        /// Null with -Raw (see <see cref="OutputBytes"/>).</summary>
        public string? Output { get; set; }
        /// <summary>The exact output bytes; set only with -Raw.</summary>
        public byte[]? OutputBytes { get; set; }
        public DateTime StartTime { get; set; }
        public TimeSpan Duration { get; set; }
        /// <summary>The Session Manager session id (ecs-execute-command-...).</summary>
        public string SessionId { get; set; } = "";

        /// <summary>True when the command exited with code 0.</summary>
        public bool Succeeded => ExitCode == 0;

        public override string ToString() => Output ?? "";
    }

    /// <summary>One check of Test-EcsExecReadiness: can Invoke-EcsExec reach this task?</summary>
    public sealed class EcsExecCheck
    {
        public EcsExecCheck() { }

        public EcsExecCheck(string check, bool passed, string detail, string? recommendedAction = null)
        {
            Check = check;
            Passed = passed;
            Detail = detail;
            RecommendedAction = recommendedAction;
        }

        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string TaskId { get; set; } = "";
        /// <summary>The check's name: TaskRunning, ExecuteCommandEnabled, ExecuteCommandAgent, PlatformVersion, TaskRole, ClusterKms.</summary>
        public string Check { get; set; } = "";
        public bool Passed { get; set; }
        public string Detail { get; set; } = "";
        /// <summary>What to do when the check failed; null when it passed.</summary>
        public string? RecommendedAction { get; set; }

        public override string ToString() => Check + ": " + (Passed ? "passed" : "FAILED") + " - " + Detail;
    }
}
