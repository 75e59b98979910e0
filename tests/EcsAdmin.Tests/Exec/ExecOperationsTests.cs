using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Ssm = EcsAdmin.Engine.Aws.Generated.Ssm;
using Kms = EcsAdmin.Engine.Aws.Generated.Kms;

namespace EcsAdmin.Tests.Exec
{
    /// <summary>One in-process exec test server for the class (the data channel and the agent behind it).</summary>
    public sealed class ExecServerFixture : IAsyncLifetime
    {
        public ExecTestServer.ExecTestServer Server { get; private set; } = null!;
        public async Task InitializeAsync() => Server = await ExecTestServer.ExecTestServer.StartAsync();
        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    /// <summary>
    /// ExecOperations with FakeAwsApi answering the ECS and SSM calls and the real exec test server carrying the
    /// data channel: ExecuteCommand registers a session on the server, TerminateSession ends it there.
    /// </summary>
    public sealed class ExecOperationsTests : IClassFixture<ExecServerFixture>
    {
        private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);
        private readonly ExecTestServer.ExecTestServer _server;

        public ExecOperationsTests(ExecServerFixture fixture) => _server = fixture.Server;

        /// <summary>A fake AWS seam wired to the exec test server, with hooks per test.</summary>
        private sealed class Rig
        {
            public FakeAwsApi Api { get; } = new FakeAwsApi();
            public CollectingSink Sink { get; } = new CollectingSink();
            public ConcurrentBag<string> Tokens { get; } = new ConcurrentBag<string>();
            public ConcurrentQueue<string> Terminated { get; } = new ConcurrentQueue<string>();
            public ConcurrentQueue<string> Opened { get; } = new ConcurrentQueue<string>();
            public Func<Ecs.ExecuteCommandRequest, ExecFaults?> Faults { get; set; } = _ => null;
            public string? KmsKeyId { get; set; }
            public string? TerminateFailureMessage { get; set; }
            public int Active;
            public int MaxActive;

            public Rig(ExecTestServer.ExecTestServer server)
            {
                // Short task ids are resolved by listing the cluster's tasks: none here, so the ids pass through as given.
                Api.Handle(Ecs.EcsApi.ListTasks, _ => new Ecs.ListTasksResponse { TaskArns = new List<string>() });
                Api.Handle(Ecs.EcsApi.DescribeClusters, r => new Ecs.DescribeClustersResponse
                {
                    Clusters = new List<Ecs.Cluster>
                    {
                        new Ecs.Cluster
                        {
                            ClusterName = r.Clusters[0], Status = "ACTIVE",
                            ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/" + r.Clusters[0],
                            Configuration = KmsKeyId is null ? null : new Ecs.ClusterConfiguration
                            {
                                ExecuteCommandConfiguration = new Ecs.ExecuteCommandConfiguration { KmsKeyId = KmsKeyId, Logging = "DEFAULT" },
                            },
                        },
                    },
                });
                Api.Handle(Ecs.EcsApi.ExecuteCommand, r =>
                {
                    var session = server.CreateSession(r.Command, r.Interactive == true, Faults(r) ?? new ExecFaults());
                    Tokens.Add(session.TokenValue);
                    Opened.Enqueue(session.SessionId);
                    var now = Interlocked.Increment(ref Active);
                    int seen;
                    while ((seen = Volatile.Read(ref MaxActive)) < now && Interlocked.CompareExchange(ref MaxActive, now, seen) != seen) { }
                    return new Ecs.ExecuteCommandResponse
                    {
                        ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/" + r.Cluster,
                        ContainerName = r.Container ?? "app",
                        Interactive = r.Interactive,
                        TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/" + r.Cluster + "/" + r.Task,
                        Session = new Ecs.Session { SessionId = session.SessionId, StreamUrl = session.StreamUrl.ToString(), TokenValue = session.TokenValue },
                    };
                });
                Api.Handle(Ssm.SsmApi.TerminateSession, r =>
                {
                    Interlocked.Decrement(ref Active);
                    Terminated.Enqueue(r.SessionId);
                    server.TerminateAsync(r.SessionId).GetAwaiter().GetResult();
                    if (TerminateFailureMessage != null)
                    {
                        var token = server.FindSession(r.SessionId)?.TokenValue ?? "";
                        throw new EcsAdminException("Aws.InternalServerError", EcsErrorKind.ResourceUnavailable,
                            TerminateFailureMessage + " token " + token, "TerminateSession", null, null, "InternalServerError");
                    }
                    return new Ssm.TerminateSessionResponse { SessionId = r.SessionId };
                });
            }

