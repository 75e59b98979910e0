using System;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdmin.Exec
{
    /// <summary>The session returned by ECS ExecuteCommand. <see cref="TokenValue"/> is a secret: it is sent only in the
    /// OpenDataChannel frame and never appears in <see cref="ToString"/>, logs or exception messages.</summary>
    public sealed class ExecConnection
    {
        public ExecConnection(Uri streamUrl, string tokenValue, string sessionId)
        {
            StreamUrl = streamUrl ?? throw new ArgumentNullException(nameof(streamUrl));
            TokenValue = tokenValue ?? throw new ArgumentNullException(nameof(tokenValue));
            SessionId = sessionId ?? throw new ArgumentNullException(nameof(sessionId));
            if (streamUrl.Scheme != "wss" && streamUrl.Scheme != "ws")
                throw new ArgumentException("The stream URL must be a ws:// or wss:// URL.", nameof(streamUrl));
        }

        public Uri StreamUrl { get; }
        public string TokenValue { get; }
        public string SessionId { get; }

        public override string ToString() => $"ExecConnection SessionId={SessionId} StreamUrl={StreamUrl} TokenValue=***";
    }

    /// <summary>Result of <see cref="ExecSession.RunCommandAsync"/>.</summary>
    public sealed class ExecOutcome
    {
        /// <summary>Exit code from the wrapper's end marker (or a PayloadType 12 message); null when unknown.</summary>
        public int? ExitCode { get; set; }
        /// <summary>Command output (stdout and stderr merged, as the remote pty delivers it), wrapper marker removed.</summary>
        public byte[] Output { get; set; } = Array.Empty<byte>();
        /// <summary>From the start of the call to the first output byte (or to the end when there was no output).</summary>
        public TimeSpan TimeToFirstOutput { get; set; }
        public DateTime StartedUtc { get; set; }
        public TimeSpan Duration { get; set; }
        public string SessionId { get; set; } = "";
        /// <summary>The non-empty Output text of the service's channel_closed message (an agent-side error), or null.</summary>
        public string? CloseReason { get; set; }
        /// <summary>True when the end marker was found in the output.</summary>
        public bool MarkerFound { get; set; }

        public override string ToString() =>
            $"ExecOutcome SessionId={SessionId} ExitCode={(ExitCode?.ToString() ?? "unknown")} Output={Output.Length}B Duration={Duration.TotalMilliseconds:0}ms";
    }

    /// <summary>Options of <see cref="ExecSession.RunCommandAsync"/>.</summary>
    public sealed class ExecRunOptions
    {
        /// <summary>The end marker given to <see cref="ExecCommandWrapper.Wrap"/>. When null it is recovered from the command
        /// passed to RunCommandAsync if that command was produced by Wrap; otherwise no exit code is extracted.</summary>
        public string? Marker { get; set; }
        /// <summary>Overall time limit; null for none. Expiry ends the session and throws <see cref="ExecTimeoutException"/>.</summary>
        public TimeSpan? Timeout { get; set; }
        /// <summary>Width sent in one Size message once the channel is ready (programs format to the pty width). 0 sends none.</summary>
        public int TerminalColumns { get; set; } = 500;
        public int TerminalRows { get; set; } = 100;
        /// <summary>Undo the remote pty's onlcr (every LF arrives as CRLF) in <see cref="ExecOutcome.Output"/>, so the output
        /// is the bytes the command wrote (default). False keeps the terminal bytes.</summary>
        public bool NormalizeLineEndings { get; set; } = true;
        /// <summary>Output beyond this many bytes ends the session with <see cref="ExecSessionException"/>.</summary>
        public long MaxOutputBytes { get; set; } = 256L * 1024 * 1024;
        /// <summary>Called with every in-order output chunk as it arrives (e.g. for streaming to the pipeline).</summary>
        public Action<byte[]>? OnOutput { get; set; }
        /// <summary>Bytes typed into the remote terminal once <see cref="InputReadyMarker"/> appears in the output (the
        /// command says it reads now), in ≤1024-byte messages under the channel's flow control, followed by
        /// <see cref="EndOfInput"/>. The terminal's line discipline applies: send text lines (e.g. base64), not binary, unless the command first puts the
        /// terminal in raw mode (<c>stty raw -echo -opost</c>; then set <see cref="EndOfInput"/> to null).</summary>
        public byte[]? Input { get; set; }
        /// <summary>ASCII text in the output after which <see cref="Input"/> is sent.</summary>
        public string? InputReadyMarker { get; set; }
        /// <summary>Typed after <see cref="Input"/>: Ctrl+D (end of file at the start of a line) by default; null for none.</summary>
        public byte[]? EndOfInput { get; set; } = new byte[] { 0x04 };
        /// <summary>Called with the number of input bytes sent so far (for progress).</summary>
        public Action<long>? OnInputProgress { get; set; }
        public ExecChannelOptions Channel { get; set; } = new ExecChannelOptions();
    }

    /// <summary>Options of <see cref="ExecSession.RunInteractiveAsync(ExecConnection, IExecTerminal, ExecInteractiveOptions, CancellationToken)"/>.</summary>
    public sealed class ExecInteractiveOptions
    {
        /// <summary>The local escape character: at the start of a line, followed by '.', it leaves the session
        /// (ssh's <c>~.</c>). Null turns the escape off.</summary>
        public char? EscapeCharacter { get; set; } = '~';
        public ExecChannelOptions Channel { get; set; } = new ExecChannelOptions();
    }

    /// <summary>How an interactive session ended.</summary>
    public sealed class ExecInteractiveOutcome
    {
        public ExecInteractiveOutcome(int? exitCode, bool leftByEscape, string? closeReason)
        {
            ExitCode = exitCode; LeftByEscape = leftByEscape; CloseReason = string.IsNullOrEmpty(closeReason) ? null : closeReason;
        }
        /// <summary>Reported only by agents that send PayloadType 12 (never ECS pty sessions).</summary>
        public int? ExitCode { get; }
        /// <summary>The user typed the escape sequence; the remote process may still run (call SSM TerminateSession).</summary>
        public bool LeftByEscape { get; }
        /// <summary>The service's channel_closed Output (an agent-side error), or null.</summary>
        public string? CloseReason { get; }
    }

    /// <summary>Tuning of the reliability layer and the WebSocket.</summary>
    public sealed class ExecChannelOptions
    {
        public string ClientVersion { get; set; } = "1.2.650.0";
        /// <summary>Reused across reconnects of one session; a new random id by default.</summary>
        public string ClientId { get; set; } = Guid.NewGuid().ToString("D");
        public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>How long a keep-alive PING may go unanswered before the socket is aborted (.NET 9+); null: twice the
        /// interval. Infinite when the receive loop may pause on purpose (a port session's back-pressure): the answer
        /// is read only when the loop reads.</summary>
        public TimeSpan? KeepAliveTimeout { get; set; }
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
        public TimeSpan RetransmitTick { get; set; } = TimeSpan.FromMilliseconds(100);
        public TimeSpan InitialRto { get; set; } = TimeSpan.FromMilliseconds(200);
        public TimeSpan MaxRto { get; set; } = TimeSpan.FromSeconds(1);
        /// <summary>An input message still unacknowledged this long after its first send fails the channel.</summary>
        public TimeSpan RetransmitGiveUp { get; set; } = TimeSpan.FromMinutes(5);
        /// <summary>After channel_closed, how long to wait for retransmits that fill gaps in the output.</summary>
        public TimeSpan CloseGracePeriod { get; set; } = TimeSpan.FromMilliseconds(500);
        /// <summary>Maximum number of early (out-of-order) output messages held; later ones are not acked.</summary>
        public int ReorderCapacity { get; set; } = 10000;
        /// <summary>Diagnostic trace; never receives the token.</summary>
        public Action<string>? Trace { get; set; }
        /// <summary>KMS-encrypted sessions (spec §6.4): gets a 64-byte data key (KMS GenerateDataKey) for the key the agent
        /// names. Null refuses KMS encryption (the agent then fails the session).</summary>
        public Func<KmsDataKeyRequest, CancellationToken, Task<KmsDataKey>>? KmsDataKeyProvider { get; set; }
        /// <summary>The encryption context's aws:ssm:TargetId: for ECS <c>ecs:&lt;clusterName&gt;_&lt;taskId&gt;_&lt;containerRuntimeId&gt;</c>.</summary>
        public string? KmsTargetId { get; set; }
        /// <summary>A port-forwarding session: the handshake accepts only the <c>Port</c> session type (and no shell type),
        /// and Flag payloads from the agent reach the data callback.</summary>
        public bool PortSession { get; set; }
        /// <summary>Flow control: <see cref="ExecChannel.WaitForInputWindowAsync"/> waits while this many input messages are
        /// queued or unacknowledged (4 MB of 1024-byte messages by default, smux's receive buffer).</summary>
        public int MaxInputInFlight { get; set; } = 4096;
    }

    /// <summary>What to ask KMS GenerateDataKey for.</summary>
    public sealed class KmsDataKeyRequest
    {
        public string KeyId { get; set; } = "";
        public int NumberOfBytes { get; set; } = SessionCipher.KeyLength;
        public System.Collections.Generic.Dictionary<string, string> EncryptionContext { get; } = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>A KMS data key: the plaintext (a secret; cleared after use) and the CiphertextBlob sent to the agent.</summary>
    public sealed class KmsDataKey
    {
        public KmsDataKey(byte[] plaintext, byte[] ciphertextBlob) { Plaintext = plaintext; CiphertextBlob = ciphertextBlob; }
        public byte[] Plaintext { get; }
        public byte[] CiphertextBlob { get; }
        public override string ToString() => "KmsDataKey Plaintext=***";
    }

    /// <summary>Abstraction of the local console for <see cref="ExecSession.RunInteractiveAsync"/>.</summary>
    public interface IExecTerminal
    {
        /// <summary>Reads key bytes (UTF-8, control keys as bytes: Ctrl+C is 0x03, Enter is 0x0D). Returns 0 at end of input.
        /// Must honour the token.</summary>
        Task<int> ReadInputAsync(byte[] buffer, CancellationToken cancellationToken);
        /// <summary>Writes remote output bytes (raw terminal stream).</summary>
        void WriteOutput(byte[] data);
        /// <summary>Current window size, in character cells.</summary>
        TerminalSize GetWindowSize();
        /// <summary>Raised when the window size may have changed.</summary>
        event EventHandler? SizeChanged;
    }

    /// <summary>Base of the data-channel errors. Messages never contain the token.</summary>
    public class ExecException : Exception
    {
        public ExecException(string message) : base(message) { }
        public ExecException(string message, Exception? inner) : base(message, inner) { }
    }

    /// <summary>A frame or payload that breaks the protocol.</summary>
    public sealed class ExecProtocolException : ExecException
    {
        public ExecProtocolException(string message) : base(message) { }
        public ExecProtocolException(string message, Exception? inner) : base(message, inner) { }
    }

    /// <summary>The channel ended abnormally: socket dropped, connect failed, input never acknowledged, agent-side error.</summary>
    public sealed class ExecSessionException : ExecException
    {
        public ExecSessionException(string sessionId, string message, Exception? inner = null) : base(message, inner) { SessionId = sessionId; }
        public string SessionId { get; }
    }

    /// <summary>The agent could not start the command (the service's channel_closed says why): the program is not in
    /// the image, or the command line does not split. <see cref="ShellMissing"/> is true when what is missing is
    /// <c>/bin/sh</c>, which the command wrapper needs (<see cref="ExecCommandWrapper"/>).</summary>
    public sealed class ExecCommandNotStartedException : ExecException
    {
        public ExecCommandNotStartedException(string sessionId, string agentMessage)
            : base(Describe(sessionId, agentMessage))
        {
            SessionId = sessionId;
            AgentMessage = agentMessage;
            ShellMissing = agentMessage.IndexOf(ExecCommandWrapper.ShellPath + ":", StringComparison.Ordinal) >= 0
                || agentMessage.IndexOf("\"" + ExecCommandWrapper.ShellPath + "\"", StringComparison.Ordinal) >= 0;
        }

        public string SessionId { get; }
        public string AgentMessage { get; }
        public bool ShellMissing { get; }

        static string Describe(string sessionId, string agentMessage) =>
            $"The command did not start in exec session {sessionId}: {agentMessage}";
    }

    /// <summary>The run's own time limit (<see cref="ExecRunOptions.Timeout"/>) expired.</summary>
    public sealed class ExecTimeoutException : TimeoutException
    {
        public ExecTimeoutException(string sessionId, TimeSpan timeout)
            : base($"The exec session {sessionId} did not finish within {timeout.TotalSeconds:0.###} s.") { SessionId = sessionId; }
        public string SessionId { get; }
    }
}
