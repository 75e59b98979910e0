using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Wire;

namespace EcsAdmin.Tests.Infrastructure
{
    /// <summary>
    /// Wraps a FakeAwsApi so that every call answers asynchronously, after a short pause, and records each call's
    /// round-trip depth: 1 + the deepest call that had already answered when it was sent. Calls sent together share
    /// a depth; a call that had to wait for a reply is one deeper. Depth counts requests one after another (what the
    /// 50 ms a reply costs on a real network multiplies), never time.
    /// </summary>
    internal sealed class RoundTripApi : IAwsApi
    {
        private readonly FakeAwsApi _inner;
        private readonly object _gate = new();
        private readonly List<(string Operation, int Depth)> _calls = new();
        private int _answeredDepth;
        private int _inFlight, _maxInFlight;

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
            lock (_gate)
            {
                depth = _answeredDepth + 1;
                _calls.Add((operation.Name, depth));
                _maxInFlight = Math.Max(_maxInFlight, ++_inFlight);
            }
            try
            {
                await Task.Delay(PauseMs, cancellationToken).ConfigureAwait(false);
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
    }
}