            public ExecOperations Ops(Func<IExecTerminal>? terminal = null) => new ExecOperations(Api.Factory, terminal);

            public static List<ExecTarget> Targets(params string[] tasks)
            {
                var session = CollectingSink.Session();
                return tasks.Select(t => new ExecTarget { Session = session, Cluster = "demo", Task = t }).ToList();
            }

            /// <summary>Every text that left the operation: outputs (all string properties), errors, verbose/debug/warning, progress.</summary>
            public IEnumerable<string> AllTexts()
            {
                foreach (var m in Sink.Messages)
                {
                    switch (m.Payload)
                    {
                        case string s: yield return s; break;
                        case EcsAdminException e:
                            yield return e.Message;
                            if (e.RecommendedAction != null) yield return e.RecommendedAction;
                            if (e.Target != null) yield return e.Target.ToString() ?? "";
                            break;
                        case ProgressInfo p: yield return p.Status + " " + p.CurrentOperation; break;
                        case EcsExecResult r:
                            yield return string.Join("|", r.Output, r.Command, r.SessionId, r.TaskArn, r.Container, r.Cluster);
                            if (r.OutputBytes != null) yield return Encoding.UTF8.GetString(r.OutputBytes);
                            break;
                        case EcsExecCheck c: yield return c.ToString() + c.RecommendedAction; break;
                        default: yield return m.Payload?.ToString() ?? ""; break;
                    }
                }
            }
        }

        private static async Task Run(Task task)
        {
            var done = await Task.WhenAny(task, Task.Delay(TestTimeout));
            Assert.True(done == task, "the operation did not finish within the test timeout");
            await task;
        }

