using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.ExecTestServer;
using EcsAdminTest;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    public sealed class PortForwardTests : IClassFixture<ServerFixture>
    {
        readonly ExecTestServer.ExecTestServer _server;
        public PortForwardTests(ServerFixture fixture) => _server = fixture.Server;

        static CancellationTokenSource Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60));

        [Fact]
        public async Task Many_concurrent_connections_share_one_multiplexed_session_byte_exact()
        {
            using var destination = new PortTestServer("127.0.0.1", "");
            var session = _server.CreatePortSession(destination.Port.ToString());
            using var cts = Timeout();
            using var forward = await PortForwardSession.StartAsync(session.ToConnection(), null, cts.Token);
            Assert.Equal(PortForwardMode.Multiplexed, forward.Mode);
            Assert.Equal(destination.Port.ToString(), forward.RemotePort);

            const int connections = 20, size = 512 * 1024;
            var results = await Task.WhenAll(Enumerable.Range(0, connections).Select(async i =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync(forward.LocalEndPoint, cts.Token);
                var s = client.GetStream();
                var up = await PortLoad.UploadAsync(s, PortTestServer.Pattern(size, 1000 + i), cts.Token);
                var down = await PortLoad.DownloadAsync(s, size, 2000 + i, cts.Token);
                return up && down;
            }));

            Assert.All(results, Assert.True);
            Assert.True(session.Multiplexed);
            Assert.Equal(connections, session.Stats.MuxStreams);
            Assert.Equal(connections, destination.Accepted);
            Assert.Equal(connections, forward.Statistics.Connections);
            Assert.True(forward.Statistics.BytesSent > connections * (long)size);
            Assert.True(forward.Statistics.BytesReceived >= connections * (long)size);
            Assert.Empty(session.Stats.ProtocolViolations);
            // Closed local connections close their streams and the destination's connections.
            await Exec.WaitUntilAsync(() => forward.Statistics.ActiveConnections == 0 && destination.Open == 0, cts.Token);
        }

        [Fact]
        public async Task Uploads_and_downloads_at_once_in_bulk_do_not_lock_the_channel_up()
        {
            // Both directions full at the same time: the local readers of the downloads start late, so the channel is held
            // (back-pressure) while uploads fill the other direction. Neither end's receive side may then wait on its send
            // side, or each waits for the other to read.
            using var destination = new PortTestServer("127.0.0.1", "");
            var session = _server.CreatePortSession(destination.Port.ToString());
            using var cts = Timeout();
            using var forward = await PortForwardSession.StartAsync(session.ToConnection(), new PortForwardOptions { MaxBufferedBytes = 256 * 1024 }, cts.Token);
            const int connections = 12, size = 8 * 1024 * 1024;
            var runs = Enumerable.Range(0, connections).Select(async i =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync(forward.LocalEndPoint, cts.Token);
                var s = client.GetStream();
                if (i % 2 == 0) return await PortLoad.UploadAsync(s, PortTestServer.Pattern(size, 3000 + i), cts.Token);
                return await PortLoad.DownloadAsync(s, size, 4000 + i, cts.Token, TimeSpan.FromSeconds(2));
            }).ToArray();
            bool[] results;
            try { results = await Task.WhenAll(runs); }
            catch (OperationCanceledException) { throw new Xunit.Sdk.XunitException($"The transfers did not finish: {forward.Statistics}; channel {forward.ChannelStatistics}; session {forward.Completion.Status}"); }
            Assert.All(results, Assert.True);
            Assert.False(forward.Completion.IsCompleted);
        }

        [Fact]
        public async Task A_local_connection_that_reads_nothing_fails_the_session_naming_it_instead_of_stalling()
        {
            using var destination = new PortTestServer("127.0.0.1", "");
            var session = _server.CreatePortSession(destination.Port.ToString());
            using var cts = Timeout();
            var options = new PortForwardOptions { MaxBufferedBytes = 64 * 1024, StallTimeout = TimeSpan.FromSeconds(2) };
            using var forward = await PortForwardSession.StartAsync(session.ToConnection(), options, cts.Token);
            using var client = new TcpClient { ReceiveBufferSize = 16 * 1024 };
            await client.ConnectAsync(forward.LocalEndPoint, cts.Token);
            var head = new byte[17];
            head[0] = (byte)'D';
            BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(1), 32L * 1024 * 1024);
            BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(9), 7);
            await client.GetStream().WriteAsync(head, cts.Token); // and never reads

            var ended = await Task.WhenAny(forward.Completion, Task.Delay(System.Threading.Timeout.Infinite, cts.Token));
            Assert.Same(forward.Completion, ended);
            var error = await Assert.ThrowsAsync<ExecSessionException>(() => forward.Completion);
            Assert.Contains("stalled", error.Message);
            Assert.Contains("stream 3", error.Message);
            Assert.Equal(0, forward.Statistics.ActiveConnections);
        }

        [Fact]
        public async Task An_old_agent_gets_the_basic_mode_one_connection_after_another()
        {
            using var destination = new PortTestServer("127.0.0.1", "");
            var session = _server.CreatePortSession(destination.Port.ToString(), faults: new ExecFaults { AgentVersion = "3.0.161.0" });
            using var cts = Timeout();
            using var forward = await PortForwardSession.StartAsync(session.ToConnection(), null, cts.Token);
            Assert.Equal(PortForwardMode.Basic, forward.Mode);

            for (var i = 0; i < 2; i++)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(forward.LocalEndPoint, cts.Token);
                var s = client.GetStream();
                Assert.True(await PortLoad.UploadAsync(s, PortTestServer.Pattern(200_000, i), cts.Token));
                Assert.True(await PortLoad.DownloadAsync(s, 200_000, 50 + i, cts.Token));
                client.Close();
                // The closed connection is announced, and the agent closes its own.
                await Exec.WaitUntilAsync(() => session.Stats.Flags.Count(f => f == PortForwardSession.DisconnectToPortFlag) == i + 1, cts.Token);
            }
            Assert.False(session.Multiplexed);
            Assert.Equal(0, session.Stats.MuxStreams);
            Assert.Equal(2, destination.Accepted);
            Assert.Empty(session.Stats.ProtocolViolations);
        }

        [Fact]
        public async Task A_remote_host_session_reaches_that_host_and_a_refused_dial_is_reported()
        {
            using var remote = new PortTestServer("127.0.0.2", "");
            using var cts = Timeout();

            var session = _server.CreatePortSession(remote.Port.ToString(), host: "127.0.0.2");
            using (var forward = await PortForwardSession.StartAsync(session.ToConnection(), null, cts.Token))
            {
                Assert.Equal("127.0.0.2", forward.RemoteHost);
                using var client = new TcpClient();
                await client.ConnectAsync(forward.LocalEndPoint, cts.Token);
                Assert.True(await PortLoad.DownloadAsync(client.GetStream(), 100_000, 7, cts.Token));
                Assert.Equal(1, remote.Accepted);
            }

            // The same port on the task itself (localhost) has no listener: the agent says so and closes the stream.
            var local = _server.CreatePortSession(remote.Port.ToString());
            using var refused = await PortForwardSession.StartAsync(local.ToConnection(), null, cts.Token);
            using var c2 = new TcpClient();
            await c2.ConnectAsync(refused.LocalEndPoint, cts.Token);
            var buffer = new byte[16];
            Assert.Equal(0, await c2.GetStream().ReadAsync(buffer, cts.Token)); // closed without data
            await Exec.WaitUntilAsync(() => refused.Statistics.ConnectErrors == 1, cts.Token);
        }

        [Fact]
        public async Task Stop_sends_TerminateSession_and_closes_the_listener_connections_and_channel()
        {
            using var destination = new PortTestServer("127.0.0.1", "");
            var session = _server.CreatePortSession(destination.Port.ToString());
            using var cts = Timeout();
            var forward = await PortForwardSession.StartAsync(session.ToConnection(), null, cts.Token);
            var endpoint = forward.LocalEndPoint;
            using var client = new TcpClient();
            await client.ConnectAsync(endpoint, cts.Token);
            Assert.True(await PortLoad.DownloadAsync(client.GetStream(), 1000, 1, cts.Token));

            await forward.StopAsync();

            Assert.True(forward.Completion.IsCompletedSuccessfully);
            Assert.Contains(PortForwardSession.TerminateSessionFlag, session.Stats.Flags);
            Assert.Equal(0, forward.Statistics.ActiveConnections);
            Assert.Equal(0, await client.GetStream().ReadAsync(new byte[1], cts.Token)); // the open connection was closed
            await Assert.ThrowsAnyAsync<SocketException>(async () =>
            {
                using var again = new TcpClient();
                await again.ConnectAsync(endpoint, cts.Token);
            });
            // The agent side ends the session on the flag (channel closed) and drops its destination connections.
            await Exec.WaitUntilAsync(() => session.Stats.ChannelsClosed == 1 && destination.Open == 0, cts.Token);
        }

        [Fact]
        public async Task A_local_port_in_use_is_a_bind_error_before_the_channel_opens()
        {
            using var occupied = new TcpListener(IPAddress.Loopback, 0);
            occupied.Start();
            var port = ((IPEndPoint)occupied.LocalEndpoint).Port;
            var session = _server.CreatePortSession("80");
            var ex = await Assert.ThrowsAsync<PortForwardBindException>(() =>
                PortForwardSession.StartAsync(session.ToConnection(), new PortForwardOptions { LocalPort = port }, CancellationToken.None));
            Assert.Equal(port, ex.EndPoint.Port);
            Assert.Equal(0, session.Stats.Connections);
        }

        [Fact]
        public void Frames_are_reassembled_from_any_split_of_the_byte_stream()
        {
            var frames = new List<byte[]>
            {
                MuxFrames.Build(MuxFrames.Syn, 3),
                MuxFrames.Build(MuxFrames.Psh, 3, PortTestServer.Pattern(3000, 1), 0, 3000),
                MuxFrames.Build(MuxFrames.Psh, 5, new byte[] { 1, 2, 3 }, 0, 3),
                MuxFrames.Build(MuxFrames.Fin, 3),
            };
            var stream = frames.SelectMany(f => f).ToArray();
            Assert.Equal(new byte[] { 1, 2, 0xb8, 0x0b, 3, 0, 0, 0 }, frames[1].Take(8).ToArray()); // v1, PSH, len LE, sid LE
            foreach (var piece in new[] { 1, 7, 8, 9, 1024, stream.Length })
            {
                var reader = new MuxFrameReader();
                var got = new List<MuxFrame>();
                for (var i = 0; i < stream.Length; i += piece)
                    got.AddRange(reader.Feed(stream, i, Math.Min(piece, stream.Length - i)));
                Assert.Equal(new byte[] { MuxFrames.Syn, MuxFrames.Psh, MuxFrames.Psh, MuxFrames.Fin }, got.Select(f => f.Command).ToArray());
                Assert.Equal(new uint[] { 3, 3, 5, 3 }, got.Select(f => f.StreamId).ToArray());
                Assert.Equal(PortTestServer.Pattern(3000, 1), got[1].Data);
            }
            Assert.Throws<ExecProtocolException>(() => new MuxFrameReader().Feed(new byte[] { 2, 0, 0, 0, 0, 0, 0, 0 }, 0, 8));
        }

        [Theory]
        [InlineData("3.0.196.0", "3.0.196.0", 0)]
        [InlineData("3.0.197.0", "3.0.196.0", 1)]
        [InlineData("3.1.1511.0", "3.1.1600.0", -1)]
        [InlineData("1.2.650.0", "1.1.70", 1)]
        public void Versions_compare_numerically(string a, string b, int expected) =>
            Assert.Equal(expected, PortForwardSession.CompareVersions(a, b));
    }
}
