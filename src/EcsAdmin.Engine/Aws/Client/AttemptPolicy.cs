using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using EcsAdmin.Contracts;

namespace EcsAdmin.Engine.Aws.Client
{
    /// <summary>What one failed attempt means for the next one.</summary>
    internal enum AttemptVerdict
    {
        /// <summary>Not worth another attempt (a client error, refused credentials...).</summary>
        Final,
        /// <summary>The service did not act on the request (throttled, unavailable, never connected): safe to send again.</summary>
        NotApplied,
        /// <summary>The request may have been acted on but the reply was lost (reset after sending, timeout, 500/502/504, bad 2xx body).</summary>
        LostReply,
    }

    /// <summary>
    /// The wire client's retry rules. Attempts (first try included) are bounded by -MaxAttempts / max_attempts /
    /// AWS_MAX_ATTEMPTS and each by the request timeout. Throttling (any code the SDK knows as throttling, from a
    /// header or the body), 429 and 503 replies, and connections that never reached the endpoint are retried for
    /// every operation. A lost reply is retried only for operations that may be replayed: reads, operations whose
    /// input carries a client token, and those whose replay changes nothing (CreateCluster returns the existing
    /// cluster, tags, StopTask); any other change reports an unknown outcome instead of being sent twice.
    /// </summary>
    internal static class AttemptPolicy
    {
        private static readonly HashSet<string> Throttling = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
            "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
            "BandwidthLimitExceeded", "RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
        };

