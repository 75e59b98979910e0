using System.Management.Automation;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Session
{
    /// <summary>
    /// <para type="synopsis">Shows the session EcsAdmin would use, and where each value came from.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsSession")]
    [OutputType(typeof(EcsSession))]
    public sealed class GetEcsSessionCommand : EcsCmdlet
    {
        protected override void ProcessRecord()
        {
            RunOperation(context =>
            {
                var session = ResolveSession(context);
                session.IsDefault = Session is null && DefaultSessionStore.Get() != null;
                session.DefaultCluster ??= (Session ?? DefaultSessionStore.Get())?.DefaultCluster;
                context.Output(session);
                return System.Threading.Tasks.Task.CompletedTask;
            });
        }
    }
}
