using System;
using System.Collections.Generic;

namespace EcsAdmin.Exec
{
    /// <summary>
    /// The multiplexing layer the port plugin runs over the data channel's byte stream (smux protocol version 1): an
    /// 8-byte header (version 1, command, payload length as uint16 little-endian, stream id as uint32 little-endian) and
    /// the payload. Commands: SYN opens a stream, FIN ends it, PSH carries data, NOP keeps the session alive. The client
    /// opens odd stream ids, the agent never opens any. A frame may span several data-channel messages and a message may
    /// hold several frames.
    /// </summary>
    public static class MuxFrames
    {
        public const byte Version = 1;
        public const byte Syn = 0, Fin = 1, Psh = 2, Nop = 3;
        public const int HeaderSize = 8;
        /// <summary>The largest payload one frame carries (smux's default MaxFrameSize).</summary>
        public const int MaxPayload = 32768;

        /// <summary>One frame: header and payload in one array.</summary>
        public static byte[] Build(byte command, uint streamId, byte[]? data = null, int offset = 0, int count = 0)
        {
            if (count > MaxPayload) throw new ArgumentOutOfRangeException(nameof(count), "A frame carries at most " + MaxPayload + " bytes.");
            var frame = new byte[HeaderSize + count];
            frame[0] = Version;
            frame[1] = command;
            frame[2] = (byte)count;
            frame[3] = (byte)(count >> 8);
            frame[4] = (byte)streamId;
            frame[5] = (byte)(streamId >> 8);
            frame[6] = (byte)(streamId >> 16);
            frame[7] = (byte)(streamId >> 24);
            if (count > 0) Buffer.BlockCopy(data!, offset, frame, HeaderSize, count);
            return frame;
        }
    }

    /// <summary>A frame read by <see cref="MuxFrameReader"/>.</summary>
    public readonly struct MuxFrame
    {
        public MuxFrame(byte command, uint streamId, byte[] data) { Command = command; StreamId = streamId; Data = data; }
        public byte Command { get; }
        public uint StreamId { get; }
        public byte[] Data { get; }
        public override string ToString() => $"MuxFrame cmd={Command} sid={StreamId} len={Data.Length}";
    }

    /// <summary>Reassembles frames from a byte stream that arrives in arbitrary pieces.</summary>
    public sealed class MuxFrameReader
    {
        readonly byte[] _header = new byte[MuxFrames.HeaderSize];
        int _headerFill;
        byte[]? _data;
        int _dataFill;
        byte _command;
        uint _streamId;

        /// <summary>Feeds bytes; returns the frames they complete, in order.</summary>
        /// <exception cref="ExecProtocolException">A header with a version other than 1 or an unknown command.</exception>
        public List<MuxFrame> Feed(byte[] bytes, int offset, int count)
        {
            var frames = new List<MuxFrame>();
            var end = offset + count;
            while (offset < end)
            {
                if (_data == null)
                {
                    var n = Math.Min(MuxFrames.HeaderSize - _headerFill, end - offset);
                    Buffer.BlockCopy(bytes, offset, _header, _headerFill, n);
                    _headerFill += n;
                    offset += n;
                    if (_headerFill < MuxFrames.HeaderSize) break;
                    if (_header[0] != MuxFrames.Version)
                        throw new ExecProtocolException($"Multiplexed port session: frame version {_header[0]} (expected {MuxFrames.Version}).");
                    _command = _header[1];
                    if (_command > MuxFrames.Nop)
                        throw new ExecProtocolException($"Multiplexed port session: unknown frame command {_command}.");
                    var length = _header[2] | (_header[3] << 8);
                    _streamId = (uint)(_header[4] | (_header[5] << 8) | (_header[6] << 16) | (_header[7] << 24));
                    _data = length == 0 ? Array.Empty<byte>() : new byte[length];
                    _dataFill = 0;
                }
                var m = Math.Min(_data.Length - _dataFill, end - offset);
                if (m > 0)
                {
                    Buffer.BlockCopy(bytes, offset, _data, _dataFill, m);
                    _dataFill += m;
                    offset += m;
                }
                if (_dataFill < _data.Length) break;
                frames.Add(new MuxFrame(_command, _streamId, _data));
                _data = null;
                _headerFill = 0;
            }
            return frames;
        }
    }
}
