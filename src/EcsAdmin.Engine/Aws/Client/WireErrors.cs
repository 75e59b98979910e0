using System;
using System.Linq;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Amazon.Runtime;
using EcsAdmin.Engine.Aws.Wire;

namespace EcsAdmin.Engine.Aws.Client
{
    /// <summary>What an error reply says, read as its protocol defines it.</summary>
    internal sealed class WireErrorReply
    {
        /// <summary>The AWS error code (namespace and URI suffix removed), or null when the reply carries none.</summary>
        public string? Code { get; set; }
        /// <summary>AWS's own message, or null when the reply has none.</summary>
        public string? Message { get; set; }
        public string? RequestId { get; set; }
        /// <summary>False when the reply is not an AWS error document (an HTML page or text from a proxy, a firewall, a captive portal).</summary>
        public bool FromAws { get; set; }
        /// <summary>For a reply that is not from AWS: a short description of what came back (content type, page title).</summary>
        public string? Foreign { get; set; }
    }

    /// <summary>
    /// Reads error replies per protocol.
    /// awsJson 1.0/1.1: the code is taken from, in this order, the x-amzn-query-error header (query-compatible
    /// services such as CloudWatch: "Code;Sender", the code users of the query API know), the x-amzn-ErrorType
    /// header, the body's "code"/"Code" member, then its "__type" member; the first present wins. Namespaces
    /// ("aws.ecs#") and URI suffixes (":http://...") are removed. The message is the body's "message" or
    /// "Message" member (or "errorMessage", or a nested "Error" object's Message).
    /// Query/XML: &lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt; anywhere in the document (ErrorResponse, Response/Errors,
    /// bare Error), with or without an XML namespace. A reply that is neither is not from AWS: it gets no code,
    /// and its raw text is never used as a message (only an HTML page's title, or a short plain text line).
    /// </summary>
    internal static class WireErrorParser
    {
        public static WireErrorReply Parse(WireProtocol protocol, int status, Func<string, string?> header, byte[]? body)
        {
            body ??= Array.Empty<byte>();
            var reply = new WireErrorReply
            {
                RequestId = header("x-amzn-RequestId") ?? header("x-amz-request-id"),
            };
            var text = Decode(body).Trim();
            string? bodyCode = null, bodyType = null, message = null;
            bool awsDocument = false;

            if (text.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using var doc = JsonDocument.Parse(text);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        ReadJson(doc.RootElement, ref bodyCode, ref bodyType, ref message);
                        if (doc.RootElement.TryGetProperty("Error", out var nested) && nested.ValueKind == JsonValueKind.Object)
                            ReadJson(nested, ref bodyCode, ref bodyType, ref message);
                        awsDocument = bodyCode != null || bodyType != null || message != null;
                    }
                }
                catch (JsonException)
                {
                }
            }
            else if (text.StartsWith("<", StringComparison.Ordinal))
            {
                var (code, msg, requestId, title) = ReadXml(text);
                if (code != null)
                {
                    bodyCode = code;
                    message = msg;
                    awsDocument = true;
                    reply.RequestId ??= requestId;
                }
                else if (title != null)
                {
                    reply.Foreign = "an HTML page titled '" + Shorten(title, 120) + "'";
                }
            }

            var queryError = header("x-amzn-query-error");
            string? queryCode = null;
            if (!string.IsNullOrWhiteSpace(queryError))
            {
                var semi = queryError!.IndexOf(';');
                queryCode = Normalize(semi >= 0 ? queryError.Substring(0, semi) : queryError);
            }
            var headerCode = Normalize(header("x-amzn-ErrorType"));

