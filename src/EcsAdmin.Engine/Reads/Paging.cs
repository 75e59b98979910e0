using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;

namespace EcsAdmin.Engine.Reads
{
    /// <summary>
    /// The one way to walk a NextToken/nextToken list: one request per page, each page handed on before the next is
    /// asked for (results stream), and no request once the token is cancelled (Ctrl+C, or a downstream command such
    /// as Select-Object -First that has all it wants).
    /// </summary>
    internal static class Paging
    {
        /// <summary>
        /// Sends <paramref name="fetch"/> with a null token, then with each page's next token until it is empty;
        /// <paramref name="onPage"/> sees every page in order. Returning false from it stops the walk (no further request).
        /// </summary>
        public static async Task EachPageAsync<TReply>(Func<string?, Task<TReply>> fetch, Func<TReply, string?> nextToken,
            Func<TReply, Task<bool>> onPage, CancellationToken ct)
        {
            string? token = null;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                ct.ThrowIfCancellationRequested();
                var reply = await fetch(token).ConfigureAwait(false);
                if (!await onPage(reply).ConfigureAwait(false)) return;
                token = nextToken(reply);
                if (string.IsNullOrEmpty(token)) return;
                // A service that hands back a token it already gave would loop for ever: stop with a clear error.
                if (!seen.Add(token!))
                    throw new EcsAdminException("PagingTokenRepeated", EcsErrorKind.InvalidResult,
                        "The service returned the same page token twice; the listing was stopped to avoid an endless loop.", token,
                        "Try again; if it persists, the endpoint (an emulator or proxy) pages incorrectly.");
            }
        }

        /// <summary>As <see cref="EachPageAsync{TReply}(Func{string?, Task{TReply}}, Func{TReply, string?}, Func{TReply, Task{bool}}, CancellationToken)"/> with a synchronous page handler that always continues.</summary>
        public static Task EachPageAsync<TReply>(Func<string?, Task<TReply>> fetch, Func<TReply, string?> nextToken, Action<TReply> onPage, CancellationToken ct)
            => EachPageAsync(fetch, nextToken, r => { onPage(r); return Task.FromResult(true); }, ct);

        /// <summary>Every item of every page, in order (for lists the caller needs whole before it can go on).</summary>
        public static async Task<List<T>> AllAsync<TReply, T>(Func<string?, Task<TReply>> fetch, Func<TReply, List<T>?> items, Func<TReply, string?> nextToken, CancellationToken ct)
        {
            var all = new List<T>();
            await EachPageAsync(fetch, nextToken, r => { var page = items(r); if (page != null) all.AddRange(page); }, ct).ConfigureAwait(false);
            return all;
        }
    }
}
