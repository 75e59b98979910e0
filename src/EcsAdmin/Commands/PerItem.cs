using System;
using System.Threading.Tasks;
using EcsAdmin.Contracts;

namespace EcsAdmin.Commands
{
    /// <summary>
    /// Makes an item's own failures (bad argument, not found, conflict, bad result) non-terminating, so one
    /// piped service or task that fails does not stop the others. Failures that concern every item
    /// (credentials, network, permissions, throttling) stay terminating.
    /// </summary>
    internal static class PerItem
    {
        public static bool IsItemFailure(EcsAdminException ex)
            => ex.Kind == EcsErrorKind.InvalidArgument || ex.Kind == EcsErrorKind.ObjectNotFound || ex.Kind == EcsErrorKind.InvalidOperation
               || ex.Kind == EcsErrorKind.ResourceExists || ex.Kind == EcsErrorKind.InvalidResult || ex.Kind == EcsErrorKind.NotImplemented;

        public static Func<OperationContext, Task> NonTerminating(Func<OperationContext, Task> body)
            => async ctx =>
            {
                try
                {
                    await body(ctx).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (IsItemFailure(ex))
                {
                    ctx.Error(ex);
                }
            };
    }
}
