using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.ExecTestServer;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Ssm = EcsAdmin.Engine.Aws.Generated.Ssm;

namespace EcsAdmin.Tests.Exec
{
    /// <summary>
    /// TransferOperations with FakeAwsApi answering ECS and SSM (DescribeTasks as ECS shapes it, StartSession and
    /// ExecuteCommand registering sessions on the real exec test server, TerminateSession ending them there).
    /// </summary>
    public sealed class TransferOperationsTests : IClassFixture<ExecServerFixture>
    {
        private readonly ExecTestServer.ExecTestServer _server;

        public TransferOperationsTests(ExecServerFixture fixture) => _server = fixture.Server;

        private sealed class Rig
        {
            public FakeAwsApi Api { get; } = new FakeAwsApi();
            public CollectingSink Sink { get; } = new CollectingSink();
            public ConcurrentQueue<string> Terminated { get; } = new ConcurrentQueue<string>();
            public ConcurrentQueue<ExecTestSession> Sessions { get; } = new ConcurrentQueue<ExecTestSession>();

            public Rig(ExecTestServer.ExecTestServer server, params string[] containers)
            {
                Api.Handle(Ecs.EcsApi.DescribeTasks, r => new Ecs.DescribeTasksResponse
                {
                    Tasks = new List<Ecs.Task>
                    {
                        new Ecs.Task
                        {
                            TaskArn = "arn:aws:ecs:us-east-1:123456789012:task/demo/" + r.Tasks[0],
                            ClusterArn = "arn:aws:ecs:us-east-1:123456789012:cluster/demo",
                            LastStatus = "RUNNING",
                            Containers = containers.Select(c => new Ecs.Container { Name = c, RuntimeId = r.Tasks[0] + "-" + c, LastStatus = "RUNNING" }).ToList(),
                        },
                    },
                });
                Api.Handle(Ssm.SsmApi.StartSession, r =>
                {
                    var s = server.CreatePortSession(r.Parameters["portNumber"][0], r.Parameters.TryGetValue("host", out var h) ? h[0] : null, target: r.Target);
                    Sessions.Enqueue(s);
                    return new Ssm.StartSessionResponse { SessionId = s.SessionId, StreamUrl = s.StreamUrl.ToString(), TokenValue = s.TokenValue };
                });
                Api.Handle(Ecs.EcsApi.ExecuteCommand, r =>
                {
                    var s = server.CreateSession(r.Command, true);
                    Sessions.Enqueue(s);
                    return new Ecs.ExecuteCommandResponse
                    {
                        ContainerName = r.Container,
                        TaskArn = r.Task,
                        Session = new Ecs.Session { SessionId = s.SessionId, StreamUrl = s.StreamUrl.ToString(), TokenValue = s.TokenValue },
                    };
                });
                Api.Handle(Ssm.SsmApi.TerminateSession, r =>
                {
                    Terminated.Enqueue(r.SessionId);
                    server.TerminateAsync(r.SessionId).GetAwaiter().GetResult();
                    return new Ssm.TerminateSessionResponse { SessionId = r.SessionId };
                });
            }

            public TransferOperations Ops() => new TransferOperations(Api.Factory);
        }

        [Fact]
        public async Task A_port_forward_targets_the_containers_runtime_id_and_stops_with_TerminateSession()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var served = Task.Run(async () =>
            {
                using var c = await listener.AcceptTcpClientAsync();
                var buffer = new byte[5];
                await c.GetStream().ReadExactlyAsync(buffer);
                await c.GetStream().WriteAsync(Encoding.ASCII.GetBytes("pong:" + Encoding.ASCII.GetString(buffer)));
            });
            var rig = new Rig(_server, "web", "sidecar");
            var ops = rig.Ops();
            var handle = await ops.StartPortForwardAsync(CollectingSink.Session(), new PortForwardRequest
            {
                Cluster = "demo", Task = "t1", Container = "web", RemotePort = port,
            }, rig.Sink.Context());

            var start = (Ssm.StartSessionRequest)rig.Api.Calls.Single(c => c.Operation == "StartSession").Input;
            Assert.Equal("ecs:demo_t1_t1-web", start.Target);
            Assert.Equal("AWS-StartPortForwardingSession", start.DocumentName);
            Assert.Equal(new[] { port.ToString() }, start.Parameters["portNumber"]);
            Assert.Equal(new[] { "0" }, start.Parameters["localPortNumber"]);
            Assert.Equal("Multiplexed", handle.Mode);
            Assert.Equal("web", handle.Container);

