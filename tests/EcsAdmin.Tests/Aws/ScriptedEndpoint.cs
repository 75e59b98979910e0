using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdmin.Tests.Aws
{
    /// <summary>One request as the scripted endpoint received it.</summary>
    public sealed class ScriptedRequest
    {
        public string Method { get; init; } = "";
        public Dictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        public string Body { get; init; } = "";
        /// <summary>The operation: from X-Amz-Target (JSON protocols) or Action= (query protocol).</summary>
        public string Operation { get; init; } = "";
        public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    }

    /// <summary>What the scripted endpoint does with a request.</summary>
    public sealed class ScriptedReply
    {
        public int Status { get; init; } = 200;
        public string Body { get; init; } = "{}";
        public Dictionary<string, string> Headers { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        /// <summary>Reset the connection (RST) instead of answering.</summary>
        public bool Reset { get; init; }
        /// <summary>Send the head and only this many bytes of the promised body, then reset.</summary>
        public int? CutAfterBytes { get; init; }
        /// <summary>Wait this long before answering.</summary>
        public TimeSpan Delay { get; init; }

        public static ScriptedReply Json(int status, string body, params (string Name, string Value)[] headers)
        {
            var reply = new ScriptedReply { Status = status, Body = body };
            reply.Headers["Content-Type"] = "application/x-amz-json-1.1";
            foreach (var (n, v) in headers) reply.Headers[n] = v;
            return reply;
        }

        public static ScriptedReply Text(int status, string contentType, string body, params (string Name, string Value)[] headers)
        {
            var reply = new ScriptedReply { Status = status, Body = body };
            reply.Headers["Content-Type"] = contentType;
            foreach (var (n, v) in headers) reply.Headers[n] = v;
            return reply;
        }

        public static ScriptedReply Ok(string body = "{}") => Json(200, body);
        public static readonly ScriptedReply ResetConnection = new ScriptedReply { Reset = true };
    }

    /// <summary>
    /// A raw-socket HTTP/1.1 endpoint that answers each request as a script says: any status, headers and body
    /// byte for byte (error documents exactly as AWS shapes them), a reset, a reply cut off half way, a delay. It
    /// records every request. One request per connection ("Connection: close").
    /// </summary>
    public sealed class ScriptedEndpoint : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly Func<ScriptedRequest, int, ScriptedReply> _script;
        private readonly List<ScriptedRequest> _requests = new List<ScriptedRequest>();
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();

        /// <param name="script">Given the request and its number (from 0), the reply.</param>
        public ScriptedEndpoint(Func<ScriptedRequest, int, ScriptedReply> script)
        {
            _script = script;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Url = "http://127.0.0.1:" + ((IPEndPoint)_listener.LocalEndpoint).Port;
            Task.Run(AcceptLoop);
        }

        /// <summary>Replies in turn; the last one repeats.</summary>
        public static ScriptedEndpoint Sequence(params ScriptedReply[] replies)
            => new ScriptedEndpoint((_, n) => replies[Math.Min(n, replies.Length - 1)]);

        public string Url { get; }

        public IReadOnlyList<ScriptedRequest> Requests { get { lock (_requests) return _requests.ToList(); } }

        public int Count(string operation) => Requests.Count(r => r.Operation == operation);

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

        private async Task Handle(TcpClient client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await Read(stream).ConfigureAwait(false);
                if (request is null) { client.Close(); return; }
                int n;
                lock (_requests) { n = _requests.Count; _requests.Add(request); }
                var reply = _script(request, n);
                if (reply.Delay > TimeSpan.Zero)
                {
                    try { await Task.Delay(reply.Delay, _cts.Token).ConfigureAwait(false); } catch (OperationCanceledException) { }
                }
                if (reply.Reset) { Reset(client); return; }
                var body = Encoding.UTF8.GetBytes(reply.Body);
                var head = new StringBuilder();
                head.Append("HTTP/1.1 ").Append(reply.Status).Append(' ').Append(((HttpStatusCode)reply.Status).ToString()).Append("\r\n");
                foreach (var h in reply.Headers) head.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
                if (!reply.Headers.ContainsKey("x-amzn-RequestId")) head.Append("x-amzn-RequestId: req-").Append(n).Append("\r\n");
                head.Append("Content-Length: ").Append(body.Length).Append("\r\nConnection: close\r\n\r\n");
                var headBytes = Encoding.ASCII.GetBytes(head.ToString());
                await stream.WriteAsync(headBytes, 0, headBytes.Length).ConfigureAwait(false);
                if (reply.CutAfterBytes is int cut)
                {
                    await stream.WriteAsync(body, 0, Math.Min(cut, body.Length)).ConfigureAwait(false);
                    await stream.FlushAsync().ConfigureAwait(false);
                    Reset(client);
                    return;
                }
                await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
                await stream.FlushAsync().ConfigureAwait(false);
                client.Close();
            }
            catch (Exception)
            {
                Reset(client);
            }
        }

        private static void Reset(TcpClient c)
        {
            try { c.Client.LingerState = new LingerOption(true, 0); c.Close(); } catch (Exception) { }
        }

        private static async Task<ScriptedRequest?> Read(Stream s)
        {
            var head = new MemoryStream();
            var one = new byte[1];
            int matched = 0;
            while (matched < 4)
            {
                if (await s.ReadAsync(one, 0, 1).ConfigureAwait(false) == 0) return null;
                head.WriteByte(one[0]);
                matched = one[0] == (matched % 2 == 0 ? (byte)'\r' : (byte)'\n') ? matched + 1 : (one[0] == '\r' ? 1 : 0);
            }
            var lines = Encoding.ASCII.GetString(head.ToArray()).Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries);
            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var line in lines.Skip(1))
            {
                var i = line.IndexOf(':');
                if (i > 0) headers[line.Substring(0, i).Trim()] = line.Substring(i + 1).Trim();
            }
            var body = new MemoryStream();
            if (headers.TryGetValue("Content-Length", out var len) && int.TryParse(len, out var remaining))
            {
                var chunk = new byte[8192];
                while (remaining > 0)
                {
                    int n = await s.ReadAsync(chunk, 0, Math.Min(chunk.Length, remaining)).ConfigureAwait(false);
                    if (n == 0) break;
                    body.Write(chunk, 0, n);
                    remaining -= n;
                }
            }
            var text = Encoding.UTF8.GetString(body.ToArray());
            var target = headers.TryGetValue("X-Amz-Target", out var t) ? t : null;
            string op = target != null ? target.Substring(target.IndexOf('.') + 1)
                : text.Split('&').Select(p => p.Split('=')).Where(p => p.Length == 2 && p[0] == "Action").Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault() ?? "";
            return new ScriptedRequest { Method = lines[0].Split(' ')[0], Headers = headers, Body = text, Operation = op };
        }

        public void Dispose()
        {
            _cts.Cancel();
            try { _listener.Stop(); } catch (Exception) { }
        }
    }
}
