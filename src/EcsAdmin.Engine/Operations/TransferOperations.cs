using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Exec;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Ssm = EcsAdmin.Engine.Aws.Generated.Ssm;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// Port forwarding (SSM StartSession with the port-forwarding documents, then EcsAdmin.Exec's port session) and file
    /// copy (over exec sessions) into ECS tasks, without the session-manager-plugin.
    /// </summary>
    internal sealed partial class TransferOperations : ITransferOperations
    {
        /// <summary>Progress activity id of Start-EcsPortForward's status line.</summary>
        public const int PortForwardActivityId = 6070;
        public const string PortDocument = "AWS-StartPortForwardingSession";
        public const string RemoteHostPortDocument = "AWS-StartPortForwardingSessionToRemoteHost";

        private readonly AwsApiFactory _api;

        public TransferOperations(AwsApiFactory api) { _api = api; }

        /// <summary>Data-channel tuning for tests; null uses the defaults.</summary>
        internal Func<ExecChannelOptions>? ChannelOptions { get; set; }

        /// <summary>The container a session goes to, and its SSM target.</summary>
        private sealed class TaskContainer
        {
            public string TaskArn { get; set; } = "";
            public string TaskId { get; set; } = "";
            public string ClusterName { get; set; } = "";
            public string Container { get; set; } = "";
            public string RuntimeId { get; set; } = "";
            public string Target => "ecs:" + ClusterName + "_" + TaskId + "_" + RuntimeId;
        }

        /// <summary>DescribeTasks: the task, its container (the only one, or the one named) and the container's runtime id,
        /// which the SSM target needs.</summary>
        private static async Task<TaskContainer> FindContainerAsync(IAwsApi api, string cluster, string task, string? container, OperationContext context)
        {
            task = await TaskIds.ResolveAsync(api, cluster, task, context).ConfigureAwait(false);
            var described = await api.CallAsync(Ecs.EcsApi.DescribeTasks,
                new Ecs.DescribeTasksRequest { Cluster = cluster, Tasks = new List<string> { task } }, context.CancellationToken).ConfigureAwait(false);
            var t = described.Tasks?.FirstOrDefault();
            if (t is null) throw ExecOperations.TaskNotFound(Mapping.NameFromArn(cluster), task, api.Region, described.Failures?.FirstOrDefault()?.Reason);
            var taskId = ExecOperations.TaskIdOf(t.TaskArn ?? task);
            var containers = t.Containers ?? new List<Ecs.Container>();
            Ecs.Container? c;
            if (!string.IsNullOrEmpty(container))
            {
                c = containers.FirstOrDefault(x => string.Equals(x.Name, container, StringComparison.Ordinal));
                if (c is null)
                    throw new EcsAdminException("ContainerNotFound", EcsErrorKind.ObjectNotFound,
                        "Task " + taskId + " has no container named '" + container + "' (its containers: " + Names(containers) + ").", container,
                        "Give one of the task's container names with -Container.");
            }
            else if (containers.Count == 1) c = containers[0];
            else
                throw new EcsAdminException("ContainerRequired", EcsErrorKind.InvalidArgument,
                    "Task " + taskId + " has " + containers.Count + " containers (" + Names(containers) + "); say which one with -Container.", task,
                    "Add -Container <name>, e.g. -Container " + (containers.FirstOrDefault()?.Name ?? "app") + ".");
            if (string.IsNullOrEmpty(c.RuntimeId))
                throw new EcsAdminException("ContainerNotRunning", EcsErrorKind.InvalidOperation,
                    "Container '" + c.Name + "' of task " + taskId + " has no runtime id (last status " + (c.LastStatus ?? "unknown") + "): it is not running, so Session Manager cannot reach it.", task,
                    "Pick a RUNNING task (Get-EcsTask -DesiredStatus RUNNING) and check it with Test-EcsExecReadiness.");
            return new TaskContainer
            {
                TaskArn = t.TaskArn ?? task,
                TaskId = taskId,
                ClusterName = Mapping.NameFromArn(string.IsNullOrEmpty(t.ClusterArn) ? cluster : t.ClusterArn),
                Container = c.Name ?? "",
                RuntimeId = c.RuntimeId!,
            };
        }

        private static string Names(List<Ecs.Container> containers) =>
            containers.Count == 0 ? "none" : string.Join(", ", containers.Select(x => x.Name));

        // ---------------------------------------------------------------- port forwarding

        public async Task<IPortForwardHandle> StartPortForwardAsync(EcsSession session, PortForwardRequest request, OperationContext context)
        {
            if (!IPAddress.TryParse(request.LocalAddress, out var localAddress))
                throw new EcsAdminException("InvalidLocalAddress", EcsErrorKind.InvalidArgument,
                    "'" + request.LocalAddress + "' is not an IP address.", request.LocalAddress, "Give an address of this machine, e.g. -LocalAddress 127.0.0.1.");
            var api = _api(session, context);
            var target = await FindContainerAsync(api, request.Cluster, request.Task, request.Container, context).ConfigureAwait(false);

            var document = request.RemoteHost is null ? PortDocument : RemoteHostPortDocument;
            var parameters = new Dictionary<string, List<string>>
            {
                ["portNumber"] = new List<string> { request.RemotePort.ToString(CultureInfo.InvariantCulture) },
                ["localPortNumber"] = new List<string> { request.LocalPort.ToString(CultureInfo.InvariantCulture) },
            };
            if (request.RemoteHost != null) parameters["host"] = new List<string> { request.RemoteHost };
            Ssm.StartSessionResponse reply;
            try
            {
                reply = await api.CallAsync(Ssm.SsmApi.StartSession, new Ssm.StartSessionRequest
                {
                    Target = target.Target,
                    DocumentName = document,
                    Parameters = parameters,
                    Reason = "Start-EcsPortForward",
                }, context.CancellationToken).ConfigureAwait(false);
            }
            catch (EcsAdminException ex)
            {
                throw new EcsAdminException(ex.ErrorId, ex.Kind,
                    "SSM StartSession (" + document + ") for task " + target.TaskId + ", container " + target.Container + " failed: " + ex.Message, request.Task,
                    ex.AwsErrorCode == "TargetNotConnected"
                        ? "The task's SSM agent is not connected; run Test-EcsExecReadiness -Cluster " + target.ClusterName + " -Task " + target.TaskId + " to see why."
                        : ex.RecommendedAction ?? "Check that you may call ssm:StartSession on the task and on the document " + document + ".",
                    null, ex.AwsErrorCode);
            }
            context.AddSecret(reply.TokenValue);
            if (string.IsNullOrEmpty(reply.SessionId) || string.IsNullOrEmpty(reply.TokenValue)
                || !Uri.TryCreate(reply.StreamUrl, UriKind.Absolute, out var url) || (url.Scheme != "wss" && url.Scheme != "ws"))
            {
                if (!string.IsNullOrEmpty(reply.SessionId)) await ExecOperations.TerminateAsync(api, reply.SessionId!, context).ConfigureAwait(false);
                throw new EcsAdminException("PortForwardInvalidSession", EcsErrorKind.InvalidResult,
                    "SSM StartSession for task " + target.TaskId + " returned no usable session (session id, stream URL or token missing).", request.Task,
                    "Check the SSM endpoint (-EndpointUrl / AWS_ENDPOINT_URL_SSM).");
            }
            context.Verbose("Port session " + reply.SessionId + " started on " + target.Target + " (" + document + ", port " + request.RemotePort +
                (request.RemoteHost is null ? "" : " of " + request.RemoteHost) + ").");

            var options = new PortForwardOptions
            {
                LocalAddress = localAddress,
                LocalPort = request.LocalPort,
                Channel = ChannelOptions?.Invoke() ?? new ExecChannelOptions(),
            };
            PortForwardSession forward;
            try
            {
                forward = await PortForwardSession.StartAsync(new ExecConnection(url, reply.TokenValue!, reply.SessionId!), options, context.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ExecException || ex is OperationCanceledException)
            {
                await ExecOperations.TerminateAsync(api, reply.SessionId!, context).ConfigureAwait(false);
                if (ex is OperationCanceledException) throw;
                if (ex is PortForwardBindException bind)
                    throw new EcsAdminException("LocalPortUnavailable", EcsErrorKind.ResourceExists,
                        "Cannot listen on " + bind.EndPoint + ": " + bind.InnerException?.Message, request.LocalPort,
                        "Pick another -LocalPort (or leave it out for a free one), or stop what listens there.");
                throw new EcsAdminException("PortForwardFailed", EcsErrorKind.ConnectionError,
                    "The port session to task " + target.TaskId + " (cluster " + target.ClusterName + ") failed: " + ex.Message, request.Task,
                    "Check the network path to the ssmmessages endpoint and run Test-EcsExecReadiness for the task; then retry.");
            }
            context.Verbose("Listening on " + forward.LocalEndPoint + " (" + forward.Mode + " mode, agent " + (forward.AgentVersion ?? "unknown") + ").");
            // SSM TerminateSession at the end runs after the cmdlet is gone (-AsJob): its own silent context.
            var quiet = new OperationContext(NullSink.Instance, CancellationToken.None);
            quiet.AddSecret(reply.TokenValue);
            return new PortForwardHandle(forward, _api(session, quiet), quiet, target, api.Region);
        }

        public async Task RunPortForwardAsync(IPortForwardHandle handle, string activity, OperationContext context)
        {
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (context.CancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                try
                {
                    while (true)
                    {
                        context.Progress(new ProgressInfo
                        {
                            ActivityId = PortForwardActivityId,
                            Activity = activity,
                            Status = handle.Connections + " connections (" + handle.ActiveConnections + " open), " + Size(handle.BytesSent) + " sent, " +
                                Size(handle.BytesReceived) + " received; Ctrl+C stops",
                            PercentComplete = -1,
                        });
                        var first = await Task.WhenAny(handle.Completion, cancelled.Task, Task.Delay(1000)).ConfigureAwait(false);
                        if (first == handle.Completion) break;
                        if (first == cancelled.Task)
                        {
                            // Ctrl+C: the listener and the connections close at once; the agent and SSM are told in the background.
                            _ = handle.StopAsync();
                            return;
                        }
                    }
                }
                finally
                {
                    context.Progress(new ProgressInfo { ActivityId = PortForwardActivityId, Activity = activity, Status = "Stopped", Completed = true });
                }
            }
            if (handle.State == "Failed" || handle.State == "Closed")
                context.Warning("The port forward on " + handle.LocalAddress + ":" + handle.LocalPort + " ended: " + (handle.Reason ?? handle.State) + ".");
        }

        private static string Size(long bytes) =>
            bytes >= 10L * 1024 * 1024 ? (bytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture) + " MB"
            : bytes >= 10 * 1024 ? (bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB"
            : bytes.ToString(CultureInfo.InvariantCulture) + " B";

        private sealed class NullSink : IOperationSink
        {
            public static readonly NullSink Instance = new NullSink();
            public void Post(OperationMessage message) { }
        }

        /// <summary>The engine's side of a running forward.</summary>
        private sealed class PortForwardHandle : IPortForwardHandle
        {
            private readonly PortForwardSession _forward;
            private readonly IAwsApi _api;
            private readonly OperationContext _context;
            private readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private int _stopRequested;
            private volatile string _state = "Running";
            private string? _reason;

            private readonly TaskContainer _task;

            public PortForwardHandle(PortForwardSession forward, IAwsApi api, OperationContext context, TaskContainer task, string region)
            {
                _task = task;
                Region = region;
                _forward = forward;
                _api = api;
                _context = context;
                _ = forward.Completion.ContinueWith(OnEndedAsync, TaskScheduler.Default).Unwrap();
            }

            public string SessionId => _forward.SessionId;
            public string Region { get; }
            public string Cluster => _task.ClusterName;
            public string TaskArn => _task.TaskArn;
            public string TaskId => _task.TaskId;
            public string Container => _task.Container;
            public string LocalAddress => _forward.LocalEndPoint.Address.ToString();
            public int LocalPort => _forward.LocalEndPoint.Port;
            public string Mode => _forward.Mode.ToString();
            public string? AgentVersion => _forward.AgentVersion;
            public long Connections => _forward.Statistics.Connections;
            public long ActiveConnections => _forward.Statistics.ActiveConnections;
            public long BytesSent => _forward.Statistics.BytesSent;
            public long BytesReceived => _forward.Statistics.BytesReceived;
            public long ConnectErrors => _forward.Statistics.ConnectErrors;
            public string State => _state;
            public string? Reason => _reason;
            public Task Completion => _done.Task;

            public async Task StopAsync()
            {
                if (Interlocked.Exchange(ref _stopRequested, 1) == 0) await _forward.StopAsync().ConfigureAwait(false);
                await _done.Task.ConfigureAwait(false);
            }

            private async Task OnEndedAsync(Task ended)
            {
                if (ended.IsFaulted)
                {
                    _reason = _context.Scrub(ended.Exception?.GetBaseException().Message);
                    _state = "Failed";
                }
                else if (Volatile.Read(ref _stopRequested) != 0) _state = "Stopped";
                else
                {
                    _reason = _forward.CloseReason ?? "the service closed the session";
                    _state = "Closed";
                }
                _forward.Dispose();
                await ExecOperations.TerminateAsync(_api, _forward.SessionId, _context).ConfigureAwait(false);
                _done.TrySetResult(true);
            }
        }
    }
}
