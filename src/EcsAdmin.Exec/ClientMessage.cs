using System;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace EcsAdmin.Exec
{
    /// <summary>
    /// One binary data-channel message ("ClientMessage"/"AgentMessage", spec §3). All integers big-endian.
    /// Layout: HL(4) type(32) schema(4) created(8) seq(8) flags(8) id(16) digest(32) [payloadType(4) when HL ≥ 116]
    /// payloadLength(4) at HL, payload at HL+4.
    /// </summary>
    public sealed class ClientMessage
    {
        public const int StandardHeaderLength = 116;
        public const int ShortHeaderLength = 112;
        public const int MessageTypeLength = 32;
        public const int MaxStreamPayload = 1024;

        const int TypeOffset = 4, SchemaOffset = 36, CreatedOffset = 40, SeqOffset = 48, FlagsOffset = 56,
            IdOffset = 64, DigestOffset = 80, PayloadTypeOffset = 112;

        public int HeaderLength { get; private set; }
        public string MessageType { get; private set; } = "";
        public uint SchemaVersion { get; private set; }
        /// <summary>Unix epoch milliseconds (UTC).</summary>
        public ulong CreatedDate { get; private set; }
        public long SequenceNumber { get; private set; }
        public ulong Flags { get; private set; }
        public Guid MessageId { get; private set; }
        public byte[] PayloadDigest { get; private set; } = new byte[32];
        public PayloadType PayloadType { get; private set; }
        /// <summary>The PayloadLength field as written (informational; the payload is everything after HL+4).</summary>
        public uint PayloadLength { get; private set; }
        public byte[] Payload { get; private set; } = Array.Empty<byte>();

        public bool IsStreamData => MessageType == MessageTypes.OutputStreamData || MessageType == MessageTypes.InputStreamData;

        public override string ToString() =>
            $"{MessageType} seq={SequenceNumber} flags={Flags} payloadType={PayloadType} payload={Payload.Length}B id={MessageId}";

        /// <summary>Serializes a message (HL 116, space padding unless told otherwise).</summary>
        public static byte[] Serialize(string messageType, long sequenceNumber, ulong flags, PayloadType payloadType,
            byte[]? payload, Guid messageId, ulong createdDateMs, int headerLength = StandardHeaderLength, byte typePadding = 0x20)
        {
            if (messageType is null) throw new ArgumentNullException(nameof(messageType));
            if (headerLength != StandardHeaderLength && headerLength != ShortHeaderLength)
                throw new ArgumentOutOfRangeException(nameof(headerLength), "HeaderLength must be 116 or 112.");
            payload ??= Array.Empty<byte>();
            var typeBytes = TypeBytes(messageType);
            if (typeBytes.Length == 0 || typeBytes.Length > MessageTypeLength)
                throw new ArgumentException("MessageType must be 1 to 32 bytes.", nameof(messageType));

            var frame = new byte[headerLength + 4 + payload.Length];
            var span = frame.AsSpan();
            BinaryPrimitives.WriteUInt32BigEndian(span, (uint)headerLength);
            typeBytes.CopyTo(span.Slice(TypeOffset));
            span.Slice(TypeOffset + typeBytes.Length, MessageTypeLength - typeBytes.Length).Fill(typePadding);
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(SchemaOffset), 1);
            BinaryPrimitives.WriteUInt64BigEndian(span.Slice(CreatedOffset), createdDateMs);
            BinaryPrimitives.WriteInt64BigEndian(span.Slice(SeqOffset), sequenceNumber);
            BinaryPrimitives.WriteUInt64BigEndian(span.Slice(FlagsOffset), flags);
            MessageIdCodec.WriteWire(messageId, span.Slice(IdOffset, 16));
            Digest(payload).CopyTo(span.Slice(DigestOffset));
            if (headerLength >= StandardHeaderLength)
                BinaryPrimitives.WriteUInt32BigEndian(span.Slice(PayloadTypeOffset), (uint)payloadType);
            BinaryPrimitives.WriteUInt32BigEndian(span.Slice(headerLength), (uint)payload.Length);
            payload.CopyTo(span.Slice(headerLength + 4));
            return frame;
        }

        /// <summary>Serializes with a fresh message id and the current time.</summary>
        public static byte[] Serialize(string messageType, long sequenceNumber, ulong flags, PayloadType payloadType, byte[]? payload) =>
            Serialize(messageType, sequenceNumber, flags, payloadType, payload, Guid.NewGuid(), NowMs());

        public static ulong NowMs() => (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        public static byte[] ComputeDigest(byte[] payload) => (byte[])Digest(payload).Clone();

        /// <summary>SHA-256 of the payload from this thread's own hasher: creating one per message cost more than
        /// hashing its kilobyte. The array returned is the hasher's result, fresh on each call.</summary>
        static byte[] Digest(byte[] payload)
        {
            var sha = t_sha ??= SHA256.Create();
            return sha.ComputeHash(payload);
        }

        [ThreadStatic] static SHA256? t_sha;

        /// <summary>The padded-type bytes of the message types this side writes, encoded once.</summary>
        static byte[] TypeBytes(string messageType) => messageType switch
        {
            MessageTypes.InputStreamData => InputTypeBytes,
            MessageTypes.OutputStreamData => OutputTypeBytes,
            MessageTypes.Acknowledge => AckTypeBytes,
            _ => Encoding.UTF8.GetBytes(messageType),
        };

        static readonly byte[] InputTypeBytes = Encoding.UTF8.GetBytes(MessageTypes.InputStreamData);
        static readonly byte[] OutputTypeBytes = Encoding.UTF8.GetBytes(MessageTypes.OutputStreamData);
        static readonly byte[] AckTypeBytes = Encoding.UTF8.GetBytes(MessageTypes.Acknowledge);

        /// <summary>True when the digest matches the payload (always true for an empty payload, as in the plugin).</summary>
        public bool IsDigestValid()
        {
            if (Payload.Length == 0) return true;
            var actual = Digest(Payload);
            var diff = 0;
            for (var i = 0; i < 32; i++) diff |= actual[i] ^ PayloadDigest[i];
            return diff == 0;
        }

        /// <summary>Reads the (trimmed) MessageType of a frame without further validation, or null when too short.</summary>
        public static string? PeekMessageType(ReadOnlySpan<byte> frame) =>
            frame.Length < TypeOffset + MessageTypeLength ? null : DecodeType(frame.Slice(TypeOffset, MessageTypeLength));

        /// <summary>Parses a frame with the robust algorithm of spec §3.4, and validates it per §3.3 (the digest is
        /// checked separately with <see cref="IsDigestValid"/>). Publication messages skip validation.</summary>
        public static bool TryParse(ReadOnlySpan<byte> frame, out ClientMessage message, out string error)
        {
            message = new ClientMessage();
            error = "";
            var type = PeekMessageType(frame);
            if (type is null) { error = $"frame of {frame.Length} bytes is too short"; return false; }
            message.MessageType = type;
            var lenient = MessageTypes.IsPublication(type);

            if (frame.Length < StandardHeaderLength)
            {
                if (lenient) return true;
                error = $"frame of {frame.Length} bytes is shorter than {StandardHeaderLength}";
                return false;
            }
            var hl = BinaryPrimitives.ReadUInt32BigEndian(frame);
            message.SchemaVersion = BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(SchemaOffset));
            message.CreatedDate = BinaryPrimitives.ReadUInt64BigEndian(frame.Slice(CreatedOffset));
            message.SequenceNumber = BinaryPrimitives.ReadInt64BigEndian(frame.Slice(SeqOffset));
            message.Flags = BinaryPrimitives.ReadUInt64BigEndian(frame.Slice(FlagsOffset));
            message.MessageId = MessageIdCodec.ReadWire(frame.Slice(IdOffset, 16));
            message.PayloadDigest = frame.Slice(DigestOffset, 32).ToArray();

            if (hl < ShortHeaderLength || hl > int.MaxValue - 4 || frame.Length < hl + 4)
            {
                if (lenient) { message.HeaderLength = (int)Math.Min(hl, int.MaxValue); return true; }
                error = $"invalid header length {hl} for a frame of {frame.Length} bytes";
                return false;
            }
            message.HeaderLength = (int)hl;
            message.PayloadType = hl >= StandardHeaderLength
                ? (PayloadType)BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(PayloadTypeOffset))
                : PayloadType.None;
            message.PayloadLength = BinaryPrimitives.ReadUInt32BigEndian(frame.Slice((int)hl));
            message.Payload = frame.Slice((int)hl + 4).ToArray();

            if (lenient) return true;
            if (type.Length == 0) { error = "empty message type"; return false; }
            if (message.CreatedDate == 0) { error = "created date is zero"; return false; }
            return true;
        }

        public static ClientMessage Parse(ReadOnlySpan<byte> frame) =>
            TryParse(frame, out var m, out var error) ? m : throw new ExecProtocolException("Malformed data-channel message: " + error + ".");

        static string DecodeType(ReadOnlySpan<byte> raw)
        {
            var start = 0;
            var end = raw.Length;
            while (start < end && IsPad(raw[start])) start++;
            while (end > start && IsPad(raw[end - 1])) end--;
            var type = raw.Slice(start, end - start);
            // The types of every data message and acknowledgement: no new string per message.
            if (type.SequenceEqual(OutputTypeBytes)) return MessageTypes.OutputStreamData;
            if (type.SequenceEqual(InputTypeBytes)) return MessageTypes.InputStreamData;
            if (type.SequenceEqual(AckTypeBytes)) return MessageTypes.Acknowledge;
            return Encoding.UTF8.GetString(type.ToArray());
        }

        static bool IsPad(byte b) => b == 0 || b == 0x20 || b == 0x09 || b == 0x0a || b == 0x0d;
    }

    /// <summary>MessageId ↔ wire bytes (spec §3.2): RFC 4122 bytes b[8..15] first, then b[0..7].</summary>
    public static class MessageIdCodec
    {
        public static void WriteRfc4122(Guid id, Span<byte> destination)
        {
            var b = id.ToByteArray();
            destination[0] = b[3]; destination[1] = b[2]; destination[2] = b[1]; destination[3] = b[0];
            destination[4] = b[5]; destination[5] = b[4];
            destination[6] = b[7]; destination[7] = b[6];
            b.AsSpan(8, 8).CopyTo(destination.Slice(8));
        }

        public static Guid ReadRfc4122(ReadOnlySpan<byte> source)
        {
            var b = new byte[16];
            b[0] = source[3]; b[1] = source[2]; b[2] = source[1]; b[3] = source[0];
            b[4] = source[5]; b[5] = source[4];
            b[6] = source[7]; b[7] = source[6];
            source.Slice(8, 8).CopyTo(b.AsSpan(8));
            return new Guid(b);
        }

        public static void WriteWire(Guid id, Span<byte> destination)
        {
            Span<byte> rfc = stackalloc byte[16];
            WriteRfc4122(id, rfc);
            rfc.Slice(8, 8).CopyTo(destination);
            rfc.Slice(0, 8).CopyTo(destination.Slice(8));
        }

        public static Guid ReadWire(ReadOnlySpan<byte> source)
        {
            Span<byte> rfc = stackalloc byte[16];
            source.Slice(8, 8).CopyTo(rfc);
            source.Slice(0, 8).CopyTo(rfc.Slice(8));
            return ReadRfc4122(rfc);
        }
    }
}
