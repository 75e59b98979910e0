using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using EcsAdmin.Exec;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>
    /// The agent's port plugin, as the SSM agent runs it:
    /// <list type="bullet">
    /// <item>multiplexed (client version at or above 1.1.70 and an agent that has it): a multiplexing server over the
    ///   channel's byte stream; each stream the client opens (SYN) is a new TCP connection to the destination; a failed
    ///   dial sends the ConnectToPortError flag and closes the stream; data read from a destination goes out in frames of
    ///   at most 32 KB, cut into output messages of at most 1024 bytes (frames span messages); the end of either side
    ///   closes both (FIN, then the TCP connection);</item>
    /// <item>basic (old agents): one TCP connection dialled at the start (the session fails when it cannot be made);
    ///   DisconnectToPort closes it and the next data reconnects;</item>
    /// <item>the TerminateSession flag ends the session.</item>
    /// </list>
    /// </summary>
    internal sealed class PortPlugin
    {
        readonly ExecTestSession _session;
        readonly bool _mux;
        readonly Func<PayloadType, byte[], CancellationToken, Task> _send;
        readonly CancellationTokenSource _cts;
        readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>();
        readonly ConcurrentDictionary<uint, TcpClient> _streams = new ConcurrentDictionary<uint, TcpClient>();
        readonly MuxFrameReader _reader = new MuxFrameReader();
        TcpClient? _basic;
        bool _reconnect;

        public PortPlugin(ExecTestSession session, bool mux, Func<PayloadType, byte[], CancellationToken, Task> send, CancellationToken ct)
        {
            _session = session; _mux = mux; _send = send;
            _cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        }

        public bool Multiplexed => _mux;
        /// <summary>The agent's IsConnectionAvailable: input before this is refused (not acknowledged).</summary>
        public bool Ready { get; private set; }

        /// <summary>Runs until the TerminateSession flag, SSM TerminateSession or the channel's end. Returns the agent's
        /// failure text when the session cannot start.</summary>
        public async Task<string?> RunAsync()
        {
            var ct = _cts.Token;
            if (!_mux)
            {
                var (conn, error) = await DialAsync(ct);
                if (conn == null) return "Unable to connect to specified port: " + error;
                _basic = conn;
            }
            Ready = true;
            try
            {
                if (_mux) await PumpMuxAsync(ct);
                else await PumpBasicAsync(ct);
            }
            catch (OperationCanceledException) { }
            finally
            {
                foreach (var c in _streams.Values) c.Dispose();
                _basic?.Dispose();
            }
            return null;
        }

        public void Stop() => _cts.Cancel();

        async Task<(TcpClient? Client, string? Error)> DialAsync(CancellationToken ct)
        {
            var host = string.IsNullOrEmpty(_session.PortHost) ? "localhost" : _session.PortHost!;
            var client = new TcpClient();
            try
            {
                await client.ConnectAsync(host, int.Parse(_session.PortNumber!, System.Globalization.CultureInfo.InvariantCulture), ct);
                client.NoDelay = true;
                return (client, null);
            }
            catch (Exception ex) when (ex is SocketException || ex is IOException)
            {
                client.Dispose();
                return (null, $"dial tcp {host}:{_session.PortNumber}: connect: {ex.Message}");
            }
        }

        /// <summary>Input from the client (Output and Flag payloads, in sequence order).</summary>
        public async Task HandleInputAsync(ClientMessage m)
        {
            if (m.PayloadType == PayloadType.Flag)
            {
                var flag = m.Payload.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(m.Payload) : 0;
                _session.Stats.Flags.Enqueue(flag);
                if (flag == PortForwardSession.TerminateSessionFlag) _cts.Cancel();
                else if (flag == PortForwardSession.DisconnectToPortFlag && !_mux) { _basic?.Dispose(); }
                return;
            }
            if (m.PayloadType != PayloadType.Output) return;
            if (!_mux)
            {
                if (_reconnect || _basic == null || !_basic.Connected)
                {
                    _basic?.Dispose();
                    var (conn, _) = await DialAsync(_cts.Token);
                    if (conn == null) return;
                    _basic = conn;
                    _reconnect = false;
                    _ = Task.Run(() => ReadBasicAsync(conn, _cts.Token));
                }
                try { await _basic.GetStream().WriteAsync(m.Payload, _cts.Token); }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException) { _reconnect = true; }
                return;
            }
            foreach (var frame in _reader.Feed(m.Payload, 0, m.Payload.Length))
            {
                switch (frame.Command)
                {
                    case MuxFrames.Syn:
                        Interlocked.Increment(ref _session.Stats.muxStreams);
                        var (conn, error) = await DialAsync(_cts.Token);
                        if (conn == null)
                        {
                            var flag = new byte[4];
                            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(flag, PortForwardSession.ConnectToPortErrorFlag);
                            await _send(PayloadType.Flag, flag, _cts.Token);
                            _outgoing.Writer.TryWrite(MuxFrames.Build(MuxFrames.Fin, frame.StreamId));
                            break;
                        }
                        _streams[frame.StreamId] = conn;
                        _ = Task.Run(() => ReadStreamAsync(frame.StreamId, conn, _cts.Token));
                        break;
                    case MuxFrames.Psh:
                        if (!_streams.TryGetValue(frame.StreamId, out var target)) break; // closed: dropped
                        try { await target.GetStream().WriteAsync(frame.Data, _cts.Token); }
                        catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException) { CloseStream(frame.StreamId); }
                        break;
                    case MuxFrames.Fin:
                        CloseStream(frame.StreamId);
                        break;
                }
            }
        }

        void CloseStream(uint sid)
        {
            if (!_streams.TryRemove(sid, out var conn)) return;
            conn.Dispose();
            _outgoing.Writer.TryWrite(MuxFrames.Build(MuxFrames.Fin, sid));
        }

        async Task ReadStreamAsync(uint sid, TcpClient conn, CancellationToken ct)
        {
            var buffer = new byte[MuxFrames.MaxPayload];
            try
            {
                var stream = conn.GetStream();
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, ct);
                    if (n <= 0) break;
                    if (!_streams.ContainsKey(sid)) return;
                    while (_outgoing.Reader.Count > 256) await Task.Delay(1, ct); // the multiplexer's write buffer is bounded
                    await _outgoing.Writer.WriteAsync(MuxFrames.Build(MuxFrames.Psh, sid, buffer, 0, n), ct);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException) { }
            if (_streams.TryRemove(sid, out var c))
            {
                c.Dispose();
                _outgoing.Writer.TryWrite(MuxFrames.Build(MuxFrames.Fin, sid));
            }
        }

        /// <summary>The agent reads its end of the multiplexer in 1024-byte packets: frames are cut and joined freely.</summary>
        async Task PumpMuxAsync(CancellationToken ct)
        {
            var packet = new byte[ClientMessage.MaxStreamPayload];
            var fill = 0;
            byte[]? current = null;
            var offset = 0;
            while (true)
            {
                if (current == null)
                {
                    if (fill > 0 && !_outgoing.Reader.TryRead(out current))
                    {
                        await _send(PayloadType.Output, packet.AsSpan(0, fill).ToArray(), ct);
                        fill = 0;
                        continue;
                    }
                    current ??= await _outgoing.Reader.ReadAsync(ct);
                    offset = 0;
                }
                var n = Math.Min(packet.Length - fill, current.Length - offset);
                Buffer.BlockCopy(current, offset, packet, fill, n);
                fill += n;
                offset += n;
                if (offset == current.Length) current = null;
                if (fill == packet.Length)
                {
                    await _send(PayloadType.Output, packet.AsSpan(0, fill).ToArray(), ct);
                    fill = 0;
                }
            }
        }

        async Task PumpBasicAsync(CancellationToken ct)
        {
            _ = Task.Run(() => ReadBasicAsync(_basic!, ct));
            await Task.Delay(Timeout.Infinite, ct);
        }

        async Task ReadBasicAsync(TcpClient conn, CancellationToken ct)
        {
            var buffer = new byte[ClientMessage.MaxStreamPayload];
            try
            {
                var stream = conn.GetStream();
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, ct);
                    if (n <= 0) break;
                    await _send(PayloadType.Output, buffer.AsSpan(0, n).ToArray(), ct);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException) { }
            // LocalPortForwarding: close and reconnect on the next data from the client.
            conn.Dispose();
            _reconnect = true;
        }
    }
}
