using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>
    /// The agent's half of the KMS key exchange (spec §6.4): KMS Decrypt of the client's CiphertextBlob with the context
    /// {aws:ssm:SessionId, aws:ssm:TargetId}, the 64-byte key split (first half: agent → client, second: client → agent),
    /// then the encryption challenge: 64 random bytes encrypted with the agent's half must come back encrypted with the
    /// client's half. Output is encrypted from then on, and stdin decrypted.
    /// </summary>
    internal static class KmsHandshake
    {
        static readonly HttpClient Http = new HttpClient();

        public static async Task<string?> RunAsync(AgentConnection agent, HandshakeResponse answer, string challenge, CancellationToken ct)
        {
            string? blob = null;
            foreach (var a in answer.ProcessedClientActions)
                if (a.ActionType == HandshakeActions.KmsEncryption) blob = a.KmsCipherTextKey;
            if (string.IsNullOrEmpty(blob)) return "KMSEncryption failed on agent: the client sent no KMSCipherTextKey.";
            var endpoint = agent.Options.KmsEndpoint ?? agent.Options.Upstream;
            if (endpoint == null) return "KMSEncryption failed on agent: no KMS endpoint is configured on the exec test server.";

            byte[] key;
            try { key = await DecryptAsync(endpoint, agent.Options.Region, Convert.FromBase64String(blob!), agent.Session.SessionId, agent.Session.TargetId, ct); }
            catch (Exception ex) when (ex is HttpRequestException || ex is InvalidOperationException || ex is FormatException || ex is JsonException)
            {
                return "KMSEncryption failed on agent: " + ex.Message;
            }
            if (key.Length != SessionCipher.KeyLength) return $"KMSEncryption failed on agent: the data key has {key.Length} bytes, not 64.";
            var cipher = new SessionCipher(key);
            Array.Clear(key);

            var secret = RandomNumberGenerator.GetBytes(64);
            var request = Encoding.UTF8.GetBytes("{\"Challenge\":\"" + Convert.ToBase64String(cipher.EncryptFromAgent(secret)) + "\"}");
            await agent.SendHandshakeMessageAsync(PayloadType.EncChallengeRequest, request, ct);
            var reply = await agent.ChallengeAnswer.WaitAsync(TimeSpan.FromSeconds(15), ct);
            try
            {
                using var doc = JsonDocument.Parse(reply);
                var back = cipher.DecryptFromClient(Convert.FromBase64String(doc.RootElement.GetProperty("Challenge").GetString() ?? ""));
                if (!CryptographicOperations.FixedTimeEquals(back, secret)) return "KMSEncryption failed on agent: the encryption challenge response does not match.";
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException || ex is CryptographicException || ex is KeyNotFoundException || ex is InvalidOperationException)
            {
                return "KMSEncryption failed on agent: bad encryption challenge response: " + ex.Message;
            }
            agent.Cipher = cipher;
            agent.Session.Encrypted = true;
            return null;
        }

        /// <summary>KMS Decrypt over awsJson1.1 (moto accepts any signature; the region comes from the credential scope).</summary>
        static async Task<byte[]> DecryptAsync(Uri endpoint, string region, byte[] blob, string sessionId, string targetId, CancellationToken ct)
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
            {
                ["CiphertextBlob"] = Convert.ToBase64String(blob),
                ["EncryptionContext"] = new Dictionary<string, string> { ["aws:ssm:SessionId"] = sessionId, ["aws:ssm:TargetId"] = targetId },
            });
            using var req = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
            req.Content.Headers.TryAddWithoutValidation("Content-Type", "application/x-amz-json-1.1");
            req.Headers.TryAddWithoutValidation("X-Amz-Target", "TrentService.Decrypt");
            req.Headers.TryAddWithoutValidation("Authorization", $"AWS4-HMAC-SHA256 Credential=AKIDEXECTESTSERVER/20250101/{region}/kms/aws4_request, SignedHeaders=host, Signature=0");
            using var resp = await Http.SendAsync(req, ct);
            var text = await resp.Content.ReadAsStringAsync(ct);
            if (!resp.IsSuccessStatusCode) throw new InvalidOperationException($"KMS Decrypt failed ({(int)resp.StatusCode}): {text}");
            using var doc = JsonDocument.Parse(text);
            return Convert.FromBase64String(doc.RootElement.GetProperty("Plaintext").GetString() ?? "");
        }
    }
}
