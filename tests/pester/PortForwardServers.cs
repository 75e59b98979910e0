using System;
using System.Buffers.Binary;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdminTest
{
    /// <summary>
    /// A destination for port-forward tests on a loopback address (the Pester tests compile this file; the xUnit
    /// port-session tests of EcsAdmin.Exec.Tests include it by a link). A connection that starts with "GET " gets one HTTP
    /// page (<see cref="Page"/>) and is closed; otherwise, repeatedly: 'U' + int64 n + n bytes → SHA-256 of them (32
    /// bytes); 'D' + int64 n + int64 seed → n bytes of <see cref="Pattern"/>. Counts accepted and open connections.
    /// </summary>
    public sealed class PortTestServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private int _accepted, _open;

        public PortTestServer(string address, string page)
        {
            Page = page;
            _listener = new TcpListener(IPAddress.Parse(address), 0);
            _listener.Start();
            Task.Run(AcceptAsync);
        }

        public string Page { get; }
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;
        public int Accepted => Volatile.Read(ref _accepted);
        public int Open => Volatile.Read(ref _open);

        public static byte[] Pattern(long length, long seed)
        {
            var data = new byte[length];
            new Random(unchecked((int)seed)).NextBytes(data);
            return data;
        }

        private async Task AcceptAsync()
        {
            while (!_cts.IsCancellationRequested)
            {
                TcpClient c;
                try { c = await _listener.AcceptTcpClientAsync(_cts.Token); } catch (Exception) { return; }
                Interlocked.Increment(ref _accepted);
                Interlocked.Increment(ref _open);
                _ = Task.Run(() => ServeAsync(c));
            }
        }

        private async Task ServeAsync(TcpClient c)
        {
            try
            {
                using var _ = c;
                var s = c.GetStream();
                var head = new byte[17];
                if (await s.ReadAsync(head.AsMemory(0, 1), _cts.Token) == 0) return;
                if (head[0] == 'G')
                {
                    var request = new StringBuilder("G");
                    var buffer = new byte[4096];
                    while (!request.ToString().Contains("\r\n\r\n"))
                    {
                        var n = await s.ReadAsync(buffer, _cts.Token);
                        if (n == 0) return;
                        request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                    }
                    var body = Encoding.UTF8.GetBytes(Page);
                    var header = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n");
                    await s.WriteAsync(header, _cts.Token);
                    await s.WriteAsync(body, _cts.Token);
                    return;
                }
                while (true)
                {
                    if (head[0] == 'U')
                    {
                        await s.ReadExactlyAsync(head.AsMemory(1, 8), _cts.Token);
                        var n = BinaryPrimitives.ReadInt64BigEndian(head.AsSpan(1));
                        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                        var buffer = new byte[64 * 1024];
                        while (n > 0)
                        {
                            var r = await s.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, n)), _cts.Token);
                            if (r == 0) return;
                            sha.AppendData(buffer, 0, r);
                            n -= r;
                        }
                        await s.WriteAsync(sha.GetHashAndReset(), _cts.Token);
                    }
                    else if (head[0] == 'D')
                    {
                        await s.ReadExactlyAsync(head.AsMemory(1, 16), _cts.Token);
                        var n = BinaryPrimitives.ReadInt64BigEndian(head.AsSpan(1));
                        var seed = BinaryPrimitives.ReadInt64BigEndian(head.AsSpan(9));
                        await s.WriteAsync(Pattern(n, seed), _cts.Token);
                    }
                    else return;
                    if (await s.ReadAsync(head.AsMemory(0, 1), _cts.Token) == 0) return;
                }
            }
            catch (Exception) { }
            finally { Interlocked.Decrement(ref _open); }
        }

        public void Dispose()
        {
            _cts.Cancel();
            _listener.Stop();
        }
    }

    /// <summary>Clients for the tests: transfers through a forward, each checked by SHA-256.</summary>
    public static class PortLoad
    {
        /// <summary>Opens <paramref name="connections"/> connections at once to host:port; even ones upload
        /// <paramref name="bytes"/> (the server answers their SHA-256), odd ones download as many. True per connection
        /// whose bytes arrived exactly.</summary>
        public static bool[] Run(string host, int port, int connections, int bytes, int timeoutSec)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSec));
            var runs = Enumerable.Range(0, connections).Select(i => Task.Run(async () =>
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port, cts.Token);
                var s = client.GetStream();
                return i % 2 == 0
                    ? await UploadAsync(s, PortTestServer.Pattern(bytes, 100 + i), cts.Token)
                    : await DownloadAsync(s, bytes, 100 + i, cts.Token);
            })).ToArray();
            return Task.WhenAll(runs).GetAwaiter().GetResult();
        }

        /// <summary>Sends 'U' and <paramref name="data"/>; true when the server's SHA-256 of what it read matches.</summary>
        public static async Task<bool> UploadAsync(NetworkStream s, byte[] data, CancellationToken ct)
        {
            var head = new byte[9];
            head[0] = (byte)'U';
            BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(1), data.Length);
            await s.WriteAsync(head, ct);
            await s.WriteAsync(data, ct);
            var hash = new byte[32];
            await s.ReadExactlyAsync(hash, ct);
            return hash.AsSpan().SequenceEqual(SHA256.HashData(data));
        }

        /// <summary>Asks for <paramref name="length"/> bytes of the pattern of <paramref name="seed"/> (starting to read
        /// only after <paramref name="readAfter"/>, to let the stream back up); true when they arrive exactly.</summary>
        public static async Task<bool> DownloadAsync(NetworkStream s, int length, long seed, CancellationToken ct, TimeSpan readAfter = default)
        {
            var head = new byte[17];
            head[0] = (byte)'D';
            BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(1), length);
            BinaryPrimitives.WriteInt64BigEndian(head.AsSpan(9), seed);
            await s.WriteAsync(head, ct);
            if (readAfter > TimeSpan.Zero) await Task.Delay(readAfter, ct);
            var got = new byte[length];
            await s.ReadExactlyAsync(got, ct);
            return SHA256.HashData(got).AsSpan().SequenceEqual(SHA256.HashData(PortTestServer.Pattern(length, seed)));
        }

        /// <summary>True when nothing accepts connections on host:port.</summary>
        public static bool IsClosed(string host, int port)
        {
            try
            {
                using var c = new TcpClient();
                c.Connect(host, port);
                return false;
            }
            catch (SocketException) { return true; }
        }
    }
}
