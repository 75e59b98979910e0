using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
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
using Kms = EcsAdmin.Engine.Aws.Generated.Kms;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// ECS Exec without the session-manager-plugin: ECS ExecuteCommand for the session, the EcsAdmin.Exec data channel
    /// for the bytes, SSM TerminateSession at the end (always, best effort). The exec token is registered as a secret
    /// with the context before anything else happens with it, so no stream can show it.
    /// </summary>
    internal sealed class ExecOperations : IExecOperations
    {
        /// <summary>Progress activity id of Invoke-EcsExec (stable across calls).</summary>
        public const int ProgressActivityId = 6060;
        public const string ExecuteCommandAgent = "ExecuteCommandAgent";
        private static readonly List<string> ClusterInclude = new List<string> { "CONFIGURATIONS" };

        private readonly AwsApiFactory _api;
        private readonly Func<IExecTerminal> _terminal;

        public ExecOperations(AwsApiFactory api) : this(api, null) { }

        /// <summary>Tests pass a scripted terminal instead of the console.</summary>
        internal ExecOperations(AwsApiFactory api, Func<IExecTerminal>? terminal)
        {
            _api = api;
            _terminal = terminal ?? (() => new ConsoleExecTerminal());
        }

        /// <summary>How long the closing SSM TerminateSession may take (it runs even after Ctrl+C).</summary>
        internal TimeSpan TerminateTimeout { get; set; } = TimeSpan.FromSeconds(5);

        /// <summary>Data-channel tuning for tests; null uses the defaults.</summary>
        internal Func<ExecChannelOptions>? ChannelOptions { get; set; }

        /// <summary>One task to exec into, after services were expanded.</summary>
        private sealed class Resolved
        {
            public Resolved(IAwsApi api, ExecTarget target, string task)
            {
                Api = api;
                Target = target;
                Task = task;
            }

            public IAwsApi Api { get; }
            public ExecTarget Target { get; }
            public string Task { get; }
            public string Cluster => Target.Cluster;
            /// <summary>The cluster's exec KMS key: sessions are encrypted.</summary>
            public string? KmsKeyId { get; set; }
        }

        private sealed class ClusterExecInfo
        {
            public EcsAdminException? Refusal { get; set; }
            public string? KmsKeyId { get; set; }
        }

        /// <summary>For a KMS cluster: the data-key provider (KMS GenerateDataKey through the wire layer) and the
        /// encryption context's target id ecs:&lt;cluster&gt;_&lt;taskId&gt;_&lt;runtimeId&gt; (runtimeId from DescribeTasks).</summary>
        private static async Task ConfigureKmsAsync(Resolved r, Ecs.ExecuteCommandResponse reply, ExecChannelOptions channel, OperationContext context)
        {
            if (string.IsNullOrEmpty(r.KmsKeyId)) return;
            var taskArn = string.IsNullOrEmpty(reply.TaskArn) ? r.Task : reply.TaskArn!;
            string? runtimeId = null;
            try
            {
                var described = await r.Api.CallAsync(Ecs.EcsApi.DescribeTasks,
                    new Ecs.DescribeTasksRequest { Cluster = r.Cluster, Tasks = new List<string> { taskArn } }, context.CancellationToken).ConfigureAwait(false);
                var containers = described.Tasks?.FirstOrDefault()?.Containers ?? new List<Ecs.Container>();
                runtimeId = containers.FirstOrDefault(c => c.Name == reply.ContainerName)?.RuntimeId ?? (containers.Count == 1 ? containers[0].RuntimeId : null);
            }
            catch (EcsAdminException ex)
            {
                context.Verbose("DescribeTasks for the KMS target id of " + TaskIdOf(taskArn) + " failed (" + ex.Message + "); the container runtime id is left empty.");
            }
            channel.KmsTargetId = "ecs:" + Mapping.NameFromArn(r.Cluster) + "_" + TaskIdOf(taskArn) + "_" + (runtimeId ?? "");
            channel.KmsDataKeyProvider = async (request, ct) =>
            {
                context.Verbose("KMS GenerateDataKey for exec session " + request.EncryptionContext["aws:ssm:SessionId"] + " with key " + request.KeyId + ".");
                var key = await r.Api.CallAsync(Kms.KmsApi.GenerateDataKey, new Kms.GenerateDataKeyRequest
                {
                    KeyId = request.KeyId,
                    NumberOfBytes = request.NumberOfBytes,
                    EncryptionContext = new Dictionary<string, string>(request.EncryptionContext),
                }, ct).ConfigureAwait(false);
                if (key.Plaintext is null || key.CiphertextBlob is null) throw new InvalidOperationException("KMS GenerateDataKey returned no key.");
                return new KmsDataKey(key.Plaintext, key.CiphertextBlob);
            };
        }

        // ---------------------------------------------------------------- Invoke-EcsExec

        public async Task InvokeAsync(IReadOnlyList<ExecTarget> targets, ExecOptions options, OperationContext context)
        {
            if (string.IsNullOrWhiteSpace(options.Command))
                throw new EcsAdminException("ExecCommandEmpty", EcsErrorKind.InvalidArgument, "The command to run is empty.", options.Command,
                    "Give the command line to run, e.g. -Command 'cat /etc/os-release'.");

            var resolved = await ResolveTargetsAsync(targets, context).ConfigureAwait(false);
            if (resolved.Count == 0) return;

            // Cluster check, once per cluster and session: a missing cluster is refused before ExecuteCommand starts
            // anything remotely; a KMS key in the exec configuration means encrypted sessions (the handshake needs it).
            var kmsChecks = new Dictionary<(EcsSession, string), Task<ClusterExecInfo>>();
            foreach (var r in resolved)
            {
                var key = (r.Target.Session, r.Cluster);
                if (!kmsChecks.ContainsKey(key)) kmsChecks[key] = CheckClusterForExecAsync(r.Api, r.Cluster, context);
            }
            await Task.WhenAll(kmsChecks.Values).ConfigureAwait(false);
            var runnable = new List<Resolved>();
            foreach (var r in resolved)
            {
                var info = kmsChecks[(r.Target.Session, r.Cluster)].Result;
                if (info.Refusal is null) { r.KmsKeyId = info.KmsKeyId; runnable.Add(r); }
                else context.Error(info.Refusal);
            }
            if (runnable.Count == 0) return;

            var total = runnable.Count;
            var done = 0;
            var showProgress = total > 1;
            void Report(bool completed)
            {
                if (!showProgress) return;
                var n = Volatile.Read(ref done);
                context.Progress(new ProgressInfo
                {
                    ActivityId = ProgressActivityId,
                    Activity = "Invoke-EcsExec",
                    Status = n + " of " + total + " sessions finished",
                    PercentComplete = completed ? 100 : n * 100 / total,
                    Completed = completed,
                });
            }

            var throttle = new SemaphoreSlim(Math.Max(1, options.ThrottleLimit));
            Report(false);
            try
            {
                var runs = runnable.Select(async r =>
                {
                    await throttle.WaitAsync(context.CancellationToken).ConfigureAwait(false);
                    try
                    {
                        await RunOneAsync(r, options, context).ConfigureAwait(false);
                    }
                    finally
                    {
                        throttle.Release();
                        Interlocked.Increment(ref done);
                        Report(false);
                    }
                }).ToList();
                await Task.WhenAll(runs).ConfigureAwait(false);
            }
            finally
            {
                Report(true);
            }
        }

        private async Task RunOneAsync(Resolved r, ExecOptions options, OperationContext context)
        {
            var marker = ExecCommandWrapper.NewMarker();
            var wrapped = ExecCommandWrapper.Wrap(options.Command, marker);
            var startTime = DateTime.UtcNow;
            var open = await OpenSessionAsync(r, wrapped, context, throwOnError: false).ConfigureAwait(false);
            if (open is null) return;
            var (reply, connection) = open.Value;
            var taskArn = string.IsNullOrEmpty(reply.TaskArn) ? r.Task : reply.TaskArn;
            var container = reply.ContainerName ?? r.Target.Container ?? "";
            try
            {
                var runOptions = new ExecRunOptions
                {
                    Marker = marker,
                    Timeout = options.Timeout,
                    NormalizeLineEndings = !options.Raw,
                };
                if (ChannelOptions != null) runOptions.Channel = ChannelOptions();
                await ConfigureKmsAsync(r, reply, runOptions.Channel, context).ConfigureAwait(false);
                var outcome = await ExecSession.RunCommandAsync(connection, wrapped, runOptions, context.CancellationToken).ConfigureAwait(false);
                var result = new EcsExecResult
                {
                    Region = r.Api.Region,
                    Cluster = Mapping.NameFromArn(r.Cluster),
                    TaskId = TaskIdOf(taskArn),
                    TaskArn = taskArn,
                    Container = container,
                    Command = options.Command,
                    ExitCode = outcome.ExitCode,
                    Output = options.Raw ? null : DecodeUtf8(outcome.Output),
                    OutputBytes = options.Raw ? outcome.Output : null,
                    StartTime = startTime,
                    Duration = outcome.Duration,
                    SessionId = connection.SessionId,
                };
                context.Verbose("Exec session " + connection.SessionId + " on task " + result.TaskId + " ended: exit code " +
                    (outcome.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown") + ", " + outcome.Output.Length + " bytes in " +
                    (int)outcome.Duration.TotalMilliseconds + " ms");
                if (outcome.ExitCode is null)
                    context.Warning("The exec session " + connection.SessionId + " on task " + result.TaskId +
                        " ended without reporting an exit code (the container may lack /bin/sh, or the session was closed early); ExitCode is empty.");
                context.Output(result);
                if (options.FailOnNonZeroExit && outcome.ExitCode is int code && code != 0)
                    context.Error(new EcsAdminException("ExecNonZeroExitCode", EcsErrorKind.InvalidResult,
                        "The command exited with code " + code + " in task " + result.TaskId + " (container " + container + ", cluster " + result.Cluster + ").",
                        result, "Look at the result's Output for what the command printed."));
            }
            catch (ExecTimeoutException ex)
            {
                context.Error(new EcsAdminException("ExecTimeout", EcsErrorKind.OperationTimeout,
                    ex.Message + " Task " + TaskIdOf(taskArn) + ", cluster " + Mapping.NameFromArn(r.Cluster) + ".", taskArn,
                    "Raise -TimeoutSec, or make the command finish sooner; the remote process was ended with SSM TerminateSession."));
            }
            catch (ExecException ex)
            {
                context.Error(SessionFailure(ex, r, taskArn));
            }
            finally
            {
                await TerminateAsync(r.Api, connection.SessionId, context, TerminateTimeout).ConfigureAwait(false);
            }
        }

        // ---------------------------------------------------------------- interactive

        public async Task<int?> InvokeInteractiveAsync(ExecTarget target, string command, OperationContext context)
        {
            if (string.IsNullOrWhiteSpace(command)) command = "/bin/sh";
            var resolved = await ResolveTargetsAsync(new[] { target }, context, throwOnError: true).ConfigureAwait(false);
            if (resolved.Count != 1)
                throw new EcsAdminException("ExecInteractiveNeedsOneTarget", EcsErrorKind.InvalidArgument,
                    "An interactive session needs exactly one task; " + target + " has " + resolved.Count + ".", target,
                    "Name one task with -Task, or leave out -AllTasks.");
            var r = resolved[0];
            var info = await CheckClusterForExecAsync(r.Api, r.Cluster, context).ConfigureAwait(false);
            if (info.Refusal != null) throw info.Refusal;
            r.KmsKeyId = info.KmsKeyId;

            var open = await OpenSessionAsync(r, command, context, throwOnError: true).ConfigureAwait(false);
            var (reply, connection) = open!.Value;
            var taskArn = string.IsNullOrEmpty(reply.TaskArn) ? r.Task : reply.TaskArn;
            var terminal = _terminal();
            try
            {
                var options = new ExecInteractiveOptions { Channel = ChannelOptions?.Invoke() ?? new ExecChannelOptions() };
                await ConfigureKmsAsync(r, reply, options.Channel, context).ConfigureAwait(false);
                var outcome = await ExecSession.RunInteractiveAsync(connection, terminal, options, context.CancellationToken).ConfigureAwait(false);
                context.Verbose("Interactive exec session " + connection.SessionId + (outcome.LeftByEscape ? " left with the escape sequence" : " ended") +
                    (outcome.ExitCode is int c ? " with exit code " + c : "") + ".");
                return outcome.ExitCode;
            }
            catch (ExecException ex)
            {
                throw SessionFailure(ex, r, taskArn);
            }
            finally
            {
                (terminal as IDisposable)?.Dispose();
                await TerminateAsync(r.Api, connection.SessionId, context, TerminateTimeout).ConfigureAwait(false);
            }
        }

        // ---------------------------------------------------------------- Test-EcsExecReadiness

        public async Task TestReadinessAsync(EcsSession session, string cluster, string task, string? container, OperationContext context)
        {
            var api = _api(session, context);
            var ct = context.CancellationToken;
            try { task = await TaskIds.ResolveAsync(api, cluster, task, context).ConfigureAwait(false); }
            catch (EcsAdminException ex) { context.Error(ex); return; }
            var described = await api.CallAsync(Ecs.EcsApi.DescribeTasks,
                new Ecs.DescribeTasksRequest { Cluster = cluster, Tasks = new List<string> { task } }, ct).ConfigureAwait(false);
            var t = described.Tasks?.FirstOrDefault();
            if (t is null)
            {
                context.Error(TaskNotFound(cluster, task, api.Region, described.Failures?.FirstOrDefault()?.Reason));
                return;
            }
            var clusterName = Mapping.NameFromArn(string.IsNullOrEmpty(t.ClusterArn) ? cluster : t.ClusterArn);
            var taskId = TaskIdOf(t.TaskArn ?? task);
            void Emit(EcsExecCheck check)
            {
                check.Region = api.Region;
                check.Cluster = clusterName;
                check.TaskId = taskId;
                if (check.Passed) check.RecommendedAction = null;
                context.Output(check);
            }

            // The task is running.
            var status = t.LastStatus ?? "UNKNOWN";
            Emit(new EcsExecCheck("TaskRunning", status == "RUNNING", "The task's last status is " + status + ".",
                "ECS Exec reaches running tasks only; pick a RUNNING task (Get-EcsTask -DesiredStatus RUNNING)."));

            // enableExecuteCommand was set when the task started.
            var enabled = t.EnableExecuteCommand == true;
            Emit(new EcsExecCheck("ExecuteCommandEnabled", enabled,
                enabled ? "The task was started with enableExecuteCommand." : "The task was started without enableExecuteCommand.",
                "Turn on enableExecuteCommand for the service or RunTask call and start new tasks; running tasks keep the setting they started with."));

            // The ExecuteCommandAgent runs in the container(s).
            var containers = (t.Containers ?? new List<Ecs.Container>())
                .Where(c => string.IsNullOrEmpty(container) || string.Equals(c.Name, container, StringComparison.Ordinal)).ToList();
            if (containers.Count == 0)
            {
                Emit(new EcsExecCheck(ExecuteCommandAgent, false,
                    string.IsNullOrEmpty(container) ? "The task reports no containers." : "The task has no container named '" + container + "'.",
                    "Check the container name with Get-EcsTask; the names are those of the task definition."));
            }
            else
            {
                var parts = new List<string>();
                var allRunning = true;
                foreach (var c in containers)
                {
                    var agent = c.ManagedAgents?.FirstOrDefault(a => a.Name == ExecuteCommandAgent);
                    var agentStatus = agent?.LastStatus ?? "not present";
                    if (agentStatus != "RUNNING") allRunning = false;
                    parts.Add(c.Name + ": " + agentStatus + (string.IsNullOrEmpty(agent?.Reason) ? "" : " (" + agent!.Reason + ")"));
                }
                Emit(new EcsExecCheck(ExecuteCommandAgent, allRunning, "ExecuteCommandAgent per container: " + string.Join("; ", parts) + ".",
                    "The SSM agent did not start in the container: the task role needs ssmmessages:CreateControlChannel, CreateDataChannel, " +
                    "OpenControlChannel and OpenDataChannel, and the task needs a route to the ssmmessages endpoint (NAT or VPC endpoint)."));
            }

            // Fargate platform version 1.4.0 or later.
            var isFargate = string.Equals(t.LaunchType, "FARGATE", StringComparison.OrdinalIgnoreCase)
                || (t.CapacityProviderName ?? "").StartsWith("FARGATE", StringComparison.OrdinalIgnoreCase);
            if (isFargate)
            {
                var pv = t.PlatformVersion ?? "";
                var ok = PlatformVersionSupportsExec(pv);
                Emit(new EcsExecCheck("PlatformVersion", ok,
                    "Fargate platform version " + (pv.Length == 0 ? "(not reported)" : pv) + (ok ? " supports ECS Exec." : "; ECS Exec needs 1.4.0 or later."),
                    "Run the task or service on platform version LATEST or 1.4.0 or later (Linux)."));
            }
            else
            {
                Emit(new EcsExecCheck("PlatformVersion", true,
                    "Launch type " + (t.LaunchType ?? "unknown") + ": the Fargate platform version does not apply (EC2 needs ECS agent 1.50.2 or later).", null));
            }

            // A task role (the SSM agent in the container uses it).
            var role = t.Overrides?.TaskRoleArn;
            string roleSource = "task override";
            string? roleError = null;
            if (string.IsNullOrEmpty(role) && !string.IsNullOrEmpty(t.TaskDefinitionArn))
            {
                roleSource = "task definition " + Mapping.NameFromArn(t.TaskDefinitionArn);
                try
                {
                    var td = await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition,
                        new Ecs.DescribeTaskDefinitionRequest { TaskDefinition = t.TaskDefinitionArn }, ct).ConfigureAwait(false);
                    role = td.TaskDefinition?.TaskRoleArn;
                }
                catch (EcsAdminException ex)
                {
                    roleError = ex.Message;
                }
            }
            Emit(new EcsExecCheck("TaskRole", !string.IsNullOrEmpty(role),
                roleError != null ? "The task definition could not be read: " + roleError
                    : !string.IsNullOrEmpty(role) ? "Task role " + role + " (from the " + roleSource + ")."
                    : "The " + roleSource + " has no task role.",
                "Give the task definition a taskRoleArn whose policy allows ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel and OpenDataChannel."));

            // KMS settings of the cluster's exec configuration: with a key, sessions are encrypted, which needs the key
            // usable (DescribeKey) and a data key for you (GenerateDataKey, as Invoke-EcsExec asks for one per session).
            string? kms = null;
            try
            {
                var c = await ClusterOperations.DescribeOne(api, cluster, context).ConfigureAwait(false);
                kms = c.Configuration?.ExecuteCommandConfiguration?.KmsKeyId;
                if (string.IsNullOrEmpty(kms))
                {
                    Emit(new EcsExecCheck("ClusterKms", true, "The cluster's exec configuration sets no KMS key: sessions are not KMS-encrypted.", null));
                    kms = null;
                }
            }
            catch (EcsAdminException ex)
            {
                Emit(new EcsExecCheck("ClusterKms", false, "The cluster could not be described: " + ex.Message,
                    "Allow ecs:DescribeClusters, and check the cluster name and region."));
            }
            if (kms != null)
            {
                try
                {
                    var key = (await api.CallAsync(Kms.KmsApi.DescribeKey, new Kms.DescribeKeyRequest { KeyId = kms }, ct).ConfigureAwait(false)).KeyMetadata;
                    var state = key?.KeyState ?? "unknown";
                    var usable = state == "Enabled" && (key?.KeyUsage ?? "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT";
                    Emit(new EcsExecCheck("ClusterKms", usable,
                        "Sessions are encrypted with KMS key " + (key?.Arn ?? kms) + " (state " + state + ", usage " + (key?.KeyUsage ?? "unknown") + ").",
                        "Enable the key (or point executeCommandConfiguration.kmsKeyId at an enabled symmetric ENCRYPT_DECRYPT key)."));
                }
                catch (EcsAdminException ex)
                {
                    Emit(new EcsExecCheck("ClusterKms", false, "The cluster encrypts sessions with KMS key " + kms + ", which could not be described: " + ex.Message,
                        "Check that the key exists in this region and that you may call kms:DescribeKey on it."));
                }
                try
                {
                    var probe = new Kms.GenerateDataKeyRequest
                    {
                        KeyId = kms,
                        NumberOfBytes = SessionCipher.KeyLength,
                        EncryptionContext = new Dictionary<string, string> { ["aws:ssm:SessionId"] = "readiness-check", ["aws:ssm:TargetId"] = "ecs:" + clusterName + "_" + taskId + "_" },
                    };
                    var made = await api.CallAsync(Kms.KmsApi.GenerateDataKey, probe, ct).ConfigureAwait(false);
                    if (made.Plaintext != null) Array.Clear(made.Plaintext, 0, made.Plaintext.Length);
                    Emit(new EcsExecCheck("KmsDataKey", true,
                        "You can make session data keys with " + kms + " (kms:GenerateDataKey). The task role also needs kms:Decrypt on it.", null));
                }
                catch (EcsAdminException ex)
                {
                    Emit(new EcsExecCheck("KmsDataKey", false, "kms:GenerateDataKey with " + kms + " failed: " + ex.Message,
                        "Allow yourself kms:GenerateDataKey on the key (Invoke-EcsExec makes one data key per session), and the task role kms:Decrypt on it."));
                }
            }
        }

        // ---------------------------------------------------------------- helpers

        /// <summary>Expands service targets into their RUNNING tasks; errors go to the context (or are thrown).</summary>
        private async Task<List<Resolved>> ResolveTargetsAsync(IReadOnlyList<ExecTarget> targets, OperationContext context, bool throwOnError = false)
        {
            var result = new List<Resolved>();
            var apis = new Dictionary<EcsSession, IAwsApi>();
            foreach (var target in targets)
            {
                if (!apis.TryGetValue(target.Session, out var api)) apis[target.Session] = api = _api(target.Session, context);
                try
                {
                    if (!string.IsNullOrEmpty(target.Task))
                    {
                        result.Add(new Resolved(api, target, await TaskIds.ResolveAsync(api, target.Cluster, target.Task!, context).ConfigureAwait(false)));
                        continue;
                    }
                    var tasks = await ListServiceTasksAsync(api, target, context).ConfigureAwait(false);
                    if (tasks.Count == 0)
                        throw new EcsAdminException("ExecNoRunningTask", EcsErrorKind.ObjectNotFound,
                            "Service '" + Mapping.NameFromArn(target.Service) + "' in cluster '" + Mapping.NameFromArn(target.Cluster) + "' has no RUNNING task.", target.Service,
                            "Check the service's deployments and events (Get-EcsService), or exec into a task by id with -Task.");
                    foreach (var arn in target.AllTasks ? tasks : tasks.Take(1)) result.Add(new Resolved(api, target, arn));
                }
                catch (EcsAdminException ex)
                {
                    if (throwOnError) throw;
                    context.Error(ex);
                }
            }
            return result;
        }

        private static async Task<List<string>> ListServiceTasksAsync(IAwsApi api, ExecTarget target, OperationContext context)
        {
            var arns = new List<string>();
            string? token = null;
            do
            {
                var page = await api.CallAsync(Ecs.EcsApi.ListTasks, new Ecs.ListTasksRequest
                {
                    Cluster = target.Cluster,
                    ServiceName = Mapping.NameFromArn(target.Service),
                    DesiredStatus = "RUNNING",
                    NextToken = token,
                    MaxResults = 100,
                }, context.CancellationToken).ConfigureAwait(false);
                arns.AddRange(page.TaskArns ?? new List<string>());
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token) && (target.AllTasks || arns.Count == 0));
            return arns;
        }

        /// <summary>The refusal when exec cannot go on (cluster missing), and the exec KMS key of the cluster.</summary>
        private static async Task<ClusterExecInfo> CheckClusterForExecAsync(IAwsApi api, string cluster, OperationContext context)
        {
            Ecs.DescribeClustersResponse reply;
            try
            {
                reply = await api.CallAsync(Ecs.EcsApi.DescribeClusters,
                    new Ecs.DescribeClustersRequest { Clusters = new List<string> { cluster }, Include = ClusterInclude }, context.CancellationToken).ConfigureAwait(false);
            }
            catch (EcsAdminException ex) when (ex.Kind != EcsErrorKind.ObjectNotFound)
            {
                // No permission to describe, an endpoint without DescribeClusters: go on; a KMS handshake the agent asks for
                // is then refused by the data channel (it never hangs), so say what could not be checked.
                context.Warning("Could not read the exec configuration of cluster '" + cluster + "' (for its KMS key): " + ex.Message +
                    " A KMS-encrypted session would fail.");
                return new ClusterExecInfo();
            }
            catch (EcsAdminException ex)
            {
                return new ClusterExecInfo { Refusal = ex };
            }
            var c = reply.Clusters?.FirstOrDefault();
            if (c is null || c.Status == "INACTIVE")
                return new ClusterExecInfo { Refusal = ClusterOperations.NotFound(cluster, api.Region, reply.Failures?.FirstOrDefault()?.Reason) };
            var kms = c.Configuration?.ExecuteCommandConfiguration?.KmsKeyId;
            if (!string.IsNullOrEmpty(kms)) context.Verbose("Cluster '" + (c.ClusterName ?? cluster) + "' encrypts exec sessions with KMS key " + kms + ".");
            return new ClusterExecInfo { KmsKeyId = string.IsNullOrEmpty(kms) ? null : kms };
        }

        /// <summary>ECS ExecuteCommand; registers the token as a secret at once. Null (error posted) or throws, per <paramref name="throwOnError"/>.</summary>
        private static async Task<(Ecs.ExecuteCommandResponse, ExecConnection)?> OpenSessionAsync(Resolved r, string command, OperationContext context, bool throwOnError)
        {
            Ecs.ExecuteCommandResponse reply;
            try
            {
                reply = await r.Api.CallAsync(Ecs.EcsApi.ExecuteCommand, new Ecs.ExecuteCommandRequest
                {
                    Cluster = r.Cluster,
                    Task = r.Task,
                    Container = string.IsNullOrEmpty(r.Target.Container) ? null : r.Target.Container,
                    Command = command,
                    Interactive = true, // ECS accepts interactive sessions only
                }, context.CancellationToken).ConfigureAwait(false);
            }
            catch (EcsAdminException ex)
            {
                var failure = new EcsAdminException(ex.ErrorId, ex.Kind,
                    "ExecuteCommand on task " + TaskIdOf(r.Task) + " (cluster " + Mapping.NameFromArn(r.Cluster) + ") failed: " + ex.Message, r.Task,
                    ex.AwsErrorCode == "TargetNotConnectedException"
                        ? "The task's SSM agent is not connected; run Test-EcsExecReadiness -Cluster " + Mapping.NameFromArn(r.Cluster) + " -Task " + TaskIdOf(r.Task) + " to see why."
                        : ex.RecommendedAction ?? "Run Test-EcsExecReadiness for the task to see what blocks ECS Exec.",
                    null, ex.AwsErrorCode);
                if (throwOnError) throw failure;
                context.Error(failure);
                return null;
            }
            var s = reply.Session;
            context.AddSecret(s?.TokenValue);
            Uri? url = null;
            if (s is null || string.IsNullOrEmpty(s.SessionId) || string.IsNullOrEmpty(s.TokenValue)
                || !Uri.TryCreate(s.StreamUrl, UriKind.Absolute, out url) || (url.Scheme != "wss" && url.Scheme != "ws"))
            {
                if (!string.IsNullOrEmpty(s?.SessionId)) await TerminateAsync(r.Api, s!.SessionId, context).ConfigureAwait(false);
                var failure = new EcsAdminException("ExecInvalidSession", EcsErrorKind.InvalidResult,
                    "ExecuteCommand on task " + TaskIdOf(r.Task) + " returned no usable session (session id, stream URL or token missing).", r.Task,
                    "Check the ECS endpoint (-EndpointUrl / AWS_ENDPOINT_URL_ECS).");
                if (throwOnError) throw failure;
                context.Error(failure);
                return null;
            }
            context.Verbose("Exec session " + s.SessionId + " opened on task " + TaskIdOf(r.Task) + ", container " + (reply.ContainerName ?? r.Target.Container ?? "(default)") + ".");
            return (reply, new ExecConnection(url!, s.TokenValue, s.SessionId));
        }

        /// <summary>SSM TerminateSession, best effort: a short timeout of its own (it runs after Ctrl+C too), never throws.</summary>
        internal static async Task TerminateAsync(IAwsApi api, string sessionId, OperationContext context, TimeSpan? timeout = null)
        {
            using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
            try
            {
                await api.CallAsync(Ssm.SsmApi.TerminateSession, new Ssm.TerminateSessionRequest { SessionId = sessionId }, cts.Token).ConfigureAwait(false);
                context.Debug("SSM TerminateSession " + sessionId + ": done.");
            }
            catch (EcsAdminException ex) when (AwsErrorMap.IsUnknownOperation(ex))
            {
                context.Verbose("The SSM endpoint does not support TerminateSession; session " + sessionId + " ends on its own.");
            }
            catch (Exception ex)
            {
                context.Verbose("SSM TerminateSession " + sessionId + " failed (the session ends on its own when idle): " + ex.Message);
            }
        }

        private static EcsAdminException SessionFailure(ExecException ex, Resolved r, string taskArn)
        {
            if (ex is ExecCommandNotStartedException notStarted)
                return notStarted.ShellMissing
                    ? new EcsAdminException("ExecShellNotFound", EcsErrorKind.ObjectNotFound,
                        "The container of task " + TaskIdOf(taskArn) + " (cluster " + Mapping.NameFromArn(r.Cluster) + ") has no " + ExecCommandWrapper.ShellPath +
                        ": Invoke-EcsExec -Command runs the command through a POSIX shell at " + ExecCommandWrapper.ShellPath +
                        " (dash, bash or BusyBox sh) to capture its exit code. The agent said: " + notStarted.AgentMessage, taskArn,
                        "Add a shell to the image (for example a BusyBox layer), or run a program that exists in the image with -Interactive -Command '<program> <args>' (no shell, no exit code).")
                    : new EcsAdminException("ExecCommandNotStarted", EcsErrorKind.ObjectNotFound,
                        "The command did not start in task " + TaskIdOf(taskArn) + " (cluster " + Mapping.NameFromArn(r.Cluster) + "): " + notStarted.AgentMessage, taskArn,
                        "Check that the program exists in the container image and is on its PATH; ECS Exec runs the command line without a shell.");
            var kms = ex.Message.IndexOf("KMS", StringComparison.Ordinal) >= 0;
            return kms
                ? new EcsAdminException("ExecKmsFailed", EcsErrorKind.SecurityError,
                    ex.Message + " Task " + TaskIdOf(taskArn) + ", cluster " + Mapping.NameFromArn(r.Cluster) + ".", taskArn,
                    "You need kms:GenerateDataKey on the cluster's exec KMS key, and the task role needs kms:Decrypt on it (Test-EcsExecReadiness checks the key).")
                : new EcsAdminException("ExecSessionFailed", EcsErrorKind.ConnectionError,
                    "The exec session on task " + TaskIdOf(taskArn) + " (cluster " + Mapping.NameFromArn(r.Cluster) + ") failed: " + ex.Message, taskArn,
                    "Check the network path to the ssmmessages endpoint and run Test-EcsExecReadiness for the task; then retry.");
        }

        internal static EcsAdminException TaskNotFound(string cluster, string task, string region, string? reason)
            => new EcsAdminException("TaskNotFound", EcsErrorKind.ObjectNotFound,
                "Task '" + task + "' was not found in cluster '" + cluster + "' (" + region + ")" + (reason is null ? "." : ": " + reason + "."), task,
                "List the cluster's tasks with Get-EcsTask -Cluster " + cluster + "; stopped tasks disappear after about an hour.");

        internal static string TaskIdOf(string? taskArnOrId)
        {
            if (string.IsNullOrEmpty(taskArnOrId)) return "";
            var slash = taskArnOrId!.LastIndexOf('/');
            return slash >= 0 ? taskArnOrId.Substring(slash + 1) : taskArnOrId;
        }

        internal static bool PlatformVersionSupportsExec(string? platformVersion)
        {
            if (string.IsNullOrEmpty(platformVersion)) return false;
            var pv = platformVersion!.Trim();
            if (string.Equals(pv, "LATEST", StringComparison.OrdinalIgnoreCase)) return true;
            if (pv.StartsWith("v", StringComparison.OrdinalIgnoreCase)) pv = pv.Substring(1);
            if (!Version.TryParse(pv, out var v)) return false;
            return new Version(v.Major, v.Minor, Math.Max(0, v.Build)) >= new Version(1, 4, 0);
        }

        private static string DecodeUtf8(byte[] bytes) => new UTF8Encoding(false, false).GetString(bytes);
    }
}
