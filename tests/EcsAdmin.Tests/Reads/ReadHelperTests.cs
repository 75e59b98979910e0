using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Engine.Reads;
using Xunit;

namespace EcsAdmin.Tests.Reads
{
    /// <summary>The shared read helpers: paging, batched describe (bounded, ordered, streaming) and the name filter.</summary>
    public sealed class ReadHelperTests
    {
        private sealed record Page(List<int> Items, string? Next);

        private static Func<string?, Task<Page>> Pages(int pages, List<string?> sent)
            => token =>
            {
                lock (sent) sent.Add(token);
                int n = token is null ? 0 : int.Parse(token);
                return Task.FromResult(new Page(new List<int> { n * 10, n * 10 + 1 }, n + 1 < pages ? (n + 1).ToString() : null));
            };

        [Fact]
        public async Task Paging_sends_each_token_once_in_order_and_hands_on_every_page()
        {
            var sent = new List<string?>();
            var all = await Paging.AllAsync(Pages(3, sent), p => p.Items, p => p.Next, CancellationToken.None);
            Assert.Equal(new string?[] { null, "1", "2" }, sent);
            Assert.Equal(new[] { 0, 1, 10, 11, 20, 21 }, all);
        }

        [Fact]
        public async Task Paging_hands_on_a_page_before_asking_for_the_next()
        {
            var sent = new List<string?>();
            var seenBeforeRequest = new List<int>();
            await Paging.EachPageAsync(Pages(3, sent), p => p.Next, p => { seenBeforeRequest.Add(sent.Count); }, CancellationToken.None);
            Assert.Equal(new[] { 1, 2, 3 }, seenBeforeRequest);
        }

        [Fact]
        public async Task Paging_stops_when_the_page_handler_has_enough()
        {
            var sent = new List<string?>();
            await Paging.EachPageAsync(Pages(10, sent), p => p.Next, p => Task.FromResult(p.Items[0] < 10), CancellationToken.None);
            Assert.Equal(2, sent.Count);
        }

        [Fact]
        public async Task Paging_sends_no_request_after_cancellation()
        {
            var sent = new List<string?>();
            using var cts = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                Paging.EachPageAsync(Pages(10, sent), p => p.Next, p => { if (p.Items[0] == 10) cts.Cancel(); }, cts.Token));
            Assert.Equal(new string?[] { null, "1" }, sent);
        }

