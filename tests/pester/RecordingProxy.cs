// A small HTTP forwarding proxy for the Pester suite: sits between the module and moto_server, records every
// request (operation from X-Amz-Target, or Action= for query-protocol services) and can inject faults
// (an error reply, or a delay) per operation. Compiled by TestHelpers.psm1 with Add-Type.
// Loopback only: it listens on http://127.0.0.1:<port>/ and forwards to one upstream base URL.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdminTest
{
    public sealed class ProxyRequest
    {
        public int Sequence { get; set; }
        public DateTime Time { get; set; }
        /// <summary>When the reply was sent (UTC); with Time it gives each request's span, e.g. for round-trip depth.</summary>
        public DateTime Completed { get; set; }
        public string Method { get; set; }
        public string Path { get; set; }
        public string Target { get; set; }
        public string Service { get; set; }
        public string Operation { get; set; }
        public string Body { get; set; }
        public int StatusCode { get; set; }
        public bool Faulted { get; set; }
        public string Error { get; set; }
        /// <summary>Answered from a recorded reply (replay mode) instead of the upstream.</summary>
        public bool Replayed { get; set; }

        // Read-only AWS operations start with one of these; everything else (Create, Update, Delete, Put,
        // Register, Deregister, Run, Start, Stop, Tag, Untag, Execute, Terminate...) changes state.
        private static readonly string[] ReadOnlyPrefixes = { "Describe", "List", "Get", "Filter", "BatchGet", "Search", "Lookup", "Test" };

        public bool IsMutating
        {
            get
            {
                if (string.IsNullOrEmpty(Operation)) return false;
                foreach (var p in ReadOnlyPrefixes)
                    if (Operation.StartsWith(p, StringComparison.Ordinal)) return false;
                return true;
            }
        }

        public override string ToString() => $"#{Sequence} {Method} {Path} {Operation ?? "-"} -> {StatusCode}{(Faulted ? " (fault)" : "")}";
    }

    public sealed class ProxyFault
    {
        public string Operation { get; set; }   // operation name, or "*" for any AWS operation
        public int StatusCode { get; set; }     // 0: no error reply, only DelayMs, then forward
        public string ErrorCode { get; set; }
        public string Message { get; set; }
        public int Remaining { get; set; }      // how many more requests it applies to; < 0: unlimited
        public int DelayMs { get; set; }
        public bool BodyOnly { get; set; }      // the error code only in the body (no x-amzn-ErrorType header)
        public bool EmptyOk { get; set; }       // answer 200 with an empty body instead of an error
        public string Body { get; set; }        // a scripted reply: answered with StatusCode and this JSON body, not forwarded
    }

    /// <summary>
    /// Off: forward. Record: forward and keep each reply under its request's key. Replay: answer every request from
    /// the reply kept under its key, never forwarding; a request with no kept reply is a miss (see ReplayMisses).
    /// </summary>
    public enum ReplayMode { Off, Record, Replay }

    /// <summary>A reply kept in record mode: status, headers and body as the upstream sent them.</summary>
    public sealed class RecordedReply
    {
        public int StatusCode { get; set; }
        public string ContentType { get; set; }
        public KeyValuePair<string, string>[] Headers { get; set; }
        public byte[] Body { get; set; }
    }

    public sealed class RecordingProxy : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly HttpClient _http;
        private readonly CancellationTokenSource _cts = new CancellationTokenSource();
        private readonly List<ProxyRequest> _requests = new List<ProxyRequest>();
        private readonly List<ProxyFault> _faults = new List<ProxyFault>();
        private readonly object _gate = new object();
        private readonly Task _acceptLoop;
        private int _sequence;
        private int _inFlight;
        private int _stopped;

        public string Upstream { get; }
        public int Port { get; }
        public string Url => "http://127.0.0.1:" + Port;
        public bool IsRunning => Volatile.Read(ref _stopped) == 0;
        public int MaxBodyChars { get; set; } = 1 << 20;

        public RecordingProxy(string upstream, int port)
        {
            if (string.IsNullOrEmpty(upstream)) throw new ArgumentNullException(nameof(upstream));
            Upstream = upstream.TrimEnd('/');
            Port = port;
            _http = new HttpClient(new HttpClientHandler
            {
                UseProxy = false,
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.None,
            })
            { Timeout = TimeSpan.FromSeconds(120) };
            _listener.Prefixes.Add("http://127.0.0.1:" + port + "/");
            _listener.Start();
            _acceptLoop = Task.Run(AcceptLoopAsync);
        }

        public ProxyRequest[] Requests { get { lock (_gate) return _requests.ToArray(); } }

        public ProxyRequest[] GetRequests(string operation)
        {
            lock (_gate) return _requests.Where(r => operation == null || string.Equals(r.Operation, operation, StringComparison.OrdinalIgnoreCase)).ToArray();
        }

        public int Count(string operation) => GetRequests(operation).Length;

        public ProxyRequest[] MutatingRequests { get { lock (_gate) return _requests.Where(r => r.IsMutating).ToArray(); } }

        public void Clear() { lock (_gate) _requests.Clear(); }

        public void AddFault(string operation, int statusCode, string errorCode, string message, int count, int delayMs)
        {
            lock (_gate)
                _faults.Add(new ProxyFault
                {
                    Operation = string.IsNullOrEmpty(operation) ? "*" : operation,
                    StatusCode = statusCode,
                    ErrorCode = errorCode,
                    Message = message,
                    Remaining = count,
                    DelayMs = delayMs,
                });
        }

        /// <summary>An error reply whose code is only in the body ({"__type": ..., "message": ...}), as some AWS services send it.</summary>
        public void AddBodyOnlyFault(string operation, int statusCode, string errorCode, string message, int count)
        {
            AddFault(operation, statusCode, errorCode, message, count, 0);
            lock (_gate) _faults[_faults.Count - 1].BodyOnly = true;
        }

        /// <summary>A 200 reply with an empty body (nothing forwarded).</summary>
        public void AddEmptyReply(string operation, int count)
        {
            AddFault(operation, 200, null, null, count, 0);
            lock (_gate) _faults[_faults.Count - 1].EmptyOk = true;
        }

        /// <summary>
        /// Answers the next <paramref name="count"/> requests for the operation (-1: until ClearFaults) with this JSON
        /// body and status 200, without forwarding: for operations the emulator lacks, shaped as AWS documents them.
        /// </summary>
        public void AddReply(string operation, string json, int count)
        {
            lock (_gate)
                _faults.Add(new ProxyFault { Operation = operation, StatusCode = 200, Body = json ?? "{}", Remaining = count });
        }

        public void ClearFaults() { lock (_gate) { _faults.Clear(); _patternPeriod = 0; } }

        // ------------------------------------------------------------------ record and replay

        private readonly Dictionary<string, RecordedReply> _replies = new Dictionary<string, RecordedReply>(StringComparer.Ordinal);
        private ReplayMode _mode;

        /// <summary>
        /// Record keeps the upstream's reply to each request; Replay answers each request with the reply kept for the
        /// same key (the same operation, path and body) without asking the upstream, so a benchmark measures the client
        /// and not the emulator. Faults and delays apply in every mode, before the reply.
        /// </summary>
        public ReplayMode Mode { get { lock (_gate) return _mode; } set { lock (_gate) _mode = value; } }

        /// <summary>
        /// JSON members whose values are left out of the key: the time range a command computes from the clock
        /// (GetMetricData's StartTime and EndTime) differs between the recording and the replay of the same command.
        /// </summary>
        public string[] ReplayIgnoredMembers { get; set; } = { "StartTime", "EndTime" };

        public int RecordedReplyCount { get { lock (_gate) return _replies.Count; } }

        /// <summary>Requests that had no recorded reply in replay mode (they were answered with a 400 ReplayMiss error).</summary>
        public ProxyRequest[] ReplayMisses { get { lock (_gate) return _requests.Where(r => r.Error != null && r.Error.StartsWith("ReplayMiss", StringComparison.Ordinal)).ToArray(); } }

        public void ClearRecordedReplies() { lock (_gate) _replies.Clear(); }

        /// <summary>The key a reply is kept under: the X-Amz-Target (or the operation), the path and the body with the ignored members blanked.</summary>
        public string ReplayKey(string target, string operation, string path, string body)
        {
            var text = body ?? "";
            foreach (var member in ReplayIgnoredMembers ?? new string[0])
                text = System.Text.RegularExpressions.Regex.Replace(text,
                    "\"" + System.Text.RegularExpressions.Regex.Escape(member) + "\"\\s*:\\s*(\"[^\"]*\"|[-+0-9.eE]+)", "\"" + member + "\":_");
            return (target ?? operation ?? "") + "\n" + (path ?? "") + "\n" + text;
        }

        private static async Task WriteReplyAsync(HttpListenerResponse res, RecordedReply reply)
        {
            res.StatusCode = reply.StatusCode;
            if (reply.ContentType != null) res.ContentType = reply.ContentType;
            foreach (var h in reply.Headers)
                try { res.Headers[h.Key] = h.Value; } catch (Exception) { }
            res.ContentLength64 = reply.Body.Length;
            if (reply.Body.Length > 0) await res.OutputStream.WriteAsync(reply.Body, 0, reply.Body.Length).ConfigureAwait(false);
        }

        private int _patternPeriod;
        private int[] _throttleSlots = new int[0];
        private int[] _serverErrorSlots = new int[0];
        private int _awsRequestCount;

        /// <summary>
        /// A deterministic fault rate: the n-th AWS request (n counted from 0) is throttled (400 ThrottlingException)
        /// when n % period is in throttleSlots, and refused with 503 ServiceUnavailable when in serverErrorSlots.
        /// E.g. period 10, throttle {0,3,6}, 5xx {9}: 30% throttling and 10% 5xx, never more than two in a row.
        /// Faults are answered before forwarding, as AWS does: nothing reaches the upstream.
        /// </summary>
        public void SetFaultPattern(int period, int[] throttleSlots, int[] serverErrorSlots)
        {
            lock (_gate)
            {
                _patternPeriod = period;
                _throttleSlots = throttleSlots ?? new int[0];
                _serverErrorSlots = serverErrorSlots ?? new int[0];
                _awsRequestCount = 0;
            }
        }

        public int FaultsInjected { get { lock (_gate) return _requests.Count(r => r.Faulted); } }

        /// <summary>How many requests the proxy is handling now (received, reply not yet sent).</summary>
        public int InFlight => Volatile.Read(ref _inFlight);

        /// <summary>Waits until no request is being handled (or the timeout passes); true when idle.</summary>
        public bool WaitIdle(int timeoutMs)
        {
            var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
            while (Volatile.Read(ref _inFlight) > 0)
            {
                if (DateTime.UtcNow > until) return false;
                Thread.Sleep(10);
            }
            return true;
        }

        public void Stop()
        {
            if (Interlocked.Exchange(ref _stopped, 1) != 0) return;
            _cts.Cancel();
            try { _listener.Stop(); } catch (Exception) { }
            try { _listener.Close(); } catch (Exception) { }
            try { _acceptLoop.Wait(TimeSpan.FromSeconds(5)); } catch (Exception) { }
            WaitIdle(5000);
            _http.Dispose();
            _cts.Dispose();
        }

        public void Dispose() => Stop();

        private async Task AcceptLoopAsync()
        {
            while (!_cts.IsCancellationRequested)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync().ConfigureAwait(false); }
                catch (Exception) { if (_cts.IsCancellationRequested || !_listener.IsListening) break; continue; }
                Interlocked.Increment(ref _inFlight);
                _ = Task.Run(async () =>
                {
                    try { await HandleAsync(ctx).ConfigureAwait(false); }
                    finally { Interlocked.Decrement(ref _inFlight); }
                });
            }
        }

        private static readonly HashSet<string> HopHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade", "TE", "Trailer",
            "Content-Length", "Expect", "Host",
        };

        private static string QueryValue(string query, string name)
        {
            if (string.IsNullOrEmpty(query)) return null;
            foreach (var pair in query.TrimStart('?').Split('&'))
            {
                var i = pair.IndexOf('=');
                if (i > 0 && string.Equals(pair.Substring(0, i), name, StringComparison.Ordinal))
                    return Uri.UnescapeDataString(pair.Substring(i + 1).Replace('+', ' '));
            }
            return null;
        }

        private async Task HandleAsync(HttpListenerContext ctx)
        {
            var req = ctx.Request;
            var res = ctx.Response;
            var record = new ProxyRequest
            {
                Time = DateTime.UtcNow,
                Method = req.HttpMethod,
                Path = req.RawUrl,
                Target = req.Headers["X-Amz-Target"],
            };
            try
            {
                byte[] body;
                using (var ms = new System.IO.MemoryStream())
                {
                    if (req.HasEntityBody) await req.InputStream.CopyToAsync(ms).ConfigureAwait(false);
                    body = ms.ToArray();
                }
                var bodyText = Encoding.UTF8.GetString(body);
                record.Body = bodyText.Length > MaxBodyChars ? bodyText.Substring(0, MaxBodyChars) : bodyText;
                if (!string.IsNullOrEmpty(record.Target))
                {
                    var dot = record.Target.LastIndexOf('.');
                    record.Service = dot > 0 ? record.Target.Substring(0, dot) : null;
                    record.Operation = dot >= 0 ? record.Target.Substring(dot + 1) : record.Target;
                }
                else
                {
                    // Query protocol (ELBv2, STS...): Action= in a form body or in the query string.
                    var ct = req.ContentType ?? "";
                    record.Operation = (ct.IndexOf("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) >= 0 ? QueryValue(bodyText, "Action") : null)
                                       ?? QueryValue(req.Url.Query, "Action");
                }

                lock (_gate)
                {
                    record.Sequence = ++_sequence;
                    _requests.Add(record);
                }

                ProxyFault fault = null;
                if (!string.IsNullOrEmpty(record.Operation))
                {
                    lock (_gate)
                    {
                        fault = _faults.FirstOrDefault(f => f.Remaining != 0 &&
                            (f.Operation == "*" || string.Equals(f.Operation, record.Operation, StringComparison.OrdinalIgnoreCase)));
                        if (fault != null && fault.Remaining > 0) fault.Remaining--;
                        if (fault == null && _patternPeriod > 0)
                        {
                            var slot = _awsRequestCount++ % _patternPeriod;
                            if (_throttleSlots.Contains(slot))
                                fault = new ProxyFault { Operation = "*", StatusCode = 400, ErrorCode = "ThrottlingException", Message = "Rate exceeded (injected)" };
                            else if (_serverErrorSlots.Contains(slot))
                                fault = new ProxyFault { Operation = "*", StatusCode = 503, ErrorCode = "ServiceUnavailable", Message = "Service unavailable (injected)" };
                        }
                    }
                }
                if (fault != null && fault.DelayMs > 0)
                    await Task.Delay(fault.DelayMs, _cts.Token).ConfigureAwait(false);
                if (fault != null && fault.Body != null)
                {
                    var reply = Encoding.UTF8.GetBytes(fault.Body);
                    res.StatusCode = fault.StatusCode;
                    res.ContentType = "application/x-amz-json-1.1";
                    res.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                    record.Completed = DateTime.UtcNow;
                    res.ContentLength64 = reply.Length;
                    await res.OutputStream.WriteAsync(reply, 0, reply.Length).ConfigureAwait(false);
                    record.StatusCode = fault.StatusCode;
                    res.Close();
                    return;
                }
                if (fault != null && fault.StatusCode > 0)
                {
                    record.Faulted = true;
                    if (fault.EmptyOk)
                    {
                        res.StatusCode = 200;
                        res.ContentType = "application/x-amz-json-1.1";
                        res.ContentLength64 = 0;
                        record.StatusCode = 200;
                        res.Close();
                        return;
                    }
                    var errorCode = string.IsNullOrEmpty(fault.ErrorCode) ? "InternalFailure" : fault.ErrorCode;
                    var json = "{\"__type\":\"" + errorCode + "\",\"message\":\"" + (fault.Message ?? "injected by the test proxy").Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"}";
                    var bytes = Encoding.UTF8.GetBytes(json);
                    res.StatusCode = fault.StatusCode;
                    res.ContentType = "application/x-amz-json-1.1";
                    if (!fault.BodyOnly) res.Headers["x-amzn-ErrorType"] = errorCode;
                    res.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
                    record.Completed = DateTime.UtcNow;
                    res.ContentLength64 = bytes.Length;
                    await res.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                    record.StatusCode = fault.StatusCode;
                    res.Close();
                    return;
                }

                var mode = Mode;
                var replayKey = mode == ReplayMode.Off ? null : ReplayKey(record.Target, record.Operation, req.RawUrl, bodyText);
                if (mode == ReplayMode.Replay)
                {
                    RecordedReply kept;
                    lock (_gate) _replies.TryGetValue(replayKey, out kept);
                    if (kept == null)
                    {
                        // Fail loudly: a replayed benchmark must send exactly what was recorded.
                        record.Error = "ReplayMiss: no recorded reply for " + (record.Operation ?? req.RawUrl);
                        kept = new RecordedReply
                        {
                            StatusCode = 400,
                            ContentType = "application/x-amz-json-1.1",
                            Headers = new[] { new KeyValuePair<string, string>("x-amzn-ErrorType", "ReplayMiss") },
                            Body = Encoding.UTF8.GetBytes("{\"__type\":\"ReplayMiss\",\"message\":\"The recording proxy has no recorded reply for this request.\"}"),
                        };
                    }
                    else record.Replayed = true;
                    record.Completed = DateTime.UtcNow;
                    await WriteReplyAsync(res, kept).ConfigureAwait(false);
                    record.StatusCode = kept.StatusCode;
                    res.Close();
                    return;
                }

                using (var fwd = new HttpRequestMessage(new HttpMethod(req.HttpMethod), Upstream + req.RawUrl))
                {
                    if (body.Length > 0 || !string.Equals(req.HttpMethod, "GET", StringComparison.OrdinalIgnoreCase))
                        fwd.Content = new ByteArrayContent(body);
                    foreach (string name in req.Headers.AllKeys)
                    {
                        if (name == null || HopHeaders.Contains(name)) continue;
                        var value = req.Headers[name];
                        if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                        {
                            if (fwd.Content == null) fwd.Content = new ByteArrayContent(body);
                            fwd.Content.Headers.Remove(name);
                            fwd.Content.Headers.TryAddWithoutValidation(name, value);
                        }
                        else
                        {
                            fwd.Headers.TryAddWithoutValidation(name, value);
                        }
                    }
                    // Keep the Host the client signed (SigV4 covers it); the upstream still gets the bytes.
                    var host = req.Headers["Host"];
                    if (!string.IsNullOrEmpty(host)) fwd.Headers.Host = host;

                    using (var up = await _http.SendAsync(fwd, HttpCompletionOption.ResponseContentRead, _cts.Token).ConfigureAwait(false))
                    {
                        var bytes = await up.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        res.StatusCode = (int)up.StatusCode;
                        foreach (var h in up.Headers.Concat(up.Content.Headers))
                        {
                            if (HopHeaders.Contains(h.Key)) continue;
                            if (string.Equals(h.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)) { res.ContentType = string.Join(",", h.Value); continue; }
                            try { res.Headers[h.Key] = string.Join(",", h.Value); } catch (Exception) { }
                        }
                        if (mode == ReplayMode.Record)
                        {
                            var kept = new RecordedReply
                            {
                                StatusCode = (int)up.StatusCode,
                                ContentType = up.Content.Headers.ContentType?.ToString(),
                                Headers = up.Headers.Where(h => !HopHeaders.Contains(h.Key))
                                    .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value))).ToArray(),
                                Body = bytes,
                            };
                            lock (_gate) _replies[replayKey] = kept;
                        }
                        record.Completed = DateTime.UtcNow;
                        res.ContentLength64 = bytes.Length;
                        if (bytes.Length > 0) await res.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                        record.StatusCode = (int)up.StatusCode;
                    }
                }
                res.Close();
            }
            catch (Exception ex)
            {
                record.Error = ex.GetType().Name + ": " + ex.Message;
                record.Completed = DateTime.UtcNow;
                if (record.Sequence == 0)
                    lock (_gate) { record.Sequence = ++_sequence; _requests.Add(record); }
                try
                {
                    record.StatusCode = 502;
                    res.StatusCode = 502;
                    var bytes = Encoding.UTF8.GetBytes("recording proxy: " + record.Error);
                    res.ContentLength64 = bytes.Length;
                    res.OutputStream.Write(bytes, 0, bytes.Length);
                    res.Close();
                }
                catch (Exception) { try { res.Abort(); } catch (Exception) { } }
            }
        }
    }
}
