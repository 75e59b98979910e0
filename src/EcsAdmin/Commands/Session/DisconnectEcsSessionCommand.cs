using System.Management.Automation;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Session
{
    /// <summary>
    /// <para type="synopsis">Removes the default EcsAdmin session of this runspace.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Disconnect, "EcsSession")]
    [OutputType(typeof(EcsSession))]
    public sealed class DisconnectEcsSessionCommand : PSCmdlet
    {
        /// <summary>Write the removed session to the pipeline.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var current = DefaultSessionStore.Get();
            DefaultSessionStore.Clear();
            WriteVerbose(current is null ? "There was no default session." : "Removed the default session " + current + ".");
            if (PassThru && current != null) WriteObject(current);
        }
    }
}
