using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    public class TokenSecrecyTests : IClassFixture<ServerFixture>
    {
        readonly ExecTestServer.ExecTestServer _server;
        public TokenSecrecyTests(ServerFixture f) => _server = f.Server;

        [Fact]
        public async Task WrongTokenIsRejectedAndNoTokenLeaks()
        {
            var session = _server.CreateSession("echo hi");
            var wrong = "WRONG-" + session.TokenValue;
            var conn = new ExecConnection(session.StreamUrl, wrong, session.SessionId);
            Assert.DoesNotContain(wrong, conn.ToString());
            var trace = new ConcurrentQueue<string>();
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var ex = await Assert.ThrowsAsync<ExecSessionException>(() => ExecSession.RunCommandAsync(conn, "echo hi",
                new ExecRunOptions { Channel = new ExecChannelOptions { Trace = trace.Enqueue } }, cts.Token));
            Assert.Contains("invalid or missing token", ex.Message);
            Assert.Equal(1, session.Stats.TokenRejections);
            foreach (var text in new[] { ex.ToString(), string.Join("\n", trace) })
            {
                Assert.DoesNotContain(wrong, text);
                Assert.DoesNotContain(session.TokenValue, text);
            }
        }

        [Fact]
        public async Task TokenAppearsInNoOutcomeTraceOrToString()
        {
            var session = _server.CreateSession(ExecCommandWrapper.Wrap("echo ok", ExecCommandWrapper.NewMarker()));
            var conn = session.ToConnection();
            var trace = new ConcurrentQueue<string>();
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var outcome = await ExecSession.RunCommandAsync(conn, session.Command,
                new ExecRunOptions { Channel = new ExecChannelOptions { Trace = trace.Enqueue } }, cts.Token);
            Assert.Equal(0, outcome.ExitCode);
            Assert.NotEmpty(trace);
            foreach (var text in new[] { conn.ToString(), session.ToString(), outcome.ToString(), string.Join("\n", trace), _server.Stats.ToString() })
                Assert.DoesNotContain(session.TokenValue, text);
            Assert.Contains("TokenValue=***", conn.ToString());
        }

        [Fact]
        public async Task DroppedSocketErrorDoesNotContainTheToken()
        {
            var session = _server.CreateSession("seq 1 100000", faults: new ExecFaults { DropSocketAfterMessages = 3 });
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var ex = await Assert.ThrowsAsync<ExecSessionException>(() => ExecSession.RunCommandAsync(session.ToConnection(), session.Command, null, cts.Token));
            Assert.DoesNotContain(session.TokenValue, ex.ToString());
        }
    }
}