            using (var client = new TcpClient())
            {
                await client.ConnectAsync(IPAddress.Loopback, handle.LocalPort);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("hello"));
                var reply = new byte[10];
                await client.GetStream().ReadExactlyAsync(reply);
                Assert.Equal("pong:hello", Encoding.ASCII.GetString(reply));
            }
            await served;
            await handle.StopAsync();
            Assert.Equal("Stopped", handle.State);
            Assert.Equal(new[] { handle.SessionId }, rig.Terminated.ToArray());
            Assert.Contains(2u, rig.Sessions.Single().Stats.Flags); // TerminateSession flag to the agent
            Assert.DoesNotContain(rig.Sink.Messages, m => m.Payload is string s && s.Contains(rig.Sessions.Single().TokenValue));
            listener.Stop();
        }

        [Fact]
        public async Task Several_containers_need_a_name_and_no_session_starts()
        {
            var rig = new Rig(_server, "web", "sidecar");
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => rig.Ops().StartPortForwardAsync(CollectingSink.Session(),
                new PortForwardRequest { Cluster = "demo", Task = "t1", RemotePort = 80 }, rig.Sink.Context()));
            Assert.Equal("ContainerRequired", ex.ErrorId);
            Assert.Contains("web, sidecar", ex.Message);
            Assert.Equal(0, rig.Api.Count("StartSession"));
        }

        [Fact]
        public async Task A_file_goes_into_the_task_and_back_in_pieces_with_its_hash()
        {
            var rig = new Rig(_server, "app");
            var dir = Directory.CreateTempSubdirectory("ecsadmin-xunit-copy-").FullName;
            try
            {
                var data = new byte[300_000];
                new Random(5).NextBytes(data);
                var local = Path.Combine(dir, "in.bin");
                File.WriteAllBytes(local, data);
                var remote = Path.Combine(dir, "remote dir's file.bin"); // the exec test server runs this machine's shell: a quote and a space in the path
                var ops = rig.Ops();
                await ops.CopyFileAsync(CollectingSink.Session(), new FileCopyRequest
                {
                    Cluster = "demo", Task = "t1", RemotePath = remote, LocalPath = local, ChunkBytes = 128 * 1024,
                }, rig.Sink.Context());
                Assert.Equal(data, File.ReadAllBytes(remote));
                var back = Path.Combine(dir, "back.bin");
                await ops.CopyFileAsync(CollectingSink.Session(), new FileCopyRequest
                {
                    Cluster = "demo", Task = "t1", FromTask = true, RemotePath = remote, LocalPath = back, ChunkBytes = 128 * 1024,
                }, rig.Sink.Context());
                Assert.Equal(data, File.ReadAllBytes(back));

                var results = rig.Sink.Outputs<EcsFileCopyResult>().ToList();
                Assert.Equal(new[] { "ToTask", "FromTask" }, results.Select(r => r.Direction).ToArray());
                var sha = Convert.ToHexString(SHA256.HashData(data)).ToLowerInvariant();
                Assert.All(results, r => Assert.Equal(sha, r.Sha256));
                Assert.Equal(1 + 3 + 1, results[0].Sessions); // probe, three pieces, check
                Assert.Equal(1 + 3, results[1].Sessions);     // probe, three pieces
                Assert.Equal(rig.Api.Count("ExecuteCommand"), rig.Terminated.Count);
                Assert.Empty(Directory.GetFiles(dir, "*.part"));
                Assert.Contains(rig.Sink.Progress, p => p.Status.Contains("Writing") && p.PercentComplete > 0 && p.PercentComplete < 100);
            }
            finally { Directory.Delete(dir, true); }
        }

        [Fact]
        public void Terminal_safe_encodings_round_trip()
        {
            var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
            var lines = Encoding.ASCII.GetString(TransferOperations.EncodeBase64Lines(data, data.Length));
            Assert.All(lines.TrimEnd('\n').Split('\n'), l => Assert.InRange(l.Length, 1, 76));
            Assert.All(lines, c => Assert.True(char.IsLetterOrDigit(c) || c == '+' || c == '/' || c == '=' || c == '\n'));
            // What the pty delivers: CRLF line ends.
            Assert.Equal(data, TransferOperations.DecodeBase64(lines.Replace("\n", "\r\n")));
            Assert.Equal(new byte[] { 0x00, 0x41, 0xff, 0x0d }, TransferOperations.DecodeHex(" 00 41 ff\r\n 0d\r\n"));
            Assert.Equal("CopyProtocolError", Assert.Throws<EcsAdminException>(() => TransferOperations.DecodeHex("0g")).ErrorId);
            Assert.Equal("'it'\\''s'", TransferOperations.ShellQuote("it's"));
            // Raw pieces: the bytes between the markers, whatever they are (a CR last, a marker-like prefix inside).
            var framed = Encoding.ASCII.GetBytes("noise\r\nB1").Concat(new byte[] { 0x00, 0x42, 0x31, 0xff, 0x0d }).Concat(Encoding.ASCII.GetBytes("E1\n__marker:0\n")).ToArray();
            Assert.Equal(new byte[] { 0x00, 0x42, 0x31, 0xff, 0x0d }, TransferOperations.Between(framed, "B1", "E1"));
            Assert.Equal("CopyProtocolError", Assert.Throws<EcsAdminException>(() => TransferOperations.Between(Encoding.ASCII.GetBytes("B1 only"), "B1", "E1")).ErrorId);
        }
    }
}
