using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.PortForward
{
    /// <summary>
    /// <para type="synopsis">Stops port forwards: closes their listeners and connections and ends their Session Manager sessions.</para>
    /// </summary>
    [Cmdlet(VerbsLifecycle.Stop, "EcsPortForward", DefaultParameterSetName = ById, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsPortForward))]
    public sealed class StopEcsPortForwardCommand : EcsCmdlet
    {
        private const string ById = "ById";
        private const string ByInputObject = "ByInputObject";

        /// <summary>The ids of the forwards to stop (Get-EcsPortForward shows them).</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ById, ValueFromPipelineByPropertyName = true)]
        public int[] Id { get; set; } = new int[0];

        /// <summary>Forwards from Start-EcsPortForward or Get-EcsPortForward.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
        public EcsPortForward[] InputObject { get; set; } = new EcsPortForward[0];

        /// <summary>Write each stopped forward (with its final counters).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var running = PortForwardRegistry.Snapshot();
            var forwards = new List<EcsPortForward>();
            if (ParameterSetName == ByInputObject) forwards.AddRange(InputObject.Where(f => f != null));
            else
            {
                foreach (var id in Id)
                {
                    var f = running.FirstOrDefault(x => x.Id == id);
                    if (f is null)
                        WriteError(ToErrorRecord(new EcsAdminException("PortForwardNotFound", EcsErrorKind.ObjectNotFound,
                            "No running port forward has id " + id + ".", id, "List the running forwards with Get-EcsPortForward."), null));
                    else forwards.Add(f);
                }
            }
            foreach (var forward in forwards)
            {
                var f = forward;
                ProcessItem(
                    validate: () =>
                    {
                        if (f.Handle is null)
                            throw new EcsAdminException("PortForwardNotRunning", EcsErrorKind.InvalidArgument,
                                "Port forward " + f.Id + " (" + f + ") was not started in this PowerShell session.", f,
                                "Stop forwards that Get-EcsPortForward lists.");
                    },
                    target: _ => "port forward " + f.Id + " " + f + " (session " + f.SessionId + ", cluster " + f.Cluster + ")",
                    action: "Stop",
                    perItemErrors: true,
                    operation: async (session, ctx) =>
                    {
                        await f.Handle!.StopAsync().ConfigureAwait(false);
                        ctx.Verbose("Port forward " + f.Id + " stopped: " + f.Connections + " connections, " + f.BytesSent + " bytes sent, " + f.BytesReceived + " received.");
                        if (PassThru) ctx.Output(f);
                    });
            }
        }
    }
}
