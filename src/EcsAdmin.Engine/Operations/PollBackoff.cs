using System;
using EcsAdmin.Contracts;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// The polling rhythm of every wait (deployments, stopping tasks): start at PollInterval, grow by half each poll
    /// up to MaxPollInterval, and never sleep past the timeout.
    /// </summary>
    internal static class PollBackoff
    {
        /// <summary>Multiplies both intervals (1 = as asked); tests shorten it, as they shorten the retry back-off.
        /// Timeouts are never scaled: a wait still ends when its -TimeoutSec runs out.</summary>
        internal static double Scale { get; set; } = 1.0;

        public static TimeSpan First(WaitSettings settings)
        {
            var first = Scaled(settings.PollInterval);
            return first <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : first;
        }

        public static TimeSpan Next(TimeSpan interval, WaitSettings settings)
        {
            var next = TimeSpan.FromTicks((long)(interval.Ticks * 1.5));
            var max = Scaled(settings.MaxPollInterval);
            return next > max && max > TimeSpan.Zero ? max : next;
        }

        /// <summary>How long to sleep now: the interval, or what is left of the timeout if that is shorter.</summary>
        public static TimeSpan Sleep(TimeSpan remaining, TimeSpan interval) => remaining < interval ? remaining : interval;

        private static TimeSpan Scaled(TimeSpan t) => Scale == 1.0 ? t : TimeSpan.FromTicks((long)(t.Ticks * Scale));
    }
}