        private static readonly HashSet<string> Unavailable = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "ServiceUnavailable", "ServiceUnavailableException",
        };

        private static readonly HashSet<string> Timeouts = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "RequestTimeout", "RequestTimeoutException",
        };

        /// <summary>Changes whose replay leaves AWS as one call would.</summary>
        private static readonly HashSet<string> ReplayableChanges = new HashSet<string>(StringComparer.Ordinal)
        {
            "CreateCluster", "TagResource", "UntagResource", "StopTask", "TerminateSession",
        };

        /// <summary>Base of the exponential back-off (full jitter); tests shorten it.</summary>
        internal static TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(1);
        internal static TimeSpan BackoffCap { get; set; } = TimeSpan.FromSeconds(20);

        private static readonly Random Jitter = new Random();

        public static bool IsRead(string operation)
            => operation.StartsWith("Describe", StringComparison.Ordinal) || operation.StartsWith("List", StringComparison.Ordinal)
               || operation.StartsWith("Get", StringComparison.Ordinal) || operation.StartsWith("Filter", StringComparison.Ordinal);

        public static bool IsReplayable(string operation, object? input)
        {
            if (IsRead(operation) || ReplayableChanges.Contains(operation)) return true;
            var token = input?.GetType().GetProperty("ClientToken")?.GetValue(input) as string;
            return !string.IsNullOrEmpty(token);
        }

        public static AttemptVerdict Classify(Exception ex)
        {
            switch (ex)
            {
                case WireTimeoutException _:
                case WireBadReplyException _:
                    return AttemptVerdict.LostReply;
                case EcsAdminException _:
                    return AttemptVerdict.Final;
                case AmazonServiceException ase:
                {
                    var code = ase.ErrorCode;
                    var status = (int)ase.StatusCode;
                    if (code != null && (Throttling.Contains(code) || Unavailable.Contains(code))) return AttemptVerdict.NotApplied;
                    if (status == 429 || status == 503) return AttemptVerdict.NotApplied;
                    if (code != null && Timeouts.Contains(code)) return AttemptVerdict.LostReply;
                    if (status >= 500) return AttemptVerdict.LostReply;
                    if (ase.StatusCode == HttpStatusCode.OK && ase is AmazonUnmarshallingException) return AttemptVerdict.LostReply;
                    return AttemptVerdict.Final;
                }
            }
            if (NeverConnected(ex)) return AttemptVerdict.NotApplied;
            if (IsTransport(ex)) return AttemptVerdict.LostReply;
            return AttemptVerdict.Final;
        }

        /// <summary>The connection was never made: nothing can have reached the service.</summary>
        private static bool NeverConnected(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is SocketException se)
                {
                    switch (se.SocketErrorCode)
                    {
                        case SocketError.ConnectionRefused:
                        case SocketError.HostNotFound:
                        case SocketError.TryAgain:
                        case SocketError.NoData:
                        case SocketError.NetworkUnreachable:
                        case SocketError.HostUnreachable:
                        case SocketError.AddressNotAvailable:
                            return true;
                    }
                }
                if (e is WebException we && (we.Status == WebExceptionStatus.ConnectFailure || we.Status == WebExceptionStatus.NameResolutionFailure))
                    return true;
            }
            return false;
        }

        private static bool IsTransport(Exception ex)
        {
            for (var e = ex; e != null; e = e.InnerException)
            {
                if (e is System.Net.Http.HttpRequestException || e is System.IO.IOException || e is WebException || e is SocketException
                    || e is TimeoutException || e is TaskCanceledException || e is ObjectDisposedException)
                    return true;
            }
            return false;
        }

        /// <summary>The wait before attempt n+1 after attempt n failed: full jitter over base x 2^(n-1), capped.</summary>
        public static TimeSpan Backoff(int attempt)
        {
            double r;
            lock (Jitter) r = Jitter.NextDouble();
            var ceiling = Math.Min(BackoffCap.TotalMilliseconds, BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1)));
            return TimeSpan.FromMilliseconds(r * ceiling);
        }

        /// <summary>A short name for a failure, for -Verbose and -Debug.</summary>
        public static string Describe(Exception ex) => ex switch
        {
            WireTimeoutException _ => "Timeout",
            WireBadReplyException _ => "BadReply",
            AmazonServiceException ase => ase.ErrorCode ?? ("HTTP " + (int)ase.StatusCode),
            _ => Innermost(ex).GetType().Name,
        };

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException != null && (ex is System.Net.Http.HttpRequestException || ex is AggregateException || ex is AmazonClientException)) ex = ex.InnerException;
            return ex;
        }
    }

    /// <summary>
    /// The SDK's retry handler reduced to clock-skew correction: when a reply says the request's time is off (and
    /// the server's time is known), the SDK stores the endpoint's clock offset and re-signs; this policy allows
    /// that one re-send when the call still has an attempt left, and nothing else (our own loop does the rest).
    /// </summary>
    internal sealed class SkewOnlyRetryPolicy : RetryPolicy
    {
        public SkewOnlyRetryPolicy() => MaxRetries = 1;

        public override bool CanRetry(IExecutionContext executionContext) => true;

        public override bool RetryForException(IExecutionContext executionContext, Exception exception) => false;

        public override Task<bool> RetryForExceptionAsync(IExecutionContext executionContext, Exception exception) => Task.FromResult(false);

        public override bool RetryLimitReached(IExecutionContext executionContext)
        {
            if (executionContext.RequestContext.Retries >= 1) return true;
            return executionContext.RequestContext.OriginalRequest is WireRequest wire && wire.Sends >= wire.SendsAllowed;
        }

        public override void WaitBeforeRetry(IExecutionContext executionContext)
        {
        }

        public override Task WaitBeforeRetryAsync(IExecutionContext executionContext) => Task.CompletedTask;
    }

    /// <summary>Sits inside the SDK's retry handler: counts the requests actually sent for an attempt.</summary>
    internal sealed class SendCounter : PipelineHandler
    {
        public override void InvokeSync(IExecutionContext executionContext)
        {
            Count(executionContext);
            base.InvokeSync(executionContext);
        }

        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            Count(executionContext);
            return base.InvokeAsync<T>(executionContext);
        }

        private static void Count(IExecutionContext context)
        {
            if (context.RequestContext.OriginalRequest is WireRequest wire) wire.Sends++;
        }
    }

    /// <summary>A change was sent, its reply was lost, and it may not be sent again: whether it happened is unknown.</summary>
    internal sealed class WireOutcomeUnknownException : Exception
    {
        public WireOutcomeUnknownException(string service, string operation, int attempts, Exception lastFailure)
            : base(service + " " + operation + ": the request was sent but its reply was lost (" + lastFailure.Message + ")", lastFailure)
        {
            Service = service;
            Operation = operation;
            Attempts = attempts;
        }

        public string Service { get; }
        public string Operation { get; }
        public int Attempts { get; }
    }

    /// <summary>An attempt, or the whole call, ran out of time.</summary>
    internal sealed class WireTimeoutException : TimeoutException
    {
        public WireTimeoutException(string service, string operation, TimeSpan perAttempt, int attempts, Exception? inner)
            : base(service + " " + operation + " got no reply within " + (int)perAttempt.TotalSeconds + " s per attempt (" + attempts + " attempt" + (attempts == 1 ? "" : "s") + ").", inner)
        {
            Service = service;
            Operation = operation;
            PerAttempt = perAttempt;
            Attempts = attempts;
        }

        public string Service { get; }
        public string Operation { get; }
        public TimeSpan PerAttempt { get; }
        public int Attempts { get; }

        public WireTimeoutException WithAttempts(int attempts)
            => attempts == Attempts ? this : new WireTimeoutException(Service, Operation, PerAttempt, attempts, InnerException);
    }

    /// <summary>A 2xx reply that cannot be the operation's answer (empty, cut off, not JSON/XML, missing a required member).</summary>
    internal sealed class WireBadReplyException : Exception
    {
        public WireBadReplyException(string service, string operation, string problem, Exception? inner = null)
            : base(service + " " + operation + " succeeded on the wire but " + problem + ".", inner)
        {
            Problem = problem;
        }

        public string Problem { get; }
    }
}
