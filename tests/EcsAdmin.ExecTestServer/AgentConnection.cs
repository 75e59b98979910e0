using System;
using System.Buffers;
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
    /// <summary>
    /// The service + agent side of one session, as the SSM agent runs it in an ECS container:
    /// <list type="bullet">
    /// <item>token check on the first (text) frame of every connection;</item>
    /// <item>a handshake only when asked for (fault switch) or when a KMS key is set (agent behaviour for InteractiveCommands);</item>
    /// <item>the command split with shell-word rules and executed WITHOUT a shell, on a pty (see <see cref="PtyProcess"/>);</item>
    /// <item>output sequenced, kept until acknowledged; every 100 ms only the OLDEST unacknowledged message is resent when
    ///   older than the adaptive RTO (Jacobson/Karels: RTT 100 ms, RTO 200 ms initial, at most 1 s);</item>
    /// <item>input: in-order messages processed then acked, early ones acked and held, duplicates dropped WITHOUT an ack;
    ///   input before the handshake completes is acked and discarded; Flag messages are acked and ignored;</item>
    /// <item><c>agent_session_state</c> Connected before the first output and Terminating before channel_closed;</item>
    /// <item>after the process ends, at most <see cref="ExecTestServerOptions.FlushTimeout"/> (2 s, as the agent) waiting for
    ///   acks, then channel_closed;</item>
    /// <item>a dropped socket does not end the session: the process keeps running and output is kept for
    ///   <see cref="ExecTestServerOptions.DetachedTimeout"/>; a new connection with the token from SSM ResumeSession
    ///   re-attaches (sequence numbers carry on; all unacknowledged output is sent again at once). Then the session ends.</item>
    /// </list>
    /// </summary>
    internal sealed class AgentConnection
    {
        sealed class Outgoing
        {
            public long Seq; public Guid Id; public byte[] Frame = Array.Empty<byte>(); public TimeSpan LastSent; public bool Resent; public bool Transmitted;
        }

        readonly ExecTestSession _session;
        readonly ExecTestServerOptions _options;
        readonly ExecServerStats _global;
        readonly ExecFaults _faults;
        readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
        readonly object _gate = new object();
        readonly CancellationTokenSource _cts;
        readonly CancellationToken _serverStop;
        readonly Stopwatch _clock = Stopwatch.StartNew();
        readonly UnackedMessages<Outgoing> _unacked = new UnackedMessages<Outgoing>();
        readonly TaskCompletionSource<HandshakeResponse> _handshake = new TaskCompletionSource<HandshakeResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource<byte[]> _challengeAnswer = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly SortedDictionary<long, ClientMessage> _earlyIn = new SortedDictionary<long, ClientMessage>();
        long _nextOutSeq, _expectedIn, _highestIn = -1;
        int _ignoredInputs, _sentCount;
        double _rttMs = 100, _rttVarMs, _rtoMs;
        PtyProcess? _pty;
        volatile bool _inputOpen;      // handshake done (or none): input is processed
        volatile bool _handshakeRunning;
        Outgoing? _held;
        bool _corrupted, _socketDropped;
        int _closedSent, _started;
        WebSocket? _ws;
        int _generation;
        Task _main = Task.CompletedTask;
        internal SessionCipher? Cipher;

        public AgentConnection(ExecTestSession session, ExecTestServerOptions options, ExecServerStats global, CancellationToken serverStop)
        {
            _session = session; _options = options; _global = global; _faults = session.Faults;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(serverStop);
            _serverStop = serverStop;
            _rtoMs = options.RetransmitTimeout.TotalMilliseconds;
        }

        /// <summary>Ends when the agent side is done (channel closed, terminated, or detached too long).</summary>
        public Task Completion => _main;
        public bool Ended => _cts.IsCancellationRequested || Volatile.Read(ref _closedSent) != 0;

        void Count(Action<ExecServerStats> bump) { bump(_global); bump(_session.Stats); }
        void Violation(string what) { var s = $"{_session.SessionId}: {what}"; _global.ProtocolViolations.Enqueue(s); _session.Stats.ProtocolViolations.Enqueue(s); }

        /// <summary>Serves one WebSocket connection of this session until the client leaves or the channel is closed.</summary>
        public async Task HandleSocketAsync(WebSocket ws)
        {
            Count(s => Interlocked.Increment(ref s.connections));
            var ct = _cts.Token;
            try
            {
                if (!await CheckTokenAsync(ws, ct)) return;
                int generation;
                List<byte[]> resend = new List<byte[]>();
                lock (_gate)
                {
                    _ws = ws;
                    generation = ++_generation;
                    foreach (var o in _unacked.InOrder()) if (o != _held) { resend.Add(o.Frame); o.LastSent = _clock.Elapsed; o.Transmitted = true; }
                }
                if (Interlocked.Exchange(ref _started, 1) == 0)
                {
                    _main = Task.Run(() => MainAsync(ct));
                    _ = Task.Run(() => RetransmitLoopAsync(ct));
                }
                else
                {
                    Count(s => Interlocked.Increment(ref s.resumes));
                    foreach (var f in resend) await SendRawAsync(f, ct);
                }
                await ReceiveLoopAsync(ws, ct);
                lock (_gate)
                {
                    if (_generation == generation) _ws = null;
                }
                if (Volatile.Read(ref _closedSent) == 0 && !ct.IsCancellationRequested)
                {
                    // Detached: the process keeps running until a resume, or until the detached timeout.
                    _ = Task.Run(async () =>
                    {
                        try { await Task.Delay(_options.DetachedTimeout, ct); } catch (OperationCanceledException) { return; }
                        lock (_gate) if (_generation != generation || _ws != null) return;
                        _cts.Cancel();
                    });
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException)
            {
            }
        }

        async Task<bool> CheckTokenAsync(WebSocket ws, CancellationToken ct)
        {
            var (type, data) = await ReceiveFrameAsync(ws, ct);
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
            if (ok && !_session.Terminated && !Ended) return true;
            Count(s => Interlocked.Increment(ref s.tokenRejections));
            await ws.CloseAsync(WebSocketCloseStatus.PolicyViolation, _session.Terminated || Ended ? "session terminated" : "invalid or missing token", ct);
            return false;
        }

        async Task MainAsync(CancellationToken ct)
        {
            try
            {
                if (_faults.PausePublication)
                {
                    var malformed = new byte[120];
                    Encoding.ASCII.GetBytes(MessageTypes.PausePublication).CopyTo(malformed, 4); // HL 0, nothing else valid
                    await SendRawAsync(malformed, ct);
                    await Task.Delay(300, ct);
                    await SendRawAsync(ClientMessage.Serialize(MessageTypes.StartPublication, 0, 0, PayloadType.None, null), ct);
                }
                await SendSessionStateAsync("Connected", ct);
                if (_faults.SendUnknownMessages)
                {
                    await SendRawAsync(ClientMessage.Serialize("some_future_type", 0, 0, PayloadType.None, null), ct);
                    await SendStreamAsync((PayloadType)17, new byte[] { 1, 2, 3 }, ct);
                }
                if (_faults.ExitBeforeOutput)
                {
                    await CloseChannelAsync("");
                    return;
                }
                if (_faults.Handshake || _faults.KmsKeyId != null || _session.IsPort)
                {
                    _handshakeRunning = true;
                    var failure = await HandshakeAsync(ct);
                    _handshakeRunning = false;
                    if (failure != null) { await CloseChannelAsync(failure); return; }
                }
                if (_session.IsPort)
                {
                    var portError = await RunPortAsync(ct);
                    if (portError != null) { await CloseChannelAsync(portError); return; }
                }
                _inputOpen = true;

                var startError = _session.IsPort ? null : await RunProcessAsync(ct);
                if (startError != null) { await CloseChannelAsync(startError); return; }
                var deadline = _clock.Elapsed + _options.FlushTimeout;
                while (_clock.Elapsed < deadline)
                {
                    lock (_gate) if (_unacked.Count == 0 && _held == null) break;
                    await Task.Delay(10, ct);
                }
                await SendSessionStateAsync("Terminating", ct);
                await CloseChannelAsync("");
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException)
            {
                // terminated, server stopping, or detached too long
            }
            catch (Exception ex) when (!(ex is TimeoutException))
            {
                _session.Stats.ServerErrors.Enqueue(ex.ToString());
                _global.ServerErrors.Enqueue(ex.ToString());
                Console.Error.WriteLine($"exec test server: session {_session.SessionId} failed: {ex}");
                try { await CloseChannelAsync("Unable to start command: " + ex.Message); } catch (Exception) { }
            }
            catch (TimeoutException)
            {
                // handshake timed out (the agent fails the session)
                try { await CloseChannelAsync("Handshake timed out. Please ensure that you have the latest version of the session manager plugin."); } catch (Exception) { }
            }
            finally
            {
                _cts.Cancel();
                _pty?.Dispose();
                _closeRequested?.CancelAfter(Volatile.Read(ref _closedSent) != 0 ? 1000 : 0);
            }
        }

        Task SendSessionStateAsync(string state, CancellationToken ct)
        {
            Count(s => Interlocked.Increment(ref s.sessionStates));
            _session.Stats.SessionStates.Enqueue(state);
            return SendRawAsync(ClientMessage.Serialize(MessageTypes.AgentSessionState, 0, 0, PayloadType.None,
                Encoding.UTF8.GetBytes("{\"SchemaVersion\":1,\"SessionState\":\"" + state + "\",\"SessionId\":\"" + _session.SessionId + "\"}")), ct);
        }

        async Task<string?> HandshakeAsync(CancellationToken ct)
        {
            var request = new HandshakeRequest { AgentVersion = _faults.AgentVersion };
            request.RequestedClientActions.Add(_session.IsPort
                ? new RequestedClientAction { ActionType = HandshakeActions.SessionType, SessionType = ExecChannel.PortSessionType, PortType = "LocalPortForwarding", PortNumber = _session.PortNumber, Host = _session.PortHost }
                : new RequestedClientAction { ActionType = HandshakeActions.SessionType, SessionType = "InteractiveCommands" });
            string? challenge = null;
            if (_faults.KmsKeyId != null)
            {
                challenge = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
                request.RequestedClientActions.Add(new RequestedClientAction { ActionType = HandshakeActions.KmsEncryption, KmsKeyId = _faults.KmsKeyId, Challenge = challenge });
            }
            var started = _clock.Elapsed;
            await SendStreamAsync(PayloadType.HandshakeRequest, request.ToJson(), ct);
            var answer = await _handshake.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);
            _session.Stats.HandshakeResponses.Enqueue(answer);
            _clientVersion = answer.ClientVersion;
            foreach (var a in answer.ProcessedClientActions)
                if (a.ActionStatus != HandshakeActions.StatusSuccess)
                    return $"{a.ActionType} failed on client with status {a.ActionStatus} error: {a.Error}";
            var customerMessage = "";
            if (_faults.KmsKeyId != null)
            {
                var failure = await KmsHandshake.RunAsync(this, answer, challenge!, ct);
                if (failure != null) return failure;
                customerMessage = "This session is encrypted using AWS KMS.";
            }
            var complete = new HandshakeComplete { HandshakeTimeToComplete = (long)((_clock.Elapsed - started).TotalMilliseconds * 1_000_000), CustomerMessage = customerMessage };
            await SendStreamAsync(PayloadType.HandshakeComplete, complete.ToJson(), ct);
            return null;
        }

        string _clientVersion = "";
        PortPlugin? _port;
        readonly SemaphoreSlim _portSendLock = new SemaphoreSlim(1, 1);

        /// <summary>The port plugin: multiplexed when the agent has it (newer than 3.0.196.0) and the client's version is at
        /// least 1.1.70, as the agent decides; then it runs until the session ends. The handshake completed first, so
        /// input is open while it runs.</summary>
        async Task<string?> RunPortAsync(CancellationToken ct)
        {
            var mux = PortForwardSession.CompareVersions(_faults.AgentVersion, "3.0.196.0") > 0
                && PortForwardSession.CompareVersions(_clientVersion, "1.1.70") >= 0;
            _session.Multiplexed = mux;
            var plugin = new PortPlugin(_session, mux, async (type, payload, token) =>
            {
                await _portSendLock.WaitAsync(token);
                try { await SendStreamAsync(type, payload, token); }
                finally { _portSendLock.Release(); }
            }, ct);
            _inputOpen = true;
            lock (_gate) _port = plugin;
            return await plugin.RunAsync();
        }

        internal ExecTestSession Session => _session;
        internal ExecTestServerOptions Options => _options;
        internal Task<byte[]> ChallengeAnswer => _challengeAnswer.Task;
        internal Task SendHandshakeMessageAsync(PayloadType type, byte[] payload, CancellationToken ct) => SendStreamAsync(type, payload, ct);

        /// <summary>Splits the command like the agent (shell words, no shell), starts it on a pty and streams its output.
        /// Returns the agent's failure text when the command cannot start.</summary>
        async Task<string?> RunProcessAsync(CancellationToken ct)
        {
            List<string> argv;
            try { argv = ShellWords.Split(_session.Command); }
            catch (ShellWords.SplitException ex) { return "Unable to start command: " + ex.Message; }
            if (argv.Count == 0) return "Commands cannot be empty for session type InteractiveCommands";
            _session.Argv = argv;
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables()) env[(string)e.Key] = (string?)e.Value ?? "";
            env["TERM"] = "xterm-256color";
            if (!env.ContainsKey("LANG")) env["LANG"] = "C.UTF-8";
            var spawn = argv;
            if (_faults.ImageRoot is string root)
            {
                // The image: argv[0] must exist inside it; the process runs chrooted there.
                var resolved = ResolveInImage(root, argv[0]);
                if (resolved == null)
                    return "Unable to start command: Failed to start pty: " + (argv[0].Contains('/')
                        ? $"fork/exec {argv[0]}: no such file or directory"
                        : $"exec: \"{argv[0]}\": executable file not found in $PATH");
                spawn = new List<string> { "chroot", root, resolved };
                spawn.AddRange(argv.GetRange(1, argv.Count - 1));
                env["PATH"] = ImagePath;
            }
            else if (_faults.SearchPath is string searchPath) env["PATH"] = searchPath;
            PtyProcess pty;
            try { pty = PtyProcess.Start(spawn, env); }
            catch (PtyProcess.StartException ex) { return "Unable to start command: Failed to start pty: " + ex.Message; }
            lock (_gate) _pty = pty;
            if (ct.IsCancellationRequested) { pty.Dispose(); ct.ThrowIfCancellationRequested(); }

            // A dedicated reader thread reads the master in gulps (as the agent reads through a 4 KB buffered reader) into
            // a pipe; the sender takes what has gathered, whole UTF-8 sequences, at most 1,024 bytes per message. While a
            // message is being sent the next one gathers, so a program that writes a line at a time (base64 on a tty)
            // fills messages instead of sending one per line; the agent gets the same effect from the millisecond it
            // sleeps after each message, without the cap on throughput that sleep puts on a test run.
            var relay = new System.IO.Pipelines.Pipe(new System.IO.Pipelines.PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
            var reader = new Thread(() =>
            {
                var gulp = new byte[4096];
                long readBytes = 0, reads = 0;
                try
                {
                    while (true)
                    {
                        var n = pty.Read(gulp, () => ct.IsCancellationRequested);
                        if (n <= 0) break;
                        readBytes += n; reads++;
                        var flushed = relay.Writer.WriteAsync(gulp.AsMemory(0, n), ct).AsTask().GetAwaiter().GetResult();
                        if (flushed.IsCompleted || flushed.IsCanceled) break;
                    }
                }
                catch (OperationCanceledException) { }
                finally
                {
                    _session.Stats.PtyReaderEnded = (pty.EndReason ?? "the relay closed") + " at " + _clock.Elapsed.TotalMilliseconds.ToString("0") +
                        " ms after " + reads + " reads, " + readBytes + " bytes";
                    relay.Writer.Complete();
                }
            }) { IsBackground = true, Name = "pty-reader " + _session.SessionId };
            reader.Start();
            var message = new byte[ClientMessage.MaxStreamPayload];
            while (true)
            {
                var read = await relay.Reader.ReadAsync(ct);
                var buffered = read.Buffer;
                var take = (int)Math.Min(buffered.Length, message.Length);
                buffered.Slice(0, take).CopyTo(message);
                var whole = Utf8.WholeSequencesLength(message, take);
                if (whole == 0 && take >= 4) whole = take; // not UTF-8: pass through
                if (read.IsCompleted && whole == 0) whole = take; // the last bytes, whatever they are
                if (whole > 0)
                {
                    relay.Reader.AdvanceTo(buffered.GetPosition(whole));
                    await SendStreamAsync(PayloadType.Output, message.AsSpan(0, whole).ToArray(), ct);
                    continue;
                }
                if (read.IsCompleted) { relay.Reader.AdvanceTo(buffered.End); break; }
                relay.Reader.AdvanceTo(buffered.Start, buffered.End); // an incomplete sequence: wait for the rest
            }
            relay.Reader.Complete();
            _session.ExitStatus = pty.TryReap();
            await FlushHeldAsync(ct);
            return null;
        }

        const string ImagePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

        static string? ResolveInImage(string root, string name)
        {
            bool Exists(string path)
            {
                var full = Path.Join(root, path);
                // Follow symlinks inside the image (an absolute link target is relative to the image root).
                for (var hops = 0; hops < 8; hops++)
                {
                    var info = new FileInfo(full);
                    if (info.LinkTarget is string target)
                    {
                        full = target.StartsWith('/') ? Path.Join(root, target) : Path.Join(Path.GetDirectoryName(full), target);
                        continue;
                    }
                    return info.Exists;
                }
                return false;
            }
            if (name.Contains('/')) return Exists(name) ? name : null;
            foreach (var dir in ImagePath.Split(':'))
                if (Exists(dir + "/" + name)) return dir + "/" + name;
            return null;
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
            var cipher = Cipher;
            if (cipher != null && (type == PayloadType.Output || type == PayloadType.StdErr || type == PayloadType.ExitCode))
                payload = cipher.EncryptFromAgent(payload);
            var o = new Outgoing { Seq = _nextOutSeq++, Id = Guid.NewGuid() };
            o.Frame = ClientMessage.Serialize(MessageTypes.OutputStreamData, o.Seq, o.Seq == 0 ? MessageFlags.Syn : MessageFlags.Data, type, payload, o.Id, ClientMessage.NowMs());
            lock (_gate) { o.LastSent = _clock.Elapsed; _unacked.Add(o.Seq, o); }
            Count(s => Interlocked.Increment(ref s.outputSent));

            if (_faults.DropSocketAfterMessages > 0 && _sentCount >= _faults.DropSocketAfterMessages && !_socketDropped)
            {
                _socketDropped = true;
                Count(s => Interlocked.Increment(ref s.socketsDropped));
                WebSocket? ws;
                lock (_gate) ws = _ws;
                ws?.Abort();
                return; // kept for a resumed connection
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
            lock (_gate) { o.LastSent = _clock.Elapsed; o.Transmitted = true; }
            await SendRawAsync(o.Frame, ct);
            if (_faults.DuplicateOutput)
            {
                Count(s => Interlocked.Increment(ref s.duplicatesSent));
                await SendRawAsync(o.Frame, ct);
            }
        }

        /// <summary>The agent's scheduler: every 100 ms, the oldest unacknowledged message only, when older than the RTO.</summary>
        async Task RetransmitLoopAsync(CancellationToken ct)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    await Task.Delay(100, ct);
                    byte[]? due = null;
                    lock (_gate)
                    {
                        if (_ws == null) continue; // detached: nothing to send to
                        Outgoing? oldest = null;
                        foreach (var o in _unacked.InOrder()) if (o != _held) { oldest = o; break; }
                        if (oldest == null) continue;
                        var now = _clock.Elapsed;
                        if ((now - oldest.LastSent).TotalMilliseconds <= _rtoMs) continue;
                        oldest.LastSent = now;
                        oldest.Resent = true;
                        due = oldest.Frame;
                    }
                    Count(s => Interlocked.Increment(ref s.retransmits));
                    await SendRawAsync(due, ct);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException) { }
        }

        void OnAck(Outgoing acked)
        {
            if (acked.Resent || !acked.Transmitted) return; // no RTT sample from a resend (Karn)
            const double alpha = 1.0 / 8, beta = 1.0 / 4, granularityMs = 10, maxRtoMs = 1000;
            var sample = (_clock.Elapsed - acked.LastSent).TotalMilliseconds;
            _rttVarMs = (1 - beta) * _rttVarMs + beta * Math.Abs(_rttMs - sample);
            _rttMs = (1 - alpha) * _rttMs + alpha * sample;
            _rtoMs = Math.Min(maxRtoMs, _rttMs + Math.Max(granularityMs, 4 * _rttVarMs));
        }

        /// <summary>The current retransmission timeout (for tests).</summary>
        public double RetransmitTimeoutMs { get { lock (_gate) return _rtoMs; } }

        async Task ReceiveLoopAsync(WebSocket ws, CancellationToken ct)
        {
            // Not linked to the agent's lifetime: after channel_closed the client gets up to 1 s to read it and answer
            // with its close frame (ending at once resets the connection, which can discard unread data).
            using var socketCts = CancellationTokenSource.CreateLinkedTokenSource(_serverStop);
            _closeRequested = socketCts;
            if (_cts.IsCancellationRequested) socketCts.CancelAfter(Volatile.Read(ref _closedSent) != 0 ? 1000 : 0);
            try
            {
                var buffer = new byte[16 * 1024];
                while (!socketCts.IsCancellationRequested)
                {
                    var (type, data) = await ReceiveFrameAsync(ws, socketCts.Token, buffer);
                    if (type == WebSocketMessageType.Close) return;
                    if (type == WebSocketMessageType.Text) { Violation("text frame after OpenDataChannel"); continue; }
                    await HandleClientFrameAsync(data, _serverStop);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException)
            {
            }
            finally { _closeRequested = null; }
        }

        volatile CancellationTokenSource? _closeRequested;

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
                        var acked = _unacked.Remove(ack.AcknowledgedMessageSequenceNumber);
                        if (acked != null)
                        {
                            if (!string.Equals(acked.Id.ToString("D"), ack.AcknowledgedMessageId, StringComparison.Ordinal))
                                Violation($"ack of #{ack.AcknowledgedMessageSequenceNumber} names message id {ack.AcknowledgedMessageId}");
                            OnAck(acked);
                        }
                    }
                    break;
                case MessageTypes.InputStreamData:
                    Count(s => Interlocked.Increment(ref s.inputReceived));
                    if (m.Payload.Length > ClientMessage.MaxStreamPayload + SessionCipher.Overhead) Violation($"input payload of {m.Payload.Length} bytes");
                    if (m.SequenceNumber > _highestIn + 1) Violation($"input #{m.SequenceNumber} skips #{_highestIn + 1}");
                    _highestIn = Math.Max(_highestIn, m.SequenceNumber);
                    if (m.SequenceNumber < _expectedIn || _earlyIn.ContainsKey(m.SequenceNumber))
                    {
                        // The agent drops an already-processed input message WITHOUT acknowledging it again.
                        Count(s => Interlocked.Increment(ref s.duplicateInputs));
                        return;
                    }
                    if (_ignoredInputs < _faults.IgnoreFirstInputs) { _ignoredInputs++; return; } // handler not ready: no ack
                    if (m.SequenceNumber > _expectedIn)
                    {
                        _earlyIn[m.SequenceNumber] = m;
                        await SendRawAsync(AcknowledgeContent.Frame(m), ct);
                        return;
                    }
                    if (!CanProcess(m)) return; // pty not started yet: refused, no ack; the client resends
                    await SendRawAsync(AcknowledgeContent.Frame(m), ct);
                    await ProcessInputAsync(m);
                    _expectedIn++;
                    while (_earlyIn.TryGetValue(_expectedIn, out var next) && CanProcess(next))
                    {
                        _earlyIn.Remove(_expectedIn);
                        await ProcessInputAsync(next);
                        _expectedIn++;
                    }
                    break;
                default:
                    Violation("client sent " + m.MessageType);
                    break;
            }
        }

        /// <summary>Shell input needs the pty (before it exists the agent refuses the message, unacknowledged), unless the
        /// handshake is still running (then input is acked and discarded).</summary>
        bool CanProcess(ClientMessage m)
        {
            if (m.PayloadType == PayloadType.HandshakeResponse || m.PayloadType == PayloadType.EncChallengeResponse || m.PayloadType == PayloadType.Flag) return true;
            if (!_inputOpen) return _handshakeRunning; // during the handshake: ack + drop; before it: not ready
            lock (_gate) return _session.IsPort ? _port?.Ready == true : _pty != null;
        }

        async Task ProcessInputAsync(ClientMessage m)
        {
            if (_session.IsPort && _inputOpen && (m.PayloadType == PayloadType.Output || m.PayloadType == PayloadType.Flag))
            {
                if (m.PayloadType == PayloadType.Flag) Count(s => Interlocked.Increment(ref s.flags));
                PortPlugin? port;
                lock (_gate) port = _port;
                if (port != null) await port.HandleInputAsync(m);
                return;
            }
            if (!_inputOpen && m.PayloadType != PayloadType.HandshakeResponse && m.PayloadType != PayloadType.EncChallengeResponse)
            {
                Count(s => Interlocked.Increment(ref s.discardedInputs)); // before the handshake completed: acked, discarded
                return;
            }
            switch (m.PayloadType)
            {
                case PayloadType.Output:
                    var data = m.Payload;
                    var cipher = Cipher;
                    if (cipher != null)
                    {
                        try { data = cipher.DecryptFromClient(data); }
                        catch (CryptographicException) { Violation("input that does not decrypt with the client key"); return; }
                    }
                    foreach (var b in data) if (b == 0x03) Count(s => Interlocked.Increment(ref s.interrupts));
                    if (Interlocked.Add(ref _session.Stats.inputKept, data.Length) <= ExecServerStats.InputKeptBytes) _session.Stats.Input.Enqueue(data);
                    PtyProcess? pty;
                    lock (_gate) pty = _pty;
                    pty?.Write(data);
                    break;
                case PayloadType.Size:
                    try
                    {
                        var size = TerminalSize.Parse(m.Payload);
                        _global.SizeMessages.Enqueue(size);
                        _session.Stats.SizeMessages.Enqueue(size);
                        lock (_gate) _pty?.Resize(size.Columns, size.Rows);
                    }
                    catch (Exception ex) when (ex is ExecProtocolException || ex is InvalidOperationException || ex is FormatException || ex is OverflowException)
                    {
                        Violation("bad size payload: " + ex.Message);
                    }
                    break;
                case PayloadType.HandshakeResponse:
                    _handshake.TrySetResult(HandshakeResponse.Parse(m.Payload));
                    break;
                case PayloadType.EncChallengeResponse:
                    _challengeAnswer.TrySetResult(m.Payload);
                    break;
                case PayloadType.Flag:
                    Count(s => Interlocked.Increment(ref s.flags)); // the shell plugins ignore flags
                    break;
                default:
                    Violation($"input payload type {(uint)m.PayloadType}");
                    break;
            }
        }

        /// <summary>TerminateSession: kill the process group and close the channel from the service side.</summary>
        public async Task TerminateAsync()
        {
            lock (_gate) { _pty?.Signal(PtyProcess.SIGKILL); _port?.Stop(); }
            try { await CloseChannelAsync(""); }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException) { }
            _cts.Cancel();
        }

        /// <summary>Sends channel_closed and a close frame. Once begun it is not cancelled by the session's end, only by the
        /// server's stop or after 5 s waiting for the socket (a client that stopped reading): TerminateSession and the
        /// process's exit race to end the session, and whichever cancels the other must not swallow the channel_closed
        /// the client is owed.</summary>
        async Task CloseChannelAsync(string output)
        {
            if (Interlocked.Exchange(ref _closedSent, 1) != 0) return;
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(_serverStop);
            bounded.CancelAfter(TimeSpan.FromSeconds(5));
            var ct = bounded.Token;
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
            WebSocket? ws;
            lock (_gate) ws = _ws;
            if (ws != null)
            {
                await _sendLock.WaitAsync(ct);
                try { if (ws.State == WebSocketState.Open || ws.State == WebSocketState.CloseReceived) await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "session ended", _serverStop); }
                finally { _sendLock.Release(); }
            }
            // Let the client read channel_closed and answer with its close frame, for at most 1 s.
            _closeRequested?.CancelAfter(1000);
        }

        async Task SendRawAsync(byte[] frame, CancellationToken ct)
        {
            await _sendLock.WaitAsync(ct);
            try
            {
                WebSocket? ws;
                lock (_gate) ws = _ws;
                if (ws == null || (ws.State != WebSocketState.Open && ws.State != WebSocketState.CloseReceived)) return;
                // Never the session's token here: cancelling a pending WebSocket send aborts the connection, and the
                // session ends (TerminateSession) while output is still being written.
                try { await ws.SendAsync(frame, WebSocketMessageType.Binary, true, _serverStop); }
                catch (Exception ex) when (ex is WebSocketException || ex is IOException || ex is ObjectDisposedException) { /* the receive loop notices */ }
            }
            finally { _sendLock.Release(); }
        }

        /// <summary>One whole WebSocket message. <paramref name="buffer"/> is the caller's receive buffer, reused from
        /// message to message (a fresh 16 KB buffer per message, acknowledgements included, cost more than the rest of
        /// the receive path); the returned array is the message's own.</summary>
        static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveFrameAsync(WebSocket ws, CancellationToken ct, byte[]? buffer = null)
        {
            buffer ??= new byte[16 * 1024];
            MemoryStream? ms = null;
            try
            {
                while (true)
                {
                    var r = await ws.ReceiveAsync(buffer, ct);
                    if (r.MessageType == WebSocketMessageType.Close) return (WebSocketMessageType.Close, Array.Empty<byte>());
                    if (r.EndOfMessage && ms == null) return (r.MessageType, buffer.AsSpan(0, r.Count).ToArray());
                    ms ??= new MemoryStream();
                    ms.Write(buffer, 0, r.Count);
                    if (r.EndOfMessage) return (r.MessageType, ms.ToArray());
                }
            }
            finally { ms?.Dispose(); }
        }
    }

    internal static class Utf8
    {
        /// <summary>Length of the prefix that ends on a whole UTF-8 sequence (an incomplete trailing sequence is left out).</summary>
        public static int WholeSequencesLength(byte[] b, int length)
        {
            for (var back = 1; back <= Math.Min(3, length); back++)
            {
                var c = b[length - back];
                if ((c & 0xC0) == 0x80) continue; // continuation byte
                var need = (c & 0x80) == 0 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
                return need > back ? length - back : length;
            }
            return length;
        }
    }
}
