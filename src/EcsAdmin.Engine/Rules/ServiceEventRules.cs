using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Models;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>Which of a service's events Get-EcsServiceEvent shows, and in which order.</summary>
    internal static class ServiceEventRules
    {
        /// <summary>
        /// Newest first (the order an admin reads a stuck deployment in; events without a time last), only those at
        /// or after <paramref name="since"/>, then the first <paramref name="last"/> of them.
        /// </summary>
        public static IEnumerable<EcsServiceEvent> Select(IEnumerable<EcsServiceEvent> events, DateTime? since, int? last)
        {
            var ordered = events.OrderByDescending(e => e.CreatedAt ?? DateTime.MinValue).AsEnumerable();
            if (since is DateTime s)
            {
                var utc = s.Kind == DateTimeKind.Local ? s.ToUniversalTime() : s;
                ordered = ordered.Where(e => e.CreatedAt is DateTime t && (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t) >= utc);
            }
            return last is int n ? ordered.Take(n) : ordered;
        }
    }
}
