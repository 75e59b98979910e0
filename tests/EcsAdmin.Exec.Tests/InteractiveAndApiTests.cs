using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    sealed class FakeTerminal : IExecTerminal
    {
        readonly Channel<byte[]> _keys = Channel.CreateUnbounded<byte[]>();
        readonly MemoryStream _out = new MemoryStream();
        public TerminalSize Size = new TerminalSize(80, 24);
        public event EventHandler? SizeChanged;
        public void Type(string s) => _keys.Writer.TryWrite(Encoding.UTF8.GetBytes(s));
        public void Type(byte b) => _keys.Writer.TryWrite(new[] { b });
        public void Resize(int c, int r) { Size = new TerminalSize(c, r); SizeChanged?.Invoke(this, EventArgs.Empty); }
        public string Output { get { lock (_out) return Encoding.UTF8.GetString(_out.ToArray()); } }
        public async Task<int> ReadInputAsync(byte[] buffer, CancellationToken ct)
        {
            var b = await _keys.Reader.ReadAsync(ct);
            b.CopyTo(buffer, 0);
            return b.Length;
        }
        public void WriteOutput(byte[] data) { lock (_out) _out.Write(data); }
        public TerminalSize GetWindowSize() => Size;
        public async Task WaitForOutput(string text)
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!Output.Contains(text))
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException($"no {text.Replace("\r", "\\r").Replace("\n", "\\n")} in: {Output.Replace("\r", "\\r").Replace("\n", "\\n")}");
                await Task.Delay(20);
            }
        }
    }

    public class InteractiveAndApiTests : IClassFixture<ServerFixture>
    {
        readonly ExecTestServer.ExecTestServer _server;
        public InteractiveAndApiTests(ServerFixture f) => _server = f.Server;

        [Fact]
        public async Task InteractiveShellTypesCommandsAndSendsSizes()
        {
            // The agent runs the command without a shell, so a shell is asked for explicitly; it runs on a pty.
            var session = _server.CreateSession("/bin/sh -c 'echo ready; exec /bin/sh'");
            var term = new FakeTerminal();
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var run = ExecSession.RunInteractiveAsync(session.ToConnection(), term, cts.Token);
            await term.WaitForOutput("ready\r\n");
            term.Type("echo hi-$((1+2))\r");
            await term.WaitForOutput("hi-3\r\n");
            Assert.Contains("echo hi-$((1+2))", term.Output); // the pty echoes what is typed
            term.Resize(132, 43);
            term.Resize(132, 43); // unchanged: no second message
            term.Type("stty size\r");
            await term.WaitForOutput("43 132\r\n"); // the pty has the window size
            term.Type("exit 0\r");
            var exit = await run;
            Assert.Null(exit); // pty sessions report no exit code
            Assert.Equal(new[] { new TerminalSize(80, 24), new TerminalSize(132, 43) }, session.Stats.SizeMessages.ToArray());
            Assert.Empty(session.Stats.ProtocolViolations);
        }

        [Fact]
        public async Task CtrlCInterruptsTheForegroundJobOnly()
        {
            var session = _server.CreateSession("env 'PS1=prompt> ' /bin/sh");
            var term = new FakeTerminal();
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var run = ExecSession.RunInteractiveAsync(session.ToConnection(), term, cts.Token);
            await term.WaitForOutput("prompt> ");
            // A duration no other test uses, so the job can be found among the machine's processes.
            term.Type("sleep 41; echo not-interrupted\r");
            await term.WaitForOutput("sleep 41; echo not-interrupted\r\n");
            // Ctrl+C only once the job runs: earlier, the shell would take it while it reads the line.
            await Exec.WaitUntilAsync(() => IsRunning("sleep", "41"), cts.Token);
            term.Type(0x03);
            term.Type("echo alive-$((2+3))\r");
            await term.WaitForOutput("alive-5\r\n"); // the shell survived: SIGINT reached the foreground job only
            Assert.False(IsRunning("sleep", "41")); // and the job was ended by it
            term.Type("exit\r");
            await run;
            Assert.Equal(1, session.Stats.Interrupts);
            Assert.DoesNotContain("not-interrupted\r\n", term.Output.Replace("sleep 41; echo not-interrupted\r\n", ""));
        }

        /// <summary>Whether a process with exactly this command line runs on the machine (Linux: /proc/*/cmdline).</summary>
        static bool IsRunning(params string[] argv)
        {
            var wanted = string.Join("\0", argv) + "\0";
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
                try
                {
                    if (File.ReadAllText(Path.Combine(dir, "cmdline")) == wanted) return true;
                }
                catch (IOException) { } // the process ended meanwhile
                catch (UnauthorizedAccessException) { }
            }
            return false;
        }

        [Fact]
        public async Task InteractiveCancellationDoesNotWaitForTheCommand()
        {
            var session = _server.CreateSession("/bin/sh -c 'echo started; sleep 30'");
            var term = new FakeTerminal();
            using var cts = new CancellationTokenSource();
            var run = ExecSession.RunInteractiveAsync(session.ToConnection(), term, cts.Token);
            await term.WaitForOutput("started");
            cts.Cancel();
            // The command sleeps 30 s; the 5 s guard only catches a hang (the bench measures how fast a stop is).
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));
        }

        static HttpRequestMessage AwsJson(Uri endpoint, string target, object body)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body)) };
            req.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
            req.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            req.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=abc");
            return req;
        }

        [Fact]
        public async Task ExecuteCommandApiThenRunThenTerminate()
        {
            using var http = new HttpClient();
            var marker = ExecCommandWrapper.NewMarker();
            var wrapped = ExecCommandWrapper.Wrap("echo go; sleep 30", marker);
            using var resp = await http.SendAsync(AwsJson(_server.BaseUri, "AmazonEC2ContainerServiceV20141113.ExecuteCommand",
                new { cluster = "c1", task = "0123abcd", container = "web", command = wrapped, interactive = true }));
            Assert.Equal(200, (int)resp.StatusCode);
            using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
            var r = doc.RootElement;
            Assert.Equal("arn:aws:ecs:us-east-1:123456789012:cluster/c1", r.GetProperty("clusterArn").GetString());
            Assert.Equal("arn:aws:ecs:us-east-1:123456789012:task/c1/0123abcd", r.GetProperty("taskArn").GetString());
            Assert.Equal("web", r.GetProperty("containerName").GetString());
            Assert.True(r.GetProperty("interactive").GetBoolean());
            var s = r.GetProperty("session");
            var sessionId = s.GetProperty("sessionId").GetString()!;
            Assert.StartsWith("ecs-execute-command-", sessionId);
            Assert.Equal($"ws://127.0.0.1:{_server.Port}/v1/data-channel/{sessionId}?role=publish_subscribe", s.GetProperty("streamUrl").GetString());
            var conn = new ExecConnection(new Uri(s.GetProperty("streamUrl").GetString()!), s.GetProperty("tokenValue").GetString()!, sessionId);

            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            // Terminate only once "go" has reached the client: an ack alone may be the handshake's, sent before any output.
            var seen = new StringBuilder();
            var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var options = new ExecRunOptions
            {
                OnOutput = data =>
                {
                    lock (seen) { seen.Append(Encoding.UTF8.GetString(data)); if (seen.ToString().Contains("go\r\n")) gone.TrySetResult(); }
                },
            };
            var run = ExecSession.RunCommandAsync(conn, wrapped, options, cts.Token);
            await gone.Task.WaitAsync(cts.Token);
            using var term = await http.SendAsync(AwsJson(_server.BaseUri, "AmazonSSM.TerminateSession", new { SessionId = sessionId }));
            Assert.Equal(200, (int)term.StatusCode);
            var outcome = await run.WaitAsync(TimeSpan.FromSeconds(20)); // a hang guard
            Assert.Equal("go\n", Encoding.UTF8.GetString(outcome.Output));
            Assert.Null(outcome.ExitCode); // killed: no marker
            Assert.Contains(sessionId, _server.Stats.TerminatedSessions);
        }

        [Fact]
        public async Task ExecuteCommandValidatesItsInput()
        {
            using var http = new HttpClient();
            using var resp = await http.SendAsync(AwsJson(_server.BaseUri, "AmazonEC2ContainerServiceV20141113.ExecuteCommand", new { cluster = "c1", task = "t" }));
            Assert.Equal(400, (int)resp.StatusCode);
            Assert.Contains("InvalidParameterException", await resp.Content.ReadAsStringAsync());
            using var other = await http.SendAsync(AwsJson(_server.BaseUri, "AmazonEC2ContainerServiceV20141113.ListClusters", new { }));
            Assert.Equal(400, (int)other.StatusCode);
            Assert.Contains("UnknownOperationException", await other.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task OtherTargetsAreProxiedToTheUpstream()
        {
            var seen = new ConcurrentQueue<string>();
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            await using var upstream = builder.Build();
            upstream.Run(async ctx =>
            {
                using var sr = new StreamReader(ctx.Request.Body);
                var body = await sr.ReadToEndAsync();
                seen.Enqueue($"{ctx.Request.Headers["X-Amz-Target"]}|{ctx.Request.Headers.Authorization}|{body}");
                ctx.Response.StatusCode = 200;
                ctx.Response.Headers["x-amzn-RequestId"] = "up-1";
                await ctx.Response.WriteAsync("{\"clusterArns\":[\"arn:x\"]}");
            });
            await upstream.StartAsync();
            var upstreamUri = new Uri(upstream.Urls.First());

            await using var proxy = await ExecTestServer.ExecTestServer.StartAsync(new ExecTestServerOptions { Upstream = upstreamUri });
            using var http = new HttpClient();
            using var resp = await http.SendAsync(AwsJson(proxy.BaseUri, "AmazonEC2ContainerServiceV20141113.ListClusters", new { maxResults = 5 }));
            Assert.Equal(200, (int)resp.StatusCode);
            Assert.Equal("{\"clusterArns\":[\"arn:x\"]}", await resp.Content.ReadAsStringAsync());
            Assert.Equal("up-1", resp.Headers.GetValues("x-amzn-RequestId").Single());
            var forwarded = Assert.Single(seen);
            Assert.Equal("AmazonEC2ContainerServiceV20141113.ListClusters|AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=abc|{\"maxResults\":5}", forwarded);
            Assert.Contains("AmazonEC2ContainerServiceV20141113.ListClusters", proxy.Stats.ProxiedTargets);
        }
    }
}
