using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdmin.Engine.Reads
{
    /// <summary>
    /// Batched reads: split keys at an API's batch limit and send the batches concurrently (bounded), handing each
    /// batch's reply on in the order of the keys as soon as it and every batch before it have arrived.
    /// </summary>
    internal static class Batches
    {
        /// <summary>DescribeServices takes at most 10 services.</summary>
        public const int DescribeServices = 10;
        /// <summary>DescribeTasks takes at most 100 tasks.</summary>
        public const int DescribeTasks = 100;
        /// <summary>DescribeClusters takes at most 100 clusters.</summary>
        public const int DescribeClusters = 100;
        /// <summary>DescribeContainerInstances takes at most 100 container instances.</summary>
        public const int DescribeContainerInstances = 100;
        /// <summary>DescribeCapacityProviders takes at most 10 capacity providers.</summary>
        public const int DescribeCapacityProviders = 10;
        /// <summary>GetMetricData takes at most 500 queries.</summary>
        public const int MetricDataQueries = 500;

        /// <summary>
        /// How many read requests one command keeps in flight by default: enough that 100 services (10
        /// DescribeServices) take one round trip, few enough to stay inside the APIs' burst rates.
        /// </summary>
        public const int DefaultConcurrency = 16;

        /// <summary>Splits keys into consecutive batches of at most <paramref name="size"/>.</summary>
        public static List<List<T>> Split<T>(IReadOnlyList<T> keys, int size)
        {
            if (size < 1) throw new ArgumentOutOfRangeException(nameof(size));
            var batches = new List<List<T>>();
            for (int i = 0; i < keys.Count; i += size)
                batches.Add(keys.Skip(i).Take(size).ToList());
            return batches;
        }

        /// <summary>
        /// Sends <paramref name="describe"/> once per batch of at most <paramref name="batchSize"/> keys, at most
        /// <paramref name="concurrency"/> at a time (or within <paramref name="gate"/>, shared by a whole command), and
        /// calls <paramref name="onBatch"/> once per batch, one call at a time, in key order. A failing batch fails
        /// the whole read; no batch starts after cancellation.
        /// </summary>
        public static Task DescribeAsync<TKey, TReply>(IReadOnlyList<TKey> keys, int batchSize, Func<List<TKey>, Task<TReply>> describe,
            Action<List<TKey>, TReply> onBatch, CancellationToken ct, int concurrency = DefaultConcurrency, SemaphoreSlim? gate = null)
            => InOrderAsync(Split(keys, batchSize), b => describe(b), onBatch, ct, concurrency, gate);

        /// <summary>
        /// Runs <paramref name="work"/> for every item concurrently (bounded) and hands the results to
        /// <paramref name="deliver"/> in item order, each as soon as it and all before it are done.
        /// </summary>
        public static async Task InOrderAsync<TItem, TResult>(IReadOnlyList<TItem> items, Func<TItem, Task<TResult>> work,
            Action<TItem, TResult> deliver, CancellationToken ct, int concurrency = DefaultConcurrency, SemaphoreSlim? gate = null)
        {
            if (items.Count == 0) return;
            if (concurrency < 1) throw new ArgumentOutOfRangeException(nameof(concurrency));
            var results = new TResult[items.Count];
            var done = new bool[items.Count];
            int next = 0;
            var sync = new object();
            var ownGate = gate is null ? new SemaphoreSlim(concurrency) : null;
            var limit = gate ?? ownGate!;
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var tasks = new List<Task>(items.Count);
            Exception? stopped = null;
            try
            {
                for (int i = 0; i < items.Count; i++)
                {
                    int index = i;
                    await limit.WaitAsync(failed.Token).ConfigureAwait(false);
                    tasks.Add(RunOne(index));
                }
            }
            catch (OperationCanceledException ex)
            {
                // Cancelled by the caller, or by a failed item (whose own exception WhenAll surfaces below).
                stopped = ex;
            }
            try
            {
                await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            finally
            {
                ownGate?.Dispose();
            }
            if (stopped != null)
            {
                ct.ThrowIfCancellationRequested();
                throw stopped;
            }

            async Task RunOne(int index)
            {
                try
                {
                    failed.Token.ThrowIfCancellationRequested();
                    var result = await work(items[index]).ConfigureAwait(false);
                    lock (sync)
                    {
                        results[index] = result;
                        done[index] = true;
                        // Hand on every finished result that has no unfinished one before it.
                        while (next < items.Count && done[next])
                        {
                            deliver(items[next], results[next]);
                            results[next] = default!;
                            next++;
                        }
                    }
                }
                catch
                {
                    failed.Cancel();
                    throw;
                }
                finally
                {
                    limit.Release();
                }
            }
        }
    }
}
