namespace EcsAdmin.Commands.ContainerInstance
{
    /// <summary>
    /// The cluster a fleet cmdlet acts on, known before any request so that -WhatIf and -Confirm name it: the
    /// parameter, else the -Session's or the runspace session's default cluster, else "default" (the same rule
    /// as ClusterOrDefault once the session is resolved).
    /// </summary>
    internal static class FleetCluster
    {
        public static string Label(string? cluster, EcsAdmin.Models.EcsSession? session)
        {
            if (!string.IsNullOrWhiteSpace(cluster)) return cluster!.Trim();
            var s = session ?? DefaultSessionStore.Get();
            return !string.IsNullOrWhiteSpace(s?.DefaultCluster) ? s!.DefaultCluster! : "default";
        }
    }
}
