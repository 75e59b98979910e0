using System;
using System.Collections.Concurrent;
using System.Management.Automation.Runspaces;
using System.Threading;
using EcsAdmin.Models;

namespace EcsAdmin.Commands
{
    /// <summary>The runspace's default session (Connect-EcsSession), one per runspace.</summary>
    internal static class DefaultSessionStore
    {
        private static readonly ConcurrentDictionary<Guid, EcsSession> Sessions = new ConcurrentDictionary<Guid, EcsSession>();

        // Operations run on the thread pool, where Runspace.DefaultRunspace is null: RunOperation records the
        // pipeline thread's runspace here first, and the AsyncLocal flows into the operation's tasks.
        private static readonly System.Threading.AsyncLocal<Guid?> FlowedRunspace = new System.Threading.AsyncLocal<Guid?>();

        /// <summary>Call on the pipeline thread before starting an operation on the thread pool.</summary>
        public static void CaptureRunspace() => FlowedRunspace.Value = Runspace.DefaultRunspace?.InstanceId;

        private static Guid Key => Runspace.DefaultRunspace?.InstanceId ?? FlowedRunspace.Value ?? Guid.Empty;

        public static EcsSession? Get() => Sessions.TryGetValue(Key, out var s) ? s : null;
        public static void Set(EcsSession session) => Sessions[Key] = session;
        public static bool Clear() => Sessions.TryRemove(Key, out _);
    }
}
