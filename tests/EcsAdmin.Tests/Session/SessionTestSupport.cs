using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine;
using EcsAdmin.Engine.Aws;
using ListClustersRequest = EcsAdmin.Engine.Aws.Generated.Ecs.ListClustersRequest;
using ListClustersResponse = EcsAdmin.Engine.Aws.Generated.Ecs.ListClustersResponse;
using EcsApi = EcsAdmin.Engine.Aws.Generated.Ecs.EcsApi;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Session
{
    /// <summary>
    /// Session tests change process environment variables (the AWS SDK's profile store, STS/SSO clients and container
    /// provider read them), so they run alone: no other test runs while this collection does.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SessionCollection : ICollectionFixture<MotoServer>
    {
        public const string Name = "session (process environment)";
    }

    /// <summary>
    /// A sandboxed AWS environment: every AWS_* variable saved and cleared, AWS_CONFIG_FILE and
    /// AWS_SHARED_CREDENTIALS_FILE pointed at temp files, instance metadata disabled; all restored on Dispose.
    /// The real ~/.aws is never read or written.
    /// </summary>
    public sealed class AwsSandbox : IDisposable
    {
        private readonly Dictionary<string, string?> _saved = new Dictionary<string, string?>();

        public AwsSandbox()
        {
            Directory = Path.Combine(Path.GetTempPath(), "ecsadmin-session-" + Guid.NewGuid().ToString("N"));
            System.IO.Directory.CreateDirectory(Directory);
            ConfigFile = Path.Combine(Directory, "config");
            CredentialsFile = Path.Combine(Directory, "credentials");
            File.WriteAllText(ConfigFile, "");
            File.WriteAllText(CredentialsFile, "");
            foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            {
                var name = (string)e.Key;
                if (name.StartsWith("AWS_", StringComparison.Ordinal)) Set(name, null);
            }
            Set("AWS_CONFIG_FILE", ConfigFile);
            Set("AWS_SHARED_CREDENTIALS_FILE", CredentialsFile);
            Set("AWS_EC2_METADATA_DISABLED", "true");
        }

        public string Directory { get; }
        public string ConfigFile { get; }
        public string CredentialsFile { get; }

        /// <summary>Sets (or with null removes) a process environment variable, remembering its first value.</summary>
        public void Set(string name, string? value)
        {
            if (!_saved.ContainsKey(name)) _saved[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Config(string text) => File.WriteAllText(ConfigFile, text);
        public void Credentials(string text) => File.WriteAllText(CredentialsFile, text);

        public string WriteFile(string name, string text)
        {
            var path = Path.Combine(Directory, name);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        /// <summary>
        /// AWSSDK.Core reads some settings (the IMDS endpoint, retry mode, ...) once per process into
        /// FallbackInternalConfigurationFactory; re-read them after changing the environment.
        /// </summary>
        public static void RefreshSdkSettings() => Amazon.Runtime.Internal.FallbackInternalConfigurationFactory.Reset();

        public void Dispose()
        {
            foreach (var kv in _saved) Environment.SetEnvironmentVariable(kv.Key, kv.Value);
            RefreshSdkSettings();
            try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>What one signed request carried: the SigV4 credential scope and the security token.</summary>
    public sealed record SignedRequest(string Method, string Path, string? Target, string? AccessKeyId, string? Region, string? SigningService,
        string? SecurityToken, string Body);

    /// <summary>
    /// An HTTP forwarder on 127.0.0.1 in front of moto that records who signed each request (the access key id and
    /// region of the SigV4 credential scope, the X-Amz-Security-Token). It can answer the first N requests with a
    /// 500 to count the client's attempts.
    /// </summary>
    public sealed class SigningRecorder : IDisposable
    {
        private static readonly Regex Scope = new Regex(@"Credential=([^/]+)/\d{8}/([^/]+)/([^/]+)/aws4_request", RegexOptions.Compiled);
        private readonly HttpListener _listener = new HttpListener();
        private readonly HttpClient _http = new HttpClient(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false });
        private readonly string _upstream;
        private readonly ConcurrentQueue<SignedRequest> _requests = new ConcurrentQueue<SignedRequest>();
        private int _failNext;

        public SigningRecorder(string upstream)
        {
            _upstream = upstream.TrimEnd('/');
            Port = MotoServer.FreePort();
            Url = "http://127.0.0.1:" + Port;
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            Task.Run(Loop);
        }

        public int Port { get; }
        public string Url { get; }
        public IReadOnlyList<SignedRequest> Requests => _requests.ToList();

        /// <summary>Answers the next <paramref name="count"/> requests with HTTP 500 (a retryable server error).</summary>
        public void FailNext(int count) => Interlocked.Exchange(ref _failNext, count);

        private async Task Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                _ = Task.Run(() => Handle(ctx));
            }
        }

        private async Task Handle(HttpListenerContext ctx)
        {
            try
            {
                var req = ctx.Request;
                string body;
                using (var reader = new StreamReader(req.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
                var auth = req.Headers["Authorization"];
                var m = auth is null ? null : Scope.Match(auth);
                _requests.Enqueue(new SignedRequest(req.HttpMethod, req.Url!.PathAndQuery, req.Headers["X-Amz-Target"],
                    m is { Success: true } ? m.Groups[1].Value : null, m is { Success: true } ? m.Groups[2].Value : null,
                    m is { Success: true } ? m.Groups[3].Value : null, req.Headers["X-Amz-Security-Token"], body));

                if (Interlocked.Decrement(ref _failNext) >= 0)
                {
                    await Reply(ctx, 500, "application/x-amz-json-1.1", "{\"__type\":\"ServerException\",\"message\":\"injected\"}").ConfigureAwait(false);
                    return;
                }
                Interlocked.Exchange(ref _failNext, 0);

                using var forward = new HttpRequestMessage(new HttpMethod(req.HttpMethod), _upstream + req.Url!.PathAndQuery);
                var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
                foreach (var name in req.Headers.AllKeys)
                {
                    if (name is null || name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) continue;
                    var value = req.Headers[name]!;
                    if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)) content.Headers.TryAddWithoutValidation(name, value);
                    else forward.Headers.TryAddWithoutValidation(name, value);
                }
                if (req.HttpMethod != "GET" && req.HttpMethod != "HEAD") forward.Content = content;
                using var response = await _http.SendAsync(forward).ConfigureAwait(false);
                var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                ctx.Response.StatusCode = (int)response.StatusCode;
                foreach (var h in response.Headers.Concat(response.Content.Headers))
                {
                    if (h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                        || h.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
                    ctx.Response.Headers[h.Key] = string.Join(",", h.Value);
                }
                ctx.Response.ContentLength64 = bytes.Length;
                await ctx.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                ctx.Response.Close();
            }
            catch (Exception)
            {
                try { ctx.Response.Abort(); } catch (Exception) { }
            }
        }

        private static async Task Reply(HttpListenerContext ctx, int status, string contentType, string body)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            ctx.Response.StatusCode = status;
            ctx.Response.ContentType = contentType;
            ctx.Response.ContentLength64 = bytes.Length;
            await ctx.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
            ctx.Response.Close();
        }

        public void Dispose()
        {
            try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
            _http.Dispose();
        }
    }

    /// <summary>
    /// A tiny local HTTP server with one handler (container credentials endpoint, SSO portal); records each request.
    /// </summary>
    public sealed class LocalHttpServer : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly Func<HttpListenerRequest, (int Status, string Body)> _handler;
        private readonly ConcurrentQueue<(string Method, string PathAndQuery, Dictionary<string, string> Headers)> _seen =
            new ConcurrentQueue<(string, string, Dictionary<string, string>)>();

        public LocalHttpServer(Func<HttpListenerRequest, (int Status, string Body)> handler)
        {
            _handler = handler;
            Port = MotoServer.FreePort();
            Url = "http://127.0.0.1:" + Port;
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            Task.Run(Loop);
        }

        public int Port { get; }
        public string Url { get; }
        public IReadOnlyList<(string Method, string PathAndQuery, Dictionary<string, string> Headers)> Seen => _seen.ToList();

        private async Task Loop()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try { ctx = await _listener.GetContextAsync().ConfigureAwait(false); }
                catch (Exception) { return; }
                try
                {
                    var headers = ctx.Request.Headers.AllKeys.Where(k => k != null).ToDictionary(k => k!, k => ctx.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
                    _seen.Enqueue((ctx.Request.HttpMethod, ctx.Request.Url!.PathAndQuery, headers));
                    var (status, body) = _handler(ctx.Request);
                    var bytes = Encoding.UTF8.GetBytes(body);
                    ctx.Response.StatusCode = status;
                    ctx.Response.ContentType = "application/json";
                    ctx.Response.ContentLength64 = bytes.Length;
                    await ctx.Response.OutputStream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                    ctx.Response.Close();
                }
                catch (Exception)
                {
                    try { ctx.Response.Abort(); } catch (Exception) { }
                }
            }
        }

        public void Dispose()
        {
            try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
        }
    }

    /// <summary>Resolving and calling through the real engine (no fakes): the code path every cmdlet takes.</summary>
    internal static class Engine
    {
        public static EcsSession Resolve(SessionRequest request, CollectingSink? sink = null)
            => new EcsEngine().ResolveSession(request, (sink ?? new CollectingSink()).Context());

        /// <summary>ECS ListClusters through SessionAwsApi (the engine's production IAwsApi): a real signed call.</summary>
        public static ListClustersResponse ListClusters(EcsSession session)
            => new SessionAwsApi(session, new CollectingSink().Context())
                .CallAsync(EcsApi.ListClusters, new ListClustersRequest(), CancellationToken.None).GetAwaiter().GetResult();

        public static string NewId(string prefix) => prefix + Guid.NewGuid().ToString("N").Substring(0, 8);
    }
}
