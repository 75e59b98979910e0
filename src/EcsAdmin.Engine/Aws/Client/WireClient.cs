using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Transform;
using EcsAdmin.Engine.Aws.Wire;

namespace EcsAdmin.Engine.Aws.Client
{
    /// <summary>Told of every attempt the SDK pipeline makes, so -Verbose can show the API calls.</summary>
    internal interface IWireObserver
    {
        void OnAttempt(string service, string operation, int attempt);
        void OnCompleted(string service, string operation, int attempts, TimeSpan elapsed, string? errorCode);
    }

    /// <summary>
    /// One AWS JSON-protocol service client on AWSSDK.Core's pipeline. Requests are our generated POCOs,
    /// serialized with System.Text.Json; the SDK signs (SigV4), retries, corrects clock skew and maps errors.
    /// </summary>
    internal sealed class WireClient : AmazonServiceClient
    {
        internal static readonly JsonSerializerOptions Json = new JsonSerializerOptions
        {
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            PropertyNameCaseInsensitive = false,
            // Emulators (moto) send some string members as JSON numbers (e.g. a task container's cpu: 0).
            Converters = { new LenientStringConverter() },
        };

        private readonly WireClientConfig _config;
        private readonly ServiceMetadataImpl _metadata;

        public WireClient(AWSCredentials credentials, WireClientConfig config)
            : base(credentials, config)
        {
            _config = config;
            _metadata = new ServiceMetadataImpl(config.Service.ServiceId);
        }

        protected override IServiceMetadata ServiceMetadata => _metadata;

        public ServiceDescriptor Service => _config.Service;

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new FixedEndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
            pipeline.AddHandlerAfter<RetryHandler>(new AttemptCounter());
        }

