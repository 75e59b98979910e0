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
    /// <summary>Told of every attempt the wire client makes, so -Verbose can show the API calls.</summary>
    internal interface IWireObserver
    {
        /// <summary>An attempt is about to be sent; <paramref name="retryReason"/> says why when it is a retry.</summary>
        void OnAttempt(string service, string operation, int attempt, string? retryReason);
        void OnCompleted(string service, string operation, int attempts, TimeSpan elapsed, string? errorCode);
    }

    /// <summary>
    /// One AWS service client on AWSSDK.Core's pipeline (SigV4, endpoint, HTTP). Requests are our generated POCOs,
    /// serialized with System.Text.Json. The pipeline sends exactly one request per attempt; the attempts, their
    /// timeouts, back-off, clock-skew correction and the rule "never replay a create whose reply was lost" are
    /// this class's (see <see cref="AttemptPolicy"/>).
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

        internal WireClientConfig WireConfig => _config;

        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            pipeline.RemoveHandler<EndpointResolver>();
            pipeline.AddHandlerAfter<Marshaller>(new FixedEndpointResolver());
            pipeline.AddHandlerAfter<Marshaller>(new SigV4AuthSchemeHandler());
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new SkewOnlyRetryPolicy()));
            pipeline.AddHandlerAfter<RetryHandler>(new SendCounter());
        }

        /// <summary>
        /// Sends one call: up to the configured attempts, each bounded by the attempt timeout. Throws
        /// AmazonServiceException (the service's error), <see cref="WireOutcomeUnknownException"/> (a change whose
        /// reply was lost and that may not be sent again), <see cref="WireTimeoutException"/>, or the transport's exception.
        /// </summary>
        public Task<TOutput> SendAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input,
            IWireObserver? observer, CancellationToken cancellationToken)
            where TInput : class, new()
            where TOutput : class, new()
            => SendAsync(operation, input, observer, _config.MaxAttempts, cancellationToken);

        public async Task<TOutput> SendAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input,
            IWireObserver? observer, int maxAttempts, CancellationToken cancellationToken)
            where TInput : class, new()
            where TOutput : class, new()
        {
            if (!ReferenceEquals(operation.Service, _config.Service) && operation.Service.ServiceId != _config.Service.ServiceId)
                throw new InvalidOperationException("Operation " + operation + " sent to a " + _config.Service.ServiceId + " client.");
            cancellationToken.ThrowIfCancellationRequested();

            var body = _config.Service.IsXml
                ? QueryBody(operation.Name, input)
                : operation.WriteInput != null
                    ? WireJson.WriteDocument(input, operation.WriteInput)
                    : JsonSerializer.SerializeToUtf8Bytes(input, Json);
            var replayable = AttemptPolicy.IsReplayable(operation.Name, input);
            var service = _config.Service.ServiceId;
            var watch = Stopwatch.StartNew();
            string? retryReason = null;
            // The whole call is bounded: attempts x attempt timeout (the back-off waits come out of the same budget).
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromTicks(_config.AttemptTimeout.Ticks * Math.Max(1, maxAttempts)));
            int attempts = 0;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                attempts++;
                observer?.OnAttempt(service, operation.Name, attempts, retryReason);
                Exception failure;
                var request = new WireRequest(operation.Name, body) { SendsAllowed = maxAttempts - attempts + 1 };
                using (var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token))
                {
                    attemptCts.CancelAfter(_config.AttemptTimeout);
                    try
                    {
                        var options = new InvokeOptions
                        {
                            RequestMarshaller = WireMarshaller.For(_config.Service),
                            ResponseUnmarshaller = WireUnmarshaller.For(_config.Service.Protocol),
                        };
                        WireResponse response;
                        try
                        {
                            response = await InvokeAsync<WireResponse>(request, options, attemptCts.Token).ConfigureAwait(false);
                        }
                        finally
                        {
                            // A clock-skew re-send inside the SDK is an attempt too.
                            attempts += Math.Max(0, request.Sends - 1);
                        }
                        var output = ReadOutput(operation.Name, operation.ReadOutput, response.Body);
                        observer?.OnCompleted(service, operation.Name, attempts, watch.Elapsed, null);
                        return output;
                    }
                    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw;
                    }
                    catch (Exception ex) when (attemptCts.IsCancellationRequested)
                    {
                        failure = new WireTimeoutException(service, operation.Name, _config.AttemptTimeout, attempts, ex);
                    }
                    catch (Exception ex)
                    {
                        failure = ex;
                    }
                }

                var verdict = AttemptPolicy.Classify(failure);
                bool more = attempts < maxAttempts && !deadline.IsCancellationRequested;
                if (verdict == AttemptVerdict.Final || (verdict == AttemptVerdict.LostReply && !replayable) || !more)
                {
                    observer?.OnCompleted(service, operation.Name, attempts, watch.Elapsed, AttemptPolicy.Describe(failure));
                    if (verdict == AttemptVerdict.LostReply && !replayable)
                        throw new WireOutcomeUnknownException(service, operation.Name, attempts, failure);
                    if (failure is WireTimeoutException t) throw t.WithAttempts(attempts);
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }
                retryReason = AttemptPolicy.Describe(failure);
                try
                {
                    await Task.Delay(AttemptPolicy.Backoff(attempts), deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // The call's time is used up: the last failure stands.
                    observer?.OnCompleted(service, operation.Name, attempts, watch.Elapsed, AttemptPolicy.Describe(failure));
                    if (failure is WireTimeoutException t) throw t.WithAttempts(attempts);
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
                }
            }
        }

        /// <summary>A 2xx reply as the output type; an empty, truncated or malformed body, or one without a member the model requires, is a <see cref="WireBadReplyException"/>.</summary>
        private TOutput ReadOutput<TOutput>(string operation, WireJsonReader<TOutput>? read, byte[] body) where TOutput : class, new()
        {
            var service = _config.Service.ServiceId;
            if (_config.Service.IsXml) return QueryResult<TOutput>(operation, body);
            if (body.Length == 0 || IsWhitespace(body))
            {
                if (!HasMembers(typeof(TOutput))) return new TOutput();
                throw new WireBadReplyException(service, operation, "the reply body was empty");
            }
            TOutput? output;
            try
            {
                output = read != null ? WireJson.ReadDocument(body, read) : JsonSerializer.Deserialize<TOutput>(body, Json);
            }
            catch (JsonException ex)
            {
                throw new WireBadReplyException(service, operation, "the reply body was not a complete JSON document (" + ex.Message.Split('.')[0] + ")", ex);
            }
            if (output is null) throw new WireBadReplyException(service, operation, "the reply body was JSON null");
            var missing = MissingRequired(output);
            if (missing != null) throw new WireBadReplyException(service, operation, "the reply lacks the member '" + missing + "' that the service model requires");
            return output;
        }

        private static bool IsWhitespace(byte[] body)
        {
            foreach (var b in body) if (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t') return false;
            return true;
        }

        private static bool HasMembers(Type type)
            => type.GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance).Length > 0;

        private static string? MissingRequired(object output)
        {
            foreach (var p in output.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
            {
                if (p.GetIndexParameters().Length > 0 || !p.IsDefined(typeof(WireRequiredAttribute), false)) continue;
                if (p.GetValue(output) is null)
                {
                    var wire = (System.Text.Json.Serialization.JsonPropertyNameAttribute?)Attribute.GetCustomAttribute(p, typeof(System.Text.Json.Serialization.JsonPropertyNameAttribute));
                    var xml = (QueryMemberAttribute?)Attribute.GetCustomAttribute(p, typeof(QueryMemberAttribute));
                    return wire?.Name ?? xml?.Reply ?? p.Name;
                }
            }
            return null;
        }

        /// <summary>Query and EC2 protocols: Action, Version and the request's own fields, form-encoded.</summary>
        private byte[] QueryBody<TInput>(string operation, TInput input) where TInput : class
        {
            var form = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["Action"] = operation, ["Version"] = _config.Service.ApiVersion };
            QuerySerializer.Write(input, _config.Service.Protocol, form);
            var text = new StringBuilder();
            foreach (var kv in form)
            {
                if (text.Length > 0) text.Append('&');
                text.Append(Uri.EscapeDataString(kv.Key)).Append('=').Append(Uri.EscapeDataString(kv.Value));
            }
            return Encoding.UTF8.GetBytes(text.ToString());
        }

        /// <summary>
        /// Query and EC2 protocols: the reply document is &lt;OperationResponse&gt;; the query protocol wraps the output in
        /// &lt;OperationResult&gt; (the model's resultWrapper, which the generator checks has this name), EC2 does not.
        /// </summary>
        private TOutput QueryResult<TOutput>(string operation, byte[] body) where TOutput : class, new()
        {
            var service = _config.Service.ServiceId;
            if (body.Length == 0 || IsWhitespace(body)) throw new WireBadReplyException(service, operation, "the reply body was empty");
            System.Xml.Linq.XDocument doc;
            try
            {
                doc = System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(body));
            }
            catch (System.Xml.XmlException ex)
            {
                throw new WireBadReplyException(service, operation, "the reply body was not a complete XML document", ex);
            }
            if (doc.Root is null || doc.Root.Name.LocalName != operation + "Response")
                throw new WireBadReplyException(service, operation, "the reply is not a " + operation + "Response document");
            var start = doc.Root;
            if (_config.Service.Protocol == WireProtocol.Query && HasMembers(typeof(TOutput)))
                start = doc.Root.Elements().FirstOrDefaultByLocalName(operation + "Result")
                    ?? throw new WireBadReplyException(service, operation, "the reply has no " + operation + "Result element");
            TOutput output;
            try
            {
                output = QueryReplyReader.Read<TOutput>(start);
            }
            catch (Exception ex) when (ex is FormatException || ex is OverflowException)
            {
                throw new WireBadReplyException(service, operation, "the reply holds a value that does not fit the service model (" + ex.Message + ")", ex);
            }
            var missing = MissingRequired(output);
            if (missing != null) throw new WireBadReplyException(service, operation, "the reply lacks the member '" + missing + "' that the service model requires");
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
    }

    /// <summary>The SDK-facing request: an operation name and its already-serialized JSON body.</summary>
    internal sealed class WireRequest : AmazonWebServiceRequest
    {
        public WireRequest(string operationName, byte[] body)
        {
            OperationName = operationName;
            Body = body;
        }

        public string OperationName { get; }
        public byte[] Body { get; }
        /// <summary>Requests the pipeline sent for this attempt (more than one only after a clock-skew correction).</summary>
        public int Sends { get; set; }
        /// <summary>How many sends the call's remaining attempts allow.</summary>
        public int SendsAllowed { get; set; } = 1;
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
            if (_service.IsXml)
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
        private static readonly Dictionary<WireProtocol, WireUnmarshaller> Instances = new Dictionary<WireProtocol, WireUnmarshaller>
        {
            [WireProtocol.AwsJson10] = new WireUnmarshaller(WireProtocol.AwsJson10),
            [WireProtocol.AwsJson11] = new WireUnmarshaller(WireProtocol.AwsJson11),
            [WireProtocol.Query] = new WireUnmarshaller(WireProtocol.Query),
            [WireProtocol.Ec2] = new WireUnmarshaller(WireProtocol.Ec2),
        };

        private readonly WireProtocol _protocol;

        private WireUnmarshaller(WireProtocol protocol) => _protocol = protocol;

        public static WireUnmarshaller For(WireProtocol protocol) => Instances[protocol];

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
            // The error body has not been read yet: read it through the context's (caching) stream, then take
            // whatever the cache holds (it also has any bytes a reader had buffered).
            byte[] body = Array.Empty<byte>();
            try
            {
                using var read = new System.IO.MemoryStream();
                context.Stream?.CopyTo(read);
                body = read.ToArray();
            }
            catch (Exception)
            {
            }
            try
            {
                var cached = context.GetResponseBodyBytes();
                if (cached != null && cached.Length > body.Length) body = cached;
            }
            catch (Exception)
            {
            }
            var headers = context.ResponseData;
            string? Header(string name) => headers != null && headers.IsHeaderPresent(name) ? headers.GetHeaderValue(name) : null;
            var reply = WireErrorParser.Parse(_protocol, (int)statusCode, Header, body);
            var ex = new WireServiceException(reply, statusCode, innerException);
            if (Header("Date") is string date && DateTime.TryParse(date, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal, out var serverTime))
                ex.ServerTime = serverTime;
            return ex;
        }
    }

    /// <summary>Reads a string member that arrives as a number or boolean as its JSON text; writes strings unchanged.</summary>
    internal sealed class LenientStringConverter : System.Text.Json.Serialization.JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => WireJson.ReadString(ref reader);

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
