using System;
using System.Collections.Generic;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Exec
{
    /// <summary>
    /// <para type="synopsis">Runs a command in the containers of ECS tasks (ECS Exec) without the session-manager-plugin.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "EcsExec", DefaultParameterSetName = ByTask, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsExecResult))]
    public sealed class InvokeEcsExecCommand : EcsCmdlet
    {
        private const string ByTask = "ByTask";
        private const string ByService = "ByService";

        /// <summary>The cluster name or ARN (default: the session's default cluster, else "default").</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ClusterName", "ClusterArn")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>Task ids or ARNs (EcsTask objects from Get-EcsTask bind by TaskArn).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByTask, ValueFromPipelineByPropertyName = true)]
        [Alias("TaskArn", "TaskId")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskIdCompleter))]
        public string[] Task { get; set; } = Array.Empty<string>();

        /// <summary>A service: the command runs in one of its RUNNING tasks, or in all of them with -AllTasks.</summary>
        [Parameter(Mandatory = true, ParameterSetName = ByService, ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName", "ServiceArn")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Service { get; set; } = "";

        /// <summary>Run in every RUNNING task of the service instead of one.</summary>
        [Parameter(ParameterSetName = ByService)]
        public SwitchParameter AllTasks { get; set; }

        /// <summary>The container name; may be left out when the task has one container.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("ContainerName")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ContainerNameCompleter))]
        public string? Container { get; set; }

        /// <summary>The command line to run. It runs through /bin/sh in the container (to capture the exit code), so the image
        /// needs a POSIX shell there (dash, bash or BusyBox sh); without one the error is ExecShellNotFound. With -Interactive
        /// the command line runs as ECS runs it: split into words, without a shell (default /bin/sh).</summary>
        [Parameter(Position = 1)]
        [ValidateNotNullOrEmpty]
        public string? Command { get; set; }

        /// <summary>An interactive session in this console (one target only): keys go to the remote terminal as typed
        /// (Ctrl+C and Ctrl+D included) and the window size follows this console. Type ~. at the start of a line (after
        /// Enter) to leave at once, whatever the remote side does; ~~ sends one ~.</summary>
        [Parameter]
        public SwitchParameter Interactive { get; set; }

        /// <summary>How many sessions run at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = 8;

        /// <summary>Return the output as bytes (OutputBytes) instead of text.</summary>
        [Parameter]
        public SwitchParameter Raw { get; set; }

        /// <summary>Write an error for every non-zero exit code.</summary>
        [Parameter]
        public SwitchParameter FailOnNonZeroExit { get; set; }

        /// <summary>Time limit per session, in seconds.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int TimeoutSec { get; set; }

        private sealed class Pending
        {
            public Pending(SessionRequest request, string? cluster, ExecTarget target)
            {
                Request = request;
                Cluster = cluster;
                Target = target;
            }

            public SessionRequest Request { get; }
            [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
            public string? Cluster { get; }
            public ExecTarget Target { get; }
        }

        private readonly List<Pending> _pending = new List<Pending>();

        protected override void BeginProcessing()
        {
            if (!Interactive && string.IsNullOrWhiteSpace(Command))
                ThrowInvalidArgument("ExecCommandEmpty", "Give the command to run with -Command.", Command,
                    "For example: Invoke-EcsExec -Cluster prod -Task <id> -Command 'cat /etc/os-release'. For a shell, add -Interactive.");
            base.BeginProcessing();
        }

        protected override void ProcessRecord()
        {
            var request = BuildSessionRequest(ProfileName, Region);
            var cluster = string.IsNullOrWhiteSpace(Cluster) ? null : Cluster!.Trim();
            var container = string.IsNullOrWhiteSpace(Container) ? null : Container!.Trim();
            var action = Interactive ? "Start an interactive ECS Exec session" + (Command is null ? "" : " running '" + Command + "'")
                : "Run '" + Command + "' with ECS Exec";
            if (ParameterSetName == ByService)
            {
                var target = new ExecTarget { Service = Service.Trim(), AllTasks = AllTasks, Container = container };
                var label = (AllTasks ? "all running tasks of service " : "a running task of service ") + target.Service + " in cluster " + (cluster ?? "(default)");
                if (ShouldProcess(label, action)) _pending.Add(new Pending(request, cluster, target));
                return;
            }
            foreach (var raw in Task)
            {
                var task = raw?.Trim() ?? "";
                if (task.Length == 0)
                {
                    WriteInvalidArgument("InvalidTaskId", "A task id cannot be empty or blank.", raw, "Give the task id or ARN (Get-EcsTask lists them).");
                    continue;
                }
                var label = "task " + task + (container is null ? "" : " container " + container) + " in cluster " + (cluster ?? "(default)");
                if (ShouldProcess(label, action)) _pending.Add(new Pending(request, cluster, new ExecTarget { Task = task, Container = container }));
            }
        }

        protected override void EndProcessing()
        {
            if (_pending.Count > 0)
            {
                if (Interactive) RunInteractive();
                else RunMany();
            }
            base.EndProcessing();
        }

        private void RunMany()
        {
            var options = new ExecOptions
            {
                Command = Command!,
                ThrottleLimit = ThrottleLimit,
                Raw = Raw,
                FailOnNonZeroExit = FailOnNonZeroExit,
                Timeout = TimeoutSec > 0 ? TimeSpan.FromSeconds(TimeoutSec) : (TimeSpan?)null,
            };
            RunOperation(async ctx =>
            {
                var targets = ResolveTargets(ctx);
                await Engine.Exec.InvokeAsync(targets, options, ctx).ConfigureAwait(false);
            });
        }

        private void RunInteractive()
        {
            if (_pending.Count != 1 || _pending[0].Target.AllTasks)
                ThrowInvalidArgument("ExecInteractiveNeedsOneTarget", "-Interactive runs one session; " + _pending.Count + " targets were given" +
                    (_pending.Count == 1 ? " (-AllTasks)" : "") + ".", _pending.Count,
                    "Name one task (or one service without -AllTasks) for an interactive session; run a command in many with -Command alone.");
            if (!HostIsInteractiveConsole())
                ThrowTerminatingError(ToErrorRecord(new EcsAdminException("ExecInteractiveNeedsConsole", EcsErrorKind.InvalidOperation,
                    "-Interactive needs an interactive PowerShell console (this host is '" + Host.Name + "', or input or output is redirected).", Host.Name,
                    "Run Invoke-EcsExec -Interactive from pwsh in a terminal; in scripts use -Command without -Interactive."), null));
            var command = string.IsNullOrWhiteSpace(Command) ? "/bin/sh" : Command!;
            RunOperation(async ctx =>
            {
                var target = ResolveTargets(ctx)[0];
                await Engine.Exec.InvokeInteractiveAsync(target, command, ctx).ConfigureAwait(false);
            });
        }

        private bool HostIsInteractiveConsole()
        {
            if (!string.Equals(Host.Name, "ConsoleHost", StringComparison.Ordinal)) return false;
            try
            {
                if (Console.IsInputRedirected || Console.IsOutputRedirected) return false;
            }
            catch (PlatformNotSupportedException)
            {
                return false;
            }
            foreach (var arg in Environment.GetCommandLineArgs())
                if (arg.StartsWith("-noni", StringComparison.OrdinalIgnoreCase) && "-noninteractive".StartsWith(arg, StringComparison.OrdinalIgnoreCase))
                    return false;
            return true;
        }

        /// <summary>Resolves each distinct session once and fills in the targets' sessions and clusters.</summary>
        private List<ExecTarget> ResolveTargets(OperationContext context)
        {
            var sessions = new Dictionary<string, EcsSession>(StringComparer.Ordinal);
            var result = new List<ExecTarget>();
            foreach (var p in _pending)
            {
                var r = p.Request;
                var key = string.Join("|", r.ProfileName, r.ProfileLocation, r.Region, r.EndpointUrl,
                    r.Credential is null ? "" : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(r.Credential).ToString(),
                    r.BaseSession?.Id.ToString());
                if (!sessions.TryGetValue(key, out var session)) sessions[key] = session = Engine.ResolveSession(r, context);
                p.Target.Session = session;
                p.Target.Cluster = ClusterOrDefault(p.Cluster, session);
                result.Add(p.Target);
            }
            return result;
        }
    }
}
