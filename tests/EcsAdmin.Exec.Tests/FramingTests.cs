using System;
using System.Linq;
using System.Text;
using EcsAdmin.Exec;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    public class FramingTests
    {
        static readonly Guid SpecId = Guid.Parse("dd01e56b-ff48-483e-a508-b5f073f31b16");
        const ulong SpecCreated = 1700000000000;

        static byte[] Hex(string dump) =>
            Convert.FromHexString(string.Concat(dump.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)
                .Select(l => l.Substring(6, Math.Min(47, l.Length - 6)).Replace(" ", ""))));

        [Fact]
        public void SizeMessageMatchesSpecVector()
        {
            var expected = Hex(@"
0000  00 00 00 74 69 6e 70 75 74 5f 73 74 72 65 61 6d
0010  5f 64 61 74 61 20 20 20 20 20 20 20 20 20 20 20
0020  20 20 20 20 00 00 00 01 00 00 01 8b cf e5 68 00
0030  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
0040  a5 08 b5 f0 73 f3 1b 16 dd 01 e5 6b ff 48 48 3e
0050  ed f7 35 9c 89 07 7b 60 8a 6b 3e 8b 19 e6 3b bf
0060  c7 aa 72 49 89 a0 5e a3 71 a9 96 6a 6e 9d b7 cc
0070  00 00 00 03 00 00 00 16 7b 22 63 6f 6c 73 22 3a
0080  31 32 30 2c 22 72 6f 77 73 22 3a 34 30 7d");
            Assert.Equal(142, expected.Length);
            var payload = new TerminalSize(120, 40).ToJson();
            Assert.Equal("{\"cols\":120,\"rows\":40}", Encoding.ASCII.GetString(payload));
            var frame = ClientMessage.Serialize(MessageTypes.InputStreamData, 0, 0, PayloadType.Size, payload, SpecId, SpecCreated);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(frame));

            var parsed = ClientMessage.Parse(expected);
            Assert.Equal(MessageTypes.InputStreamData, parsed.MessageType);
            Assert.Equal(116, parsed.HeaderLength);
            Assert.Equal(1u, parsed.SchemaVersion);
            Assert.Equal(SpecCreated, parsed.CreatedDate);
            Assert.Equal(SpecId, parsed.MessageId);
            Assert.Equal(PayloadType.Size, parsed.PayloadType);
            Assert.Equal(22u, parsed.PayloadLength);
            Assert.True(parsed.IsDigestValid());
            Assert.Equal(new TerminalSize(120, 40), TerminalSize.Parse(parsed.Payload));
        }

        [Fact]
        public void AgentOutputVectorHasSwappedIdAndSynFlag()
        {
            var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
            var frame = ClientMessage.Serialize(MessageTypes.OutputStreamData, 0, MessageFlags.Syn, PayloadType.Output, Encoding.ASCII.GetBytes("hello\r\n"), id, SpecCreated);
            Assert.Equal(127, frame.Length);
            Assert.Equal("A1657086772895 0E0F8FAD5BD9CB469F".Replace(" ", ""), Convert.ToHexString(frame, 0x40, 16));
            Assert.Equal("0000000000000001", Convert.ToHexString(frame, 0x38, 8));
            var parsed = ClientMessage.Parse(frame);
            Assert.Equal(id, parsed.MessageId);
            Assert.Equal("hello\r\n", Encoding.ASCII.GetString(parsed.Payload));
        }

        [Fact]
        public void MessageIdWireOrderIsLsbHalfFirst()
        {
            var wire = new byte[16];
            MessageIdCodec.WriteWire(SpecId, wire);
            Assert.Equal("A508B5F073F31B16DD01E56BFF48483E", Convert.ToHexString(wire));
            var rfc = new byte[16];
            MessageIdCodec.WriteRfc4122(SpecId, rfc);
            Assert.Equal("DD01E56BFF48483EA508B5F073F31B16", Convert.ToHexString(rfc));
            Assert.Equal(SpecId, MessageIdCodec.ReadWire(wire));
            var random = Guid.NewGuid();
            MessageIdCodec.WriteWire(random, wire);
            Assert.Equal(random, MessageIdCodec.ReadWire(wire));
        }

        [Fact]
        public void AcknowledgeMatchesSpecExample()
        {
            const string json = "{\"AcknowledgedMessageType\":\"output_stream_data\",\"AcknowledgedMessageId\":\"dd01e56b-ff48-483e-a508-b5f073f31b16\",\"AcknowledgedMessageSequenceNumber\":0,\"IsSequentialMessage\":true}";
            Assert.Equal(176, json.Length);
            var acked = ClientMessage.Parse(ClientMessage.Serialize(MessageTypes.OutputStreamData, 0, 1, PayloadType.Output, new byte[] { 1 }, SpecId, SpecCreated));
            var payload = AcknowledgeContent.For(acked).ToJson();
            Assert.Equal(json, Encoding.UTF8.GetString(payload));

            var frame = ClientMessage.Serialize(MessageTypes.Acknowledge, 0, MessageFlags.Acknowledge, PayloadType.None, payload,
                Guid.Parse("11111111-2222-4333-8444-555555555555"), SpecCreated);
            Assert.Equal(296, frame.Length);
            Assert.Equal("0000007461636B6E6F776C6564676520", Convert.ToHexString(frame, 0, 16));
            Assert.Equal("0000000000000003", Convert.ToHexString(frame, 0x38, 8));
            Assert.Equal("00000000", Convert.ToHexString(frame, 0x70, 4));
            var back = AcknowledgeContent.Parse(ClientMessage.Parse(frame).Payload);
            Assert.Equal(0, back.AcknowledgedMessageSequenceNumber);
            Assert.Equal("dd01e56b-ff48-483e-a508-b5f073f31b16", back.AcknowledgedMessageId);
        }

        [Fact]
        public void AcknowledgeFrameSentCarriesTheSpecPayload()
        {
            // The frame the channels send (not only ToJson): the spec's 176-byte payload, a valid digest, flags 3.
            const string json = "{\"AcknowledgedMessageType\":\"output_stream_data\",\"AcknowledgedMessageId\":\"dd01e56b-ff48-483e-a508-b5f073f31b16\",\"AcknowledgedMessageSequenceNumber\":0,\"IsSequentialMessage\":true}";
            var acked = ClientMessage.Parse(ClientMessage.Serialize(MessageTypes.OutputStreamData, 0, 1, PayloadType.Output, new byte[] { 1 }, SpecId, SpecCreated));
            var sent = ClientMessage.Parse(AcknowledgeContent.Frame(acked));
            Assert.Equal(MessageTypes.Acknowledge, sent.MessageType);
            Assert.Equal(MessageFlags.Acknowledge, sent.Flags);
            Assert.Equal(json, Encoding.UTF8.GetString(sent.Payload));
            Assert.True(sent.IsDigestValid());

            // A later sequence number and a type that JSON must escape read back as written.
            var later = ClientMessage.Parse(ClientMessage.Serialize(MessageTypes.InputStreamData, 123456789012, 0, PayloadType.Output, new byte[] { 1 }, SpecId, SpecCreated));
            var back = AcknowledgeContent.Parse(ClientMessage.Parse(AcknowledgeContent.Frame(later)).Payload);
            Assert.Equal((MessageTypes.InputStreamData, 123456789012L, true), (back.AcknowledgedMessageType, back.AcknowledgedMessageSequenceNumber, back.IsSequentialMessage));
            var odd = ClientMessage.Parse(ClientMessage.Serialize("odd\"type", 7, 0, PayloadType.Output, new byte[] { 1 }, SpecId, SpecCreated));
            var oddPayload = ClientMessage.Parse(AcknowledgeContent.Frame(odd)).Payload;
            Assert.Equal(AcknowledgeContent.For(odd).ToJson(), oddPayload);
            Assert.Equal("odd\"type", AcknowledgeContent.Parse(oddPayload).AcknowledgedMessageType);
        }

        [Theory]
        [InlineData("{ \"IsSequentialMessage\" : true, \"AcknowledgedMessageSequenceNumber\": 42, \"AcknowledgedMessageId\":\"x\", \"AcknowledgedMessageType\":\"output_stream_data\" }", 42, "output_stream_data", true)]
        [InlineData("{\"AcknowledgedMessageType\":\"out\\u0070ut\",\"AcknowledgedMessageSequenceNumber\":5,\"Extra\":{\"a\":[1,2]}}", 5, "output", false)]
        [InlineData("{\"AcknowledgedMessage\\u0053equenceNumber\":9}", 9, "", false)]
        public void AcknowledgeParseReadsAnyLayoutOfTheObject(string json, long seq, string type, bool sequential)
        {
            var ack = AcknowledgeContent.Parse(Encoding.UTF8.GetBytes(json));
            Assert.Equal((seq, type, sequential), (ack.AcknowledgedMessageSequenceNumber, ack.AcknowledgedMessageType, ack.IsSequentialMessage));
        }

        [Theory]
        [InlineData("{\"AcknowledgedMessageType\":\"output_stream_data\"}")]
        [InlineData("[1]")]
        [InlineData("{\"AcknowledgedMessageSequenceNumber\":\"1\"}")]
        [InlineData("{\"AcknowledgedMessageSequenceNumber\":1")]
        public void AcknowledgeParseRefusesAPayloadWithoutASequenceNumber(string json) =>
            Assert.Throws<ExecProtocolException>(() => AcknowledgeContent.Parse(Encoding.UTF8.GetBytes(json)));

        [Fact]
        public void ChannelClosedWith112ByteHeaderIsParsedViaHeaderLength()
        {
            // Built by hand (not with Serialize): HL 112, NUL-padded type, no PayloadType, length at 0x70, payload at 0x74.
            var payload = Encoding.UTF8.GetBytes("{\"SessionId\":\"ecs-execute-command-0\",\"Output\":\"bye\",\"CreatedDate\":\"1700000000000\"}");
            var frame = new byte[112 + 4 + payload.Length];
            frame[3] = 0x70;
            Encoding.ASCII.GetBytes("channel_closed").CopyTo(frame, 4);
            frame[39] = 1;
            BitConverter.GetBytes(SpecCreated).Reverse().ToArray().CopyTo(frame, 40);
            MessageIdCodec.WriteWire(SpecId, frame.AsSpan(64, 16));
            ClientMessage.ComputeDigest(payload).CopyTo(frame, 80);
            frame[0x73] = (byte)payload.Length;
            payload.CopyTo(frame, 0x74);

            var m = ClientMessage.Parse(frame);
            Assert.Equal(MessageTypes.ChannelClosed, m.MessageType);
            Assert.Equal(112, m.HeaderLength);
            Assert.Equal(PayloadType.None, m.PayloadType);
            Assert.Equal(payload, m.Payload);
            Assert.True(m.IsDigestValid());
            var closed = ChannelClosedContent.Parse(m.Payload);
            Assert.Equal("bye", closed.Output);
            Assert.Equal("ecs-execute-command-0", closed.SessionId);

            var serialized = ClientMessage.Serialize(MessageTypes.ChannelClosed, 0, 0, PayloadType.None, payload, SpecId, SpecCreated, 112, 0);
            frame[39] = 1; // schema version is written by Serialize as well
            Assert.Equal(Convert.ToHexString(frame, 0, 0x70), Convert.ToHexString(serialized, 0, 0x70));
            Assert.Equal(frame.Length, serialized.Length);
        }

        [Fact]
        public void LenientAndStrictParsing()
        {
            var frame = ClientMessage.Serialize(MessageTypes.OutputStreamData, 5, 0, PayloadType.Output, new byte[] { 65 });
            // Type left-padded with NULs (seen from a browser client) is trimmed on both ends.
            var leftPadded = (byte[])frame.Clone();
            Array.Clear(leftPadded, 4, 32);
            Encoding.ASCII.GetBytes("output_stream_data").CopyTo(leftPadded, 4 + 32 - 18);
            Assert.Equal(MessageTypes.OutputStreamData, ClientMessage.Parse(leftPadded).MessageType);

            // A corrupt digest parses but fails the digest check.
            var corrupt = (byte[])frame.Clone();
            corrupt[90] ^= 1;
            Assert.False(ClientMessage.Parse(corrupt).IsDigestValid());

            // CreatedDate 0 and too-short frames are rejected.
            var zeroDate = (byte[])frame.Clone();
            Array.Clear(zeroDate, 40, 8);
            Assert.False(ClientMessage.TryParse(zeroDate, out _, out var err));
            Assert.Contains("created", err);
            Assert.False(ClientMessage.TryParse(frame.AsSpan(0, 100), out _, out _));
            Assert.Throws<ExecProtocolException>(() => ClientMessage.Parse(new byte[10]));

            // Publication messages skip validation, even with HL 0.
            var pause = new byte[120];
            Encoding.ASCII.GetBytes("pause_publication").CopyTo(pause, 4);
            Assert.True(ClientMessage.TryParse(pause, out var p, out _));
            Assert.Equal(MessageTypes.PausePublication, p.MessageType);
            var bogusHl = (byte[])frame.Clone();
            bogusHl[3] = 200;
            Assert.False(ClientMessage.TryParse(bogusHl, out _, out _));
        }

        [Fact]
        public void HandshakePayloadsRoundTrip()
        {
            var json = Encoding.UTF8.GetBytes("{\"AgentVersion\":\"3.3.987.0\",\"RequestedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionParameters\":{\"SessionType\":\"InteractiveCommands\",\"Properties\":null}},{\"ActionType\":\"KMSEncryption\",\"ActionParameters\":{\"KMSKeyId\":\"arn:aws:kms:k\",\"Challenge\":\"q0v==\"}}]}");
            var req = HandshakeRequest.Parse(json);
            Assert.Equal("3.3.987.0", req.AgentVersion);
            Assert.Equal(2, req.RequestedClientActions.Count);
            Assert.Equal("InteractiveCommands", req.RequestedClientActions[0].SessionType);
            Assert.Equal("arn:aws:kms:k", req.RequestedClientActions[1].KmsKeyId);

            var resp = new HandshakeResponse { ClientVersion = "1.2.650.0" };
            resp.ProcessedClientActions.Add(new ProcessedClientAction { ActionType = "SessionType", ActionStatus = 1 });
            Assert.Equal("{\"ClientVersion\":\"1.2.650.0\",\"ProcessedClientActions\":[{\"ActionType\":\"SessionType\",\"ActionStatus\":1,\"ActionResult\":null,\"Error\":\"\"}],\"Errors\":null}",
                Encoding.UTF8.GetString(resp.ToJson()));

            var complete = HandshakeComplete.Parse(Encoding.UTF8.GetBytes("{\"HandshakeTimeToComplete\":1500000,\"CustomerMessage\":\"This session is encrypted using AWS KMS.\"}"));
            Assert.Equal(1500000, complete.HandshakeTimeToComplete);
            Assert.Equal("This session is encrypted using AWS KMS.", complete.CustomerMessage);
            Assert.Throws<ExecProtocolException>(() => HandshakeComplete.Parse(Encoding.UTF8.GetBytes("not json")));
        }
    }
}
