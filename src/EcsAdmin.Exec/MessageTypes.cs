namespace EcsAdmin.Exec
{
    /// <summary>MessageType strings of the data channel (spec §4.1).</summary>
    public static class MessageTypes
    {
        public const string InputStreamData = "input_stream_data";
        public const string OutputStreamData = "output_stream_data";
        public const string Acknowledge = "acknowledge";
        public const string ChannelClosed = "channel_closed";
        public const string StartPublication = "start_publication";
        public const string PausePublication = "pause_publication";
        public const string AgentSessionState = "agent_session_state";

        internal static bool IsPublication(string type) => type == StartPublication || type == PausePublication;
    }

    /// <summary>PayloadType values (uint32 at offset 112, spec §4.2).</summary>
    public enum PayloadType : uint
    {
        None = 0,
        Output = 1,
        Error = 2,
        Size = 3,
        Parameter = 4,
        HandshakeRequest = 5,
        HandshakeResponse = 6,
        HandshakeComplete = 7,
        EncChallengeRequest = 8,
        EncChallengeResponse = 9,
        Flag = 10,
        StdErr = 11,
        ExitCode = 12,
    }

    /// <summary>Flag bits of the header (spec §5.6).</summary>
    public static class MessageFlags
    {
        public const ulong Data = 0;
        public const ulong Syn = 1;
        public const ulong Fin = 2;
        public const ulong Acknowledge = 3;
    }
}
