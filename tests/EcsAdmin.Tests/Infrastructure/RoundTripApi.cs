using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Wire;

namespace EcsAdmin.Tests.Infrastructure
{
    /// <summary>
    /// Wraps a FakeAwsApi so that every call answers asynchronously, once no call has been sent for a short pause,
    /// and records each call's round-trip depth: 1 + the deepest call that had already answered when it was sent.
    /// Calls sent together share a depth; a call that had to wait for a reply is one deeper. Depth counts requests
    /// one after another (what the 50 ms a reply costs on a real network multiplies), never time.
    /// The pause runs from the latest call of the round, not from each call's own: on a loaded machine the engine
    /// may take longer than the pause to send the ten calls of one round, and a first reply that came before the
    /// last call went out would make that call look one round deeper. A round closes when its pause is over; calls
    /// sent after that start the next round and never hold back the replies of the one before.
    /// </summary>
    internal sealed class RoundTripApi : IAwsApi
    {
        private readonly FakeAwsApi _inner;
        private readonly object _gate = new();
        private readonly List<(string Operation, int Depth)> _calls = new();
        private int _answeredDepth;
        private int _inFlight, _maxInFlight;
        private Round _round = new Round();

        public RoundTripApi(FakeAwsApi inner, int pauseMs = 40) { _inner = inner; PauseMs = pauseMs; }

        public int PauseMs { get; }
        public string Region => _inner.Region;

        /// <summary>The deepest call: how many round trips the command needed one after another.</summary>
        public int Depth { get { lock (_gate) return _calls.Count == 0 ? 0 : _calls.Max(c => c.Depth); } }

        /// <summary>The depth of an operation's calls (all of them must share it).</summary>
        public int DepthOf(string operation)
        {
            lock (_gate)
            {
                var depths = _calls.Where(c => c.Operation == operation).Select(c => c.Depth).Distinct().ToList();
                if (depths.Count != 1) throw new InvalidOperationException(operation + " was sent at depths " + string.Join(",", depths));
                return depths[0];
            }
        }

        /// <summary>The most calls that were in flight at once.</summary>
        public int MaxInFlight { get { lock (_gate) return _maxInFlight; } }

        public async Task<TOutput> CallAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input, CancellationToken cancellationToken)
            where TInput : class, new() where TOutput : class, new()
        {
            int depth;
            Round round;
            lock (_gate)
            {
                depth = _answeredDepth + 1;
                _calls.Add((operation.Name, depth));
                _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
                round = _round;
                round.LastSent = Stopwatch.GetTimestamp();
            }
            try
            {
                while (true)
                {
                    double quiet;
                    lock (_gate)
                    {
                        quiet = Stopwatch.GetElapsedTime(round.LastSent).TotalMilliseconds;
                        if (quiet >= PauseMs && ReferenceEquals(_round, round)) _round = new Round();
                    }
                    if (quiet >= PauseMs) break;
                    await Task.Delay(TimeSpan.FromMilliseconds(PauseMs - quiet), cancellationToken).ConfigureAwait(false);
                }
                return await _inner.CallAsync(operation, input, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight--;
                    _answeredDepth = Math.Max(_answeredDepth, depth);
                }
            }
        }

        /// <summary>The calls sent together: the time of the latest, from which the round's pause runs.</summary>
        private sealed class Round
        {
            public long LastSent;
        }
    }
}
