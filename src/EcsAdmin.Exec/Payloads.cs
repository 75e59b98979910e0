using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EcsAdmin.Exec
{
    /// <summary>Acknowledge payload (spec §5.2).</summary>
    public sealed class AcknowledgeContent
    {
        public string AcknowledgedMessageType { get; set; } = "";
        public string AcknowledgedMessageId { get; set; } = "";
        public long AcknowledgedMessageSequenceNumber { get; set; }
        public bool IsSequentialMessage { get; set; } = true;

        public static AcknowledgeContent For(ClientMessage message) => new AcknowledgeContent
        {
            AcknowledgedMessageType = message.MessageType,
            AcknowledgedMessageId = message.MessageId.ToString("D"),
            AcknowledgedMessageSequenceNumber = message.SequenceNumber,
            IsSequentialMessage = true,
        };

        public byte[] ToJson() => PayloadJson.Write(w =>
        {
            w.WriteString("AcknowledgedMessageType", AcknowledgedMessageType);
            w.WriteString("AcknowledgedMessageId", AcknowledgedMessageId);
            w.WriteNumber("AcknowledgedMessageSequenceNumber", AcknowledgedMessageSequenceNumber);
            w.WriteBoolean("IsSequentialMessage", IsSequentialMessage);
        });

        public static AcknowledgeContent Parse(byte[] json) => TryParseFlat(json) ?? ParseDocument(json);

        /// <summary>The flat object every peer sends, read forward without building a document (one acknowledgement per
        /// data message each way); null for anything else (nesting, duplicates, a missing field), which the document
        /// reader then judges.</summary>
        static AcknowledgeContent? TryParseFlat(byte[] json)
        {
            try
            {
                var r = new Utf8JsonReader(json);
                if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
                string? type = null, id = null;
                long? seq = null;
                var sequential = false;
                while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
                {
                    var name = r.ValueSpan;
                    if (r.ValueIsEscaped || !r.Read()) return null;
                    if (name.SequenceEqual(AckTypeName)) { if (type != null || r.TokenType != JsonTokenType.String) return null; type = r.GetString(); }
                    else if (name.SequenceEqual(AckIdName)) { if (id != null || r.TokenType != JsonTokenType.String) return null; id = r.GetString(); }
                    else if (name.SequenceEqual(AckSeqName)) { if (seq != null || r.TokenType != JsonTokenType.Number || !r.TryGetInt64(out var n)) return null; seq = n; }
                    else if (name.SequenceEqual(AckSequentialName)) sequential = r.TokenType == JsonTokenType.True;
                    else if (r.TokenType == JsonTokenType.StartObject || r.TokenType == JsonTokenType.StartArray) return null;
                }
                if (r.TokenType != JsonTokenType.EndObject || r.Read() || seq == null) return null;
                return new AcknowledgeContent
                {
                    AcknowledgedMessageType = type ?? "",
                    AcknowledgedMessageId = id ?? "",
                    AcknowledgedMessageSequenceNumber = seq.Value,
                    IsSequentialMessage = sequential,
                };
            }
            catch (JsonException) { return null; }
        }

        static readonly byte[] AckTypeName = Encoding.UTF8.GetBytes("AcknowledgedMessageType");
        static readonly byte[] AckIdName = Encoding.UTF8.GetBytes("AcknowledgedMessageId");
        static readonly byte[] AckSeqName = Encoding.UTF8.GetBytes("AcknowledgedMessageSequenceNumber");
        static readonly byte[] AckSequentialName = Encoding.UTF8.GetBytes("IsSequentialMessage");

        static AcknowledgeContent ParseDocument(byte[] json)
        {
            using var doc = PayloadJson.Parse(json, "acknowledge");
            var r = doc.RootElement;
            return new AcknowledgeContent
            {
                AcknowledgedMessageType = PayloadJson.GetString(r, "AcknowledgedMessageType") ?? "",
                AcknowledgedMessageId = PayloadJson.GetString(r, "AcknowledgedMessageId") ?? "",
                AcknowledgedMessageSequenceNumber = r.TryGetProperty("AcknowledgedMessageSequenceNumber", out var s) && s.ValueKind == JsonValueKind.Number
                    ? s.GetInt64() : throw new ExecProtocolException("Acknowledge payload has no sequence number."),
                IsSequentialMessage = r.TryGetProperty("IsSequentialMessage", out var q) && q.ValueKind == JsonValueKind.True,
            };
        }

        /// <summary>A complete acknowledge frame: seq 0, flags 3, PayloadType 0.</summary>
        public static byte[] Frame(ClientMessage acked) =>
            ClientMessage.Serialize(MessageTypes.Acknowledge, 0, MessageFlags.Acknowledge, PayloadType.None, Json(acked));

        /// <summary>The payload <see cref="ToJson"/> writes, byte for byte, written directly when the type needs no JSON
        /// escaping (the stream types always): the writer's setup cost more than the rest of the frame.</summary>
        static byte[] Json(ClientMessage acked)
        {
            var type = acked.MessageType;
            foreach (var c in type)
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) return For(acked).ToJson();
            var text = "{\"AcknowledgedMessageType\":\"" + type + "\",\"AcknowledgedMessageId\":\"" + acked.MessageId.ToString("D") +
                "\",\"AcknowledgedMessageSequenceNumber\":" + acked.SequenceNumber.ToString(CultureInfo.InvariantCulture) + ",\"IsSequentialMessage\":true}";
            return Encoding.ASCII.GetBytes(text);
        }
    }

    /// <summary>Terminal size payload (PayloadType 3), lowercase keys.</summary>
    public readonly struct TerminalSize : IEquatable<TerminalSize>
    {
        public TerminalSize(int columns, int rows) { Columns = columns; Rows = rows; }
        public int Columns { get; }
        public int Rows { get; }
        public bool Equals(TerminalSize other) => Columns == other.Columns && Rows == other.Rows;
        public override bool Equals(object? obj) => obj is TerminalSize t && Equals(t);
        public override int GetHashCode() => Columns * 397 ^ Rows;
        public override string ToString() => $"{Columns}x{Rows}";

        public byte[] ToJson() => Encoding.ASCII.GetBytes(
            "{\"cols\":" + ((uint)Math.Max(0, Columns)).ToString(CultureInfo.InvariantCulture) +
            ",\"rows\":" + ((uint)Math.Max(0, Rows)).ToString(CultureInfo.InvariantCulture) + "}");

        public static TerminalSize Parse(byte[] json)
        {
            using var doc = PayloadJson.Parse(json, "size");
            var r = doc.RootElement;
            if (!r.TryGetProperty("cols", out var c) || !r.TryGetProperty("rows", out var w))
                throw new ExecProtocolException("Size payload needs \"cols\" and \"rows\".");
            return new TerminalSize(checked((int)c.GetUInt32()), checked((int)w.GetUInt32()));
        }
    }

    /// <summary>One requested client action of a HandshakeRequest (spec §6.2).</summary>
    public sealed class RequestedClientAction
    {
        public string ActionType { get; set; } = "";
        /// <summary>SessionType for a SessionType action; KMSKeyId for a KMSEncryption action.</summary>
        public string? SessionType { get; set; }
        public string? KmsKeyId { get; set; }
        /// <summary>KMSEncryption: the base64 random challenge newer agents send (for the RandomChallenge context).</summary>
        public string? Challenge { get; set; }
        /// <summary>Port sessions: the SessionType's Properties.type (<c>LocalPortForwarding</c> for the port documents).</summary>
        public string? PortType { get; set; }
        /// <summary>Port sessions: Properties.portNumber, the port the agent connects to.</summary>
        public string? PortNumber { get; set; }
        /// <summary>Port sessions to a remote host: Properties.host.</summary>
        public string? Host { get; set; }
    }

    /// <summary>HandshakeRequest (agent → client, PayloadType 5).</summary>
    public sealed class HandshakeRequest
    {
        public string? AgentVersion { get; set; }
        public List<RequestedClientAction> RequestedClientActions { get; } = new List<RequestedClientAction>();

        public static HandshakeRequest Parse(byte[] json)
        {
            using var doc = PayloadJson.Parse(json, "handshake request");
            var r = doc.RootElement;
            var result = new HandshakeRequest { AgentVersion = PayloadJson.GetString(r, "AgentVersion") };
            if (r.TryGetProperty("RequestedClientActions", out var actions) && actions.ValueKind == JsonValueKind.Array)
            {
                foreach (var a in actions.EnumerateArray())
                {
                    var action = new RequestedClientAction { ActionType = PayloadJson.GetString(a, "ActionType") ?? "" };
                    if (a.TryGetProperty("ActionParameters", out var p) && p.ValueKind == JsonValueKind.Object)
                    {
                        action.SessionType = PayloadJson.GetString(p, "SessionType");
                        action.KmsKeyId = PayloadJson.GetString(p, "KMSKeyId");
                        action.Challenge = PayloadJson.GetString(p, "Challenge");
                        if (p.TryGetProperty("Properties", out var props) && props.ValueKind == JsonValueKind.Object)
                        {
                            action.PortType = PayloadJson.GetString(props, "type");
                            action.PortNumber = PayloadJson.GetString(props, "portNumber");
                            action.Host = PayloadJson.GetString(props, "host");
                        }
                    }
                    result.RequestedClientActions.Add(action);
                }
            }
            return result;
        }

        public byte[] ToJson() => PayloadJson.Write(w =>
        {
            w.WriteString("AgentVersion", AgentVersion);
            w.WriteStartArray("RequestedClientActions");
            foreach (var a in RequestedClientActions)
            {
                w.WriteStartObject();
                w.WriteString("ActionType", a.ActionType);
                w.WriteStartObject("ActionParameters");
                if (a.ActionType == HandshakeActions.KmsEncryption)
                {
                    w.WriteString("KMSKeyId", a.KmsKeyId);
                    if (a.Challenge != null) w.WriteString("Challenge", a.Challenge);
                }
                else
                {
                    w.WriteString("SessionType", a.SessionType);
                    if (a.PortNumber == null && a.PortType == null) w.WriteNull("Properties");
                    else
                    {
                        w.WriteStartObject("Properties");
                        if (a.Host != null) w.WriteString("host", a.Host);
                        if (a.PortNumber != null) w.WriteString("portNumber", a.PortNumber);
                        if (a.PortType != null) w.WriteString("type", a.PortType);
                        w.WriteEndObject();
                    }
                }
                w.WriteEndObject();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        });
    }

    public static class HandshakeActions
    {
        public const string SessionType = "SessionType";
        public const string KmsEncryption = "KMSEncryption";
        public const int StatusSuccess = 1, StatusFailed = 2, StatusUnsupported = 3;
    }

    /// <summary>One processed action of a HandshakeResponse (spec §6.3).</summary>
    public sealed class ProcessedClientAction
    {
        public string ActionType { get; set; } = "";
        public int ActionStatus { get; set; }
        public string Error { get; set; } = "";
        /// <summary>KMSEncryption success: base64 of the KMS CiphertextBlob of the data key.</summary>
        public string? KmsCipherTextKey { get; set; }
    }

    /// <summary>HandshakeResponse (client → agent, PayloadType 6).</summary>
    public sealed class HandshakeResponse
    {
        public string ClientVersion { get; set; } = "";
        public List<ProcessedClientAction> ProcessedClientActions { get; } = new List<ProcessedClientAction>();

        public byte[] ToJson() => PayloadJson.Write(w =>
        {
            w.WriteString("ClientVersion", ClientVersion);
            w.WriteStartArray("ProcessedClientActions");
            var errors = new List<string>();
            foreach (var a in ProcessedClientActions)
            {
                w.WriteStartObject();
                w.WriteString("ActionType", a.ActionType);
                w.WriteNumber("ActionStatus", a.ActionStatus);
                if (a.KmsCipherTextKey != null)
                {
                    w.WriteStartObject("ActionResult");
                    w.WriteString("KMSCipherTextKey", a.KmsCipherTextKey);
                    w.WriteNull("KMSCipherTextHash");
                    w.WriteEndObject();
                }
                else w.WriteNull("ActionResult");
                w.WriteString("Error", a.Error);
                w.WriteEndObject();
                if (a.Error.Length > 0) errors.Add(a.Error);
            }
            w.WriteEndArray();
            if (errors.Count == 0) w.WriteNull("Errors");
            else
            {
                w.WriteStartArray("Errors");
                foreach (var e in errors) w.WriteStringValue(e);
                w.WriteEndArray();
            }
        });

        public static HandshakeResponse Parse(byte[] json)
        {
            using var doc = PayloadJson.Parse(json, "handshake response");
            var r = doc.RootElement;
            var result = new HandshakeResponse { ClientVersion = PayloadJson.GetString(r, "ClientVersion") ?? "" };
            if (r.TryGetProperty("ProcessedClientActions", out var actions) && actions.ValueKind == JsonValueKind.Array)
                foreach (var a in actions.EnumerateArray())
                    result.ProcessedClientActions.Add(new ProcessedClientAction
                    {
                        ActionType = PayloadJson.GetString(a, "ActionType") ?? "",
                        ActionStatus = a.TryGetProperty("ActionStatus", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt32() : 0,
                        Error = PayloadJson.GetString(a, "Error") ?? "",
                        KmsCipherTextKey = a.TryGetProperty("ActionResult", out var ar) && ar.ValueKind == JsonValueKind.Object ? PayloadJson.GetString(ar, "KMSCipherTextKey") : null,
                    });
            return result;
        }
    }

    /// <summary>HandshakeComplete (agent → client, PayloadType 7).</summary>
    public sealed class HandshakeComplete
    {
        /// <summary>Go duration in nanoseconds.</summary>
        public long HandshakeTimeToComplete { get; set; }
        public string? CustomerMessage { get; set; }

        public byte[] ToJson() => PayloadJson.Write(w =>
        {
            w.WriteNumber("HandshakeTimeToComplete", HandshakeTimeToComplete);
            w.WriteString("CustomerMessage", CustomerMessage);
        });

        public static HandshakeComplete Parse(byte[] json)
        {
            using var doc = PayloadJson.Parse(json, "handshake complete");
            var r = doc.RootElement;
            return new HandshakeComplete
            {
                HandshakeTimeToComplete = r.TryGetProperty("HandshakeTimeToComplete", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt64() : 0,
                CustomerMessage = PayloadJson.GetString(r, "CustomerMessage"),
            };
        }
    }

    /// <summary>channel_closed payload (spec §7.6). Parsed leniently: every field is optional.</summary>
    public sealed class ChannelClosedContent
    {
        public string? MessageId { get; set; }
        public string? CreatedDate { get; set; }
        public string? DestinationId { get; set; }
        public string? SessionId { get; set; }
        public string MessageType { get; set; } = MessageTypes.ChannelClosed;
        public int SchemaVersion { get; set; } = 1;
        public string? Output { get; set; }

        public byte[] ToJson() => PayloadJson.Write(w =>
        {
            w.WriteString("MessageId", MessageId);
            w.WriteString("CreatedDate", CreatedDate);
            w.WriteString("DestinationId", DestinationId);
            w.WriteString("SessionId", SessionId);
            w.WriteString("MessageType", MessageType);
            w.WriteNumber("SchemaVersion", SchemaVersion);
            w.WriteString("Output", Output ?? "");
        });

        public static ChannelClosedContent Parse(byte[] json)
        {
            var result = new ChannelClosedContent();
            if (json.Length == 0) return result;
            try
            {
                using var doc = JsonDocument.Parse(json);
                var r = doc.RootElement;
                if (r.ValueKind != JsonValueKind.Object) return result;
                result.MessageId = PayloadJson.GetString(r, "MessageId");
                result.CreatedDate = r.TryGetProperty("CreatedDate", out var c) ? c.ToString() : null;
                result.DestinationId = PayloadJson.GetString(r, "DestinationId");
                result.SessionId = PayloadJson.GetString(r, "SessionId");
                result.Output = PayloadJson.GetString(r, "Output");
            }
            catch (JsonException)
            {
                result.Output = Encoding.UTF8.GetString(json);
            }
            return result;
        }
    }

    /// <summary>The OpenDataChannel text frame (spec §2). Holds the token: never log it; ToString omits it.</summary>
    internal sealed class OpenDataChannelRequest
    {
        public string RequestId { get; set; } = Guid.NewGuid().ToString("D");
        public string TokenValue { get; set; } = "";
        public string ClientId { get; set; } = Guid.NewGuid().ToString("D");
        public string? ClientVersion { get; set; }

        public byte[] ToJson() => PayloadJson.Write(w =>
        {
            w.WriteString("MessageSchemaVersion", "1.0");
            w.WriteString("RequestId", RequestId);
            w.WriteString("TokenValue", TokenValue);
            w.WriteString("ClientId", ClientId);
            if (!string.IsNullOrEmpty(ClientVersion)) w.WriteString("ClientVersion", ClientVersion);
        });

        public override string ToString() => $"OpenDataChannel RequestId={RequestId} ClientId={ClientId} TokenValue=***";
    }

    internal static class PayloadJson
    {
        public static byte[] Write(Action<Utf8JsonWriter> body)
        {
            using var ms = new MemoryStream();
            using (var w = new Utf8JsonWriter(ms, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                body(w);
                w.WriteEndObject();
            }
            return ms.ToArray();
        }

        public static JsonDocument Parse(byte[] json, string what)
        {
            try
            {
                var doc = JsonDocument.Parse(json);
                if (doc.RootElement.ValueKind != JsonValueKind.Object)
                {
                    doc.Dispose();
                    throw new ExecProtocolException($"The {what} payload is not a JSON object.");
                }
                return doc;
            }
            catch (JsonException ex)
            {
                throw new ExecProtocolException($"The {what} payload is not valid JSON: {ex.Message}", ex);
            }
        }

        public static string? GetString(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
