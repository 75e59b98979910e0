using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    /// <summary>A bare data-channel client that does only what a test tells it (no automatic acks or retransmits).</summary>
    sealed class RawClient : IAsyncDisposable
    {
        readonly ClientWebSocket _ws = new ClientWebSocket();
        readonly CancellationTokenSource _cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        public readonly List<ClientMessage> Received = new List<ClientMessage>();
        public WebSocketCloseStatus? CloseStatus;
        public string? CloseDescription;

        public static async Task<RawClient> ConnectAsync(Uri url, string token)
        {
            var c = new RawClient();
            await c._ws.ConnectAsync(url, c._cts.Token);
            var open = JsonSerializer.SerializeToUtf8Bytes(new { MessageSchemaVersion = "1.0", RequestId = Guid.NewGuid().ToString(), TokenValue = token, ClientId = Guid.NewGuid().ToString() });
            await c._ws.SendAsync(open, WebSocketMessageType.Text, true, c._cts.Token);
            return c;
        }

        /// <summary>The next frame, or null when the socket closed.</summary>
        public async Task<ClientMessage?> NextAsync()
        {
            var buffer = new byte[64 * 1024];
            using var ms = new System.IO.MemoryStream();
            while (true)
            {
                WebSocketReceiveResult r;
                try { r = await _ws.ReceiveAsync(buffer, _cts.Token); }
                catch (WebSocketException) { return null; }
                if (r.MessageType == WebSocketMessageType.Close) { CloseStatus = r.CloseStatus; CloseDescription = r.CloseStatusDescription; return null; }
                ms.Write(buffer, 0, r.Count);
                if (!r.EndOfMessage) continue;
                var m = ClientMessage.Parse(ms.ToArray());
                Received.Add(m);
                return m;
            }
        }

        /// <summary>Reads until a frame matches (or the socket closes: null).</summary>
        public async Task<ClientMessage?> UntilAsync(Func<ClientMessage, bool> match)
        {
            while (true)
            {
                var m = await NextAsync();
                if (m == null || match(m)) return m;
            }
        }

        public Task SendAsync(byte[] frame) => _ws.SendAsync(frame, WebSocketMessageType.Binary, true, _cts.Token);
        public Task AckAsync(ClientMessage m) => SendAsync(AcknowledgeContent.Frame(m));
        public static byte[] Input(long seq, PayloadType type, byte[] payload) =>
            ClientMessage.Serialize(MessageTypes.InputStreamData, seq, MessageFlags.Data, type, payload);
        public void Abort() => _ws.Abort();

        public async ValueTask DisposeAsync()
        {
            try { if (_ws.State == WebSocketState.Open) await _ws.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None); } catch (Exception) { }
            _ws.Dispose();
            _cts.Dispose();
        }
    }

    /// <summary>The test server behaves like the SSM agent in an ECS container (spec errata and §5, §7).</summary>
    public class ServerBehaviourTests : IClassFixture<ServerFixture>
    {
        readonly ExecTestServer.ExecTestServer _server;
        public ServerBehaviourTests(ServerFixture f) => _server = f.Server;

        static bool IsOutput(ClientMessage m) => m.MessageType == MessageTypes.OutputStreamData;

        static async Task<string> ReadAllOutputAsync(RawClient c)
        {
            var text = new StringBuilder();
            while (await c.NextAsync() is ClientMessage m)
            {
                if (IsOutput(m)) { await c.AckAsync(m); if (m.PayloadType == PayloadType.Output) text.Append(Encoding.UTF8.GetString(m.Payload)); }
                if (m.MessageType == MessageTypes.ChannelClosed) break;
            }
            return text.ToString();
        }

        [Theory]
        [InlineData("echo hello; exit 3", new[] { "echo", "hello;", "exit", "3" })]
        [InlineData("printf '%s|' a\\ b \"c \\\"d\\\" \\$x\" 'e\"f' # comment", new[] { "printf", "%s|", "a b", "c \"d\" $x", "e\"f" })]
        [InlineData("/bin/sh -c 'it'\\''s' x", new[] { "/bin/sh", "-c", "it's", "x" })]
        [InlineData("a\n  b\t''", new[] { "a", "b", "" })]
        public void CommandsAreSplitLikeTheAgent(string command, string[] argv) => Assert.Equal(argv, ShellWords.Split(command));

        [Theory]
        [InlineData("echo 'open")]
        [InlineData("echo \"open")]
        [InlineData("echo trailing\\")]
        public void UnbalancedQuotesDoNotSplit(string command) => Assert.Throws<ShellWords.SplitException>(() => ShellWords.Split(command));

        [Fact]
        public async Task TheCommandRunsWithoutAShellOnAPty()
        {
            // ECS prints "hello; exit 3" for this: no shell interprets ';'.
            var session = _server.CreateSession("echo hello; exit 3");
            var o = await ExecSession.RunCommandAsync(session.ToConnection(), session.Command, new ExecRunOptions { NormalizeLineEndings = false }, default);
            Assert.Equal("hello; exit 3\r\n", Encoding.UTF8.GetString(o.Output)); // CRLF from the pty's onlcr
            Assert.Null(o.ExitCode); // a pty session reports none
            Assert.Equal(new[] { "echo", "hello;", "exit", "3" }, session.Argv);

            var tty = _server.CreateSession("/bin/sh -c 'tty; [ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo all-tty; echo \"$TERM\"; ps -o pid=,sid= -p $$'");
            var t = await ExecSession.RunCommandAsync(tty.ToConnection(), tty.Command, null, default);
            var lines = Encoding.UTF8.GetString(t.Output).Split('\n');
            Assert.StartsWith("/dev/pts/", lines[0]);
            Assert.Equal("all-tty", lines[1]);
            Assert.Equal("xterm-256color", lines[2]);
            var ids = lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(ids[0], ids[1]); // the command leads its own session (the pty is its controlling terminal)
        }

        [Fact]
        public async Task ACommandThatCannotStartClosesTheChannelWithTheAgentsMessage()
        {
            var missing = _server.CreateSession("no-such-binary-xyz --flag");
            var ex = await Assert.ThrowsAsync<ExecCommandNotStartedException>(() => ExecSession.RunCommandAsync(missing.ToConnection(), missing.Command, null, default));
            Assert.Contains("Unable to start command: Failed to start pty: exec: \"no-such-binary-xyz\": executable file not found in $PATH", ex.Message);

            var path = _server.CreateSession("/bin/no-such-shell -c true");
            ex = await Assert.ThrowsAsync<ExecCommandNotStartedException>(() => ExecSession.RunCommandAsync(path.ToConnection(), path.Command, null, default));
            Assert.Contains("fork/exec /bin/no-such-shell: no such file or directory", ex.Message);
        }

        [Fact]
        public async Task SessionStateMessagesFrameTheSession()
        {
            var session = _server.CreateSession("echo x");
            await using var c = await RawClient.ConnectAsync(session.StreamUrl, session.TokenValue);
            Assert.Equal("x\r\n", await ReadAllOutputAsync(c));
            var states = c.Received.Where(m => m.MessageType == MessageTypes.AgentSessionState)
                .Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("SessionState").GetString()).ToList();
            Assert.Equal(new[] { "Connected", "Terminating" }, states);
            var types = c.Received.Select(m => m.MessageType).ToList();
            Assert.True(types.IndexOf(MessageTypes.AgentSessionState) < types.IndexOf(MessageTypes.OutputStreamData));
            Assert.Equal(MessageTypes.ChannelClosed, types.Last());
            Assert.Equal(new[] { "Connected", "Terminating" }, session.Stats.SessionStates.ToArray());
        }

        [Fact]
        public async Task DuplicateInputIsDroppedWithoutAnAck()
        {
            var session = _server.CreateSession("/bin/sh -c 'echo ready; read line; echo \"got:$line\"'");
            await using var c = await RawClient.ConnectAsync(session.StreamUrl, session.TokenValue);
            var first = await c.UntilAsync(IsOutput);
            await c.AckAsync(first!);
            var typed = RawClient.Input(0, PayloadType.Output, Encoding.ASCII.GetBytes("abc\r"));
            await c.SendAsync(typed);
            await c.SendAsync(typed); // the same message again (a client retransmit)
            var text = await ReadAllOutputAsync(c);
            Assert.Contains("got:abc\r\n", text);
            Assert.DoesNotContain("got:abcabc", text);
            var acks = c.Received.Where(m => m.MessageType == MessageTypes.Acknowledge).ToList();
            Assert.Single(acks); // acked once; the duplicate got none
            Assert.Equal(1, session.Stats.DuplicateInputs);
        }

        [Fact]
        public async Task OnlyTheOldestUnackedOutputIsResent()
        {
            // The command writes its second line only when it gets input, so the two lines are two messages whatever
            // the timing (the server sends in one message what the pty wrote while it was busy: with timed lines, a
            // slow start put them all in #0).
            var session = _server.CreateSession("/bin/sh -c 'echo one; read line; echo two; sleep 30'");
            await using var c = await RawClient.ConnectAsync(session.StreamUrl, session.TokenValue);
            string Seen() => $"session stats: sent {session.Stats.MessagesSent}, retransmits {session.Stats.Retransmits}, " +
                $"acks {session.Stats.AcksReceived}, pty reader ended: {session.Stats.PtyReaderEnded ?? "no"}, " +
                $"server errors: {string.Join(" | ", session.Stats.ServerErrors)}; received: " +
                string.Join(", ", c.Received.Select(x => $"{x.MessageType}#{x.SequenceNumber}/{x.PayloadType}/{Encoding.UTF8.GetString(x.Payload).Trim()}"));
            var copies = new Dictionary<long, int>();
            async Task ReceiveUntil(Func<bool> done, string what)
            {
                while (!done())
                {
                    var m = await c.UntilAsync(IsOutput);
                    if (m == null) throw new Xunit.Sdk.XunitException("The output stopped before " + what + " (" + Seen() + ")");
                    copies[m.SequenceNumber] = copies.GetValueOrDefault(m.SequenceNumber) + 1;
                }
            }
            // Nothing acked: #0 ("one") comes again and again.
            await ReceiveUntil(() => copies.GetValueOrDefault(0) >= 3, "#0 came three times");
            // A line of input: its echo and "two" follow as #1 (and on), sent once each while #0 is still the oldest.
            await c.SendAsync(RawClient.Input(0, PayloadType.Output, Encoding.ASCII.GetBytes("go\r")));
            await ReceiveUntil(() => copies.ContainsKey(1), "#1 came");
            Assert.All(copies.Where(kv => kv.Key > 0), kv => Assert.Equal(1, kv.Value));
            // Ack #0: now #1 is the oldest, and it is the one resent (a message not seen before is new output, not a
            // resend: it is noted and passed over).
            await c.AckAsync(c.Received.First(m => IsOutput(m) && m.SequenceNumber == 0));
            ClientMessage resent;
            while (true)
            {
                var m = await c.UntilAsync(m => IsOutput(m) && m.SequenceNumber != 0);
                if (m == null) throw new Xunit.Sdk.XunitException("No resend after the ack of #0 (" + Seen() + ")");
                if (copies.ContainsKey(m.SequenceNumber)) { resent = m; break; }
                copies[m.SequenceNumber] = 1;
            }
            Assert.Equal(1, resent.SequenceNumber);
            await _server.TerminateAsync(session.SessionId);
        }

        [Fact]
        public async Task InputBeforeTheHandshakeCompletesIsAckedAndDiscarded()
        {
            var session = _server.CreateSession("/bin/sh -c 'echo ready; read line; echo \"got:$line\"'", faults: new ExecFaults { Handshake = true });
            await using var c = await RawClient.ConnectAsync(session.StreamUrl, session.TokenValue);
            var request = await c.UntilAsync(IsOutput);
            Assert.Equal(PayloadType.HandshakeRequest, request!.PayloadType);
            await c.AckAsync(request);
            await c.SendAsync(RawClient.Input(0, PayloadType.Output, Encoding.ASCII.GetBytes("early\r")));
            var ack = await c.UntilAsync(m => m.MessageType == MessageTypes.Acknowledge);
            Assert.Equal(0, AcknowledgeContent.Parse(ack!.Payload).AcknowledgedMessageSequenceNumber);
            var response = new HandshakeResponse { ClientVersion = "1.2.650.0" };
            response.ProcessedClientActions.Add(new ProcessedClientAction { ActionType = HandshakeActions.SessionType, ActionStatus = HandshakeActions.StatusSuccess });
            await c.SendAsync(RawClient.Input(1, PayloadType.HandshakeResponse, response.ToJson()));
            var complete = await c.UntilAsync(m => IsOutput(m) && m.PayloadType == PayloadType.HandshakeComplete);
            await c.AckAsync(complete!);
            var ready = await c.UntilAsync(m => IsOutput(m) && m.PayloadType == PayloadType.Output); // the pty is up
            await c.AckAsync(ready!);
            await c.SendAsync(RawClient.Input(2, PayloadType.Output, Encoding.ASCII.GetBytes("late\r")));
            var text = await ReadAllOutputAsync(c);
            Assert.Contains("got:late\r\n", text);
            Assert.DoesNotContain("early", text);
            Assert.Equal(1, session.Stats.DiscardedInputs);
        }

        static HttpRequestMessage AwsJson(Uri endpoint, string target, object body)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body)) };
            req.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
            req.Headers.TryAddWithoutValidation("X-Amz-Target", target);
            return req;
        }

        [Fact]
        public async Task ExecuteCommandRejectsNonInteractiveLikeEcs()
        {
            using var http = new HttpClient();
            foreach (var body in new object[] { new { cluster = "c1", task = "t", command = "ls", interactive = false }, new { cluster = "c1", task = "t", command = "ls" } })
            {
                using var resp = await http.SendAsync(AwsJson(_server.BaseUri, "AmazonEC2ContainerServiceV20141113.ExecuteCommand", body));
                Assert.Equal(400, (int)resp.StatusCode);
                using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
                Assert.Equal("InvalidParameterException", doc.RootElement.GetProperty("__type").GetString());
                Assert.Equal("Interactive is the only mode supported currently.", doc.RootElement.GetProperty("message").GetString());
            }
        }

        [Fact]
        public async Task ResumeSessionReattachesToTheRunningProcess()
        {
            var session = _server.CreateSession("/bin/sh -c 'echo before; read line; echo \"after:$line\"'");
            var c1 = await RawClient.ConnectAsync(session.StreamUrl, session.TokenValue);
            var before = await c1.UntilAsync(m => IsOutput(m) && m.PayloadType == PayloadType.Output);
            Assert.Contains("before", Encoding.UTF8.GetString(before!.Payload));
            await c1.AckAsync(before);
            await c1.SendAsync(RawClient.Input(0, PayloadType.Output, Encoding.ASCII.GetBytes("typed\r")));
            await c1.UntilAsync(m => m.MessageType == MessageTypes.Acknowledge);
            c1.Abort(); // the network drops; the agent keeps the process
            await c1.DisposeAsync();

            var oldToken = session.TokenValue;
            using var http = new HttpClient();
            using var resp = await http.SendAsync(AwsJson(_server.BaseUri, "AmazonSSM.ResumeSession", new { SessionId = session.SessionId }));
            Assert.Equal(200, (int)resp.StatusCode);
            using var doc = JsonDocument.Parse(await resp.Content.ReadAsStringAsync());
            var newToken = doc.RootElement.GetProperty("TokenValue").GetString()!;
            Assert.NotEqual(oldToken, newToken);
            Assert.Equal(session.StreamUrl.ToString(), doc.RootElement.GetProperty("StreamUrl").GetString());

            await using (var stale = await RawClient.ConnectAsync(session.StreamUrl, oldToken))
            {
                Assert.Null(await stale.NextAsync());
                Assert.Equal("invalid or missing token", stale.CloseDescription);
            }
            await using var c2 = await RawClient.ConnectAsync(session.StreamUrl, newToken);
            var rest = await ReadAllOutputAsync(c2);
            Assert.Contains("after:typed\r\n", rest);
            Assert.True(c2.Received.Where(IsOutput).All(m => m.SequenceNumber >= 1)); // numbering carried on
            Assert.Equal(1, session.Stats.Resumes);

            using var ended = await http.SendAsync(AwsJson(_server.BaseUri, "AmazonSSM.ResumeSession", new { SessionId = session.SessionId }));
            using var endedDoc = JsonDocument.Parse(await ended.Content.ReadAsStringAsync());
            Assert.False(endedDoc.RootElement.TryGetProperty("TokenValue", out _)); // over: no token
            using var unknown = await http.SendAsync(AwsJson(_server.BaseUri, "AmazonSSM.ResumeSession", new { SessionId = "ecs-execute-command-nope" }));
            Assert.Contains("DoesNotExistException", await unknown.Content.ReadAsStringAsync());
        }
    }
}