        public async Task<TOutput> SendAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input,
            IWireObserver? observer, CancellationToken cancellationToken)
            where TInput : class, new()
            where TOutput : class, new()
        {
            if (!ReferenceEquals(operation.Service, _config.Service) && operation.Service.ServiceId != _config.Service.ServiceId)
                throw new InvalidOperationException("Operation " + operation + " sent to a " + _config.Service.ServiceId + " client.");

            var body = _config.Service.Protocol == WireProtocol.Query
                ? QueryBody(operation.Name, input)
                : JsonSerializer.SerializeToUtf8Bytes(input, Json);
            var request = new WireRequest(operation.Name, body, observer);
            var options = new InvokeOptions
            {
                RequestMarshaller = WireMarshaller.For(_config.Service),
                ResponseUnmarshaller = WireUnmarshaller.Instance,
            };
            var watch = Stopwatch.StartNew();
            try
            {
                var response = await InvokeAsync<WireResponse>(request, options, cancellationToken).ConfigureAwait(false);
                observer?.OnCompleted(_config.Service.ServiceId, operation.Name, request.Attempts, watch.Elapsed, null);
                if (response.Body.Length == 0) return new TOutput();
                if (_config.Service.Protocol == WireProtocol.Query) return QueryResult<TOutput>(operation.Name, response.Body);
                return JsonSerializer.Deserialize<TOutput>(response.Body, Json) ?? new TOutput();
            }
            catch (AmazonServiceException ex)
            {
                observer?.OnCompleted(_config.Service.ServiceId, operation.Name, request.Attempts, watch.Elapsed, ex.ErrorCode ?? ex.StatusCode.ToString());
                throw;
            }
            catch (Exception ex) when (!(ex is OperationCanceledException))
            {
                observer?.OnCompleted(_config.Service.ServiceId, operation.Name, request.Attempts, watch.Elapsed, ex.GetType().Name);
                throw;
            }
        }

        /// <summary>Query protocol: Action, Version and the request's own fields, form-encoded.</summary>
        private byte[] QueryBody<TInput>(string operation, TInput input)
        {
            var form = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["Action"] = operation, ["Version"] = _config.Service.ApiVersion };
            if (input is IQueryRequest q) q.WriteQuery(form);
            var text = new StringBuilder();
            foreach (var kv in form)
            {
                if (text.Length > 0) text.Append('&');
                text.Append(Uri.EscapeDataString(kv.Key)).Append('=').Append(Uri.EscapeDataString(kv.Value));
            }
            return Encoding.UTF8.GetBytes(text.ToString());
        }

        /// <summary>Query protocol: the reply's &lt;OperationResult&gt; element, read by the output type.</summary>
        private static TOutput QueryResult<TOutput>(string operation, byte[] body) where TOutput : class, new()
        {
            var output = new TOutput();
            if (output is IQueryResponse reader)
            {
                var doc = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(body));
                var result = doc.Root?.Elements().FirstOrDefaultByLocalName(operation + "Result") ?? doc.Root;
                if (result != null) reader.ReadXml(result);
            }
            return output;
        }

        private sealed class ServiceMetadataImpl : IServiceMetadata
        {
            public ServiceMetadataImpl(string serviceId) => ServiceId = serviceId;
            public string ServiceId { get; }
            public IDictionary<string, string> OperationNameMapping { get; } = new Dictionary<string, string>();
        }

        /// <summary>Sets the request endpoint from the client's fixed ServiceURL.</summary>
        private sealed class FixedEndpointResolver : BaseEndpointResolver
        {
            protected override EndpointParameters MapEndpointsParameters(IRequestContext requestContext)
            {
                var parameters = new EndpointParameters();
                parameters["Region"] = requestContext.ClientConfig.RegionEndpoint?.SystemName;
                return parameters;
            }
        }

        /// <summary>Every operation we call signs with SigV4.</summary>
        private sealed class SigV4AuthSchemeHandler : BaseAuthResolverHandler
        {
            protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext)
                => AuthSchemeOption.DEFAULT_SIGV4;
        }

        /// <summary>Sits inside the retry loop: counts attempts and reports each to the observer.</summary>
        private sealed class AttemptCounter : PipelineHandler
        {
            public override void InvokeSync(IExecutionContext executionContext)
            {
                Count(executionContext);
                base.InvokeSync(executionContext);
            }

            public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
            {
                Count(executionContext);
                return base.InvokeAsync<T>(executionContext);
            }

            private static void Count(IExecutionContext context)
            {
                if (context.RequestContext.OriginalRequest is WireRequest wire)
                {
                    wire.Attempts++;
                    wire.Observer?.OnAttempt(context.RequestContext.ServiceMetaData?.ServiceId ?? "", wire.OperationName, wire.Attempts);
                }
            }
        }
    }

    /// <summary>The SDK-facing request: an operation name and its already-serialized JSON body.</summary>
    internal sealed class WireRequest : AmazonWebServiceRequest
    {
        public WireRequest(string operationName, byte[] body, IWireObserver? observer)
        {
            OperationName = operationName;
            Body = body;
            Observer = observer;
        }

        public string OperationName { get; }
        public byte[] Body { get; }
        public IWireObserver? Observer { get; }
        public int Attempts { get; set; }
    }

    internal sealed class WireResponse : AmazonWebServiceResponse
    {
        public byte[] Body { get; set; } = Array.Empty<byte>();
    }

    internal sealed class WireMarshaller : IMarshaller<IRequest, AmazonWebServiceRequest>
    {
        private static readonly Dictionary<string, WireMarshaller> Cache = new Dictionary<string, WireMarshaller>();
        private readonly ServiceDescriptor _service;

        private WireMarshaller(ServiceDescriptor service) => _service = service;

        public static WireMarshaller For(ServiceDescriptor service)
        {
            lock (Cache)
            {
                if (!Cache.TryGetValue(service.ServiceId, out var m))
                    Cache[service.ServiceId] = m = new WireMarshaller(service);
                return m;
            }
        }

        public IRequest Marshall(AmazonWebServiceRequest input)
        {
            var wire = (WireRequest)input;
            var request = new DefaultRequest(input, _service.ServiceId)
            {
                HttpMethod = "POST",
                ResourcePath = "/",
                Content = wire.Body,
            };
            if (_service.Protocol == WireProtocol.Query)
            {
                request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
                return request;
            }
            request.Headers["X-Amz-Target"] = _service.TargetPrefix + "." + wire.OperationName;
            request.Headers["Content-Type"] = _service.ContentType;
            if (_service.Protocol == WireProtocol.AwsJson10 && _service.EndpointPrefix == "monitoring")
            {
                // CloudWatch answers awsJson1_0 requests; current SDKs mark them so.
                request.Headers["x-amzn-query-mode"] = "true";
            }
            return request;
        }
    }

    internal sealed class WireUnmarshaller : JsonResponseUnmarshaller
    {
        public static readonly WireUnmarshaller Instance = new WireUnmarshaller();

        public override AmazonWebServiceResponse Unmarshall(JsonUnmarshallerContext context)
        {
            // Read the reply as it is: our generated types deserialize it with System.Text.Json.
            using var buffer = new System.IO.MemoryStream();
            context.Stream.CopyTo(buffer);
            return new WireResponse { Body = buffer.ToArray() };
        }

        protected override bool ShouldReadEntireResponse(IWebResponseData response, bool readEntireResponse) => true;

        public override AmazonServiceException UnmarshallException(JsonUnmarshallerContext context, Exception innerException, HttpStatusCode statusCode)
        {
            byte[] body;
            try
            {
                body = context.GetResponseBodyBytes() ?? Array.Empty<byte>();
            }
            catch (Exception)
            {
                body = Array.Empty<byte>();
            }
            var headers = context.ResponseData;
            var (code, message) = WireErrorParser.Parse(body, headers?.IsHeaderPresent("x-amzn-ErrorType") == true ? headers.GetHeaderValue("x-amzn-ErrorType") : null);
            if (string.IsNullOrEmpty(code)) code = statusCode.ToString();
            var requestId = headers?.IsHeaderPresent("x-amzn-RequestId") == true ? headers.GetHeaderValue("x-amzn-RequestId") : null;
            var type = (int)statusCode >= 500 ? ErrorType.Receiver : ErrorType.Sender;
            return new AmazonServiceException(string.IsNullOrEmpty(message) ? code : message, innerException, type, code, requestId, statusCode);
        }
    }

    /// <summary>Reads the error code and message from an awsJson error reply.</summary>
    internal static class WireErrorParser
    {
        public static (string? Code, string? Message) Parse(byte[] body, string? errorTypeHeader)
        {
            string? code = Normalize(errorTypeHeader);
            string? message = null;
            if (body.Length > 0)
            {
                try
                {
                    using var doc = JsonDocument.Parse(body);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object)
                    {
                        foreach (var p in doc.RootElement.EnumerateObject())
                        {
                            if (p.Value.ValueKind != JsonValueKind.String) continue;
                            if ((p.NameEquals("__type") || p.NameEquals("code") || p.NameEquals("Code")) && code is null)
                                code = Normalize(p.Value.GetString());
                            else if (p.NameEquals("message") || p.NameEquals("Message") || p.NameEquals("errorMessage"))
                                message = p.Value.GetString();
                        }
                    }
                }
                catch (JsonException)
                {
                    message = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 512));
                    if (body[0] == (byte)'<') (code, message) = ParseXmlError(body, code, message);
                }
            }
            return (code, message);
        }

        /// <summary>A query-protocol error: &lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;.</summary>
        private static (string? Code, string? Message) ParseXmlError(byte[] body, string? code, string? message)
        {
            try
            {
                var doc = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(body));
                foreach (var e in doc.Descendants())
                {
                    if (e.Name.LocalName == "Code" && code is null) code = e.Value.Trim();
                    else if (e.Name.LocalName == "Message") message = e.Value.Trim();
                }
            }
            catch (System.Xml.XmlException)
            {
            }
            return (code, message);
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
            return s.Trim();
        }
    }

    /// <summary>Reads a string member that arrives as a number or boolean as its JSON text; writes strings unchanged.</summary>
    internal sealed class LenientStringConverter : System.Text.Json.Serialization.JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String: return reader.GetString();
                case JsonTokenType.Number: return System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray());
                case JsonTokenType.True: return "true";
                case JsonTokenType.False: return "false";
                case JsonTokenType.Null: return null;
                default: throw new JsonException("Expected a string, not " + reader.TokenType + ".");
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    internal static class XmlLocalNames
    {
        public static System.Xml.Linq.XElement? FirstOrDefaultByLocalName(this IEnumerable<System.Xml.Linq.XElement> elements, string localName)
        {
            foreach (var e in elements) if (e.Name.LocalName == localName) return e;
            return null;
        }
    }
}
