using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    public class RunCommandTests : IClassFixture<ServerFixture>
    {
        readonly ExecTestServer.ExecTestServer _server;
        public RunCommandTests(ServerFixture f) => _server = f.Server;

        [Fact]
        public async Task EchoHelloRoundTrip()
        {
            var (o, session) = await Exec.RunAsync(_server, "echo hello");
            Assert.Equal("hello\n", Encoding.UTF8.GetString(o.Output));
            Assert.Equal(0, o.ExitCode);
            Assert.True(o.MarkerFound);
            Assert.Equal(session.SessionId, o.SessionId);
            Assert.True(o.TimeToFirstOutput > TimeSpan.Zero && o.TimeToFirstOutput <= o.Duration);
            Assert.True(Math.Abs((o.StartedUtc - DateTime.UtcNow).TotalSeconds) < 30);
            Assert.Empty(session.Stats.ProtocolViolations);
            Assert.Equal(1, session.Stats.ChannelsClosed);
            Assert.True(session.Stats.AcksReceived >= session.Stats.MessagesSent);
            Assert.Contains(new TerminalSize(500, 100), session.Stats.SizeMessages); // one wide Size once ready
        }

        [Fact]
        public async Task ExitCodeWithEmptyOutput()
        {
            var (o, _) = await Exec.RunAsync(_server, "exit 3");
            Assert.Equal(3, o.ExitCode);
            Assert.Empty(o.Output);
        }

        [Theory]
        [InlineData("printf '%s|' \"it's\" 'a \"b\"' \\$HOME '\\n'; echo")]
        [InlineData("echo 'x'\\''y' | tr x z; echo \"$((6*7))\" $(echo sub) `echo tick`")]
        [InlineData("echo a # trailing comment")]
        [InlineData("for i in 1 2 3; do printf '%s;' \"$i\"; done; echo; false")]
        [InlineData("echo to-stderr >&2; echo 'é ü 漢字 🚀'; exit 42")]
        [InlineData("printf 'no newline at end'")]
        [InlineData("cat <<'EOF'\nheredoc $HOME 'q'\nEOF\nexit 5")]
        [InlineData("echo line1\necho line2 | sed s/line/LINE/ | tr a-z A-Z; exit 7")]
        [InlineData("x='a  b'; echo \"$x\" $x; echo \"\\$x \\\\ \\\"q\\\"\"; echo '\\n' \\; printf 'tab\\there\\r\\n'")]
        [InlineData("printf '%s\\n' 'Grüße' 'Ωmega' '日本語' 'emoji 😀' | sort")]
        public async Task SpecialCharactersMatchALocalRun(string command)
        {
            var local = Exec.RunLocal(command);
            var (o, session) = await Exec.RunAsync(_server, command);
            Assert.Equal(Encoding.UTF8.GetString(local.Output), Encoding.UTF8.GetString(o.Output));
            Assert.Equal(local.ExitCode, o.ExitCode);
            Assert.Empty(session.Stats.ProtocolViolations);
        }

        [Fact]
        public async Task SyntaxErrorStillReportsAnExitCode()
        {
            var (o, _) = await Exec.RunAsync(_server, "echo (");
            Assert.NotNull(o.ExitCode);
            Assert.NotEqual(0, o.ExitCode);
        }

        [Fact]
        public async Task SeveralMegabytesInOrder()
        {
            const string command = "seq 1 450000; awk 'BEGIN{for(i=0;i<20000;i++) printf \"%06d:abcdefghij-é\\n\", i}'";
            var local = Exec.RunLocal(command);
            Assert.True(local.Output.Length > 3_000_000);
            var (o, session) = await Exec.RunAsync(_server, command);
            Assert.Equal(local.Output.Length, o.Output.Length);
            Assert.Equal(Exec.Sha(local.Output), Exec.Sha(o.Output));
            Assert.Equal(0, o.ExitCode);
            Assert.Empty(session.Stats.ProtocolViolations);
        }

        [Fact]
        public async Task PtyLineEndingsAreHandled()
        {
            var faults = new ExecFaults();
            var (raw, _) = await Exec.RunAsync(_server, "printf 'a\\nb\\n'; exit 4", faults, new ExecRunOptions { NormalizeLineEndings = false });
            Assert.Equal("a\r\nb\r\n", Encoding.UTF8.GetString(raw.Output));
            Assert.Equal(4, raw.ExitCode);
            var (norm, _) = await Exec.RunAsync(_server, "printf 'a\\nb\\r\\n'", faults, new ExecRunOptions { NormalizeLineEndings = true });
            Assert.Equal("a\nb\r\n", Encoding.UTF8.GetString(norm.Output)); // a CR the command wrote survives
            Assert.Equal(0, norm.ExitCode);
        }

        [Fact]
        public async Task EightConcurrentSessions()
        {
            var runs = Enumerable.Range(0, 8).Select(i => Exec.RunAsync(_server, $"seq 1 {20000 + i}; exit {i}")).ToArray();
            var results = await Task.WhenAll(runs);
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal(i, results[i].Outcome.ExitCode);
                Assert.Equal(Exec.Sha(Exec.RunLocal($"seq 1 {20000 + i}").Output), Exec.Sha(results[i].Outcome.Output));
            }
        }

        [Fact]
        public async Task CancellationDoesNotWaitForTheRemoteCommand()
        {
            var session = _server.CreateSession(ExecCommandWrapper.Wrap("echo started; sleep 30", ExecCommandWrapper.NewMarker()));
            using var cts = new CancellationTokenSource();
            var run = ExecSession.RunCommandAsync(session.ToConnection(), session.Command, new ExecRunOptions(), cts.Token);
            await Task.Delay(600);
            Assert.False(run.IsCompleted);
            cts.Cancel();
            // The command sleeps 30 s; the 5 s guard only catches a hang (the bench measures how fast a stop is).
            var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(cts.Token, ex.CancellationToken);
        }

        [Fact]
        public async Task TimeoutEndsASlowSession()
        {
            // The command needs 6 s: only the 1 s timeout can end it with this error.
            var ex = await Assert.ThrowsAsync<ExecTimeoutException>(() =>
                Exec.RunAsync(_server, "echo a; sleep 1; echo b; sleep 5", new ExecFaults { AgentDelay = TimeSpan.FromMilliseconds(300) }, new ExecRunOptions { Timeout = TimeSpan.FromSeconds(1) }));
            Assert.Contains("did not finish within 1 s", ex.Message);
        }

        [Fact]
        public async Task MaxOutputBytesIsEnforced()
        {
            var ex = await Assert.ThrowsAsync<ExecSessionException>(() =>
                Exec.RunAsync(_server, "seq 1 100000", options: new ExecRunOptions { MaxOutputBytes = 10_000 }));
            Assert.Contains("more than 10000 bytes", ex.Message);
        }

        [Fact]
        public async Task ConnectFailureIsAClearError()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var conn = new ExecConnection(new Uri($"ws://127.0.0.1:{port}/v1/data-channel/s1?role=publish_subscribe"), "secret-token-abc", "s1");
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var ex = await Assert.ThrowsAsync<ExecSessionException>(() => ExecSession.RunCommandAsync(conn, "echo", null, cts.Token));
            Assert.Contains("Could not open the data channel", ex.Message);
            Assert.DoesNotContain("secret-token-abc", ex.ToString());
        }
    }
}
