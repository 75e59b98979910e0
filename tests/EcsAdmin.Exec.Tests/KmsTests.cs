using System;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    /// <summary>moto_server (for its KMS) and an exec test server whose agent side decrypts data keys there.</summary>
    public sealed class KmsFixture : IAsyncLifetime
    {
        public Uri MotoUrl { get; private set; } = null!;
        public string KeyArn { get; private set; } = "";
        public ExecTestServer.ExecTestServer Server { get; private set; } = null!;
        static readonly HttpClient Http = new HttpClient();

        public async Task InitializeAsync()
        {
            // The EcsAdmin.Tests fixture's moto (one source): started and awaited there, stopped when this process exits.
            MotoUrl = new Uri(new MotoServer().Url + "/");
            using var created = await KmsAsync(MotoUrl, "CreateKey", new { Description = "exec sessions" });
            KeyArn = created.RootElement.GetProperty("KeyMetadata").GetProperty("Arn").GetString()!;
            Server = await ExecTestServer.ExecTestServer.StartAsync(new ExecTestServerOptions { KmsEndpoint = MotoUrl });
        }

        public static async Task<JsonDocument> KmsAsync(Uri endpoint, string operation, object body)
        {
            using var req = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body)) };
            req.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
            req.Headers.TryAddWithoutValidation("X-Amz-Target", "TrentService." + operation);
            req.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/kms/aws4_request, SignedHeaders=host, Signature=0");
            using var resp = await Http.SendAsync(req);
            var text = await resp.Content.ReadAsStringAsync();
            if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"KMS {operation}: {(int)resp.StatusCode} {text}");
            return JsonDocument.Parse(text);
        }

        /// <summary>What the engine does through its wire layer: KMS GenerateDataKey with the context the agent expects.</summary>
        public Func<KmsDataKeyRequest, CancellationToken, Task<KmsDataKey>> Provider(Action<KmsDataKeyRequest>? seen = null) => async (request, ct) =>
        {
            seen?.Invoke(request);
            using var doc = await KmsAsync(MotoUrl, "GenerateDataKey", new { KeyId = request.KeyId, NumberOfBytes = request.NumberOfBytes, EncryptionContext = request.EncryptionContext });
            return new KmsDataKey(Convert.FromBase64String(doc.RootElement.GetProperty("Plaintext").GetString()!),
                Convert.FromBase64String(doc.RootElement.GetProperty("CiphertextBlob").GetString()!));
        };

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
        }
    }

    public class KmsTests : IClassFixture<KmsFixture>
    {
        readonly KmsFixture _kms;
        public KmsTests(KmsFixture f) => _kms = f;

        [Theory]
        [InlineData(0)]
        [InlineData(1)]
        [InlineData(16)]
        [InlineData(1000)]
        public void OurGcmMatchesThePlatformsAesGcm(int length)
        {
            var key = RandomNumberGenerator.GetBytes(64);
            var plain = RandomNumberGenerator.GetBytes(length);
            using var ours = new SessionCipher(key);
            var sealedByUs = ours.EncryptFromClient(plain);
            using var platform = new AesGcm(key.AsSpan(32, 32), 16);
            var nonce = sealedByUs.AsSpan(0, 12);
            var opened = new byte[length];
            platform.Decrypt(nonce, sealedByUs.AsSpan(12, length), sealedByUs.AsSpan(12 + length, 16), opened);
            Assert.Equal(plain, opened);

            var n2 = RandomNumberGenerator.GetBytes(12);
            var c2 = new byte[length];
            var t2 = new byte[16];
            using var agentSide = new AesGcm(key.AsSpan(0, 32), 16);
            agentSide.Encrypt(n2, plain, c2, t2);
            var wire = new byte[12 + length + 16];
            n2.CopyTo(wire, 0); c2.CopyTo(wire, 12); t2.CopyTo(wire, 12 + length);
            Assert.Equal(plain, ours.DecryptFromAgent(wire));
            wire[^1] ^= 1;
            Assert.ThrowsAny<CryptographicException>(() => ours.DecryptFromAgent(wire));
        }

        ExecTestSession NewSession(string command, string targetId = "ecs:demo_0123abcd_rt-1")
        {
            var session = _kms.Server.CreateSession(command, faults: new ExecFaults { KmsKeyId = _kms.KeyArn });
            session.TargetId = targetId;
            return session;
        }

        [Fact]
        public async Task AKmsSessionRoundTripsOutputAndExitCodeThroughMotosKms()
        {
            var marker = ExecCommandWrapper.NewMarker();
            var session = NewSession(ExecCommandWrapper.Wrap("echo secret-$((6*7)); printf 'é\\n'; exit 9", marker));
            KmsDataKeyRequest? asked = null;
            var options = new ExecRunOptions { Channel = new ExecChannelOptions { KmsDataKeyProvider = _kms.Provider(r => asked = r), KmsTargetId = "ecs:demo_0123abcd_rt-1" } };
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var o = await ExecSession.RunCommandAsync(session.ToConnection(), session.Command, options, cts.Token);
            Assert.Equal("secret-42\né\n", Encoding.UTF8.GetString(o.Output));
            Assert.Equal(9, o.ExitCode);
            Assert.True(session.Encrypted);
            Assert.Equal(_kms.KeyArn, asked!.KeyId);
            Assert.Equal(64, asked.NumberOfBytes);
            Assert.Equal(session.SessionId, asked.EncryptionContext["aws:ssm:SessionId"]);
            Assert.Equal("ecs:demo_0123abcd_rt-1", asked.EncryptionContext["aws:ssm:TargetId"]);
            Assert.Empty(session.Stats.ProtocolViolations);
        }

        [Fact]
        public async Task AKmsSessionCarriesKeystrokesAndPrintsTheCustomerMessage()
        {
            var session = NewSession("env PS1=$\\  /bin/sh");
            var term = new FakeTerminal();
            var options = new ExecInteractiveOptions { Channel = new ExecChannelOptions { KmsDataKeyProvider = _kms.Provider(), KmsTargetId = "ecs:demo_0123abcd_rt-1" } };
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var run = ExecSession.RunInteractiveAsync(session.ToConnection(), term, options, cts.Token);
            await term.WaitForOutput("$ ");
            term.Type("echo typed-$((2*21))\r");
            await term.WaitForOutput("typed-42\r\n");
            term.Type("exit\r");
            await run;
            Assert.Contains("This session is encrypted using AWS KMS.", term.Output);
            Assert.Contains(session.Stats.Input, b => Encoding.ASCII.GetString(b).Contains("echo typed")); // decrypted by the agent side
        }

        [Fact]
        public async Task TheAgentRefusesAKeyMadeForAnotherTarget()
        {
            // KMS Decrypt on the agent side fails: the encryption context names another container.
            var session = NewSession(ExecCommandWrapper.Wrap("echo hi", ExecCommandWrapper.NewMarker()), targetId: "ecs:demo_0123abcd_other");
            var options = new ExecRunOptions { Channel = new ExecChannelOptions { KmsDataKeyProvider = _kms.Provider(), KmsTargetId = "ecs:demo_0123abcd_rt-1" } };
            var ex = await Assert.ThrowsAsync<ExecSessionException>(() => ExecSession.RunCommandAsync(session.ToConnection(), session.Command, options, new CancellationTokenSource(Exec.TestTimeout).Token));
            Assert.Contains("KMSEncryption failed on agent", ex.Message);
            Assert.False(session.Encrypted);
        }

        [Fact]
        public async Task AFailingGenerateDataKeyIsReportedWithKmssMessage()
        {
            var session = NewSession(ExecCommandWrapper.Wrap("echo hi", ExecCommandWrapper.NewMarker()));
            var options = new ExecRunOptions { Channel = new ExecChannelOptions { KmsDataKeyProvider = (_, _) => throw new InvalidOperationException("AccessDeniedException: not allowed to use the key"), KmsTargetId = "x" } };
            var ex = await Assert.ThrowsAsync<ExecSessionException>(() => ExecSession.RunCommandAsync(session.ToConnection(), session.Command, options, new CancellationTokenSource(Exec.TestTimeout).Token));
            Assert.Contains("AccessDeniedException: not allowed to use the key", ex.Message);
            Assert.Contains(session.Stats.HandshakeResponses, r => r.ProcessedClientActions.Exists(a => a.ActionType == HandshakeActions.KmsEncryption && a.ActionStatus == HandshakeActions.StatusFailed));
        }
    }
}
