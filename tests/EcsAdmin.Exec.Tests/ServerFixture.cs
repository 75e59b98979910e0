using System;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    /// <summary>One exec test server per test class; faults are chosen per session.</summary>
    public sealed class ServerFixture : IAsyncLifetime
    {
        public ExecTestServer.ExecTestServer Server { get; private set; } = null!;
        public async Task InitializeAsync() => Server = await ExecTestServer.ExecTestServer.StartAsync();
        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    /// <summary>A server whose agent waits long for acks after the process ends: the agent resends only its oldest
    /// unacknowledged message per 100 ms tick, so recovering many deliberately dropped messages outlasts the real 2 s.</summary>
    public sealed class PatientServerFixture : IAsyncLifetime
    {
        public ExecTestServer.ExecTestServer Server { get; private set; } = null!;
        public async Task InitializeAsync() => Server = await ExecTestServer.ExecTestServer.StartAsync(new ExecTestServerOptions { FlushTimeout = TimeSpan.FromSeconds(60) });
        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    internal static class Exec
    {
        public static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(60);

        /// <summary>Wraps the user command as the engine will, registers the session, runs it under a hard test timeout.</summary>
        public static async Task<(ExecOutcome Outcome, ExecTestSession Session)> RunAsync(ExecTestServer.ExecTestServer server, string userCommand,
            ExecFaults? faults = null, ExecRunOptions? options = null)
        {
            var marker = ExecCommandWrapper.NewMarker();
            var session = server.CreateSession(ExecCommandWrapper.Wrap(userCommand, marker), faults: faults ?? new ExecFaults());
            using var cts = new CancellationTokenSource(TestTimeout);
            var outcome = await ExecSession.RunCommandAsync(session.ToConnection(), session.Command, options ?? new ExecRunOptions(), cts.Token);
            return (outcome, session);
        }

        /// <summary>The same command run locally with /bin/sh -c: stdout+stderr bytes and exit code.</summary>
        public static (byte[] Output, int ExitCode) RunLocal(string command)
        {
            var psi = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("exec 2>&1\n" + command);
            using var p = Process.Start(psi)!;
            using var ms = new System.IO.MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            p.WaitForExit();
            return (ms.ToArray(), p.ExitCode);
        }

        public static string Sha(byte[] b) => Convert.ToHexString(SHA256.HashData(b));

        /// <summary>Polls until the condition holds; the token (a test timeout) ends a wait that never comes.</summary>
        public static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
        {
            while (!condition()) await Task.Delay(20, ct);
        }
    }
}