        [Fact]
        public async Task Paging_refuses_a_token_the_service_already_gave()
        {
            int calls = 0;
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Paging.AllAsync(
                token => { calls++; return Task.FromResult(new Page(new List<int> { 1 }, "same")); }, p => p.Items, p => p.Next, CancellationToken.None));
            Assert.Equal("PagingTokenRepeated", ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidResult, ex.Kind);
            Assert.Equal(2, calls);
        }

        [Fact]
        public void Split_cuts_at_the_batch_limit()
        {
            var batches = Batches.Split(Enumerable.Range(0, 25).ToList(), 10);
            Assert.Equal(new[] { 10, 10, 5 }, batches.Select(b => b.Count).ToArray());
            Assert.Equal(Enumerable.Range(0, 25), batches.SelectMany(b => b));
            Assert.Empty(Batches.Split(new List<int>(), 10));
        }

        /// <summary>Batches that answer only when the test releases them, in any order.</summary>
        private sealed class HeldBatches
        {
            public readonly List<(List<int> Keys, TaskCompletionSource<string> Reply)> Started = new();
            public int InFlight, MaxInFlight;

            public Task<string> Describe(List<int> keys)
            {
                var tcs = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (Started)
                {
                    Started.Add((keys, tcs));
                    MaxInFlight = Math.Max(MaxInFlight, ++InFlight);
                }
                return tcs.Task.ContinueWith(t => { lock (Started) InFlight--; return t.Result; }, TaskContinuationOptions.ExecuteSynchronously);
            }

            public void Answer(int batch) => Started[batch].Reply.SetResult("b" + Started[batch].Keys[0]);
            public int Count { get { lock (Started) return Started.Count; } }
        }

        private static void Until(Func<bool> condition)
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!condition() && DateTime.UtcNow < deadline) Thread.Sleep(5);
            Assert.True(condition(), "condition not reached");
        }

        [Fact]
        public async Task Describe_runs_batches_concurrently_within_the_bound_and_delivers_in_key_order()
        {
            var held = new HeldBatches();
            var delivered = new List<(List<int> Keys, string Reply)>();
            var run = Batches.DescribeAsync(Enumerable.Range(0, 50).ToList(), 10, held.Describe, (k, r) => delivered.Add((k, r)), CancellationToken.None, concurrency: 3);

            Until(() => held.Count == 3);
            Assert.Equal(3, held.MaxInFlight);         // three at once, no more
            held.Answer(2);                            // the third answers first: held back
            Until(() => held.Count == 4);
            Assert.Empty(delivered);
            held.Answer(0);                            // the first: it streams out at once
            Until(() => delivered.Count == 1);
            held.Answer(1);                            // the second: it and the waiting third go out
            Until(() => delivered.Count == 3);
            Until(() => held.Count == 5);
            held.Answer(4);
            held.Answer(3);
            await run;
            Assert.Equal(3, held.MaxInFlight);
            Assert.Equal(new[] { "b0", "b10", "b20", "b30", "b40" }, delivered.Select(d => d.Reply).ToArray());
            Assert.All(delivered, d => Assert.Equal(10, d.Keys.Count));
        }

        [Fact]
        public async Task A_shared_gate_bounds_several_reads_together()
        {
            var held = new HeldBatches();
            using var gate = new SemaphoreSlim(4);
            var a = Batches.DescribeAsync(Enumerable.Range(0, 30).ToList(), 10, held.Describe, (_, _) => { }, CancellationToken.None, gate: gate);
            var b = Batches.DescribeAsync(Enumerable.Range(100, 30).ToList(), 10, held.Describe, (_, _) => { }, CancellationToken.None, gate: gate);
            Until(() => held.Count == 4);
            Thread.Sleep(50);
            Assert.Equal(4, held.Count);
            for (int i = 0; i < 6; i++) { Until(() => held.Count > i); held.Answer(i); }
            await Task.WhenAll(a, b);
            Assert.Equal(4, held.MaxInFlight);
        }

        [Fact]
        public async Task A_failed_batch_fails_the_read_and_starts_no_further_batch()
        {
            int started = 0;
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Batches.DescribeAsync(Enumerable.Range(0, 100).ToList(), 10, async keys =>
                {
                    Interlocked.Increment(ref started);
                    await Task.Yield();
                    if (keys[0] == 0) throw new EcsAdminException("Aws.AccessDenied", EcsErrorKind.PermissionDenied, "no", null);
                    await Task.Delay(Timeout.Infinite, new CancellationTokenSource(TimeSpan.FromMilliseconds(200)).Token).ContinueWith(_ => { });
                    return keys.Count;
                }, (_, _) => { }, CancellationToken.None, concurrency: 2));
            Assert.Equal("Aws.AccessDenied", ex.ErrorId);
            Assert.InRange(started, 1, 2); // the first wave at most: nothing starts once a batch has failed
        }

        [Fact]
        public async Task Describe_sends_nothing_for_no_keys_and_nothing_once_cancelled()
        {
            int calls = 0;
            await Batches.DescribeAsync(new List<int>(), 10, k => { calls++; return Task.FromResult(0); }, (_, _) => { }, CancellationToken.None);
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                Batches.DescribeAsync(Enumerable.Range(0, 30).ToList(), 10, k => { calls++; return Task.FromResult(0); }, (_, _) => { }, cts.Token));
            Assert.Equal(0, calls);
        }

        [Fact]
        public void Ordered_output_streams_the_first_part_and_holds_later_ones()
        {
            var written = new List<string>();
            var output = new OrderedOutput<string>(3, written.Add);
            output.Add(1, "b1");
            output.Add(0, "a1");
            output.Add(2, "c1");
            Assert.Equal(new[] { "a1" }, written);
            output.Complete(2);
            output.Add(0, "a2");
            Assert.Equal(new[] { "a1", "a2" }, written);
            output.Complete(0);
            Assert.Equal(new[] { "a1", "a2", "b1" }, written);
            output.Add(1, "b2");
            output.Complete(1);
            Assert.Equal(new[] { "a1", "a2", "b1", "b2", "c1" }, written);
        }

        private const string Arn = "arn:aws:ecs:us-east-1:111122223333:service/prod/";

        [Fact]
        public void Name_filter_without_names_wants_everything_and_lists()
        {
            var f = new NameFilter(null, Mapping.NameFromArn);
            Assert.True(f.All);
            Assert.True(f.NeedsListing);
            Assert.Equal(new[] { "a", "b" }, f.Select(new[] { Arn + "a", Arn + "b", Arn + "a" }));
            Assert.Empty(f.NotFound());
        }

        [Fact]
        public void Name_filter_with_exact_names_needs_no_listing_and_reports_the_missing_once()
        {
            var f = new NameFilter(new[] { " web ", "api", "web", "" }, Mapping.NameFromArn);
            Assert.False(f.NeedsListing);
            Assert.Equal(new[] { "web", "api" }, f.Exact);
            Assert.Equal(new[] { "web", "api" }, f.Select(null));
            f.Found("web");
            Assert.Equal(new[] { "api" }, f.NotFound());
            Assert.True(f.IsExact(Arn + "api"));
        }

        [Fact]
        public void Name_filter_wildcards_match_like_PowerShell_and_are_never_missing()
        {
            var f = new NameFilter(new[] { "web*", "API", "w?b-[12]" }, Mapping.NameFromArn);
            Assert.True(f.NeedsListing);
            Assert.Equal(new[] { "API", "web-1", "webapp" }, f.Select(new[] { Arn + "web-1", Arn + "api", Arn + "webapp", Arn + "db" }));
            Assert.True(f.IsMatch(Arn + "WEB-9"));
            Assert.False(f.IsMatch(Arn + "db"));
            Assert.False(f.IsExact("web-1"));
            Assert.Equal(new[] { "API" }, f.NotFound());
        }

        [Fact]
        public void Name_filter_takes_an_arn_for_its_name()
        {
            var f = new NameFilter(new[] { Arn + "web" }, Mapping.NameFromArn);
            Assert.True(f.IsMatch("web"));
            f.Found("web");
            Assert.Empty(f.NotFound());
        }
    }
}