            reply.Code = protocol == WireProtocol.Query || protocol == WireProtocol.Ec2
                ? Normalize(bodyCode) ?? queryCode ?? headerCode
                : queryCode ?? headerCode ?? Normalize(bodyCode) ?? Normalize(bodyType);
            reply.Message = string.IsNullOrWhiteSpace(message) ? null : message!.Trim();
            reply.FromAws = reply.Code != null || awsDocument;
            if (!reply.FromAws && reply.Foreign is null)
            {
                var contentType = header("Content-Type");
                reply.Foreign = text.Length == 0 ? "an empty reply"
                    : (contentType != null ? "a " + contentType.Split(';')[0].Trim() + " reply" : "a reply") + LooksLikeText(text);
            }
            return reply;
        }

        /// <summary>Code and message of a reply whose protocol is told by its body (XML: query, otherwise awsJson).</summary>
        public static (string? Code, string? Message) Parse(byte[] body, string? errorTypeHeader)
        {
            var protocol = body.Length > 0 && body[0] == (byte)'<' ? WireProtocol.Query : WireProtocol.AwsJson11;
            var reply = Parse(protocol, 400, name => string.Equals(name, "x-amzn-ErrorType", StringComparison.OrdinalIgnoreCase) ? errorTypeHeader : null, body);
            return (reply.Code, reply.Message);
        }

        private static string LooksLikeText(string text)
        {
            if (text.StartsWith("<", StringComparison.Ordinal) || text.StartsWith("{", StringComparison.Ordinal)) return "";
            var first = text.Split('\n')[0].Trim();
            return first.Length == 0 ? "" : " saying '" + Shorten(first, 120) + "'";
        }

        private static void ReadJson(JsonElement e, ref string? code, ref string? type, ref string? message)
        {
            foreach (var p in e.EnumerateObject())
            {
                if (p.Value.ValueKind != JsonValueKind.String) continue;
                var v = p.Value.GetString();
                if (p.NameEquals("__type")) type ??= v;
                else if (p.NameEquals("code") || p.NameEquals("Code")) code ??= v;
                else if (p.NameEquals("message") || p.NameEquals("Message") || p.NameEquals("errorMessage")) message ??= v;
            }
        }

        private static (string? Code, string? Message, string? RequestId, string? HtmlTitle) ReadXml(string text)
        {
            try
            {
                var doc = XDocument.Parse(text);
                foreach (var error in doc.Descendants().Where(d => d.Name.LocalName == "Error"))
                {
                    var code = error.Elements().FirstOrDefault(x => x.Name.LocalName == "Code")?.Value.Trim();
                    if (string.IsNullOrEmpty(code)) continue;
                    var message = error.Elements().FirstOrDefault(x => x.Name.LocalName == "Message")?.Value.Trim();
                    var requestId = doc.Descendants().FirstOrDefault(x => x.Name.LocalName == "RequestId" || x.Name.LocalName == "RequestID")?.Value.Trim();
                    return (code, string.IsNullOrEmpty(message) ? null : message, requestId, null);
                }
                var title = doc.Descendants().FirstOrDefault(x => x.Name.LocalName.Equals("title", StringComparison.OrdinalIgnoreCase))?.Value.Trim();
                return (null, null, null, string.IsNullOrEmpty(title) ? "" : title);
            }
            catch (System.Xml.XmlException)
            {
                // HTML that is not XML: find the title without parsing.
                var m = Regex.Match(text, "<title[^>]*>(.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline);
                return (null, null, null, m.Success ? WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : "");
            }
        }

        private static string Decode(byte[] body)
        {
            try { return new UTF8Encoding(false, true).GetString(body); }
            catch (ArgumentException) { return ""; }
        }

        private static string Shorten(string s, int max)
        {
            s = Regex.Replace(s, "\\s+", " ");
            return s.Length <= max ? s : s.Substring(0, max) + "...";
        }

        /// <summary>"aws.protocoltests#FooError:http://..." → "FooError".</summary>
        public static string? Normalize(string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw)) return null;
            var s = raw!;
            var colon = s.IndexOf(':');
            if (colon >= 0) s = s.Substring(0, colon);
            var hash = s.LastIndexOf('#');
            if (hash >= 0) s = s.Substring(hash + 1);
            s = s.Trim();
            return s.Length == 0 ? null : s;
        }
    }

    /// <summary>An error reply from the endpoint, with what the protocol said and whether it was AWS that said it.</summary>
    internal sealed class WireServiceException : AmazonServiceException
    {
        public WireServiceException(WireErrorReply reply, HttpStatusCode status, Exception? inner)
            : base(reply.Message ?? reply.Code ?? ("HTTP " + (int)status), inner,
                (int)status >= 500 ? ErrorType.Receiver : ErrorType.Sender, reply.Code, reply.RequestId, status)
        {
            Reply = reply;
        }

        public WireErrorReply Reply { get; }

        /// <summary>The server's clock from the Date header, when the reply had one.</summary>
        public DateTime? ServerTime { get; set; }
    }
}
