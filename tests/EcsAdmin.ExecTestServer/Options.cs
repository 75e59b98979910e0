using System;
using System.Collections.Concurrent;
using System.Threading;
using EcsAdmin.Exec;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>Fault injection for one session (agent-side behaviour). Defaults: a well-behaved agent.</summary>
    public sealed class ExecFaults
    {
        /// <summary>Send every output message twice.</summary>
        public bool DuplicateOutput { get; set; }
        /// <summary>Swap each pair of output messages (#1 before #0, #3 before #2, …).</summary>
        public bool ReorderOutput { get; set; }
        /// <summary>Skip the first transmission of every Nth output message (0 = never); the retransmit timer recovers it.</summary>
        public int DropOutputEvery { get; set; }
        /// <summary>Send output #1 first with a corrupt digest (the client must not ack it; it is retransmitted).</summary>
        public bool CorruptDigestOnce { get; set; }
        /// <summary>End with a service-style channel_closed: HeaderLength 112, NUL-padded type, no PayloadType field.</summary>
        public bool ShortHeaderChannelClosed { get; set; }
        /// <summary>Abort the WebSocket (no close frame, no channel_closed) after this many output messages (0 = never).</summary>
        public int DropSocketAfterMessages { get; set; }
        /// <summary>Delay before each output message (a slow agent).</summary>
        public TimeSpan AgentDelay { get; set; }
        /// <summary>Close the channel (channel_closed, empty Output) right after the token check, before any output.</summary>
        public bool ExitBeforeOutput { get; set; }
        /// <summary>Send pause_publication (one malformed, HL 0) before the agent starts, then start_publication after 300 ms.</summary>
        public bool PausePublication { get; set; }
        /// <summary>Run a SessionType handshake (NonInteractiveCommands-style) before any output.</summary>
        public bool Handshake { get; set; }
        /// <summary>Ask for KMS encryption in the handshake; the session fails when the client refuses.</summary>
        public string? KmsKeyId { get; set; }
        /// <summary>Do not ack (nor process) the first N input messages received: the agent's "handler not ready" window.</summary>
        public int IgnoreFirstInputs { get; set; }
        /// <summary>Kept for compatibility: output always comes from a pty now, whose onlcr turns \n into \r\n.</summary>
        public bool TranslateNewlines { get; set; }
        /// <summary>Send an unknown message type and an unknown payload type before the output.</summary>
        public bool SendUnknownMessages { get; set; }
        /// <summary>A directory that stands for the container image: the command runs chrooted there (needs root), and
        /// argv[0] is looked up inside it, so an image without /bin/sh fails the way the agent does.</summary>
        public string? ImageRoot { get; set; }
        /// <summary>The command's PATH, for a session on this machine (no <see cref="ImageRoot"/>): a folder holding some of
        /// the machine's tools stands for an image that lacks the others (BusyBox runs some applets without their links).</summary>
        public string? SearchPath { get; set; }
        /// <summary>The agent version announced in handshakes; at or below 3.0.196.0 a port session is basic (one connection
        /// at a time), as agents before multiplexing.</summary>
        public string AgentVersion { get; set; } = "3.3.987.0";

        public ExecFaults Clone() => (ExecFaults)MemberwiseClone();

        public override string ToString() =>
            $"dup={DuplicateOutput} reorder={ReorderOutput} dropEvery={DropOutputEvery} corrupt={CorruptDigestOnce} shortClose={ShortHeaderChannelClosed} " +
            $"dropSocketAfter={DropSocketAfterMessages} delay={AgentDelay.TotalMilliseconds}ms exitBeforeOutput={ExitBeforeOutput} pause={PausePublication} " +
            $"handshake={Handshake} kms={(KmsKeyId != null)} ignoreInputs={IgnoreFirstInputs} crlf={TranslateNewlines} unknown={SendUnknownMessages} image={ImageRoot}";
    }

    public sealed class ExecTestServerOptions
    {
        /// <summary>0 picks a free port.</summary>
        public int Port { get; set; }
        /// <summary>Where other X-Amz-Target calls are forwarded (e.g. moto: http://127.0.0.1:5000); null answers them with 400.</summary>
        public Uri? Upstream { get; set; }
        /// <summary>Faults for sessions created through ExecuteCommand (CreateSession can override per session).</summary>
        public ExecFaults Faults { get; set; } = new ExecFaults();
        /// <summary>Resend unacknowledged output older than this.</summary>
        public TimeSpan RetransmitTimeout { get; set; } = TimeSpan.FromMilliseconds(200);
        /// <summary>After the process exits, wait at most this long for outstanding acks (the real agent: 2 s).</summary>
        public TimeSpan FlushTimeout { get; set; } = TimeSpan.FromSeconds(2);
        /// <summary>How long a session whose WebSocket dropped keeps its process and output for a ResumeSession
        /// (ECS: 20 minutes idle timeout; shorter here so abandoned test sessions end).</summary>
        public TimeSpan DetachedTimeout { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>KMS endpoint (awsJson1.1, e.g. moto) the agent side calls Decrypt on for KMS-encrypted sessions;
        /// null uses <see cref="Upstream"/>.</summary>
        public Uri? KmsEndpoint { get; set; }
        public string Region { get; set; } = "us-east-1";
        public string AccountId { get; set; } = "123456789012";
        /// <summary>Container name → PATH (<see cref="ExecFaults.SearchPath"/>) for sessions made by ExecuteCommand.</summary>
        public System.Collections.Generic.Dictionary<string, string> SearchPaths { get; } = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
        /// <summary>Container name → image root (<see cref="ExecFaults.ImageRoot"/>) for sessions made by ExecuteCommand.</summary>
        public System.Collections.Generic.Dictionary<string, string> Images { get; } = new System.Collections.Generic.Dictionary<string, string>(StringComparer.Ordinal);
    }

    /// <summary>Counters for assertions; one instance for the server and one per session.</summary>
    public sealed class ExecServerStats
    {
        /// <summary>Why the pty reader of the session's command stopped reading (null while it reads).</summary>
        public string? PtyReaderEnded { get; set; }
        internal int sessionsCreated, connections, tokenRejections, outputSent, retransmits, duplicatesSent, droppedOnPurpose,
            acksReceived, inputReceived, duplicateInputs, socketsDropped, channelsClosed, interrupts, resumes, sessionStates,
            discardedInputs, flags, muxStreams;
        /// <summary>Port sessions: streams the client opened (SYN frames).</summary>
        public int MuxStreams => Volatile.Read(ref muxStreams);
        /// <summary>Port sessions: Flag values received, in order.</summary>
        public ConcurrentQueue<uint> Flags { get; } = new ConcurrentQueue<uint>();
        public int SessionsCreated => Volatile.Read(ref sessionsCreated);
        public int Connections => Volatile.Read(ref connections);
        public int TokenRejections => Volatile.Read(ref tokenRejections);
        /// <summary>Output messages (first transmissions; handshake messages included).</summary>
        public int MessagesSent => Volatile.Read(ref outputSent);
        public int Retransmits => Volatile.Read(ref retransmits);
        public int DuplicatesSent => Volatile.Read(ref duplicatesSent);
        public int DroppedOnPurpose => Volatile.Read(ref droppedOnPurpose);
        public int AcksReceived => Volatile.Read(ref acksReceived);
        public int InputMessagesReceived => Volatile.Read(ref inputReceived);
        public int DuplicateInputs => Volatile.Read(ref duplicateInputs);
        public int SocketsDropped => Volatile.Read(ref socketsDropped);
        public int ChannelsClosed => Volatile.Read(ref channelsClosed);
        /// <summary>Ctrl+C bytes typed (the pty turns each into SIGINT for the foreground process group).</summary>
        public int Interrupts => Volatile.Read(ref interrupts);
        /// <summary>Connections that re-attached to a running session (after SSM ResumeSession).</summary>
        public int Resumes => Volatile.Read(ref resumes);
        /// <summary>agent_session_state messages sent.</summary>
        public int SessionStateMessages => Volatile.Read(ref sessionStates);
        /// <summary>Input acked and discarded because the handshake had not completed.</summary>
        public int DiscardedInputs => Volatile.Read(ref discardedInputs);
        /// <summary>Flag messages (acked, ignored by the shell plugins).</summary>
        public int FlagMessages => Volatile.Read(ref flags);
        public ConcurrentQueue<string> SessionStates { get; } = new ConcurrentQueue<string>();
        /// <summary>Exceptions inside the server (a bug in the server, not the client).</summary>
        public ConcurrentQueue<string> ServerErrors { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<HandshakeResponse> HandshakeResponses { get; } = new ConcurrentQueue<HandshakeResponse>();
        /// <summary>Keystroke payloads as the pty received them (decrypted): the first <see cref="InputKeptBytes"/> bytes of
        /// them, so a bulk copy does not keep all it typed.</summary>
        public ConcurrentQueue<byte[]> Input { get; } = new ConcurrentQueue<byte[]>();
        public const int InputKeptBytes = 1024 * 1024;
        internal long inputKept;
        public ConcurrentQueue<string> TerminatedSessions { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<TerminalSize> SizeMessages { get; } = new ConcurrentQueue<TerminalSize>();
        /// <summary>Client frames that break the spec's rules (§11.1 assertions).</summary>
        public ConcurrentQueue<string> ProtocolViolations { get; } = new ConcurrentQueue<string>();
        public ConcurrentQueue<string> ProxiedTargets { get; } = new ConcurrentQueue<string>();

        public override string ToString() =>
            $"sessions={SessionsCreated} connections={Connections} sent={MessagesSent} retransmits={Retransmits} dupSent={DuplicatesSent} dropped={DroppedOnPurpose} " +
            $"acks={AcksReceived} input={InputMessagesReceived} dupInput={DuplicateInputs} socketDrops={SocketsDropped} closed={ChannelsClosed} " +
            $"violations={ProtocolViolations.Count} terminated={TerminatedSessions.Count}";
    }

    /// <summary>A session the server knows (created by ExecuteCommand or CreateSession). The token is not in ToString.</summary>
    public sealed class ExecTestSession
    {
        internal ExecTestSession(string sessionId, string token, string command, bool interactive, ExecFaults faults, Uri streamUrl)
        {
            SessionId = sessionId; TokenValue = token; Command = command; Interactive = interactive; Faults = faults; StreamUrl = streamUrl;
        }
        public string SessionId { get; }
        /// <summary>The current token; SSM ResumeSession replaces it.</summary>
        public string TokenValue { get; internal set; }
        /// <summary>The KMS encryption context's aws:ssm:TargetId (ecs:&lt;cluster&gt;_&lt;taskId&gt;_&lt;runtimeId&gt;).</summary>
        public string TargetId { get; set; } = "";
        /// <summary>The argv the agent ran (after shell-word splitting); null before the process started.</summary>
        public System.Collections.Generic.IReadOnlyList<string>? Argv { get; internal set; }
        /// <summary>True once a KMS handshake succeeded: output is encrypted, input decrypted.</summary>
        public bool Encrypted { get; internal set; }
        /// <summary>The raw wait status of the process when it was reaped, else null (never sent to the client).</summary>
        public int? ExitStatus { get; internal set; }
        public string Command { get; }
        public bool Interactive { get; }
        /// <summary>SSM StartSession's document for port sessions; null for exec sessions.</summary>
        public string? DocumentName { get; internal set; }
        /// <summary>Port sessions: the destination port and host (null host: the task itself, localhost here).</summary>
        public string? PortNumber { get; internal set; }
        public string? PortHost { get; internal set; }
        /// <summary>SSM StartSession's Target.</summary>
        public string? Target { get; internal set; }
        public bool IsPort => DocumentName != null;
        /// <summary>Port sessions: whether the agent side ran the multiplexed plugin (null before the handshake).</summary>
        public bool? Multiplexed { get; internal set; }
        public ExecFaults Faults { get; }
        public Uri StreamUrl { get; }
        public ExecServerStats Stats { get; } = new ExecServerStats();
        public bool Terminated { get; internal set; }
        internal volatile AgentConnection? Live;
        internal readonly object Gate = new object();
        public ExecConnection ToConnection() => new ExecConnection(StreamUrl, TokenValue, SessionId);
        public override string ToString() => $"ExecTestSession {SessionId} TokenValue=***";
    }
}