        [Fact]
        public async Task Runs_the_command_and_returns_output_exit_code_and_the_user_command()
        {
            var rig = new Rig(_server);
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "echo hello; echo world >&2" }, rig.Sink.Context()));

            var result = Assert.Single(rig.Sink.Outputs<EcsExecResult>());
            Assert.Empty(rig.Sink.Errors);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("hello\nworld\n", result.Output);
            Assert.Null(result.OutputBytes);
            Assert.Equal("echo hello; echo world >&2", result.Command);
            Assert.Equal("t1", result.TaskId);
            Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task/demo/t1", result.TaskArn);
            Assert.Equal("demo", result.Cluster);
            Assert.Equal("app", result.Container);
            Assert.Equal("us-east-1", result.Region);
            Assert.StartsWith("ecs-execute-command-", result.SessionId);
            Assert.True(result.Duration > TimeSpan.Zero);

            var call = (Ecs.ExecuteCommandRequest)rig.Api.Calls.Single(c => c.Operation == "ExecuteCommand").Input;
            Assert.True(call.Interactive);
            Assert.NotEqual(result.Command, call.Command); // wrapped, so the exit code comes back
            Assert.NotNull(ExecCommandWrapper.TryGetMarker(call.Command));
            Assert.Equal(new[] { result.SessionId }, rig.Terminated.ToArray());
        }

        [Fact]
        public async Task Exit_3_gives_ExitCode_3_and_an_error_only_with_FailOnNonZeroExit()
        {
            var rig = new Rig(_server);
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "echo out; exit 3" }, rig.Sink.Context()));
            var result = Assert.Single(rig.Sink.Outputs<EcsExecResult>());
            Assert.Equal(3, result.ExitCode);
            Assert.Equal("out\n", result.Output);
            Assert.Empty(rig.Sink.Errors);

            var strict = new Rig(_server);
            await Run(strict.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "exit 3", FailOnNonZeroExit = true }, strict.Sink.Context()));
            Assert.Equal(3, Assert.Single(strict.Sink.Outputs<EcsExecResult>()).ExitCode);
            var error = Assert.Single(strict.Sink.Errors);
            Assert.Equal("ExecNonZeroExitCode", error.ErrorId);
            Assert.Contains("code 3", error.Message);

            var fine = new Rig(_server);
            await Run(fine.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "true", FailOnNonZeroExit = true }, fine.Sink.Context()));
            Assert.Empty(fine.Sink.Errors);
        }

        [Fact]
        public async Task TerminateSession_is_called_when_the_data_channel_fails()
        {
            var rig = new Rig(_server) { Faults = _ => new ExecFaults { DropSocketAfterMessages = 1 } };
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "seq 1 100000" }, rig.Sink.Context()));

            Assert.Empty(rig.Sink.Outputs<EcsExecResult>());
            var error = Assert.Single(rig.Sink.Errors);
            Assert.Equal("ExecSessionFailed", error.ErrorId);
            Assert.Equal(rig.Opened.ToArray(), rig.Terminated.ToArray());
            Assert.Single(rig.Terminated);
        }

        [Fact]
        public async Task TerminateSession_is_called_when_cancelled_and_the_remote_process_ends()
        {
            var rig = new Rig(_server);
            using var cts = new CancellationTokenSource();
            var ops = rig.Ops();
            var opened = DateTime.UtcNow + TestTimeout;
            // The remote command would run for 10 minutes: only the cancellation can end the call before the guard.
            var run = ops.InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "sleep 600" }, rig.Sink.Context(cts.Token));
            while (rig.Opened.IsEmpty && DateTime.UtcNow < opened) await Task.Delay(20);
            await Task.Delay(300);
            cts.Cancel();
            Assert.Same(run, await Task.WhenAny(run, Task.Delay(TestTimeout))); // a guard against a hang, not a speed limit
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
            var id = Assert.Single(rig.Opened);
            Assert.Equal(new[] { id }, rig.Terminated.ToArray());
            Assert.True(_server.FindSession(id)!.Terminated);
        }

        [Fact]
        public async Task KMS_cluster_asks_KMS_for_a_data_key_with_the_agents_encryption_context()
        {
            const string key = "arn:aws:kms:us-east-1:123456789012:key/abc";
            var rig = new Rig(_server) { KmsKeyId = key, Faults = _ => new ExecFaults { KmsKeyId = key } };
            rig.Api.Handle(Ecs.EcsApi.DescribeTasks, r => new Ecs.DescribeTasksResponse
            {
                Tasks = new List<Ecs.Task> { new Ecs.Task { TaskArn = r.Tasks[0], Containers = new List<Ecs.Container> { new Ecs.Container { Name = "app", RuntimeId = "rt-123" } } } },
            });
            var asked = new ConcurrentQueue<Kms.GenerateDataKeyRequest>();
            rig.Api.Handle(Kms.KmsApi.GenerateDataKey, r =>
            {
                asked.Enqueue(r);
                throw new EcsAdminException("Aws.AccessDeniedException", EcsErrorKind.PermissionDenied,
                    "User is not authorized to perform: kms:GenerateDataKey", "GenerateDataKey", null, null, "AccessDeniedException");
            });
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "true" }, rig.Sink.Context()));

            var call = Assert.Single(asked);
            Assert.Equal(key, call.KeyId); // the key the agent named in its handshake
            Assert.Equal(64, call.NumberOfBytes);
            Assert.Equal(rig.Opened.Single(), call.EncryptionContext["aws:ssm:SessionId"]);
            Assert.Equal("ecs:demo_t1_rt-123", call.EncryptionContext["aws:ssm:TargetId"]);
            var error = Assert.Single(rig.Sink.Errors);
            Assert.Equal("ExecKmsFailed", error.ErrorId);
            Assert.Contains("not authorized to perform: kms:GenerateDataKey", error.Message); // AWS's own words
            Assert.Contains("kms:Decrypt", error.RecommendedAction);
            Assert.Single(rig.Terminated);
        }

        [Fact]
        public async Task A_missing_cluster_is_an_error_and_starts_no_session()
        {
            var rig = new Rig(_server);
            rig.Api.Fail(Ecs.EcsApi.DescribeClusters, "ClusterNotFoundException", "Cluster not found.");
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "true" }, rig.Sink.Context()));
            Assert.Equal(0, rig.Api.Count("ExecuteCommand"));
            Assert.Single(rig.Sink.Errors);
        }

        [Fact]
        public async Task The_exec_token_never_reaches_any_message_even_when_a_service_error_echoes_it()
        {
            var rig = new Rig(_server) { TerminateFailureMessage = "TerminateSession exploded" };
            rig.Faults = r => r.Task == "t3" ? new ExecFaults { DropSocketAfterMessages = 1 } : null;
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1", "t2", "t3"), new ExecOptions { Command = "seq 1 20000; exit 2", FailOnNonZeroExit = true },
                rig.Sink.Context()));

            Assert.Equal(3, rig.Tokens.Count);
            Assert.Equal(2, rig.Sink.Outputs<EcsExecResult>().Count());
            Assert.Contains(rig.Sink.Errors, e => e.ErrorId == "ExecSessionFailed");
            Assert.Contains(rig.Sink.Errors, e => e.ErrorId == "ExecNonZeroExitCode");
            // The failing TerminateSession's text (which echoes the token) was reported, scrubbed.
            Assert.Contains(rig.Sink.Verbose, v => v.Contains("TerminateSession exploded") && v.Contains("****"));
            var texts = rig.AllTexts().ToList();
            Assert.NotEmpty(texts);
            foreach (var token in rig.Tokens)
                Assert.DoesNotContain(texts, t => t.Contains(token, StringComparison.Ordinal));
        }

        [Fact]
        public async Task Five_tasks_run_concurrently_and_ThrottleLimit_bounds_them()
        {
            var rig = new Rig(_server);
            await Run(rig.Ops().InvokeAsync(Rig.Targets("a", "b", "c", "d", "e"), new ExecOptions { Command = "sleep 1; echo done", ThrottleLimit = 8 }, rig.Sink.Context()));
            var results = rig.Sink.Outputs<EcsExecResult>().ToList();
            Assert.Equal(5, results.Count);
            Assert.Equal(new[] { "a", "b", "c", "d", "e" }, results.Select(r => r.TaskId).OrderBy(x => x));
            Assert.All(results, r => { Assert.Equal("done\n", r.Output); Assert.Equal(0, r.ExitCode); });
            Assert.Equal(5, rig.MaxActive); // all five sessions were open at once
            Assert.Equal(5, rig.Terminated.Count);
            // Progress for many targets, closed with a Completed record.
            var progress = rig.Sink.Progress.ToList();
            Assert.NotEmpty(progress);
            Assert.All(progress, p => Assert.Equal(ExecOperations.ProgressActivityId, p.ActivityId));
            Assert.True(progress.Last().Completed);

            var limited = new Rig(_server);
            await Run(limited.Ops().InvokeAsync(Rig.Targets("a", "b", "c", "d", "e"), new ExecOptions { Command = "sleep 0.3", ThrottleLimit = 2 }, limited.Sink.Context()));
            Assert.Equal(5, limited.Sink.Outputs<EcsExecResult>().Count());
            Assert.InRange(limited.MaxActive, 1, 2);
        }

        [Fact]
        public async Task One_failing_task_does_not_stop_the_others()
        {
            var rig = new Rig(_server);
            var inner = rig.Api;
            inner.Handle(Ecs.EcsApi.ExecuteCommand, BadTaskOr(rig, "bad"));
            await Run(rig.Ops().InvokeAsync(Rig.Targets("ok1", "bad", "ok2"), new ExecOptions { Command = "echo fine" }, rig.Sink.Context()));
            var results = rig.Sink.Outputs<EcsExecResult>().ToList();
            Assert.Equal(new[] { "ok1", "ok2" }, results.Select(r => r.TaskId).OrderBy(x => x));
            var error = Assert.Single(rig.Sink.Errors);
            Assert.Equal("Aws.TargetNotConnectedException", error.ErrorId);
            Assert.Equal("bad", error.Target);
            Assert.Contains("Test-EcsExecReadiness", error.RecommendedAction);
            Assert.Equal(2, rig.Terminated.Count);
        }

        private Func<Ecs.ExecuteCommandRequest, Ecs.ExecuteCommandResponse> BadTaskOr(Rig rig, string bad)
        {
            // Reuse the rig's server-backed handler for good tasks by creating the session the same way.
            return r =>
            {
                if (r.Task == bad)
                    throw new EcsAdminException("Aws.TargetNotConnectedException", EcsErrorKind.InvalidOperation,
                        "The execute command failed due to an internal error.", "ExecuteCommand", null, null, "TargetNotConnectedException");
                var session = _server.CreateSession(r.Command, r.Interactive == true);
                rig.Tokens.Add(session.TokenValue);
                rig.Opened.Enqueue(session.SessionId);
                Interlocked.Increment(ref rig.Active);
                return new Ecs.ExecuteCommandResponse
                {
                    ContainerName = "app",
                    TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/demo/" + r.Task,
                    Session = new Ecs.Session { SessionId = session.SessionId, StreamUrl = session.StreamUrl.ToString(), TokenValue = session.TokenValue },
                };
            };
        }

        [Fact]
        public async Task A_service_runs_in_one_task_or_in_all_with_AllTasks()
        {
            var rig = new Rig(_server);
            rig.Api.Handle(Ecs.EcsApi.ListTasks, r =>
            {
                Assert.Equal("web", r.ServiceName);
                Assert.Equal("RUNNING", r.DesiredStatus);
                return new Ecs.ListTasksResponse { TaskArns = new List<string> { "arn:aws:ecs:us-east-1:123456789012:task/demo/s1", "arn:aws:ecs:us-east-1:123456789012:task/demo/s2" } };
            });
            var session = CollectingSink.Session();
            await Run(rig.Ops().InvokeAsync(new[] { new ExecTarget { Session = session, Cluster = "demo", Service = "arn:aws:ecs:us-east-1:123456789012:service/demo/web" } },
                new ExecOptions { Command = "echo one" }, rig.Sink.Context()));
            Assert.Equal("s1", Assert.Single(rig.Sink.Outputs<EcsExecResult>()).TaskId);

            var all = new Rig(_server);
            all.Api.Handle(Ecs.EcsApi.ListTasks, _ => new Ecs.ListTasksResponse { TaskArns = new List<string> { "arn:aws:ecs:us-east-1:123456789012:task/demo/s1", "arn:aws:ecs:us-east-1:123456789012:task/demo/s2" } });
            await Run(all.Ops().InvokeAsync(new[] { new ExecTarget { Session = session, Cluster = "demo", Service = "web", AllTasks = true } },
                new ExecOptions { Command = "echo one" }, all.Sink.Context()));
            Assert.Equal(new[] { "s1", "s2" }, all.Sink.Outputs<EcsExecResult>().Select(r => r.TaskId).OrderBy(x => x));

            var none = new Rig(_server);
            none.Api.Handle(Ecs.EcsApi.ListTasks, _ => new Ecs.ListTasksResponse { TaskArns = new List<string>() });
            await Run(none.Ops().InvokeAsync(new[] { new ExecTarget { Session = session, Cluster = "demo", Service = "web" } },
                new ExecOptions { Command = "true" }, none.Sink.Context()));
            Assert.Equal("ExecNoRunningTask", Assert.Single(none.Sink.Errors).ErrorId);
            Assert.Equal(0, none.Api.Count("ExecuteCommand"));
        }

        [Fact]
        public async Task Raw_returns_the_exact_bytes_and_text_mode_turns_CRLF_into_LF()
        {
            var rig = new Rig(_server) { Faults = _ => new ExecFaults { TranslateNewlines = true } };
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "printf 'a\\nb\\n'", Raw = true }, rig.Sink.Context()));
            var raw = Assert.Single(rig.Sink.Outputs<EcsExecResult>());
            Assert.Null(raw.Output);
            Assert.Equal(Encoding.ASCII.GetBytes("a\r\nb\r\n"), raw.OutputBytes);

            var text = new Rig(_server) { Faults = _ => new ExecFaults { TranslateNewlines = true } };
            await Run(text.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "printf 'a\\nb\\n'" }, text.Sink.Context()));
            Assert.Equal("a\nb\n", Assert.Single(text.Sink.Outputs<EcsExecResult>()).Output);
        }

        [Fact]
        public async Task An_image_without_bin_sh_is_ExecShellNotFound_with_the_agents_words()
        {
            var image = Directory.CreateTempSubdirectory("ecsadmin-empty-image-").FullName; // an image with nothing in it
            var rig = new Rig(_server) { Faults = _ => new ExecFaults { ImageRoot = image } };
            try
            {
                await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "echo hi" }, rig.Sink.Context()));
            }
            finally
            {
                Directory.Delete(image, true);
            }
            Assert.Empty(rig.Sink.Outputs<EcsExecResult>());
            var error = Assert.Single(rig.Sink.Errors);
            Assert.Equal("ExecShellNotFound", error.ErrorId);
            Assert.Contains("has no /bin/sh", error.Message);
            Assert.Contains("fork/exec /bin/sh: no such file or directory", error.Message);
            Assert.Contains("BusyBox", error.RecommendedAction);
            Assert.Single(rig.Terminated);
        }

        [Fact]
        public async Task An_endpoint_without_TerminateSession_is_tolerated()
        {
            var rig = new Rig(_server);
            rig.Api.Handle(Ssm.SsmApi.TerminateSession, _ => throw new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented,
                "SSM TerminateSession is not supported by the endpoint (404).", "TerminateSession"));
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "echo x" }, rig.Sink.Context()));
            Assert.Equal("x\n", Assert.Single(rig.Sink.Outputs<EcsExecResult>()).Output);
            Assert.Empty(rig.Sink.Errors);
            Assert.Contains(rig.Sink.Verbose, v => v.Contains("does not support TerminateSession"));
            Assert.Equal(1, rig.Api.Count("TerminateSession"));
        }

        [Fact]
        public async Task Timeout_ends_the_session_with_ExecTimeout_and_terminates_it()
        {
            var rig = new Rig(_server);
            await Run(rig.Ops().InvokeAsync(Rig.Targets("t1"), new ExecOptions { Command = "sleep 30", Timeout = TimeSpan.FromMilliseconds(700) }, rig.Sink.Context()));
            Assert.Equal("ExecTimeout", Assert.Single(rig.Sink.Errors).ErrorId);
            Assert.Single(rig.Terminated);
        }

        // ---------------------------------------------------------------- interactive

        private sealed class ScriptedTerminal : IExecTerminal, IDisposable
        {
            private readonly Channel<byte[]> _keys = Channel.CreateUnbounded<byte[]>();
            private readonly MemoryStream _out = new MemoryStream();
            public bool Disposed;
            public event EventHandler? SizeChanged { add { } remove { } }
            public void Type(string s) => _keys.Writer.TryWrite(Encoding.UTF8.GetBytes(s));
            public string Output { get { lock (_out) return Encoding.UTF8.GetString(_out.ToArray()); } }
            public async Task<int> ReadInputAsync(byte[] buffer, CancellationToken ct)
            {
                var b = await _keys.Reader.ReadAsync(ct);
                b.CopyTo(buffer, 0);
                return b.Length;
            }
            public void WriteOutput(byte[] data) { lock (_out) _out.Write(data); }
            public TerminalSize GetWindowSize() => new TerminalSize(100, 30);
            public async Task WaitForOutput(string text)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                while (!Output.Contains(text)) await Task.Delay(20, cts.Token);
            }
            public void Dispose() => Disposed = true;
        }

        [Fact]
        public async Task Interactive_session_sends_keys_shows_output_restores_the_terminal_and_terminates()
        {
            var rig = new Rig(_server);
            var terminal = new ScriptedTerminal();
            var run = rig.Ops(() => terminal).InvokeInteractiveAsync(Rig.Targets("t1")[0], "/bin/sh -c 'echo ready; exec /bin/sh'", rig.Sink.Context());
            await terminal.WaitForOutput("ready");
            terminal.Type("echo interactive-$((6*7))\r");
            await terminal.WaitForOutput("interactive-42");
            terminal.Type("exit 0\r");
            await Run(run);
            Assert.Contains("interactive-42", terminal.Output);
            Assert.True(terminal.Disposed);
            var call = (Ecs.ExecuteCommandRequest)rig.Api.Calls.Single(c => c.Operation == "ExecuteCommand").Input;
            Assert.Equal("/bin/sh -c 'echo ready; exec /bin/sh'", call.Command); // interactive commands are not wrapped
            Assert.True(call.Interactive);
            Assert.Single(rig.Terminated);
        }

        [Fact]
        public void Console_keys_become_terminal_bytes()
        {
            Assert.Equal(new byte[] { 3 }, ConsoleExecTerminal.KeyBytes(new ConsoleKeyInfo('\u0003', ConsoleKey.C, false, false, true)));
            Assert.Equal(new byte[] { 4 }, ConsoleExecTerminal.KeyBytes(new ConsoleKeyInfo('\u0004', ConsoleKey.D, false, false, true)));
            Assert.Equal(new byte[] { (byte)'\r' }, ConsoleExecTerminal.KeyBytes(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false)));
            Assert.Equal(new byte[] { 0x7f }, ConsoleExecTerminal.KeyBytes(new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false)));
            Assert.Equal(new byte[] { 0x1b, (byte)'[', (byte)'A' }, ConsoleExecTerminal.KeyBytes(new ConsoleKeyInfo('\0', ConsoleKey.UpArrow, false, false, false)));
            Assert.Equal(Encoding.UTF8.GetBytes("é"), ConsoleExecTerminal.KeyBytes(new ConsoleKeyInfo('é', ConsoleKey.E, false, false, false)));
            Assert.Equal(new byte[] { (byte)'Q' }, ConsoleExecTerminal.KeyBytes(new ConsoleKeyInfo('Q', ConsoleKey.Q, true, false, false)));
        }

        // ---------------------------------------------------------------- readiness

        private static FakeAwsApi ReadinessApi(Ecs.Task task, string? taskRole, string? kms)
        {
            var api = new FakeAwsApi();
            api.Handle(Ecs.EcsApi.ListTasks, _ => new Ecs.ListTasksResponse { TaskArns = new List<string> { task.TaskArn ?? "" } });
            api.Handle(Ecs.EcsApi.DescribeTasks, r => new Ecs.DescribeTasksResponse { Tasks = new List<Ecs.Task> { task } });
            api.Handle(Ecs.EcsApi.DescribeTaskDefinition, r => new Ecs.DescribeTaskDefinitionResponse
            {
                TaskDefinition = new Ecs.TaskDefinition { TaskDefinitionArn = r.TaskDefinition, Family = "web", Revision = 3, TaskRoleArn = taskRole },
            });
            api.Handle(Ecs.EcsApi.DescribeClusters, r => new Ecs.DescribeClustersResponse
            {
                Clusters = new List<Ecs.Cluster>
                {
                    new Ecs.Cluster
                    {
                        ClusterName = "demo", Status = "ACTIVE",
                        Configuration = kms is null ? null : new Ecs.ClusterConfiguration { ExecuteCommandConfiguration = new Ecs.ExecuteCommandConfiguration { KmsKeyId = kms } },
                    },
                },
            });
            api.Handle(Kms.KmsApi.DescribeKey, r => new Kms.DescribeKeyResponse
            {
                KeyMetadata = new Kms.KeyMetadata { KeyId = r.KeyId, Arn = r.KeyId, KeyState = "Disabled", KeyUsage = "ENCRYPT_DECRYPT" },
            });
            api.Handle(Kms.KmsApi.GenerateDataKey, r => throw new EcsAdminException("Aws.AccessDeniedException", EcsErrorKind.PermissionDenied,
                "User is not authorized to perform: kms:GenerateDataKey on resource: " + r.KeyId, "GenerateDataKey", null, null, "AccessDeniedException"));
            return api;
        }

        private static Ecs.Task ReadyTask() => new Ecs.Task
        {
            TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/demo/abc123",
            ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/demo",
            TaskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
            LastStatus = "RUNNING",
            EnableExecuteCommand = true,
            LaunchType = "FARGATE",
            PlatformVersion = "1.4.0",
            Containers = new List<Ecs.Container>
            {
                new Ecs.Container { Name = "app", ManagedAgents = new List<Ecs.ManagedAgent> { new Ecs.ManagedAgent { Name = "ExecuteCommandAgent", LastStatus = "RUNNING" } } },
            },
        };

        [Fact]
        public async Task Readiness_passes_every_check_for_a_ready_task()
        {
            var api = ReadinessApi(ReadyTask(), "arn:aws:iam::123456789012:role/web-task", null);
            var sink = new CollectingSink();
            await new ExecOperations(api.Factory).TestReadinessAsync(CollectingSink.Session(), "demo", "abc123", null, sink.Context());
            var checks = sink.Outputs<EcsExecCheck>().ToList();
            Assert.Equal(new[] { "TaskRunning", "ExecuteCommandEnabled", "ExecuteCommandAgent", "PlatformVersion", "TaskRole", "ClusterKms" }, checks.Select(c => c.Check));
            Assert.All(checks, c => { Assert.True(c.Passed, c.ToString()); Assert.Null(c.RecommendedAction); Assert.Equal("abc123", c.TaskId); Assert.Equal("demo", c.Cluster); });
            Assert.Contains("role/web-task", checks.Single(c => c.Check == "TaskRole").Detail);
        }

        [Fact]
        public async Task Readiness_fails_the_checks_that_block_exec_and_says_what_to_do()
        {
            var task = ReadyTask();
            task.EnableExecuteCommand = false;
            task.PlatformVersion = "1.3.0";
            task.LastStatus = "PROVISIONING";
            task.Containers![0].ManagedAgents![0].LastStatus = "STOPPED";
            var api = ReadinessApi(task, null, "arn:aws:kms:us-east-1:123456789012:key/k1");
            var sink = new CollectingSink();
            await new ExecOperations(api.Factory).TestReadinessAsync(CollectingSink.Session(), "demo", "abc123", null, sink.Context());
            var checks = sink.Outputs<EcsExecCheck>().ToDictionary(c => c.Check);
            Assert.Equal(7, checks.Count); // with a KMS key: the key's state and your data-key permission too
            Assert.All(checks.Values, c => { Assert.False(c.Passed, c.Check); Assert.False(string.IsNullOrEmpty(c.RecommendedAction), c.Check); });
            Assert.Contains("PROVISIONING", checks["TaskRunning"].Detail);
            Assert.Contains("app: STOPPED", checks["ExecuteCommandAgent"].Detail);
            Assert.Contains("1.3.0", checks["PlatformVersion"].Detail);
            Assert.Contains("state Disabled", checks["ClusterKms"].Detail);
            Assert.Contains("not authorized to perform: kms:GenerateDataKey", checks["KmsDataKey"].Detail);
            Assert.Contains("kms:Decrypt", checks["KmsDataKey"].RecommendedAction);
        }

        [Fact]
        public async Task Readiness_of_a_missing_task_is_a_TaskNotFound_error()
        {
            var api = new FakeAwsApi();
            api.Handle(Ecs.EcsApi.DescribeTasks, _ => new Ecs.DescribeTasksResponse
            {
                Tasks = new List<Ecs.Task>(),
                Failures = new List<Ecs.Failure> { new Ecs.Failure { Arn = "nope", Reason = "MISSING" } },
            });
            var sink = new CollectingSink();
            await new ExecOperations(api.Factory).TestReadinessAsync(CollectingSink.Session(), "demo", "nope", null, sink.Context());
            Assert.Empty(sink.Outputs<EcsExecCheck>());
            var e = Assert.Single(sink.Errors);
            Assert.Equal("TaskNotFound", e.ErrorId);
            Assert.Contains("MISSING", e.Message);
        }

        [Theory]
        [InlineData("1.4.0", true)]
        [InlineData("LATEST", true)]
        [InlineData("1.4", true)]
        [InlineData("1.10.0", true)]
        [InlineData("1.3.0", false)]
        [InlineData("", false)]
        [InlineData("v1.4.0", true)]
        public void Platform_version_gate(string version, bool ok) => Assert.Equal(ok, ExecOperations.PlatformVersionSupportsExec(version));
    }
}
