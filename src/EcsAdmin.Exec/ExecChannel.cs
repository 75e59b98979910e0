using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Net.WebSockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdmin.Exec
{
    /// <summary>How a channel ended normally (a channel_closed message arrived).</summary>
    public sealed class ExecChannelResult
    {
        internal ExecChannelResult(ChannelClosedContent closed, int? exitCode, int missingMessages, bool kmsRefused, string? kmsError = null, bool encrypted = false)
        {
            ChannelClosed = closed; ExitCode = exitCode; MissingMessages = missingMessages; KmsRefused = kmsRefused; KmsError = kmsError; Encrypted = encrypted;
        }
        /// <summary>Getting the KMS data key failed (the AWS message); the agent was told and fails the session.</summary>
        public string? KmsError { get; }
        /// <summary>The session was KMS-encrypted.</summary>
        public bool Encrypted { get; }

        public ChannelClosedContent ChannelClosed { get; }
        /// <summary>From a PayloadType 12 message (NonInteractiveCommands only; never for ECS exec pty sessions).</summary>
        public int? ExitCode { get; }
        /// <summary>Output messages still missing (gaps) when the grace period after channel_closed ran out.</summary>
        public int MissingMessages { get; }
        /// <summary>The agent asked for KMS encryption and this client refused it.</summary>
        public bool KmsRefused { get; }
    }

    /// <summary>Counters for diagnostics and tests.</summary>
    public sealed class ExecChannelStatistics
    {
        internal int outputMessages, duplicates, outOfOrder, digestMismatches, malformed, acksSent, acksReceived, inputSent, retransmits;
        public int OutputMessages => Volatile.Read(ref outputMessages);
        public int Duplicates => Volatile.Read(ref duplicates);
        public int OutOfOrder => Volatile.Read(ref outOfOrder);
        public int DigestMismatches => Volatile.Read(ref digestMismatches);
        public int Malformed => Volatile.Read(ref malformed);
        public int AcksSent => Volatile.Read(ref acksSent);
        public int AcksReceived => Volatile.Read(ref acksReceived);
        public int InputMessagesSent => Volatile.Read(ref inputSent);
        public int Retransmits => Volatile.Read(ref retransmits);
        public override string ToString() =>
            $"output={OutputMessages} dup={Duplicates} ooo={OutOfOrder} badDigest={DigestMismatches} malformed={Malformed} acksSent={AcksSent} acksReceived={AcksReceived} input={InputMessagesSent} retransmits={Retransmits}";
    }

    /// <summary>
    /// The client side of one Session Manager data channel over <see cref="ClientWebSocket"/>: sends the OpenDataChannel
    /// frame, answers the handshake (refusing KMS), acknowledges every output message, delivers output in sequence order
    /// (re-acking and dropping duplicates, buffering early arrivals), sends input in ≤1024-byte messages once ready,
    /// retransmits unacknowledged input with an RTO estimator and back-off, and honours pause/start publication.
    /// </summary>
    public sealed class ExecChannel : IDisposable
    {
        sealed class Outgoing
        {
            public Outgoing(long seq, byte[] frame, TimeSpan now) { Seq = seq; Frame = frame; FirstSent = LastSent = now; Attempts = 1; }
            public long Seq { get; }
            public byte[] Frame { get; }
            public TimeSpan FirstSent { get; }
            public TimeSpan LastSent { get; set; }
            public int Attempts { get; set; }
        }

        /// <summary>The session type the port plugin announces in its handshake.</summary>
        public const string PortSessionType = "Port";

        static readonly HashSet<string> ShellSessionTypes = new HashSet<string>(StringComparer.Ordinal)
            { "Standard_Stream", "InteractiveCommands", "NonInteractiveCommands" };

        readonly ExecConnection _connection;
        readonly ExecChannelOptions _options;
        readonly Action<PayloadType, byte[]> _onData;
        readonly object _gate = new object();
        readonly SemaphoreSlim _sendLock = new SemaphoreSlim(1, 1);
        readonly CancellationTokenSource _life = new CancellationTokenSource();
        readonly CancellationTokenSource _receiveCts;
        readonly Stopwatch _clock = Stopwatch.StartNew();
        readonly TaskCompletionSource<bool> _ready = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly TaskCompletionSource<ExecChannelResult> _done = new TaskCompletionSource<ExecChannelResult>(TaskCreationOptions.RunContinuationsAsynchronously);

        // Inbound state: touched only by the receive loop.
        long _expected;
        readonly SortedDictionary<long, ClientMessage> _early = new SortedDictionary<long, ClientMessage>();
        ChannelClosedContent? _closed;
        int? _exitCode;
        bool _kmsRefused;
        string? _kmsError;
        volatile SessionCipher? _cipher;

        // Outbound state: guarded by _gate.
        long _nextSeq;
        readonly Queue<(PayloadType Type, byte[] Data)> _handshakeQueue = new Queue<(PayloadType, byte[])>();
        readonly Queue<(PayloadType Type, byte[] Data)> _inputQueue = new Queue<(PayloadType, byte[])>();
        readonly UnackedMessages<Outgoing> _unacked = new UnackedMessages<Outgoing>();
        readonly Queue<byte[]> _ackQueue = new Queue<byte[]>();
        bool _isReady, _paused;
        TaskCompletionSource<bool>? _window;
        double _rttMs = 100, _rttVarMs, _rtoMs;

        ClientWebSocket? _socket;
        int _connected, _disposed;

        /// <param name="onData">Called on the receive loop with each in-order payload of type Output, StdErr, and
        /// HandshakeComplete (its CustomerMessage as UTF-8). An exception thrown here fails the channel.</param>
        public ExecChannel(ExecConnection connection, ExecChannelOptions? options, Action<PayloadType, byte[]> onData)
        {
            _connection = connection ?? throw new ArgumentNullException(nameof(connection));
            _options = options ?? new ExecChannelOptions();
            _onData = onData ?? throw new ArgumentNullException(nameof(onData));
            _rtoMs = _options.InitialRto.TotalMilliseconds;
            _receiveCts = CancellationTokenSource.CreateLinkedTokenSource(_life.Token);
        }

        public string SessionId => _connection.SessionId;
        public ExecChannelStatistics Statistics { get; } = new ExecChannelStatistics();
        /// <summary>Completes when the channel is ready for input (HandshakeComplete, or the first in-order Output).</summary>
        public Task Ready => _ready.Task;
        /// <summary>Completes on channel_closed; faults with <see cref="ExecSessionException"/> on a dropped socket or
        /// unacknowledged input; is cancelled when the channel is disposed first.</summary>
        public Task<ExecChannelResult> Completion => _done.Task;
        public string? AgentVersion { get; private set; }
        /// <summary>The SessionType action of the agent's handshake request (for port sessions: the port properties);
        /// null before the handshake or when there was none.</summary>
        public RequestedClientAction? SessionTypeAction { get; private set; }
        public string? CustomerMessage { get; private set; }
        public bool IsPaused { get { lock (_gate) return _paused; } }

        public override string ToString() => $"ExecChannel SessionId={SessionId} {Statistics}";

        /// <summary>Opens the WebSocket, sends the OpenDataChannel frame and starts the receive and retransmit loops.</summary>
        public async Task ConnectAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _connected, 1) != 0) throw new InvalidOperationException("The channel is already connected.");
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = _options.KeepAliveInterval;
            // .NET 9+ has real PING/PONG keep-alives with a timeout; netstandard2.0 cannot name the property.
            socket.Options.GetType().GetProperty("KeepAliveTimeout")?.SetValue(socket.Options, _options.KeepAliveTimeout ?? _options.KeepAliveInterval + _options.KeepAliveInterval);
            _socket = socket;
            using var connectCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _life.Token);
            connectCts.CancelAfter(_options.ConnectTimeout);
            try
            {
                await socket.ConnectAsync(_connection.StreamUrl, connectCts.Token).ConfigureAwait(false);
                var open = new OpenDataChannelRequest
                {
                    TokenValue = _connection.TokenValue,
                    ClientId = _options.ClientId,
                    ClientVersion = _options.ClientVersion,
                };
                var frame = open.ToJson();
                await socket.SendAsync(new ArraySegment<byte>(frame), WebSocketMessageType.Text, true, connectCts.Token).ConfigureAwait(false);
                Array.Clear(frame, 0, frame.Length);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                socket.Abort();
                throw;
            }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is IOException || ex is System.Net.Http.HttpRequestException)
            {
                socket.Abort();
                var what = ex is OperationCanceledException ? $"timed out after {_options.ConnectTimeout.TotalSeconds:0.#} s" : ex.Message;
                throw new ExecSessionException(SessionId,
                    $"Could not open the data channel of exec session {SessionId} ({_connection.StreamUrl.Host}): {what}", ex);
            }
            Trace("connected; OpenDataChannel sent");
            _ = Task.Run(ReceiveLoopAsync);
            _ = Task.Run(RetransmitLoopAsync);
        }

        /// <summary>Queues stdin bytes (PayloadType 1) in ≤1024-byte messages; sent once the channel is ready and not paused.</summary>
        public Task SendInputAsync(byte[] data, CancellationToken cancellationToken = default) =>
            SendInputAsync(data, 0, data?.Length ?? 0, cancellationToken);

        public Task SendInputAsync(byte[] data, int offset, int count, CancellationToken cancellationToken = default)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            lock (_gate)
            {
                for (var i = 0; i < count; i += ClientMessage.MaxStreamPayload)
                {
                    var n = Math.Min(ClientMessage.MaxStreamPayload, count - i);
                    var chunk = new byte[n];
                    Buffer.BlockCopy(data, offset + i, chunk, 0, n);
                    _inputQueue.Enqueue((PayloadType.Output, chunk));
                }
            }
            return FlushAsync(cancellationToken);
        }

        /// <summary>Queues a Flag message (PayloadType 10, a 4-byte big-endian value; spec §4.3): the port plugin's
        /// DisconnectToPort (1) and TerminateSession (2).</summary>
        public Task SendFlagAsync(uint flag, CancellationToken cancellationToken = default)
        {
            var payload = new byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload, flag);
            lock (_gate) _inputQueue.Enqueue((PayloadType.Flag, payload));
            return FlushAsync(cancellationToken);
        }

        /// <summary>Input messages queued or sent and not yet acknowledged.</summary>
        public int InputInFlight { get { lock (_gate) return _inputQueue.Count + _unacked.Count; } }

        /// <summary>Completes when fewer than <see cref="ExecChannelOptions.MaxInputInFlight"/> input messages are queued or
        /// unacknowledged (flow control for bulk senders), or when the channel has ended.</summary>
        public async Task WaitForInputWindowAsync(CancellationToken cancellationToken = default)
        {
            while (true)
            {
                Task wait;
                lock (_gate)
                {
                    if (_inputQueue.Count + _unacked.Count < _options.MaxInputInFlight || _done.Task.IsCompleted) return;
                    _window ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _window.Task;
                }
                var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
                {
                    if (await Task.WhenAny(wait, _done.Task, cancelled.Task).ConfigureAwait(false) != wait)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        return;
                    }
                }
            }
        }

        void OpenWindowIfDue()
        {
            // under _gate
            if (_window != null && _inputQueue.Count + _unacked.Count < _options.MaxInputInFlight / 2 + 1)
            {
                _window.TrySetResult(true);
                _window = null;
            }
        }

        /// <summary>Queues a terminal Size message (PayloadType 3).</summary>
        public Task SendSizeAsync(TerminalSize size, CancellationToken cancellationToken = default)
        {
            lock (_gate) _inputQueue.Enqueue((PayloadType.Size, size.ToJson()));
            return FlushAsync(cancellationToken);
        }

        /// <summary>Closes the socket politely (close frame, at most 1 s) and releases it.</summary>
        public async Task CloseAsync()
        {
            var socket = _socket;
            if (socket != null && socket.State == WebSocketState.Open && Volatile.Read(ref _disposed) == 0)
            {
                try
                {
                    using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is IOException)
                {
                    Trace("close frame not sent: " + ex.Message);
                }
            }
            Dispose();
        }

        /// <summary>Aborts the socket at once and stops the loops.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _done.TrySetCanceled();
            _ready.TrySetCanceled();
            try { _life.Cancel(); } catch (ObjectDisposedException) { }
            _socket?.Abort();
            _socket?.Dispose();
        }

        // ---------------------------------------------------------------- receive side

        async Task ReceiveLoopAsync()
        {
            var socket = _socket!;
            var buffer = new byte[64 * 1024];
            var message = new MemoryStream();
            try
            {
                while (!_done.Task.IsCompleted)
                {
                    message.SetLength(0);
                    WebSocketReceiveResult r;
                    do
                    {
                        r = await socket.ReceiveAsync(new ArraySegment<byte>(buffer), _receiveCts.Token).ConfigureAwait(false);
                        if (r.MessageType == WebSocketMessageType.Close)
                        {
                            OnSocketEnded($"the service closed the WebSocket ({r.CloseStatus}{(string.IsNullOrEmpty(r.CloseStatusDescription) ? "" : ": " + r.CloseStatusDescription)})", null);
                            return;
                        }
                        message.Write(buffer, 0, r.Count);
                    } while (!r.EndOfMessage);
                    await HandleFrameAsync(new ArraySegment<byte>(message.GetBuffer(), 0, (int)message.Length)).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is IOException || ex is ObjectDisposedException)
            {
                if (_life.IsCancellationRequested) return; // disposed
                if (_receiveCts.IsCancellationRequested) { FinishClosed(); return; } // grace period after channel_closed ran out
                OnSocketEnded("the WebSocket dropped: " + ex.Message, ex);
            }
            catch (Exception ex)
            {
                Fail(ex is ExecException ? ex : new ExecSessionException(SessionId, $"Exec session {SessionId} failed: {ex.Message}", ex));
            }
        }

        void OnSocketEnded(string what, Exception? inner)
        {
            if (_closed != null) { FinishClosed(); return; }
            Fail(new ExecSessionException(SessionId,
                $"The data channel of exec session {SessionId} ended before the session did: {what}.", inner));
        }

        async Task HandleFrameAsync(ArraySegment<byte> frame)
        {
            if (!ClientMessage.TryParse(frame.AsSpan(), out var m, out var error))
            {
                Interlocked.Increment(ref Statistics.malformed);
                Trace("dropped malformed frame: " + error);
                return;
            }
            switch (m.MessageType)
            {
                case MessageTypes.OutputStreamData:
                    await HandleOutputAsync(m).ConfigureAwait(false);
                    break;
                case MessageTypes.Acknowledge:
                    HandleAck(m);
                    break;
                case MessageTypes.ChannelClosed:
                    HandleChannelClosed(m);
                    break;
                case MessageTypes.StartPublication:
                    lock (_gate) _paused = false;
                    Trace("start_publication");
                    _ = FlushAsync(CancellationToken.None); // not awaited: the receive loop never waits for the send side
                    break;
                case MessageTypes.PausePublication:
                    lock (_gate) _paused = true;
                    Trace("pause_publication");
                    break;
                default:
                    Trace("ignored message type " + m.MessageType);
                    break;
            }
        }

        async Task HandleOutputAsync(ClientMessage m)
        {
            if (!m.IsDigestValid())
            {
                Interlocked.Increment(ref Statistics.digestMismatches);
                Trace($"digest mismatch on output #{m.SequenceNumber}; not acknowledged");
                return;
            }
            var seq = m.SequenceNumber;
            if (seq < _expected || _early.ContainsKey(seq))
            {
                Interlocked.Increment(ref Statistics.duplicates);
                await SendAckAsync(m).ConfigureAwait(false); // re-ack, or the agent resends it forever
                return;
            }
            if (seq > _expected)
            {
                if (_early.Count >= _options.ReorderCapacity) { Trace($"reorder buffer full; output #{seq} not acknowledged"); return; }
                _early[seq] = m;
                Interlocked.Increment(ref Statistics.outOfOrder);
                await SendAckAsync(m).ConfigureAwait(false);
                return;
            }
            await SendAckAsync(m).ConfigureAwait(false);
            await ProcessAsync(m).ConfigureAwait(false);
            _expected++;
            while (_early.TryGetValue(_expected, out var next))
            {
                _early.Remove(_expected);
                await ProcessAsync(next).ConfigureAwait(false);
                _expected++;
            }
            if (_closed != null && _early.Count == 0) FinishClosed();
        }

        byte[] Decrypt(ClientMessage m)
        {
            var cipher = _cipher;
            if (cipher == null) return m.Payload;
            try { return cipher.DecryptFromAgent(m.Payload); }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new ExecSessionException(SessionId, $"Exec session {SessionId}: output #{m.SequenceNumber} could not be decrypted with the session's KMS data key: {ex.Message}", ex);
            }
        }

        async Task ProcessAsync(ClientMessage m)
        {
            Interlocked.Increment(ref Statistics.outputMessages);
            switch (m.PayloadType)
            {
                case PayloadType.Output:
                    await MarkReadyAsync().ConfigureAwait(false);
                    _onData(PayloadType.Output, Decrypt(m));
                    break;
                case PayloadType.StdErr:
                    _onData(PayloadType.StdErr, Decrypt(m));
                    break;
                case PayloadType.EncChallengeRequest:
                    await AnswerChallengeAsync(m.Payload).ConfigureAwait(false);
                    break;
                case PayloadType.ExitCode:
                    var text = Encoding.UTF8.GetString(Decrypt(m));
                    var colon = text.IndexOf(':');
                    if (int.TryParse(colon >= 0 ? text.Substring(colon + 1).Trim() : text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code))
                        _exitCode = code;
                    break;
                case PayloadType.HandshakeRequest:
                    await AnswerHandshakeAsync(HandshakeRequest.Parse(m.Payload)).ConfigureAwait(false);
                    break;
                case PayloadType.HandshakeComplete:
                    var complete = HandshakeComplete.Parse(m.Payload);
                    CustomerMessage = complete.CustomerMessage;
                    if (!string.IsNullOrEmpty(complete.CustomerMessage))
                        _onData(PayloadType.HandshakeComplete, Encoding.UTF8.GetBytes(complete.CustomerMessage));
                    await MarkReadyAsync().ConfigureAwait(false);
                    break;
                case PayloadType.Flag when _options.PortSession:
                    _onData(PayloadType.Flag, m.Payload);
                    break;
                default:
                    Trace($"ignored output payload type {(uint)m.PayloadType}");
                    break;
            }
        }

        async Task AnswerHandshakeAsync(HandshakeRequest request)
        {
            AgentVersion = request.AgentVersion;
            var response = new HandshakeResponse { ClientVersion = _options.ClientVersion };
            foreach (var action in request.RequestedClientActions)
            {
                var processed = new ProcessedClientAction { ActionType = action.ActionType };
                if (action.ActionType == HandshakeActions.SessionType)
                {
                    var accepted = _options.PortSession ? action.SessionType == PortSessionType : action.SessionType != null && ShellSessionTypes.Contains(action.SessionType);
                    if (accepted)
                    {
                        processed.ActionStatus = HandshakeActions.StatusSuccess;
                        SessionTypeAction = action;
                    }
                    else { processed.ActionStatus = HandshakeActions.StatusFailed; processed.Error = $"Session type {action.SessionType} is not supported by this client."; }
                }
                else if (action.ActionType == HandshakeActions.KmsEncryption)
                {
                    var provider = _options.KmsDataKeyProvider;
                    if (provider == null)
                    {
                        _kmsRefused = true;
                        processed.ActionStatus = HandshakeActions.StatusUnsupported;
                        processed.Error = "KMS encryption of exec sessions was not set up by this client.";
                    }
                    else
                    {
                        var keyRequest = new KmsDataKeyRequest { KeyId = action.KmsKeyId ?? "" };
                        keyRequest.EncryptionContext["aws:ssm:SessionId"] = SessionId;
                        keyRequest.EncryptionContext["aws:ssm:TargetId"] = _options.KmsTargetId ?? "";
                        try
                        {
                            var key = await provider(keyRequest, _life.Token).ConfigureAwait(false);
                            try
                            {
                                if (key.Plaintext.Length != SessionCipher.KeyLength)
                                    throw new InvalidOperationException($"KMS returned a {key.Plaintext.Length}-byte data key; a session needs {SessionCipher.KeyLength}.");
                                _cipher = new SessionCipher(key.Plaintext);
                            }
                            finally { Array.Clear(key.Plaintext, 0, key.Plaintext.Length); }
                            processed.ActionStatus = HandshakeActions.StatusSuccess;
                            processed.KmsCipherTextKey = Convert.ToBase64String(key.CiphertextBlob);
                            Trace("KMS data key ready for key " + keyRequest.KeyId);
                        }
                        catch (Exception ex) when (!(ex is OperationCanceledException && _life.IsCancellationRequested))
                        {
                            _kmsError = ex.Message;
                            processed.ActionStatus = HandshakeActions.StatusFailed;
                            processed.Error = "KMS GenerateDataKey failed: " + ex.Message;
                        }
                    }
                }
                else
                {
                    processed.ActionStatus = HandshakeActions.StatusUnsupported;
                    processed.Error = $"Action {action.ActionType} is not supported by this client.";
                }
                response.ProcessedClientActions.Add(processed);
            }
            lock (_gate) _handshakeQueue.Enqueue((PayloadType.HandshakeResponse, response.ToJson()));
            Trace("handshake response queued");
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        /// <summary>EncChallengeRequest: decrypt with the agent's half of the key, encrypt with ours, send it back.</summary>
        async Task AnswerChallengeAsync(byte[] payload)
        {
            var cipher = _cipher;
            if (cipher == null) { Trace("encryption challenge without a KMS key; ignored"); return; }
            byte[] answer;
            using (var doc = PayloadJson.Parse(payload, "encryption challenge"))
            {
                var challenge = PayloadJson.GetString(doc.RootElement, "Challenge") ?? throw new ExecProtocolException("The encryption challenge has no Challenge.");
                byte[] plain;
                try { plain = cipher.DecryptFromAgent(Convert.FromBase64String(challenge)); }
                catch (Exception ex) when (ex is FormatException || ex is System.Security.Cryptography.CryptographicException)
                {
                    throw new ExecSessionException(SessionId, $"Exec session {SessionId}: the agent's encryption challenge does not decrypt with the KMS data key ({ex.Message}).", ex);
                }
                var reencrypted = Convert.ToBase64String(cipher.EncryptFromClient(plain));
                answer = PayloadJson.Write(w => w.WriteString("Challenge", reencrypted));
            }
            lock (_gate) _handshakeQueue.Enqueue((PayloadType.EncChallengeResponse, answer));
            Trace("encryption challenge answered");
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        async Task MarkReadyAsync()
        {
            lock (_gate)
            {
                if (_isReady) return;
                _isReady = true;
            }
            Trace("ready");
            _ready.TrySetResult(true);
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }

        void HandleAck(ClientMessage m)
        {
            AcknowledgeContent ack;
            try { ack = AcknowledgeContent.Parse(m.Payload); }
            catch (ExecProtocolException ex) { Trace("bad acknowledge: " + ex.Message); return; }
            Interlocked.Increment(ref Statistics.acksReceived);
            var now = _clock.Elapsed;
            lock (_gate)
            {
                // The spec's matching rule: by sequence number only.
                var entry = _unacked.Remove(ack.AcknowledgedMessageSequenceNumber);
                if (entry == null) return;
                OpenWindowIfDue();
                if (entry.Attempts == 1) UpdateRto((now - entry.LastSent).TotalMilliseconds); // Karn: no samples from resends
            }
        }

        void UpdateRto(double sampleMs)
        {
            const double alpha = 1.0 / 8, beta = 1.0 / 4, granularityMs = 10;
            _rttVarMs = (1 - beta) * _rttVarMs + beta * Math.Abs(_rttMs - sampleMs);
            _rttMs = (1 - alpha) * _rttMs + alpha * sampleMs;
            _rtoMs = Math.Min(_options.MaxRto.TotalMilliseconds, _rttMs + Math.Max(granularityMs, 4 * _rttVarMs));
        }

        void HandleChannelClosed(ClientMessage m)
        {
            _closed = ChannelClosedContent.Parse(m.Payload);
            Trace($"channel_closed (header {m.HeaderLength}){(string.IsNullOrEmpty(_closed.Output) ? "" : ": " + _closed.Output)}");
            if (_early.Count == 0) { FinishClosed(); return; }
            // Gaps remain: wait briefly for retransmits, then stop.
            _receiveCts.CancelAfter(_options.CloseGracePeriod);
        }

        void FinishClosed()
        {
            var missing = 0;
            if (_early.Count > 0)
            {
                long last = 0;
                foreach (var k in _early.Keys) last = k;
                missing = (int)(last + 1 - _expected - _early.Count);
            }
            _done.TrySetResult(new ExecChannelResult(_closed ?? new ChannelClosedContent(), _exitCode, missing, _kmsRefused, _kmsError, _cipher != null));
        }

        void Fail(Exception ex)
        {
            Trace("failed: " + ex.Message);
            _done.TrySetException(ex);
        }

        // ---------------------------------------------------------------- send side

        async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref _connected) == 0 || _done.Task.IsCompleted) return;
            await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                while (true)
                {
                    byte[] frame;
                    var isAck = false;
                    lock (_gate)
                    {
                        if (_ackQueue.Count > 0) { frame = _ackQueue.Dequeue(); isAck = true; }
                        else
                        {
                            (PayloadType Type, byte[] Data) item;
                            if (_handshakeQueue.Count > 0) item = _handshakeQueue.Dequeue();
                            else if (_isReady && !_paused && _inputQueue.Count > 0)
                            {
                                item = _inputQueue.Dequeue();
                                var cipher = _cipher;
                                if (cipher != null && item.Type == PayloadType.Output) item = (item.Type, cipher.EncryptFromClient(item.Data)); // only stdin is encrypted
                            }
                            else break;
                            var seq = _nextSeq++;
                            frame = ClientMessage.Serialize(MessageTypes.InputStreamData, seq, MessageFlags.Data, item.Type, item.Data);
                            _unacked.Add(seq, new Outgoing(seq, frame, _clock.Elapsed));
                        }
                    }
                    await _socket!.SendAsync(new ArraySegment<byte>(frame), WebSocketMessageType.Binary, true, _life.Token).ConfigureAwait(false);
                    if (isAck) Interlocked.Increment(ref Statistics.acksSent);
                    else Interlocked.Increment(ref Statistics.inputSent);
                }
            }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is IOException)
            {
                // The receive loop reports the dropped socket; unsent input stays in the retransmit buffer.
                Trace("input not sent: " + ex.Message);
            }
            finally
            {
                ReleaseSendLock();
            }
        }

        /// <summary>Queues the acknowledgement and returns at once: the receive loop never waits for the socket's send
        /// side. Were it to (both ends acknowledging inline while their send buffers are full), each side would stop
        /// reading until the other read: a deadlock as soon as both directions carry bulk data.</summary>
        Task SendAckAsync(ClientMessage m)
        {
            var frame = AcknowledgeContent.Frame(m);
            lock (_gate) _ackQueue.Enqueue(frame);
            if (_sendLock.Wait(0)) _ = Task.Run(() => SendAcksHoldingLockAsync());
            return Task.CompletedTask;
        }

        async Task SendAcksHoldingLockAsync()
        {
            try
            {
                while (true)
                {
                    byte[] frame;
                    lock (_gate)
                    {
                        if (_ackQueue.Count == 0) break;
                        frame = _ackQueue.Dequeue();
                    }
                    await _socket!.SendAsync(new ArraySegment<byte>(frame), WebSocketMessageType.Binary, true, _life.Token).ConfigureAwait(false);
                    Interlocked.Increment(ref Statistics.acksSent);
                }
            }
            catch (Exception ex) when (ex is WebSocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is IOException)
            {
                Trace("acknowledgement not sent: " + ex.Message);
            }
            finally
            {
                ReleaseSendLock();
            }
        }

        /// <summary>Releases the send lock; acknowledgements queued while it was held go out on a fresh holder.</summary>
        void ReleaseSendLock()
        {
            _sendLock.Release();
            bool pending;
            lock (_gate) pending = _ackQueue.Count > 0;
            if (pending && Volatile.Read(ref _disposed) == 0 && _sendLock.Wait(0)) _ = Task.Run(() => SendAcksHoldingLockAsync());
        }

        async Task RetransmitLoopAsync()
        {
            try
            {
                while (!_done.Task.IsCompleted)
                {
                    await Task.Delay(_options.RetransmitTick, _life.Token).ConfigureAwait(false);
                    byte[]? frame = null;
                    lock (_gate)
                    {
                        if (_paused) continue;
                        var oldest = _unacked.Oldest();
                        if (oldest == null) continue;
                        var now = _clock.Elapsed;
                        if (now - oldest.FirstSent > _options.RetransmitGiveUp)
                        {
                            Fail(new ExecSessionException(SessionId,
                                $"Exec session {SessionId}: input message #{oldest.Seq} was not acknowledged within {_options.RetransmitGiveUp.TotalSeconds:0.#} s."));
                            return;
                        }
                        // Back-off: each resend of the same message doubles the wait, up to the maximum RTO.
                        var waitMs = Math.Min(_options.MaxRto.TotalMilliseconds, _rtoMs * Math.Pow(2, Math.Min(10, oldest.Attempts - 1)));
                        if ((now - oldest.LastSent).TotalMilliseconds >= waitMs)
                        {
                            oldest.LastSent = now;
                            oldest.Attempts++;
                            frame = oldest.Frame;
                        }
                    }
                    if (frame == null) continue;
                    await _sendLock.WaitAsync(_life.Token).ConfigureAwait(false);
                    try
                    {
                        await _socket!.SendAsync(new ArraySegment<byte>(frame), WebSocketMessageType.Binary, true, _life.Token).ConfigureAwait(false);
                        Interlocked.Increment(ref Statistics.retransmits);
                    }
                    finally
                    {
                        ReleaseSendLock();
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException || ex is WebSocketException || ex is ObjectDisposedException || ex is IOException)
            {
                // Disposed or the socket dropped: the receive loop reports it.
            }
        }

        void Trace(string message) => _options.Trace?.Invoke($"[exec {SessionId}] {message}");
    }
}
