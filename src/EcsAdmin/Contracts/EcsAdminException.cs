using System;

namespace EcsAdmin.Contracts
{
    /// <summary>Mirrors the PowerShell ErrorCategory values we use, so the engine needs no PowerShell types.</summary>
    internal enum EcsErrorKind
    {
        NotSpecified,
        InvalidArgument,
        InvalidData,
        InvalidOperation,
        ObjectNotFound,
        ResourceExists,
        ResourceUnavailable,
        PermissionDenied,
        AuthenticationError,
        SecurityError,
        LimitsExceeded,
        QuotaExceeded,
        ConnectionError,
        OperationTimeout,
        OperationStopped,
        InvalidResult,
        NotImplemented,
        ReadError,
        DeviceError,
    }

    /// <summary>
    /// A failure with everything an ErrorRecord needs: a stable ErrorId, a category, the offending object and a
    /// recommended action. Thrown (terminating) or posted per item (non-terminating).
    /// </summary>
    internal sealed class EcsAdminException : Exception
    {
        public EcsAdminException(string errorId, EcsErrorKind kind, string message, object? target,
            string? recommendedAction = null, Exception? inner = null, string? awsErrorCode = null)
            : base(message, inner)
        {
            ErrorId = errorId;
            Kind = kind;
            Target = target;
            RecommendedAction = recommendedAction;
            AwsErrorCode = awsErrorCode;
        }

        public string ErrorId { get; }
        public EcsErrorKind Kind { get; }
        public object? Target { get; }
        public string? RecommendedAction { get; }
        /// <summary>The AWS error code when the failure came from a service reply.</summary>
        public string? AwsErrorCode { get; }

        /// <summary>A copy whose texts have been through the context's scrubber.</summary>
        public EcsAdminException Scrubbed(OperationContext context)
            => new EcsAdminException(ErrorId, Kind, context.Scrub(Message), Target,
                RecommendedAction is null ? null : context.Scrub(RecommendedAction), null, AwsErrorCode);
    }
}
