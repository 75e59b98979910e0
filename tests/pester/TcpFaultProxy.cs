using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdminTest
{
    /// <summary>
    /// A raw-socket HTTP/1.1 proxy for network faults the HttpListener-based proxy cannot make: on chosen requests it
    /// resets the connection (RST, nothing forwarded) or forwards a read and cuts its reply off half way (promised
    /// Content-Length, half the body, RST). One request per connection (it answers "Connection: close").
    /// The n-th AWS request (n from 0) gets the fault of slot n % Period. A mutating request in a truncate slot is
    /// reset before forwarding instead, since a cut reply to a create leaves the client unable to know its fate.
    /// </summary>
    public sealed class TcpFaultProxy : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly string _upstreamHost;
        private readonly int _upstreamPort;
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly object _gate = new object();
        private int _count;

        public TcpFaultProxy(string upstreamUrl)
        {
            var u = new Uri(upstreamUrl);
            _upstreamHost = u.Host;
            _upstreamPort = u.Port;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            Task.Run(AcceptLoop);
        }

        public int Port { get; }
        public string Url => "http://127.0.0.1:" + Port;
        public int Period { get; set; }
        public int[] ResetSlots { get; set; } = new int[0];
        public int[] TruncateSlots { get; set; } = new int[0];
        public int Resets { get; private set; }
        public int Truncations { get; private set; }
        public List<string> Forwarded { get; } = new List<string>();
        /// <summary>The next request of this operation is forwarded (so it takes effect) and its reply is dropped (reset).</summary>
        public string LoseReplyTo { get; set; }
        public int LostReplies { get; private set; }

        private async Task AcceptLoop()
        {
            while (!_cts.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => Handle(client));
            }
        }

        private static bool IsRead(string op)
            => new[] { "Describe", "List", "Get", "Filter" }.Any(p => op.StartsWith(p, StringComparison.Ordinal));

        private static void Reset(TcpClient c)
        {
            try { c.Client.LingerState = new LingerOption(true, 0); c.Close(); } catch (Exception) { }
        }

        private async Task Handle(TcpClient client)
        {
            try
            {
                var stream = client.GetStream();
                var (head, body) = await ReadMessage(stream, isResponse: false).ConfigureAwait(false);
                if (head == null) { client.Close(); return; }
                var headText = Encoding.ASCII.GetString(head);
                var op = Header(headText, "X-Amz-Target");
                op = op == null ? "" : op.Substring(op.IndexOf('.') + 1);
                string fault = null;
                if (op.Length > 0 && Period > 0)
                {
                    lock (_gate)
                    {
                        int slot = _count++ % Period;
                        if (ResetSlots.Contains(slot) || (TruncateSlots.Contains(slot) && !IsRead(op))) { fault = "reset"; Resets++; }
                        else if (TruncateSlots.Contains(slot)) { fault = "truncate"; Truncations++; }
                    }
                }
                if (fault == "reset") { Reset(client); return; }
                if (fault == null && op.Length > 0)
                {
                    lock (_gate)
                    {
                        if (LoseReplyTo != null && string.Equals(LoseReplyTo, op, StringComparison.Ordinal)) { fault = "lose"; LoseReplyTo = null; LostReplies++; }
                    }
                }

                lock (_gate) Forwarded.Add(op);
                byte[] response;
                using (var up = new TcpClient())
                {
                    await up.ConnectAsync(_upstreamHost, _upstreamPort).ConfigureAwait(false);
                    var us = up.GetStream();
                    var request = WithConnectionClose(headText);
                    await us.WriteAsync(request, 0, request.Length).ConfigureAwait(false);
                    if (body.Length > 0) await us.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
                    var (rhead, rbody) = await ReadMessage(us, isResponse: true).ConfigureAwait(false);
                    var rheadText = Encoding.ASCII.GetString(rhead ?? new byte[0]);
                    var fixedHead = WithConnectionClose(rheadText);
                    if (fault == "lose")
                    {
                        Reset(client);
                        return;
                    }
                    if (fault == "truncate")
                    {
                        await stream.WriteAsync(fixedHead, 0, fixedHead.Length).ConfigureAwait(false);
                        await stream.WriteAsync(rbody, 0, rbody.Length / 2).ConfigureAwait(false);
                        await stream.FlushAsync().ConfigureAwait(false);
                        Reset(client);
                        return;
                    }
                    response = fixedHead.Concat(rbody).ToArray();
                }
                await stream.WriteAsync(response, 0, response.Length).ConfigureAwait(false);
                client.Close();
            }
            catch (Exception)
            {
                Reset(client);
            }
        }

        private static string Header(string head, string name)
        {
            foreach (var line in head.Split(new[] { "\r\n" }, StringSplitOptions.None))
            {
                var i = line.IndexOf(':');
                if (i > 0 && string.Equals(line.Substring(0, i).Trim(), name, StringComparison.OrdinalIgnoreCase)) return line.Substring(i + 1).Trim();
            }
            return null;
        }

        /// <summary>The message head with any Connection header replaced by "Connection: close".</summary>
        private static byte[] WithConnectionClose(string head)
        {
            var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None).Where(l => l.Length > 0 && !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)).ToList();
            lines.Add("Connection: close");
            return Encoding.ASCII.GetBytes(string.Join("\r\n", lines) + "\r\n\r\n");
        }

        /// <summary>Reads a head (to the blank line) and a body of Content-Length bytes (or chunked/until close for replies).</summary>
        private static async Task<(byte[], byte[])> ReadMessage(Stream s, bool isResponse)
        {
            var buffer = new MemoryStream();
            var one = new byte[1];
            int matched = 0;
            while (matched < 4)
            {
                int n = await s.ReadAsync(one, 0, 1).ConfigureAwait(false);
                if (n == 0) return (null, new byte[0]);
                buffer.WriteByte(one[0]);
                matched = (one[0] == (matched % 2 == 0 ? (byte)'\r' : (byte)'\n')) ? matched + 1 : (one[0] == '\r' ? 1 : 0);
            }
            var head = buffer.ToArray();
            var text = Encoding.ASCII.GetString(head);
            var length = Header(text, "Content-Length");
            var body = new MemoryStream();
            if (length != null)
            {
                int remaining = int.Parse(length);
                var chunk = new byte[8192];
                while (remaining > 0)
                {
                    int n = await s.ReadAsync(chunk, 0, Math.Min(chunk.Length, remaining)).ConfigureAwait(false);
                    if (n == 0) break;
                    body.Write(chunk, 0, n);
                    remaining -= n;
                }
            }
            else if (isResponse)
            {
                await s.CopyToAsync(body).ConfigureAwait(false);
            }
            // Strip the head's trailing blank line; WithConnectionClose adds it back.
            return (Encoding.ASCII.GetBytes(text.TrimEnd('\r', '\n')), body.ToArray());
        }

        public void Dispose()
        {
            _cts.Cancel();
            try { _listener.Stop(); } catch (Exception) { }
        }
    }
}
