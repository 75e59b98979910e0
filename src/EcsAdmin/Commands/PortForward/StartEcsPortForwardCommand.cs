using System.Globalization;
using System.Management.Automation;
using System.Net;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.PortForward
{
    /// <summary>
    /// <para type="synopsis">Forwards a local TCP port to a port of an ECS task, or of a host the task reaches, without the session-manager-plugin.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Start, "EcsPortForward", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(EcsPortForward), typeof(EcsPortForwardJob))]
    public sealed class StartEcsPortForwardCommand : EcsTaskTargetCmdlet
    {
        /// <summary>The port to reach: in the task, or on -RemoteHost.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateRange(1, 65535)]
        public int RemotePort { get; set; }

        /// <summary>A host the task reaches (a database endpoint, an internal load balancer).</summary>
        [Parameter]
        public string? RemoteHost { get; set; }

        /// <summary>The local port; 0 or left out picks a free one.</summary>
        [Parameter]
        [ValidateRange(0, 65535)]
        public int LocalPort { get; set; }

        /// <summary>The local address to listen on.</summary>
        [Parameter]
        public string LocalAddress { get; set; } = "127.0.0.1";

        /// <summary>Run in the background as a job.</summary>
        [Parameter]
        public SwitchParameter AsJob { get; set; }

        protected override void ProcessRecord()
        {
            var task = TaskGiven;
            var container = ContainerGiven;
            var remoteHost = RemoteHost?.Trim();
            var request = new PortForwardRequest
            {
                Task = task,
                Container = container,
                RemotePort = RemotePort,
                RemoteHost = remoteHost,
                LocalPort = LocalPort,
                LocalAddress = LocalAddress?.Trim() ?? "",
            };
            var jobs = JobRepository;
            var commandText = MyInvocation.Line;
            var asJob = AsJob.IsPresent;
            var local = request.LocalAddress + ":" + (LocalPort == 0 ? "(a free port)" : LocalPort.ToString(CultureInfo.InvariantCulture));
            ProcessItem(
                validate: () =>
                {
                    PreflightChecks.Reference(task, "task", "InvalidTaskId");
                    if (remoteHost != null && (remoteHost.Length == 0 || remoteHost.IndexOfAny(new[] { ' ', '/', ':' }) >= 0 && !IPAddress.TryParse(remoteHost, out _)))
                        throw new EcsAdminException("InvalidRemoteHost", EcsErrorKind.InvalidArgument,
                            "'" + RemoteHost + "' is not a host name or IP address.", RemoteHost,
                            "Give the host the task should connect to, e.g. -RemoteHost mydb.cluster-abc.eu-west-1.rds.amazonaws.com.");
                    if (!IPAddress.TryParse(request.LocalAddress, out _))
                        throw new EcsAdminException("InvalidLocalAddress", EcsErrorKind.InvalidArgument,
                            "'" + LocalAddress + "' is not an IP address.", LocalAddress, "Give an address of this machine, e.g. -LocalAddress 127.0.0.1 (or ::1).");
                },
                target: session => "port " + RemotePort.ToString(CultureInfo.InvariantCulture) + (remoteHost is null ? " of task " : " of " + remoteHost + " through task ") + task +
                    (container is null ? "" : " container " + container) + " (cluster " + ClusterFor(session) + ")",
                action: "Forward " + local + " to",
                perItemErrors: true,
                operation: async (session, ctx) =>
                {
                    request.Cluster = ClusterFor(session);
                    var handle = await Engine.Transfers.StartPortForwardAsync(session, request, ctx).ConfigureAwait(false);
                    var forward = new EcsPortForward
                    {
                        Id = PortForwardRegistry.NextId(),
                        Region = handle.Region,
                        Cluster = handle.Cluster,
                        TaskId = handle.TaskId,
                        TaskArn = handle.TaskArn,
                        Container = handle.Container,
                        RemoteHost = remoteHost,
                        RemotePort = RemotePort,
                        LocalAddress = handle.LocalAddress,
                        LocalPort = handle.LocalPort,
                        SessionId = handle.SessionId,
                        Mode = handle.Mode,
                        AgentVersion = handle.AgentVersion,
                        StartTime = System.DateTime.UtcNow,
                        Handle = handle,
                    };
                    PortForwardRegistry.Add(forward);
                    if (asJob)
                    {
                        var job = new EcsPortForwardJob(forward, commandText);
                        jobs.Add(job);
                        ctx.Output(job);
                        return;
                    }
                    ctx.Output(forward);
                    await Engine.Transfers.RunPortForwardAsync(handle, "Forwarding " + forward.LocalEndpoint, ctx).ConfigureAwait(false);
                });
        }
    }
}
