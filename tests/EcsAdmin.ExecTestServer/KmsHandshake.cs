using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>The agent's half of the KMS key exchange (spec §6.4).</summary>
    internal static class KmsHandshake
    {
        public static Task<string?> RunAsync(AgentConnection agent, HandshakeResponse answer, string challenge, CancellationToken ct) =>
            Task.FromResult<string?>("KMSEncryption failed on agent: no KMS endpoint is configured on the exec test server.");
    }
}
