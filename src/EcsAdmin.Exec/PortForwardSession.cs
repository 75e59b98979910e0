using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdmin.Exec
{
    /// <summary>How the local connections travel over the session.</summary>
    public enum PortForwardMode
    {
        /// <summary>Many concurrent connections, each a stream of the multiplexing layer (<see cref="MuxFrames"/>).</summary>
        Multiplexed,
        /// <summary>Old agents: one connection at a time, raw bytes; a closed local connection is announced with the
        /// DisconnectToPort flag and the next one reconnects the agent on its first byte.</summary>
        Basic,
    }

    /// <summary>Options of <see cref="PortForwardSession.StartAsync"/>.</summary>
    public sealed class PortForwardOptions
    {
        /// <summary>The local address to listen on (loopback by default).</summary>
        public IPAddress LocalAddress { get; set; } = IPAddress.Loopback;
        /// <summary>The local port; 0 picks a free one.</summary>
        public int LocalPort { get; set; }
        /// <summary>How long the agent's handshake may take (the agent itself gives up after 15 s).</summary>
        public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(20);
        /// <summary>Data from the task held for local connections that do not read it yet; beyond this the channel
        /// stops delivering (and acknowledging), which holds the agent back.</summary>
        public int MaxBufferedBytes { get; set; } = 4 * 1024 * 1024;
        /// <summary>How long the channel may stay held for local connections that read nothing at all; then the session
        /// fails, naming the connections that hold the unread data, instead of stalling every connection forever.</summary>
        public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(60);
        /// <summary>Multiplexed sessions with agents that still expect keep-alives: how often to send one.</summary>
        public TimeSpan MuxKeepAliveInterval { get; set; } = TimeSpan.FromSeconds(10);
        /// <summary>Channel tuning; <see cref="ExecChannelOptions.PortSession"/> is set by the session.</summary>
        public ExecChannelOptions Channel { get; set; } = new ExecChannelOptions();
    }

    /// <summary>Live counters of a <see cref="PortForwardSession"/>.</summary>
    public sealed class PortForwardStatistics
    {
        internal long connections, active, sent, received, connectErrors;
        /// <summary>Local connections accepted since the start.</summary>
        public long Connections => Interlocked.Read(ref connections);
        /// <summary>Local connections open now.</summary>
        public long ActiveConnections => Interlocked.Read(ref active);
        /// <summary>Bytes read from local connections and sent to the task.</summary>
        public long BytesSent => Interlocked.Read(ref sent);
        /// <summary>Bytes received from the task and written to local connections.</summary>
        public long BytesReceived => Interlocked.Read(ref received);
        /// <summary>Connections the agent could not make to the destination (ConnectToPortError).</summary>
        public long ConnectErrors => Interlocked.Read(ref connectErrors);
        public override string ToString() => $"connections={Connections} active={ActiveConnections} sent={BytesSent} received={BytesReceived} connectErrors={ConnectErrors}";
    }

    /// <summary>
    /// A port-forwarding session over the data channel: a local TCP listener whose connections reach the port the
    /// session's document names (in the task, or on a remote host). The mode follows what the agent announces in its
    /// handshake, as AWS's plugin decides it: multiplexed for <c>LocalPortForwarding</c> sessions with agents newer than
    /// 3.0.196.0, basic otherwise. Multiplexing keep-alives are sent only to agents up to 3.1.1511.0 (newer ones turn
    /// them off, since they would defeat the idle timeout).
    /// </summary>
    public sealed class PortForwardSession : IDisposable
    {
        /// <summary>Flag values of the port plugin (spec §4.3).</summary>
        public const uint DisconnectToPortFlag = 1, TerminateSessionFlag = 2, ConnectToPortErrorFlag = 3;
        const string MuxSinceAgentVersion = "3.0.196.0";
        const string NoKeepAliveSinceAgentVersion = "3.1.1511.0";
        const string LocalPortForwarding = "LocalPortForwarding";

        readonly ExecConnection _connection;
        readonly PortForwardOptions _options;
        readonly ExecChannel _channel;
        readonly TcpListener _listener;
        readonly CancellationTokenSource _life = new CancellationTokenSource();
        readonly ConcurrentDictionary<uint, LocalConnection> _streams = new ConcurrentDictionary<uint, LocalConnection>();
        readonly TaskCompletionSource<bool> _done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        readonly MuxFrameReader _reader = new MuxFrameReader();
        readonly object _roomGate = new object();
        long _buffered;
        long _lastWrittenTicks = DateTime.UtcNow.Ticks;
        uint _nextStreamId = 1;
        volatile LocalConnection? _basicCurrent;
        int _stopping;

        PortForwardSession(ExecConnection connection, PortForwardOptions options, TcpListener listener)
        {
            _connection = connection;
            _options = options;
            _listener = listener;
            var channelOptions = options.Channel;
            channelOptions.PortSession = true;
            // The receive loop stops reading while local connections lag (back-pressure): a PONG waits unread then.
            channelOptions.KeepAliveTimeout ??= Timeout.InfiniteTimeSpan;
            _channel = new ExecChannel(connection, channelOptions, OnData);
        }

        public string SessionId => _connection.SessionId;
        /// <summary>The local endpoint to connect to.</summary>
        public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndpoint;
        public PortForwardMode Mode { get; private set; }
        public string? AgentVersion => _channel.AgentVersion;
        /// <summary>The destination port the agent announced.</summary>
        public string? RemotePort => _channel.SessionTypeAction?.PortNumber;
        /// <summary>The destination host the agent announced (null: the task itself).</summary>
        public string? RemoteHost => _channel.SessionTypeAction?.Host;
        public PortForwardStatistics Statistics { get; } = new PortForwardStatistics();
        /// <summary>Completes when the session ends: stopped, or closed by the service (see <see cref="CloseReason"/>);
        /// faults with <see cref="ExecSessionException"/> when the data channel failed.</summary>
        public Task Completion => _done.Task;
        /// <summary>The service's channel_closed text, when it closed the session with one.</summary>
        public string? CloseReason { get; private set; }
        /// <summary>The underlying channel's counters (messages, acks, retransmits).</summary>
        public ExecChannelStatistics ChannelStatistics => _channel.Statistics;

        /// <summary>Listens locally, opens the data channel, completes the agent's handshake and starts accepting.</summary>
        /// <exception cref="ExecException">The local endpoint cannot be bound (<see cref="PortForwardBindException"/>), the
        /// channel cannot be opened, or the agent did not complete a port handshake.</exception>
        public static async Task<PortForwardSession> StartAsync(ExecConnection connection, PortForwardOptions? options, CancellationToken cancellationToken)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            options ??= new PortForwardOptions();
            var listener = new TcpListener(options.LocalAddress, options.LocalPort);
            try { listener.Start(256); }
            catch (SocketException ex)
            {
                throw new PortForwardBindException(new IPEndPoint(options.LocalAddress, options.LocalPort), ex);
            }
            var session = new PortForwardSession(connection, options, listener);
            try
            {
                await session.OpenAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                session.Dispose();
                throw;
            }
            return session;
        }

        async Task OpenAsync(CancellationToken cancellationToken)
        {
            await _channel.ConnectAsync(cancellationToken).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.HandshakeTimeout);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (timeout.Token.Register(() => cancelled.TrySetResult(true)))
            {
                var first = await Task.WhenAny(_channel.Ready, _channel.Completion, cancelled.Task).ConfigureAwait(false);
                if (first == cancelled.Task)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    throw new ExecSessionException(SessionId, $"Port session {SessionId}: the agent did not complete its handshake within {_options.HandshakeTimeout.TotalSeconds:0} s.");
                }
                if (first == _channel.Completion)
                {
                    var result = await _channel.Completion.ConfigureAwait(false);
                    var reason = string.IsNullOrEmpty(result.ChannelClosed.Output) ? "no reason given" : result.ChannelClosed.Output;
                    throw new ExecSessionException(SessionId, $"Port session {SessionId} was closed by the service before it started: {reason}");
                }
            }
            var action = _channel.SessionTypeAction;
            if (action == null)
                throw new ExecSessionException(SessionId, $"Session {SessionId} is not a port session: the agent did not announce the Port session type.");
            var agent = _channel.AgentVersion ?? "";
            Mode = action.PortType == LocalPortForwarding && CompareVersions(agent, MuxSinceAgentVersion) > 0 ? PortForwardMode.Multiplexed : PortForwardMode.Basic;
            Trace($"port session ready: mode={Mode} agent={agent} destination={(action.Host ?? "localhost")}:{action.PortNumber}");
            _ = Task.Run(AcceptLoopAsync);
            if (Mode == PortForwardMode.Multiplexed && CompareVersions(agent, NoKeepAliveSinceAgentVersion) <= 0) _ = Task.Run(KeepAliveLoopAsync);
            _ = _channel.Completion.ContinueWith(t =>
            {
                if (t.Status == TaskStatus.RanToCompletion)
                {
                    CloseReason = string.IsNullOrEmpty(t.Result.ChannelClosed.Output) ? null : t.Result.ChannelClosed.Output;
                    Shutdown(null);
                }
                else Shutdown(t.Exception?.GetBaseException());
            }, TaskScheduler.Default);
        }

        /// <summary>Ends the session: the TerminateSession flag to the agent (acknowledged within 1 s or not), then every
        /// local connection, the listener and the channel are closed.</summary>
        public async Task StopAsync()
        {
            if (Interlocked.Exchange(ref _stopping, 1) == 0 && !_done.Task.IsCompleted && _channel.Ready.Status == TaskStatus.RanToCompletion)
            {
                try
                {
                    _listener.Stop();
                    // Bounded: a send side held by a peer that reads nothing must not hold the stop.
                    using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    var flag = _channel.SendFlagAsync(TerminateSessionFlag, bound.Token);
                    if (await Task.WhenAny(flag, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false) != flag)
                        Trace("TerminateSession flag not sent within 2 s");
                    else await flag.ConfigureAwait(false);
                    for (var i = 0; i < 20 && _channel.InputInFlight > 0 && !_channel.Completion.IsCompleted; i++)
                        await Task.Delay(50).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ExecException || ex is IOException || ex is ObjectDisposedException || ex is OperationCanceledException)
                {
                    Trace("TerminateSession flag not sent: " + ex.Message);
                }
            }
            Shutdown(null);
            await _channel.CloseAsync().ConfigureAwait(false);
        }

        public void Dispose()
        {
            Shutdown(null);
            _channel.Dispose();
        }

        void Shutdown(Exception? failure)
        {
            if (_done.Task.IsCompleted) return;
            try { _life.Cancel(); } catch (ObjectDisposedException) { }
            try { _listener.Stop(); } catch (SocketException) { }
            foreach (var c in _streams.Values) c.Abort();
            _basicCurrent?.Abort();
            lock (_roomGate) Monitor.PulseAll(_roomGate);
            if (failure != null) _done.TrySetException(failure);
            else _done.TrySetResult(true);
            Trace("port session ended: " + Statistics);
        }

        // ---------------------------------------------------------------- task → local

        void OnData(PayloadType type, byte[] data)
        {
            if (type == PayloadType.Flag)
            {
                var flag = data.Length >= 4 ? (uint)(data[0] << 24 | data[1] << 16 | data[2] << 8 | data[3]) : 0;
                if (flag == ConnectToPortErrorFlag)
                {
                    Interlocked.Increment(ref Statistics.connectErrors);
                    Trace("the agent could not connect to the destination port");
                }
                return;
            }
            if (type != PayloadType.Output) return;
            if (Mode == PortForwardMode.Basic)
            {
                var current = _basicCurrent;
                if (current == null) { Trace($"{data.Length} bytes with no local connection; dropped"); return; }
                current.Deliver(data);
            }
            else
            {
                foreach (var frame in _reader.Feed(data, 0, data.Length))
                {
                    if (!_streams.TryGetValue(frame.StreamId, out var stream)) continue; // closed here already: dropped, as smux does
                    if (frame.Command == MuxFrames.Psh) stream.Deliver(frame.Data);
                    else if (frame.Command == MuxFrames.Fin) stream.RemoteFinished();
                }
            }
            // Back-pressure: hold the channel while local connections have too much unread data; the channel's acks and
            // sends go on meanwhile. Nothing read locally for StallTimeout fails the session with the culprits named.
            lock (_roomGate)
            {
                while (Interlocked.Read(ref _buffered) > _options.MaxBufferedBytes && !_life.IsCancellationRequested)
                {
                    var idle = TimeSpan.FromTicks(DateTime.UtcNow.Ticks - Interlocked.Read(ref _lastWrittenTicks));
                    if (idle >= _options.StallTimeout) throw new ExecSessionException(SessionId, StallMessage(idle));
                    Monitor.Wait(_roomGate, 100);
                }
            }
        }

        string StallMessage(TimeSpan idle)
        {
            var holders = new System.Text.StringBuilder();
            foreach (var c in _streams.Values)
            {
                var pending = c.Pending;
                if (pending <= 0) continue;
                if (holders.Length > 0) holders.Append(", ");
                holders.Append(c.Description).Append(": ").Append(pending.ToString(CultureInfo.InvariantCulture)).Append(" bytes");
            }
            var basic = _basicCurrent;
            if (basic != null && basic.Pending > 0) holders.Append(basic.Description).Append(": ").Append(basic.Pending.ToString(CultureInfo.InvariantCulture)).Append(" bytes");
            return $"Port session {SessionId} stalled: local connections read nothing for {idle.TotalSeconds:0} s while holding {Interlocked.Read(ref _buffered)} bytes from the task " +
                $"(more than {_options.MaxBufferedBytes}); every connection of the session waits on them. Unread: {(holders.Length == 0 ? "none left" : holders.ToString())}.";
        }

        void Written(int count)
        {
            Interlocked.Exchange(ref _lastWrittenTicks, DateTime.UtcNow.Ticks);
            Interlocked.Add(ref Statistics.received, count);
            if (Interlocked.Add(ref _buffered, -count) <= _options.MaxBufferedBytes)
                lock (_roomGate) Monitor.PulseAll(_roomGate);
        }

        // ---------------------------------------------------------------- local → task

        async Task AcceptLoopAsync()
        {
            while (!_life.IsCancellationRequested)
            {
                TcpClient client;
                try { client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false); }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    Trace("listener stopped: " + ex.Message); // by Stop, or Shutdown: accepting again would spin
                    return;
                }
                catch (SocketException ex)
                {
                    if (_life.IsCancellationRequested) return;
                    Trace("accept failed: " + ex.Message);
                    try { await Task.Delay(100, _life.Token).ConfigureAwait(false); } catch (OperationCanceledException) { return; }
                    continue;
                }
                client.NoDelay = true;
                Interlocked.Increment(ref Statistics.connections);
                Interlocked.Increment(ref Statistics.active);
                if (Mode == PortForwardMode.Multiplexed)
                {
                    var sid = _nextStreamId += 2;
                    var stream = new LocalConnection(this, client, sid);
                    _streams[sid] = stream;
                    try { await _channel.SendInputAsync(MuxFrames.Build(MuxFrames.Syn, sid), _life.Token).ConfigureAwait(false); }
                    catch (OperationCanceledException) { stream.Abort(); return; }
                    _ = Task.Run(stream.RunAsync);
                }
                else
                {
                    // One connection at a time, as the agent holds one: the next waits in the listen backlog.
                    var connection = new LocalConnection(this, client, 0);
                    _basicCurrent = connection;
                    await connection.RunAsync().ConfigureAwait(false);
                    _basicCurrent = null;
                }
            }
        }

        async Task KeepAliveLoopAsync()
        {
            try
            {
                while (!_life.IsCancellationRequested)
                {
                    await Task.Delay(_options.MuxKeepAliveInterval, _life.Token).ConfigureAwait(false);
                    await _channel.SendInputAsync(MuxFrames.Build(MuxFrames.Nop, 0), _life.Token).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) { }
        }

        /// <summary>Compares dotted numeric versions (missing parts are 0; a non-numeric part counts as 0).</summary>
        public static int CompareVersions(string a, string b)
        {
            var x = (a ?? "").Split('.');
            var y = (b ?? "").Split('.');
            for (var i = 0; i < Math.Max(x.Length, y.Length); i++)
            {
                long.TryParse(i < x.Length ? x[i] : "0", NumberStyles.None, CultureInfo.InvariantCulture, out var p);
                long.TryParse(i < y.Length ? y[i] : "0", NumberStyles.None, CultureInfo.InvariantCulture, out var q);
                if (p != q) return p < q ? -1 : 1;
            }
            return 0;
        }

        void Trace(string message) => _options.Channel.Trace?.Invoke($"[port {SessionId}] {message}");

        /// <summary>One local TCP connection: a multiplexed stream (id &gt; 0) or the basic session's connection.</summary>
        sealed class LocalConnection
        {
            static readonly byte[] FinMarker = new byte[0];
            readonly PortForwardSession _owner;
            readonly TcpClient _client;
            readonly NetworkStream _stream;
            readonly uint _sid;
            readonly ConcurrentQueue<byte[]> _toLocal = new ConcurrentQueue<byte[]>();
            readonly SemaphoreSlim _queued = new SemaphoreSlim(0);
            readonly CancellationTokenSource _cts;
            int _closed, _localDone, _remoteDone;
            long _pending;
            readonly string _peer;

            public LocalConnection(PortForwardSession owner, TcpClient client, uint sid)
            {
                _owner = owner; _client = client; _sid = sid;
                _stream = client.GetStream();
                _peer = client.Client.RemoteEndPoint?.ToString() ?? "?";
                _cts = CancellationTokenSource.CreateLinkedTokenSource(owner._life.Token);
            }

            public void Deliver(byte[] data)
            {
                if (Volatile.Read(ref _closed) != 0) return;
                Interlocked.Add(ref _owner._buffered, data.Length);
                Interlocked.Add(ref _pending, data.Length);
                _toLocal.Enqueue(data);
                _queued.Release();
            }

            public void RemoteFinished()
            {
                _toLocal.Enqueue(FinMarker);
                _queued.Release();
            }

            public async Task RunAsync()
            {
                var writer = Task.Run(WriteLoopAsync);
                await ReadLoopAsync().ConfigureAwait(false);
                if (_sid == 0) Close(); // basic: the connection ends with the local side
                else if (Volatile.Read(ref _remoteDone) != 0) Close();
                await writer.ConfigureAwait(false);
            }

            async Task ReadLoopAsync()
            {
                var channel = _owner._channel;
                var buffer = new byte[_sid == 0 ? ClientMessage.MaxStreamPayload : 16 * 1024];
                try
                {
                    while (true)
                    {
                        var n = await _stream.ReadAsync(buffer, 0, buffer.Length, _cts.Token).ConfigureAwait(false);
                        if (n <= 0) break;
                        await channel.WaitForInputWindowAsync(_cts.Token).ConfigureAwait(false);
                        if (_sid == 0) await channel.SendInputAsync(buffer, 0, n, _cts.Token).ConfigureAwait(false);
                        else await channel.SendInputAsync(MuxFrames.Build(MuxFrames.Psh, _sid, buffer, 0, n), _cts.Token).ConfigureAwait(false);
                        Interlocked.Add(ref _owner.Statistics.sent, n);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
                {
                    // reset by the local peer, or the session ends
                }
                Interlocked.Exchange(ref _localDone, 1);
                if (_owner._life.IsCancellationRequested) return;
                try
                {
                    if (_sid == 0) await channel.SendFlagAsync(DisconnectToPortFlag).ConfigureAwait(false);
                    else await channel.SendInputAsync(MuxFrames.Build(MuxFrames.Fin, _sid)).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is ObjectDisposedException || ex is OperationCanceledException) { }
            }

            async Task WriteLoopAsync()
            {
                try
                {
                    while (true)
                    {
                        await _queued.WaitAsync(_cts.Token).ConfigureAwait(false);
                        if (!_toLocal.TryDequeue(out var data)) continue;
                        if (ReferenceEquals(data, FinMarker))
                        {
                            Interlocked.Exchange(ref _remoteDone, 1);
                            if (Volatile.Read(ref _localDone) != 0) { Close(); return; }
                            try { _client.Client.Shutdown(SocketShutdown.Send); } catch (SocketException) { }
                            continue;
                        }
                        var count = Coalesce(ref data);
                        try { await _stream.WriteAsync(data, 0, count, _cts.Token).ConfigureAwait(false); }
                        finally { Interlocked.Add(ref _pending, -count); _owner.Written(count); }
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
                {
                    // the local peer went away (its reader ends too and says so to the agent), or the session ends
                }
                Close();
            }

            /// <summary>Joins the pieces already queued behind <paramref name="data"/> (up to the end marker or 64 KB) into one
            /// write: a piece is about a kilobyte (one data-channel message), and a write and a wake-up per kilobyte cost
            /// more than the copy. Returns the byte count to write from <paramref name="data"/>.</summary>
            int Coalesce(ref byte[] data)
            {
                const int MaxWrite = 64 * 1024;
                if (data.Length >= MaxWrite || !_toLocal.TryPeek(out var next) || ReferenceEquals(next, FinMarker)) return data.Length;
                byte[]? joined = null;
                var count = data.Length;
                while (_toLocal.TryPeek(out next) && !ReferenceEquals(next, FinMarker) && count + next.Length <= MaxWrite && _queued.Wait(0))
                {
                    if (!_toLocal.TryDequeue(out next)) { _queued.Release(); break; }
                    if (ReferenceEquals(next, FinMarker)) break; // only when Close drains at the same time: nothing more is written
                    if (joined == null)
                    {
                        joined = new byte[MaxWrite];
                        Buffer.BlockCopy(data, 0, joined, 0, data.Length);
                    }
                    Buffer.BlockCopy(next, 0, joined, count, next.Length);
                    count += next.Length;
                }
                if (joined != null) data = joined;
                return count;
            }

            void Drain()
            {
                while (_toLocal.TryDequeue(out var data))
                    if (!ReferenceEquals(data, FinMarker)) { Interlocked.Add(ref _pending, -data.Length); _owner.Written(data.Length); }
            }

            public void Abort() => Close();

            /// <summary>Bytes from the task not yet written to this connection.</summary>
            public long Pending => Interlocked.Read(ref _pending);
            public string Description => _sid == 0 ? "connection from " + _peer : $"stream {_sid} (from {_peer})";

            void Close()
            {
                if (Interlocked.Exchange(ref _closed, 1) != 0) return;
                if (_sid != 0) _owner._streams.TryRemove(_sid, out _);
                Interlocked.Decrement(ref _owner.Statistics.active);
                try { _cts.Cancel(); } catch (ObjectDisposedException) { }
                try { _client.Client.LingerState = new LingerOption(false, 0); } catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException) { }
                _client.Dispose();
                Drain();
            }
        }
    }

    /// <summary>The local endpoint could not be bound (in use, or an address this machine does not have).</summary>
    public sealed class PortForwardBindException : ExecException
    {
        public PortForwardBindException(IPEndPoint endPoint, SocketException inner)
            : base($"Cannot listen on {endPoint}: {inner.Message}", inner) { EndPoint = endPoint; }
        public IPEndPoint EndPoint { get; }
    }
}
