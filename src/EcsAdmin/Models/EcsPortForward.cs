using System;
using System.Globalization;
using System.Management.Automation;
using EcsAdmin.Contracts;

namespace EcsAdmin.Models
{
    /// <summary>A port forward from this machine into an ECS task (Start-EcsPortForward). While it runs, the counters and
    /// <see cref="State"/> are live: the same object shows the current figures each time it is looked at.</summary>
    public sealed class EcsPortForward
    {
        private string _state = "Stopped";
        private long _connections, _active, _sent, _received, _connectErrors;
        private string? _reason;

        /// <summary>Numbers the forwards of this PowerShell process (Get-EcsPortForward -Id, Stop-EcsPortForward -Id).</summary>
        public int Id { get; set; }
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string TaskId { get; set; } = "";
        public string TaskArn { get; set; } = "";
        public string Container { get; set; } = "";
        /// <summary>The host the task connects to; null when the port is the task's own.</summary>
        public string? RemoteHost { get; set; }
        public int RemotePort { get; set; }
        public string LocalAddress { get; set; } = "127.0.0.1";
        public int LocalPort { get; set; }
        /// <summary>Where to connect: address:port (IPv6 addresses in brackets).</summary>
        public string LocalEndpoint => (LocalAddress.IndexOf(':') >= 0 ? "[" + LocalAddress + "]" : LocalAddress) + ":" + LocalPort.ToString(CultureInfo.InvariantCulture);
        /// <summary>The Session Manager session id.</summary>
        public string SessionId { get; set; } = "";
        /// <summary>Multiplexed (many connections at once) or Basic (old agents: one connection at a time).</summary>
        public string Mode { get; set; } = "";
        public string? AgentVersion { get; set; }
        public DateTime StartTime { get; set; }

        /// <summary>Running, Stopped (here), Closed (by the service or the agent) or Failed.</summary>
        public string State { get => Handle?.State ?? _state; set => _state = value; }
        /// <summary>Local connections accepted.</summary>
        public long Connections { get => Handle?.Connections ?? _connections; set => _connections = value; }
        /// <summary>Local connections open now.</summary>
        public long ActiveConnections { get => Handle?.ActiveConnections ?? _active; set => _active = value; }
        /// <summary>Bytes sent to the task.</summary>
        public long BytesSent { get => Handle?.BytesSent ?? _sent; set => _sent = value; }
        /// <summary>Bytes received from the task.</summary>
        public long BytesReceived { get => Handle?.BytesReceived ?? _received; set => _received = value; }
        /// <summary>Connections the agent could not make to the destination port.</summary>
        public long ConnectErrors { get => Handle?.ConnectErrors ?? _connectErrors; set => _connectErrors = value; }
        /// <summary>Why the forward ended, when it was not stopped here.</summary>
        public string? Reason { get => Handle?.Reason ?? _reason; set => _reason = value; }

        internal IPortForwardHandle? Handle { get; set; }

        public override string ToString() =>
            LocalEndpoint + " -> " + (RemoteHost ?? ("task " + TaskId)) + ":" + RemotePort.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The background job of Start-EcsPortForward -AsJob: Get-Job, Stop-Job, Receive-Job and Remove-Job work on
    /// it as on any job; Receive-Job returns the <see cref="EcsPortForward"/>.</summary>
    public sealed class EcsPortForwardJob : Job
    {
        internal EcsPortForwardJob(EcsPortForward forward, string command)
            : base(command, "PortForward" + forward.Id.ToString(CultureInfo.InvariantCulture))
        {
            Forward = forward;
            PSJobTypeName = "EcsPortForwardJob";
            Output.Add(PSObject.AsPSObject(forward));
            SetJobState(JobState.Running);
            forward.Handle?.Completion.ContinueWith(_ => Finish(), System.Threading.Tasks.TaskScheduler.Default);
        }

        /// <summary>The forward this job runs.</summary>
        public EcsPortForward Forward { get; }

        public override string StatusMessage =>
            Forward.State + ": " + Forward.Connections.ToString(CultureInfo.InvariantCulture) + " connections, " +
            Forward.BytesSent.ToString(CultureInfo.InvariantCulture) + " bytes sent, " + Forward.BytesReceived.ToString(CultureInfo.InvariantCulture) + " received";

        public override bool HasMoreData => Output.Count > 0 || Error.Count > 0;

        public override string Location => Forward.LocalEndpoint;

        public override void StopJob()
        {
            Forward.Handle?.StopAsync().GetAwaiter().GetResult();
            Finish();
        }

        private void Finish()
        {
            if (IsFinishedState(JobStateInfo.State)) return;
            SetJobState(Forward.State == "Failed" ? JobState.Failed : Forward.State == "Closed" ? JobState.Completed : JobState.Stopped);
        }

        private static bool IsFinishedState(JobState state) =>
            state == JobState.Completed || state == JobState.Failed || state == JobState.Stopped;
    }
}
