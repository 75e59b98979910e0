using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>The service + agent side of one data channel: token check, optional handshake, a local /bin/sh process,
    /// sequenced output with retransmission, input processing, channel_closed.</summary>
    internal sealed class AgentConnection
    {
        sealed class Outgoing
        {
            public long Seq; public Guid Id; public byte[] Frame = Array.Empty<byte>(); public TimeSpan LastSent;
        }

        readonly WebSocket _ws;
        readonly ExecTestSession _session;
        readonly ExecTestServerOptions _options;
        readonly ExecServerStats _global;
        readonly ExecFaults _faults;
        readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
        readonly object _gate = new object();
        readonly CancellationTokenSource _cts;
        readonly Stopwatch _clock = Stopwatch.StartNew();
        readonly List<Outgoing> _unacked = new List<Outgoing>();
        readonly TaskCompletionSource<HandshakeResponse> _handshake = new TaskCompletionSource<HandshakeResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly List<byte[]> _stdinBacklog = new List<byte[]>();
        long _nextOutSeq, _expectedIn = 0, _highestIn = -1;
        readonly SortedDictionary<long, ClientMessage> _earlyIn = new SortedDictionary<long, ClientMessage>();
        int _ignoredInputs, _sentCount;
        Process? _process;
        Stream? _stdin;
        Outgoing? _held;
        bool _corrupted;
        int _closedSent;

        public AgentConnection(WebSocket ws, ExecTestSession session, ExecTestServerOptions options, ExecServerStats global, CancellationToken serverStop)
        {
            _ws = ws; _session = session; _options = options; _global = global; _faults = session.Faults;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(serverStop);
        }

        void Count(Action<ExecServerStats> bump) { bump(_global); bump(_session.Stats); }
        void Violation(string what) { var s = $"{_session.SessionId}: {what}"; _global.ProtocolViolations.Enqueue(s); _session.Stats.ProtocolViolations.Enqueue(s); }

        public async Task RunAsync()
        {
            Count(s => Interlocked.Increment(ref s.connections));
            var ct = _cts.Token;
            Task? receive = null;
            try
            {
                if (!await CheckTokenAsync(ct)) return;
                _session.Live = this;
                receive = Task.Run(() => ReceiveLoopAsync(ct));
                var retransmit = Task.Run(() => RetransmitLoopAsync(ct));

                if (_faults.PausePublication)
                {
                    var malformed = new byte[120];
                    Encoding.ASCII.GetBytes(MessageTypes.PausePublication).CopyTo(malformed, 4); // HL 0, nothing else valid
                    await SendRawAsync(malformed, ct);
                    await Task.Delay(300, ct);
                    await SendRawAsync(ClientMessage.Serialize(MessageTypes.StartPublication, 0, 0, PayloadType.None, null), ct);
                }
                if (_faults.SendUnknownMessages)
                {
                    await SendRawAsync(ClientMessage.Serialize("agent_session_state", 0, 0, PayloadType.None,
                        Encoding.UTF8.GetBytes("{\"SchemaVersion\":1,\"SessionState\":\"Connected\",\"SessionId\":\"" + _session.SessionId + "\"}")), ct);
                    await SendRawAsync(ClientMessage.Serialize("some_future_type", 0, 0, PayloadType.None, null), ct);
                    await SendStreamAsync((PayloadType)17, new byte[] { 1, 2, 3 }, ct);
                }
                if (_faults.ExitBeforeOutput)
                {
                    await CloseChannelAsync("", ct);
                    return;
                }
                if (_faults.Handshake || _faults.KmsKeyId != null)
                {
                    var failure = await HandshakeAsync(ct);
                    if (failure != null) { await CloseChannelAsync(failure, ct); return; }
                }

                await RunProcessAsync(ct);
                if (ct.IsCancellationRequested) return;
                var deadline = _clock.Elapsed + _options.FlushTimeout;
                while (_clock.Elapsed < deadline)
                {
                    lock (_gate) if (_unacked.Count == 0 && _held == null) break;
                    await Task.Delay(10, ct);
                }
                await CloseChannelAsync("", ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException)
            {
                // client went away, server stopping, or a deliberate socket drop
            }
            finally
            {
                // Let the client read channel_closed and answer with its close frame: ending the handler at once resets
                // the TCP connection, which can discard data the client has not read yet.
                if (Volatile.Read(ref _closedSent) != 0 && receive != null) await Task.WhenAny(receive, Task.Delay(1000, CancellationToken.None));
                _cts.Cancel();
                KillProcess();
                if (_session.Live == this) _session.Live = null;
            }
        }

        async Task<bool> CheckTokenAsync(CancellationToken ct)
        {
            var (type, data) = await ReceiveFrameAsync(ct);
            var ok = false;
            if (type == WebSocketMessageType.Text)
            {
                try
                {
                    using var doc = JsonDocument.Parse(data);
                    var r = doc.RootElement;
                    if (r.TryGetProperty("TokenValue", out var t) && t.ValueKind == JsonValueKind.String &&
                        r.TryGetProperty("MessageSchemaVersion", out var v) && v.GetString() == "1.0" &&
                        r.TryGetProperty("RequestId", out var id) && (id.GetString() ?? "").Length >= 16)
                    {
                        ok = CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(t.GetString() ?? ""), Encoding.UTF8.GetBytes(_session.TokenValue));
                    }
                }
                catch (JsonException) { }
            }
            Array.Clear(data);
            if (ok && !_session.Terminated) return true;
            Count(s => Interlocked.Increment(ref s.tokenRejections));
            await _ws.CloseAsync(WebSocketCloseStatus.PolicyViolation, _session.Terminated ? "session terminated" : "invalid or missing token", ct);
            return false;
        }

        async Task<string?> HandshakeAsync(CancellationToken ct)
        {
            var request = new HandshakeRequest { AgentVersion = "3.3.987.0" };
            request.RequestedClientActions.Add(new RequestedClientAction { ActionType = HandshakeActions.SessionType, SessionType = "InteractiveCommands" });
            if (_faults.KmsKeyId != null)
                request.RequestedClientActions.Add(new RequestedClientAction { ActionType = HandshakeActions.KmsEncryption, KmsKeyId = _faults.KmsKeyId });
            var started = _clock.Elapsed;
            await SendStreamAsync(PayloadType.HandshakeRequest, request.ToJson(), ct);
            var answer = await _handshake.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);
            foreach (var a in answer.ProcessedClientActions)
                if (a.ActionStatus != HandshakeActions.StatusSuccess)
                    return $"{a.ActionType} failed on client with status {a.ActionStatus} error: {a.Error}";
            var complete = new HandshakeComplete { HandshakeTimeToComplete = (long)((_clock.Elapsed - started).TotalMilliseconds * 1_000_000), CustomerMessage = "" };
            await SendStreamAsync(PayloadType.HandshakeComplete, complete.ToJson(), ct);
            return null;
        }

        async Task RunProcessAsync(CancellationToken ct)
        {
            var psi = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardOutput = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("exec 2>&1\n" + _session.Command); // one ordered stream, like a pty
            var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start /bin/sh");
            lock (_gate)
            {
                _process = process;
                _stdin = process.StandardInput.BaseStream;
                if (!_session.Interactive) { _stdin.Dispose(); _stdin = null; }
            }
            List<byte[]> backlog;
            lock (_gate) { backlog = new List<byte[]>(_stdinBacklog); _stdinBacklog.Clear(); }
            foreach (var b in backlog) WriteStdin(b);

            var stdout = process.StandardOutput.BaseStream;
            var buffer = new byte[ClientMessage.MaxStreamPayload];
            var pending = new MemoryStream();
            while (true)
            {
                var n = await stdout.ReadAsync(buffer, ct);
                if (n == 0) break;
                if (!_faults.TranslateNewlines) { await SendStreamAsync(PayloadType.Output, buffer.AsSpan(0, n).ToArray(), ct); continue; }
                pending.SetLength(0);
                for (var i = 0; i < n; i++) { if (buffer[i] == (byte)'\n') pending.WriteByte((byte)'\r'); pending.WriteByte(buffer[i]); }
                var translated = pending.ToArray();
                for (var i = 0; i < translated.Length; i += ClientMessage.MaxStreamPayload)
                    await SendStreamAsync(PayloadType.Output, translated.AsSpan(i, Math.Min(ClientMessage.MaxStreamPayload, translated.Length - i)).ToArray(), ct);
            }
            await process.WaitForExitAsync(ct);
            await FlushHeldAsync(ct);
        }

        /// <summary>Assigns the next output sequence number and transmits with the configured faults.</summary>
        async Task SendStreamAsync(PayloadType type, byte[] payload, CancellationToken ct)
        {
            if (_faults.AgentDelay > TimeSpan.Zero) await Task.Delay(_faults.AgentDelay, ct);
            while (true) // back-pressure like the agent's bounded buffer
            {
                lock (_gate) if (_unacked.Count < 10000) break;
                await Task.Delay(2, ct);
            }
            var o = new Outgoing { Seq = _nextOutSeq++, Id = Guid.NewGuid() };
            o.Frame = ClientMessage.Serialize(MessageTypes.OutputStreamData, o.Seq, o.Seq == 0 ? MessageFlags.Syn : MessageFlags.Data, type, payload, o.Id, ClientMessage.NowMs());
            lock (_gate) { o.LastSent = _clock.Elapsed; _unacked.Add(o); }
            Count(s => Interlocked.Increment(ref s.outputSent));

            if (_faults.DropSocketAfterMessages > 0 && _sentCount >= _faults.DropSocketAfterMessages)
            {
                Count(s => Interlocked.Increment(ref s.socketsDropped));
                _ws.Abort();
                throw new OperationCanceledException("socket dropped on purpose");
            }
            _sentCount++;
            if (_faults.DropOutputEvery > 0 && o.Seq % _faults.DropOutputEvery == _faults.DropOutputEvery - 1)
            {
                Count(s => Interlocked.Increment(ref s.droppedOnPurpose));
                return;
            }
            if (_faults.CorruptDigestOnce && o.Seq == 1 && !_corrupted)
            {
                _corrupted = true;
                var bad = (byte[])o.Frame.Clone();
                bad[80] ^= 0xff;
                await SendRawAsync(bad, ct);
                return;
            }
            if (_faults.ReorderOutput && type == PayloadType.Output)
            {
                if (_held == null) { _held = o; return; }
                var first = _held;
                _held = null;
                await TransmitAsync(o, ct);
                await TransmitAsync(first, ct);
                return;
            }
            await TransmitAsync(o, ct);
        }

        async Task FlushHeldAsync(CancellationToken ct)
        {
            var held = _held;
            _held = null;
            if (held != null) await TransmitAsync(held, ct);
        }

        async Task TransmitAsync(Outgoing o, CancellationToken ct)
        {
            lock (_gate) o.LastSent = _clock.Elapsed;
            await SendRawAsync(o.Frame, ct);
            if (_faults.DuplicateOutput)
            {
                Count(s => Interlocked.Increment(ref s.duplicatesSent));
                await SendRawAsync(o.Frame, ct);
            }
        }

        async Task RetransmitLoopAsync(CancellationToken ct)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await Task.Delay(100, ct);
                    var due = new List<byte[]>();
                    lock (_gate)
                    {
                        var now = _clock.Elapsed;
                        // More eager than the real agent (which resends only the oldest per tick), so that drop tests stay fast.
                        foreach (var o in _unacked)
                        {
                            if (o == _held || now - o.LastSent < _options.RetransmitTimeout) continue;
                            o.LastSent = now;
                            due.Add(o.Frame);
                            if (due.Count == 256) break;
                        }
                    }
                    foreach (var f in due)
                    {
                        Count(s => Interlocked.Increment(ref s.retransmits));
                        await SendRawAsync(f, ct);
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException) { }
        }

        async Task ReceiveLoopAsync(CancellationToken ct)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var (type, data) = await ReceiveFrameAsync(ct);
                    if (type == WebSocketMessageType.Close) return;
                    if (type == WebSocketMessageType.Text) { Violation("text frame after OpenDataChannel"); continue; }
                    await HandleClientFrameAsync(data, ct);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException)
            {
            }
            finally
            {
                if (Volatile.Read(ref _closedSent) == 0) _cts.Cancel(); // the client left: stop the process
            }
        }

        async Task HandleClientFrameAsync(byte[] frame, CancellationToken ct)
        {
            if (!ClientMessage.TryParse(frame, out var m, out var error)) { Violation("malformed frame: " + error); return; }
            if (m.HeaderLength != ClientMessage.StandardHeaderLength) Violation($"header length {m.HeaderLength}");
            var typeLen = Encoding.ASCII.GetByteCount(m.MessageType);
            for (var i = 4 + typeLen; i < 36; i++) if (frame[i] != 0x20) { Violation("message type not space-padded"); break; }
            if (m.SchemaVersion != 1) Violation($"schema version {m.SchemaVersion}");
            if (!m.IsDigestValid()) Violation($"bad digest on {m.MessageType} #{m.SequenceNumber}");
            if (m.PayloadLength != m.Payload.Length) Violation("payload length field does not match");

            switch (m.MessageType)
            {
                case MessageTypes.Acknowledge:
                    if (m.Flags != MessageFlags.Acknowledge || m.SequenceNumber != 0) Violation($"ack with flags {m.Flags} seq {m.SequenceNumber}");
                    var ack = AcknowledgeContent.Parse(m.Payload);
                    if (ack.AcknowledgedMessageType != MessageTypes.OutputStreamData) Violation("ack of " + ack.AcknowledgedMessageType);
                    Count(s => Interlocked.Increment(ref s.acksReceived));
                    lock (_gate)
                    {
                        var i = _unacked.FindIndex(o => o.Seq == ack.AcknowledgedMessageSequenceNumber);
                        if (i >= 0)
                        {
                            if (!string.Equals(_unacked[i].Id.ToString("D"), ack.AcknowledgedMessageId, StringComparison.Ordinal))
                                Violation($"ack of #{ack.AcknowledgedMessageSequenceNumber} names message id {ack.AcknowledgedMessageId}");
                            _unacked.RemoveAt(i);
                        }
                    }
                    break;
                case MessageTypes.InputStreamData:
                    Count(s => Interlocked.Increment(ref s.inputReceived));
                    if (m.Payload.Length > ClientMessage.MaxStreamPayload) Violation($"input payload of {m.Payload.Length} bytes");
                    if (m.SequenceNumber > _highestIn + 1) Violation($"input #{m.SequenceNumber} skips #{_highestIn + 1}");
                    _highestIn = Math.Max(_highestIn, m.SequenceNumber);
                    if (_ignoredInputs < _faults.IgnoreFirstInputs) { _ignoredInputs++; return; } // handler not ready: no ack
                    await SendRawAsync(AcknowledgeContent.Frame(m), ct);
                    if (m.SequenceNumber < _expectedIn || _earlyIn.ContainsKey(m.SequenceNumber)) { Count(s => Interlocked.Increment(ref s.duplicateInputs)); return; }
                    if (m.SequenceNumber > _expectedIn) { _earlyIn[m.SequenceNumber] = m; return; }
                    ProcessInput(m);
                    _expectedIn++;
                    while (_earlyIn.Remove(_expectedIn, out var next)) { ProcessInput(next); _expectedIn++; }
                    break;
                default:
                    Violation("client sent " + m.MessageType);
                    break;
            }
        }

        void ProcessInput(ClientMessage m)
        {
            switch (m.PayloadType)
            {
                case PayloadType.Output:
                    WriteStdin(m.Payload);
                    break;
                case PayloadType.Size:
                    try
                    {
                        var size = TerminalSize.Parse(m.Payload);
                        _global.SizeMessages.Enqueue(size);
                        _session.Stats.SizeMessages.Enqueue(size);
                    }
                    catch (Exception ex) when (ex is ExecProtocolException || ex is InvalidOperationException || ex is FormatException || ex is OverflowException)
                    {
                        Violation("bad size payload: " + ex.Message);
                    }
                    break;
                case PayloadType.HandshakeResponse:
                    _handshake.TrySetResult(HandshakeResponse.Parse(m.Payload));
                    break;
                default:
                    Violation($"input payload type {(uint)m.PayloadType}");
                    break;
            }
        }

        /// <summary>A minimal line discipline: Ctrl+C kills the process, Ctrl+D ends stdin, CR becomes LF.</summary>
        void WriteStdin(byte[] data)
        {
            lock (_gate)
            {
                if (_process == null) { _stdinBacklog.Add(data); return; }
                foreach (var b in data)
                {
                    if (b == 0x03)
                    {
                        Count(s => Interlocked.Increment(ref s.interrupts));
                        KillProcess();
                        return;
                    }
                    if (_stdin == null) continue;
                    try
                    {
                        if (b == 0x04) { _stdin.Dispose(); _stdin = null; continue; }
                        _stdin.WriteByte(b == (byte)'\r' ? (byte)'\n' : b);
                    }
                    catch (IOException) { _stdin = null; }
                }
                try { _stdin?.Flush(); } catch (IOException) { _stdin = null; }
            }
        }

        void KillProcess()
        {
            lock (_gate)
            {
                try { if (_process != null && !_process.HasExited) _process.Kill(entireProcessTree: true); }
                catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception) { }
            }
        }

        /// <summary>TerminateSession: kill the process and close the channel from the service side.</summary>
        public async Task TerminateAsync()
        {
            KillProcess();
            try { await CloseChannelAsync("", _cts.Token); }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException) { }
        }

        async Task CloseChannelAsync(string output, CancellationToken ct)
        {
            if (Interlocked.Exchange(ref _closedSent, 1) != 0) return;
            var id = Guid.NewGuid();
            var content = new ChannelClosedContent
            {
                MessageId = id.ToString("D"),
                CreatedDate = ClientMessage.NowMs().ToString(System.Globalization.CultureInfo.InvariantCulture),
                DestinationId = "ecs:" + _session.SessionId,
                SessionId = _session.SessionId,
                Output = output,
            };
            var frame = _faults.ShortHeaderChannelClosed
                ? ClientMessage.Serialize(MessageTypes.ChannelClosed, 0, 0, PayloadType.None, content.ToJson(), id, ClientMessage.NowMs(), ClientMessage.ShortHeaderLength, 0x00)
                : ClientMessage.Serialize(MessageTypes.ChannelClosed, 0, 0, PayloadType.None, content.ToJson(), id, ClientMessage.NowMs());
            await SendRawAsync(frame, ct);
            Count(s => Interlocked.Increment(ref s.channelsClosed));
            await _sendLock.WaitAsync(ct);
            try { await _ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session ended", ct); }
            finally { _sendLock.Release(); }
        }

        async Task SendRawAsync(byte[] frame, CancellationToken ct)
        {
            await _sendLock.WaitAsync(ct);
            try
            {
                if (_ws.State != WebSocketState.Open && _ws.State != WebSocketState.CloseReceived) return;
                await _ws.SendAsync(frame, WebSocketMessageType.Binary, true, ct);
            }
            finally { _sendLock.Release(); }
        }

        async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveFrameAsync(CancellationToken ct)
        {
            var buffer = new byte[16 * 1024];
            using var ms = new MemoryStream();
            while (true)
            {
                var r = await _ws.ReceiveAsync(buffer, ct);
                if (r.MessageType == WebSocketMessageType.Close) return (WebSocketMessageType.Close, Array.Empty<byte>());
                ms.Write(buffer, 0, r.Count);
                if (r.EndOfMessage) return (r.MessageType, ms.ToArray());
            }
        }
    }
}
