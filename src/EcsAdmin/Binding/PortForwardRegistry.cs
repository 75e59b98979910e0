using System.Collections.Generic;
using System.Linq;
using System.Threading;
using EcsAdmin.Models;

namespace EcsAdmin.Binding
{
    /// <summary>The port forwards of this process that still run (Get-EcsPortForward lists them); a forward leaves when it
    /// ends, however it ends.</summary>
    internal static class PortForwardRegistry
    {
        private static readonly object Gate = new object();
        private static readonly List<EcsPortForward> Running = new List<EcsPortForward>();
        private static int _lastId;

        public static int NextId() => Interlocked.Increment(ref _lastId);

        public static void Add(EcsPortForward forward)
        {
            lock (Gate) Running.Add(forward);
            forward.Handle?.Completion.ContinueWith(_ => Remove(forward), System.Threading.Tasks.TaskScheduler.Default);
        }

        public static void Remove(EcsPortForward forward)
        {
            lock (Gate) Running.Remove(forward);
        }

        public static IReadOnlyList<EcsPortForward> Snapshot()
        {
            // A forward whose run has completed is not running, even while the continuation that drops it from the
            // list is still to run: whatever stopped it (Stop-EcsPortForward, Stop-Job, the session ending), it is
            // gone from the list as soon as the stop has returned.
            lock (Gate) return Running.Where(f => f.Handle is null || !f.Handle.Completion.IsCompleted).ToList();
        }
    }
}
