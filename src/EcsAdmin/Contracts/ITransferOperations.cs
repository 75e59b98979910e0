using System;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>What Start-EcsPortForward asks for.</summary>
    internal sealed class PortForwardRequest
    {
        public string Cluster { get; set; } = "";
        public string Task { get; set; } = "";
        /// <summary>Null: the task's only container (an error when it has several).</summary>
        public string? Container { get; set; }
        public int RemotePort { get; set; }
        /// <summary>A host the task reaches (AWS-StartPortForwardingSessionToRemoteHost); null: the task itself.</summary>
        public string? RemoteHost { get; set; }
        /// <summary>0 picks a free port.</summary>
        public int LocalPort { get; set; }
        public string LocalAddress { get; set; } = "127.0.0.1";
    }

    /// <summary>A running forward, owned by the engine; it outlives the cmdlet that started it (-AsJob).</summary>
    internal interface IPortForwardHandle
    {
        string SessionId { get; }
        string Region { get; }
        string Cluster { get; }
        string TaskArn { get; }
        string TaskId { get; }
        string Container { get; }
        string LocalAddress { get; }
        int LocalPort { get; }
        /// <summary>Multiplexed or Basic.</summary>
        string Mode { get; }
        string? AgentVersion { get; }
        long Connections { get; }
        long ActiveConnections { get; }
        long BytesSent { get; }
        long BytesReceived { get; }
        long ConnectErrors { get; }
        /// <summary>Running, Stopped, Closed (by the service) or Failed.</summary>
        string State { get; }
        /// <summary>Why the session ended, when it was not stopped here.</summary>
        string? Reason { get; }
        /// <summary>Completes when the forward has ended and SSM TerminateSession was sent (never faults).</summary>
        Task Completion { get; }
        /// <summary>Ends the forward: the TerminateSession flag, every connection and the listener closed, SSM TerminateSession.</summary>
        Task StopAsync();
    }

    /// <summary>What Copy-EcsFile asks for: one file, one direction.</summary>
    internal sealed class FileCopyRequest
    {
        public string Cluster { get; set; } = "";
        public string Task { get; set; } = "";
        public string? Container { get; set; }
        /// <summary>True: from the container to this machine.</summary>
        public bool FromTask { get; set; }
        /// <summary>The path in the container (absolute).</summary>
        public string RemotePath { get; set; } = "";
        /// <summary>The full local path (a file; its directory exists).</summary>
        public string LocalPath { get; set; } = "";
        /// <summary>Raw bytes per exec session (the file is copied in pieces of this size).</summary>
        public int ChunkBytes { get; set; } = 8 * 1024 * 1024;
    }

    /// <summary>Port forwarding and file copy into ECS tasks over Session Manager, without the session-manager-plugin.</summary>
    internal interface ITransferOperations
    {
        /// <summary>Finds the container's runtime id (DescribeTasks), opens the SSM port session (StartSession) and the local
        /// listener; returns once connections are accepted.</summary>
        Task<IPortForwardHandle> StartPortForwardAsync(EcsSession session, PortForwardRequest request, OperationContext context);

        /// <summary>Shows a status line (progress) with the counters until the forward ends or the token is cancelled
        /// (Ctrl+C), then stops it.</summary>
        Task RunPortForwardAsync(IPortForwardHandle handle, string activity, OperationContext context);

        /// <summary>Copies one file in either direction over exec sessions; writes one EcsFileCopyResult.</summary>
        Task CopyFileAsync(EcsSession session, FileCopyRequest request, OperationContext context);
    }
}
