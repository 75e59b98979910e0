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
        public static TimeSpan First(WaitSettings settings)
            => settings.PollInterval <= TimeSpan.Zero ? TimeSpan.FromMilliseconds(1) : settings.PollInterval;

        public static TimeSpan Next(TimeSpan interval, WaitSettings settings)
        {
            var next = TimeSpan.FromTicks((long)(interval.Ticks * 1.5));
            return next > settings.MaxPollInterval && settings.MaxPollInterval > TimeSpan.Zero ? settings.MaxPollInterval : next;
        }

        /// <summary>How long to sleep now: the interval, or what is left of the timeout if that is shorter.</summary>
        public static TimeSpan Sleep(TimeSpan remaining, TimeSpan interval) => remaining < interval ? remaining : interval;
    }
}
