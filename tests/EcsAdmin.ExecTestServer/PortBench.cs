using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>
    /// Loopback benchmark of port forwarding: a destination server (a source of N bytes, and a 1-byte echo) reached
    /// directly and through a multiplexed port session of this server. Throughput of one connection, of 8 at once, and
    /// the round trip of a 1-byte echo (median of 200): the forward's added latency is the difference to the direct one.
    /// </summary>
    public static class PortBench
    {
        public static async Task RunAsync(int megabytes, TextWriter output, CancellationToken cancellationToken = default)
        {
            await using var server = await ExecTestServer.StartAsync(new ExecTestServerOptions(), cancellationToken);
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            using var stop = new CancellationTokenSource();
            _ = Task.Run(() => ServeAsync(listener, stop.Token));
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var bytes = megabytes * 1024 * 1024;
            try
            {
                var direct = new IPEndPoint(IPAddress.Loopback, port);
                var directMBps = await DownloadAsync(direct, bytes, 1, cancellationToken);
                var directRtt = await EchoRttAsync(direct, cancellationToken);

                var session = server.CreatePortSession(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
                using var forward = await PortForwardSession.StartAsync(session.ToConnection(), null, cancellationToken);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var forwardMBps = await DownloadAsync(forward.LocalEndPoint, bytes, 1, cancellationToken);
                var forward8MBps = await DownloadAsync(forward.LocalEndPoint, bytes / 8, 8, cancellationToken);
                // CPU of both ends (client and agent side share this process) per forwarded MB: a figure a busy machine
                // does not bend as it bends MB/s.
                var cpuMsPerMB = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / (2.0 * bytes / 1048576.0);
                var forwardRtt = await EchoRttAsync(forward.LocalEndPoint, cancellationToken);
                await forward.StopAsync();
                output.WriteLine(FormattableString.Invariant(
                    $"port-bench: direct_MBps={directMBps:0.0} forward_MBps={forwardMBps:0.00} forward_8conn_MBps={forward8MBps:0.00} direct_rtt_ms={directRtt:0.000} forward_rtt_ms={forwardRtt:0.000} added_latency_ms={forwardRtt - directRtt:0.000} cpu_ms_per_MB={cpuMsPerMB:0.0} bytes={bytes} agent_retransmits={session.Stats.Retransmits} client_duplicates={forward.ChannelStatistics.Duplicates}"));
            }
            finally
            {
                stop.Cancel();
                listener.Stop();
            }
        }

        /// <summary>First byte 'S' + int32 n: n bytes back; 'E': echo every byte until the client closes.</summary>
        static async Task ServeAsync(TcpListener listener, CancellationToken ct)
        {
            while (!ct.IsCancellationRequested)
            {
                TcpClient c;
                try { c = await listener.AcceptTcpClientAsync(ct); } catch (Exception) { return; }
                _ = Task.Run(async () =>
                {
                    using var _ = c;
                    c.NoDelay = true;
                    var s = c.GetStream();
                    var head = new byte[5];
                    try
                    {
                        await s.ReadExactlyAsync(head.AsMemory(0, 1), ct);
                        if (head[0] == 'S')
                        {
                            await s.ReadExactlyAsync(head.AsMemory(1, 4), ct);
                            var n = BitConverter.ToInt32(head, 1);
                            var block = new byte[64 * 1024];
                            new Random(1).NextBytes(block);
                            for (var sent = 0; sent < n; sent += block.Length)
                                await s.WriteAsync(block.AsMemory(0, Math.Min(block.Length, n - sent)), ct);
                            var closed = await s.ReadAsync(head.AsMemory(0, 1), ct); // until the client closes
                            GC.KeepAlive(closed);
                        }
                        else
                        {
                            var one = new byte[1];
                            while (await s.ReadAsync(one, ct) == 1) await s.WriteAsync(one, ct);
                        }
                    }
                    catch (Exception) { }
                }, ct);
            }
        }

        static async Task<double> DownloadAsync(IPEndPoint endpoint, int bytes, int connections, CancellationToken ct)
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, connections).Select(async _ =>
            {
                using var c = new TcpClient();
                await c.ConnectAsync(endpoint, ct);
                var s = c.GetStream();
                var head = new byte[5];
                head[0] = (byte)'S';
                BitConverter.GetBytes(bytes).CopyTo(head, 1);
                await s.WriteAsync(head, ct);
                var buffer = new byte[64 * 1024];
                for (var got = 0; got < bytes;)
                {
                    var n = await s.ReadAsync(buffer, ct);
                    if (n == 0) throw new IOException("the stream ended early");
                    got += n;
                }
            }));
            return (double)bytes * connections / 1048576.0 / clock.Elapsed.TotalSeconds;
        }

        static async Task<double> EchoRttAsync(IPEndPoint endpoint, CancellationToken ct)
        {
            using var c = new TcpClient { NoDelay = true };
            await c.ConnectAsync(endpoint, ct);
            var s = c.GetStream();
            await s.WriteAsync(new[] { (byte)'E' }, ct);
            var one = new byte[1];
            var samples = new double[200];
            for (var i = -10; i < samples.Length; i++) // 10 warm-up rounds
            {
                var clock = Stopwatch.StartNew();
                await s.WriteAsync(one, ct);
                await s.ReadExactlyAsync(one, ct);
                if (i >= 0) samples[i] = clock.Elapsed.TotalMilliseconds;
            }
            Array.Sort(samples);
            return samples[samples.Length / 2];
        }
    }
}
