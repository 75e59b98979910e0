using System.Management.Automation;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Session
{
    /// <summary>
    /// <para type="synopsis">Sets the default EcsAdmin session for this PowerShell runspace.</para>
    /// </summary>
    [Cmdlet(VerbsCommunications.Connect, "EcsSession")]
    [OutputType(typeof(EcsSession))]
    public sealed class ConnectEcsSessionCommand : EcsCmdlet
    {
        /// <summary>The cluster used when a cmdlet's -Cluster is left out.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [Alias("DefaultCluster")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ClusterNameCompleter))]
        public string? Cluster { get; set; }

        /// <summary>How many attempts each request may make (first try included), standard retry mode.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 20)]
        public int MaxAttempts { get; set; }

        /// <summary>Seconds one request attempt may take before it is abandoned as timed out (default 60); a call takes at most attempts x this.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, 3600)]
        public int RequestTimeoutSec { get; set; }

        /// <summary>Write the new session to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            RunOperation(context =>
            {
                var request = BuildSessionRequest(ProfileName, Region);
                // Connect starts from the explicit parameters only, not from an earlier default session.
                if (Session is null) { request.BaseSession = null; request.BaseSessionIsDefault = false; }
                request.DefaultCluster = Cluster;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(MaxAttempts))) request.MaxAttempts = MaxAttempts;
                if (MyInvocation.BoundParameters.ContainsKey(nameof(RequestTimeoutSec))) request.RequestTimeoutSec = RequestTimeoutSec;
                var session = Engine.ResolveSession(request, context);
                // What was resolved now (profile, region, the general and per-service endpoints) is fixed for later
                // calls; each value keeps the source it was resolved from.
                session.IsDefault = true;
                session.Pinned = true;
                DefaultSessionStore.Set(session);
                context.Verbose("Default session: " + session + (session.DefaultCluster is null ? "" : ", cluster " + session.DefaultCluster));
                if (PassThru) context.Output(session);
                return System.Threading.Tasks.Task.CompletedTask;
            });
        }
    }
}
