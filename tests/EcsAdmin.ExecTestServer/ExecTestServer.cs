using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>
    /// Loopback stand-in for ECS ExecuteCommand (awsJson1.1), SSM TerminateSession and the MGS data channel with the agent
    /// behind it. Other X-Amz-Target calls go to <see cref="ExecTestServerOptions.Upstream"/> when set. Never writes tokens anywhere.
    /// </summary>
    public sealed class ExecTestServer : IAsyncDisposable
    {
        const string EcsTarget = "AmazonEC2ContainerServiceV20141113.ExecuteCommand";
        const string SsmTerminateTarget = "AmazonSSM.TerminateSession";
        const string SsmResumeTarget = "AmazonSSM.ResumeSession";
        const string SsmStartTarget = "AmazonSSM.StartSession";
        public const string PortDocument = "AWS-StartPortForwardingSession";
        public const string RemoteHostPortDocument = "AWS-StartPortForwardingSessionToRemoteHost";
        static readonly HashSet<string> HopByHop = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            { "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Authorization", "Proxy-Authenticate", "Host", "Content-Length" };

        readonly WebApplication _app;
        readonly ConcurrentDictionary<string, ExecTestSession> _sessions = new ConcurrentDictionary<string, ExecTestSession>();
        readonly ConcurrentBag<Task> _connections = new ConcurrentBag<Task>();
        readonly CancellationTokenSource _stop = new CancellationTokenSource();
        readonly HttpClient _proxy = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

        ExecTestServer(WebApplication app, ExecTestServerOptions options)
        {
            _app = app;
            Options = options;
        }

        public ExecTestServerOptions Options { get; }
        public ExecServerStats Stats { get; } = new ExecServerStats();
        /// <summary>http://127.0.0.1:port/ — the endpoint for ECS and SSM calls.</summary>
        public Uri BaseUri { get; private set; } = new Uri("http://127.0.0.1/");
        public int Port => BaseUri.Port;
        public IReadOnlyCollection<ExecTestSession> Sessions => _sessions.Values.ToList();

        public static async Task<ExecTestServer> StartAsync(ExecTestServerOptions? options = null, CancellationToken cancellationToken = default)
        {
            options ??= new ExecTestServerOptions();
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, options.Port));
            var app = builder.Build();
            var server = new ExecTestServer(app, options);
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
            app.Run(server.HandleAsync);
            await app.StartAsync(cancellationToken);
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            server.BaseUri = new Uri(address.Replace("[::1]", "127.0.0.1").TrimEnd('/') + "/");
            return server;
        }

        /// <summary>Registers a session as ExecuteCommand would, without HTTP. <paramref name="faults"/> defaults to a copy of
        /// <see cref="ExecTestServerOptions.Faults"/>.</summary>
        public ExecTestSession CreateSession(string command, bool interactive = true, ExecFaults? faults = null)
        {
            if (string.IsNullOrWhiteSpace(command)) throw new ArgumentException("The command is empty.", nameof(command));
            var id = "ecs-execute-command-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)).ToLowerInvariant().Substring(0, 17);
            var token = NewToken();
            var url = new Uri($"ws://127.0.0.1:{Port}/v1/data-channel/{id}?role=publish_subscribe");
            var session = new ExecTestSession(id, token, command, interactive, (faults ?? Options.Faults).Clone(), url);
            _sessions[id] = session;
            Interlocked.Increment(ref Stats.sessionsCreated);
            Interlocked.Increment(ref session.Stats.sessionsCreated);
            return session;
        }

        /// <summary>Registers a port-forwarding session as SSM StartSession would, without HTTP.</summary>
        public ExecTestSession CreatePortSession(string portNumber, string? host = null, ExecFaults? faults = null, string? target = null)
        {
            var session = CreateSession("port " + portNumber, true, faults);
            session.DocumentName = host == null ? PortDocument : RemoteHostPortDocument;
            session.PortNumber = portNumber;
            session.PortHost = host;
            session.Target = target;
            return session;
        }

        /// <summary>
        /// SSM StartSession for the two port-forwarding documents, with SSM's validation: Target required; an ECS target
        /// must read ecs:&lt;cluster&gt;_&lt;taskId&gt;_&lt;runtimeId&gt; (else TargetNotConnected, as SSM answers for a
        /// target whose agent it does not know); other documents are InvalidDocument; portNumber (and host for the
        /// remote-host document) are required parameters (InvalidParameters). The reply is SessionId, TokenValue, StreamUrl.
        /// </summary>
        async Task StartSessionAsync(HttpContext context, byte[] body)
        {
            string? target, document;
            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            try
            {
                using var doc = JsonDocument.Parse(body);
                var r = doc.RootElement;
                target = Str(r, "Target");
                document = Str(r, "DocumentName");
                if (r.TryGetProperty("Parameters", out var p) && p.ValueKind == JsonValueKind.Object)
                    foreach (var kv in p.EnumerateObject())
                        if (kv.Value.ValueKind == JsonValueKind.Array && kv.Value.GetArrayLength() > 0)
                            parameters[kv.Name] = kv.Value[0].GetString() ?? "";
            }
            catch (JsonException)
            {
                await WriteErrorAsync(context, 400, "SerializationException", "The request body is not valid JSON.");
                return;
            }
            if (string.IsNullOrEmpty(target))
            {
                await WriteErrorAsync(context, 400, "ValidationException", "1 validation error detected: Value null at 'target' failed to satisfy constraint: Member must not be null");
                return;
            }
            var parts = target!.StartsWith("ecs:", StringComparison.Ordinal) ? target.Substring(4).Split('_') : Array.Empty<string>();
            if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length == 0)
            {
                await WriteErrorAsync(context, 400, "TargetNotConnected", $"{target} is not connected.");
                return;
            }
            if (document != PortDocument && document != RemoteHostPortDocument)
            {
                await WriteErrorAsync(context, 400, "InvalidDocument", $"Document {document} is not supported by the exec test server.");
                return;
            }
            parameters.TryGetValue("portNumber", out var port);
            parameters.TryGetValue("host", out var host);
            if (string.IsNullOrEmpty(port) || !int.TryParse(port, out _) || (document == RemoteHostPortDocument && string.IsNullOrEmpty(host)))
            {
                await WriteErrorAsync(context, 400, "InvalidParameters", document == RemoteHostPortDocument
                    ? "Parameters host and portNumber are required for " + document + "."
                    : "Parameter portNumber is required for " + document + ".");
                return;
            }
            var session = CreatePortSession(port!, document == RemoteHostPortDocument ? host : null, null, target);
            await WriteJsonAsync(context, 200, new Dictionary<string, string>
            {
                ["SessionId"] = session.SessionId,
                ["TokenValue"] = session.TokenValue,
                ["StreamUrl"] = session.StreamUrl.ToString(),
            });
        }

        public ExecTestSession? FindSession(string sessionId) => _sessions.TryGetValue(sessionId, out var s) ? s : null;

        /// <summary>What SSM TerminateSession does: records it, kills the process, closes the channel.</summary>
        public async Task TerminateAsync(string sessionId)
        {
            Stats.TerminatedSessions.Enqueue(sessionId);
            if (!_sessions.TryGetValue(sessionId, out var session)) return;
            session.Stats.TerminatedSessions.Enqueue(sessionId);
            session.Terminated = true;
            var live = session.Live;
            if (live != null) await live.TerminateAsync();
        }

        async Task HandleAsync(HttpContext context)
        {
            var path = context.Request.Path.Value ?? "";
            if (path.StartsWith("/v1/data-channel/", StringComparison.Ordinal))
            {
                await HandleDataChannelAsync(context, path.Substring("/v1/data-channel/".Length));
                return;
            }
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.StatusCode = 405;
                return;
            }
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            using var ms = new MemoryStream();
            await context.Request.Body.CopyToAsync(ms, context.RequestAborted);
            var body = ms.ToArray();
            switch (target)
            {
                case EcsTarget:
                    await ExecuteCommandAsync(context, body);
                    break;
                case SsmTerminateTarget:
                    await TerminateSessionAsync(context, body);
                    break;
                case SsmResumeTarget:
                    await ResumeSessionAsync(context, body);
                    break;
                case SsmStartTarget:
                    await StartSessionAsync(context, body);
                    break;
                default:
                    if (Options.Upstream != null) await ProxyAsync(context, target, body);
                    else await WriteErrorAsync(context, 400, "UnknownOperationException", $"Operation {target} is not served by the exec test server.");
                    break;
            }
        }

        async Task ExecuteCommandAsync(HttpContext context, byte[] body)
        {
            string? cluster, task, container, command;
            bool interactive;
            try
            {
                using var doc = JsonDocument.Parse(body);
                var r = doc.RootElement;
                cluster = Str(r, "cluster") ?? "default";
                task = Str(r, "task");
                container = Str(r, "container");
                command = Str(r, "command");
                interactive = r.TryGetProperty("interactive", out var i) && i.ValueKind == JsonValueKind.True;
            }
            catch (JsonException)
            {
                await WriteErrorAsync(context, 400, "SerializationException", "The request body is not valid JSON.");
                return;
            }
            if (string.IsNullOrWhiteSpace(task) || string.IsNullOrWhiteSpace(command))
            {
                await WriteErrorAsync(context, 400, "InvalidParameterException", "task and command are required.");
                return;
            }
            if (!interactive)
            {
                // ECS's own answer to interactive=false (or a missing interactive).
                await WriteErrorAsync(context, 400, "InvalidParameterException", "Interactive is the only mode supported currently.");
                return;
            }
            var faults = Options.Faults.Clone();
            if (container != null && Options.Images.TryGetValue(container, out var image)) faults.ImageRoot = image;
            if (container != null && Options.SearchPaths.TryGetValue(container, out var searchPath)) faults.SearchPath = searchPath;
            var clusterName = cluster!.Contains(":cluster/") ? cluster.Substring(cluster.LastIndexOf('/') + 1) : cluster;
            var taskId0 = task!.Contains(":task/") ? task.Substring(task.LastIndexOf('/') + 1) : task;
            // As ECS does: the cluster's exec configuration decides KMS; the agent knows its target id.
            string? runtimeId = null;
            if (Options.Upstream != null)
            {
                var kms = await UpstreamKmsKeyAsync(context, cluster);
                if (kms != null) faults.KmsKeyId = kms;
                runtimeId = await UpstreamRuntimeIdAsync(context, cluster, task, container);
            }
            var session = CreateSession(command!, interactive, faults);
            session.TargetId = "ecs:" + clusterName + "_" + taskId0 + "_" + (runtimeId ?? "");
            var prefix = $"arn:aws:ecs:{Options.Region}:{Options.AccountId}";
            var taskId = task!.Contains(":task/") ? task.Substring(task.LastIndexOf('/') + 1) : task;
            var reply = new Dictionary<string, object?>
            {
                ["clusterArn"] = cluster.StartsWith("arn:", StringComparison.Ordinal) ? cluster : $"{prefix}:cluster/{clusterName}",
                ["containerArn"] = $"{prefix}:container/{clusterName}/{taskId}/{Guid.NewGuid():D}",
                ["containerName"] = container ?? "app",
                ["interactive"] = interactive,
                ["session"] = new Dictionary<string, string>
                {
                    ["sessionId"] = session.SessionId,
                    ["streamUrl"] = session.StreamUrl.ToString(),
                    ["tokenValue"] = session.TokenValue,
                },
                ["taskArn"] = task.StartsWith("arn:", StringComparison.Ordinal) ? task : $"{prefix}:task/{clusterName}/{taskId}",
            };
            await WriteJsonAsync(context, 200, reply);
        }

        async Task TerminateSessionAsync(HttpContext context, byte[] body)
        {
            string? id;
            try
            {
                using var doc = JsonDocument.Parse(body);
                id = Str(doc.RootElement, "SessionId");
            }
            catch (JsonException)
            {
                await WriteErrorAsync(context, 400, "SerializationException", "The request body is not valid JSON.");
                return;
            }
            if (string.IsNullOrEmpty(id))
            {
                await WriteErrorAsync(context, 400, "ValidationException", "SessionId is required.");
                return;
            }
            await TerminateAsync(id!);
            await WriteJsonAsync(context, 200, new Dictionary<string, string> { ["SessionId"] = id! });
        }

        /// <summary>
        /// SSM ResumeSession, as this server implements it: for a session whose agent side is still running (its WebSocket
        /// may have dropped), a NEW token (the old one stops working) and the same stream URL; connecting with it re-attaches
        /// to the running process with sequence numbers carried on and all unacknowledged output resent. A session that was
        /// terminated or has ended gets a reply without TokenValue (the plugin reads that as "session timed out"); an
        /// unknown session id is DoesNotExistException.
        /// </summary>
        async Task ResumeSessionAsync(HttpContext context, byte[] body)
        {
            string? id;
            try
            {
                using var doc = JsonDocument.Parse(body);
                id = Str(doc.RootElement, "SessionId");
            }
            catch (JsonException)
            {
                await WriteErrorAsync(context, 400, "SerializationException", "The request body is not valid JSON.");
                return;
            }
            if (string.IsNullOrEmpty(id) || !_sessions.TryGetValue(id!, out var session))
            {
                await WriteErrorAsync(context, 400, "DoesNotExistException", $"Session {id} does not exist.");
                return;
            }
            var reply = new Dictionary<string, string> { ["SessionId"] = session.SessionId };
            var live = session.Live;
            if (!session.Terminated && (live == null || !live.Ended))
            {
                session.TokenValue = NewToken();
                reply["TokenValue"] = session.TokenValue;
                reply["StreamUrl"] = session.StreamUrl.ToString();
            }
            await WriteJsonAsync(context, 200, reply);
        }

        async Task<JsonDocument?> UpstreamEcsAsync(HttpContext context, string operation, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, Options.Upstream) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body)) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
            request.Headers.TryAddWithoutValidation("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + operation);
            var auth = context.Request.Headers.Authorization.ToString();
            if (auth.Length > 0) request.Headers.TryAddWithoutValidation("Authorization", auth);
            try
            {
                using var response = await _proxy.SendAsync(request, context.RequestAborted);
                if (!response.IsSuccessStatusCode) return null;
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(context.RequestAborted));
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is JsonException) { return null; }
        }

        async Task<string?> UpstreamKmsKeyAsync(HttpContext context, string cluster)
        {
            using var doc = await UpstreamEcsAsync(context, "DescribeClusters", new { clusters = new[] { cluster }, include = new[] { "CONFIGURATIONS" } });
            if (doc == null || !doc.RootElement.TryGetProperty("clusters", out var clusters)) return null;
            foreach (var c in clusters.EnumerateArray())
                if (c.TryGetProperty("configuration", out var conf) && conf.TryGetProperty("executeCommandConfiguration", out var exec) && Str(exec, "kmsKeyId") is string k && k.Length > 0)
                    return k;
            return null;
        }

        async Task<string?> UpstreamRuntimeIdAsync(HttpContext context, string cluster, string task, string? container)
        {
            using var doc = await UpstreamEcsAsync(context, "DescribeTasks", new { cluster, tasks = new[] { task } });
            if (doc == null || !doc.RootElement.TryGetProperty("tasks", out var tasks)) return null;
            foreach (var t in tasks.EnumerateArray())
                if (t.TryGetProperty("containers", out var cs))
                    foreach (var c in cs.EnumerateArray())
                        if (container == null || Str(c, "name") == container) return Str(c, "runtimeId");
            return null;
        }

        static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_');

        async Task ProxyAsync(HttpContext context, string target, byte[] body)
        {
            Stats.ProxiedTargets.Enqueue(target);
            var uri = new Uri(Options.Upstream!, context.Request.Path + context.Request.QueryString);
            using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
            foreach (var h in context.Request.Headers)
            {
                if (HopByHop.Contains(h.Key)) continue;
                if (!request.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray()))
                    request.Content.Headers.TryAddWithoutValidation(h.Key, h.Value.ToArray());
            }
            // Keep the signed Host: SigV4 covers it, and the upstream must see what the client signed.
            request.Headers.Host = context.Request.Host.Value;
            try
            {
                using var response = await _proxy.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
                context.Response.StatusCode = (int)response.StatusCode;
                foreach (var h in response.Headers.Concat(response.Content.Headers))
                    if (!HopByHop.Contains(h.Key)) context.Response.Headers[h.Key] = h.Value.ToArray();
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            catch (HttpRequestException ex)
            {
                await WriteErrorAsync(context, 502, "UpstreamUnavailable", "The upstream did not answer: " + ex.Message);
            }
        }

        async Task HandleDataChannelAsync(HttpContext context, string sessionId)
        {
            if (!context.WebSockets.IsWebSocketRequest) { context.Response.StatusCode = 400; return; }
            if (!_sessions.TryGetValue(sessionId, out var session)) { context.Response.StatusCode = 404; return; }
            using var ws = await context.WebSockets.AcceptWebSocketAsync();
            AgentConnection agent;
            lock (session.Gate) agent = session.Live ??= new AgentConnection(session, Options, Stats, _stop.Token);
            var run = agent.HandleSocketAsync(ws);
            _connections.Add(run);
            await run;
        }

        static string? Str(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        static async Task WriteJsonAsync(HttpContext context, int status, object value)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/x-amz-json-1.1";
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("D");
            await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(value));
        }

        static Task WriteErrorAsync(HttpContext context, int status, string type, string message) =>
            WriteJsonAsync(context, status, new Dictionary<string, string> { ["__type"] = type, ["message"] = message });

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try { await Task.WhenAll(_connections.ToArray()).WaitAsync(TimeSpan.FromSeconds(3)); }
            catch (Exception) { /* connections end on their own; shutdown goes on */ }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await _app.StopAsync(cts.Token);
            await _app.DisposeAsync();
            _proxy.Dispose();
        }
    }
}
