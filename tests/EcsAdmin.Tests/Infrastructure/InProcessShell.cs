using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Security;
using EcsAdmin.Commands.Cluster;

namespace EcsAdmin.Tests.Infrastructure
{
    /// <summary>
    /// A PowerShell with every EcsAdmin cmdlet registered (no module build), and fake credentials and a region
    /// given as parameter defaults rather than environment variables, which other test classes read.
    /// </summary>
    public static class InProcessShell
    {
        public static PowerShell Create(string? region = "us-east-1")
        {
            var iss = InitialSessionState.CreateDefault2();
            foreach (var t in typeof(GetEcsClusterCommand).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(Cmdlet).IsAssignableFrom(t)))
            {
                var attr = (CmdletAttribute?)Attribute.GetCustomAttribute(t, typeof(CmdletAttribute));
                if (attr != null) iss.Commands.Add(new SessionStateCmdletEntry(attr.VerbName + "-" + attr.NounName, t, null));
            }
            var ps = PowerShell.Create(iss);
            var secret = new SecureString();
            foreach (var c in "in-process-secret") secret.AppendChar(c);
            var defaults = new DefaultParameterDictionary { ["*-Ecs*:Credential"] = new PSCredential("AKIDINPROCESS0000000", secret) };
            // A default -Region wins over a Region bound from piped objects: leave it out (null) where tests pipe regions.
            if (region != null) defaults["*-Ecs*:Region"] = region;
            ps.Runspace.SessionStateProxy.SetVariable("PSDefaultParameterValues", defaults);
            return ps;
        }
    }
}
