using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Engine.Session;
using EcsAdmin.Models;

namespace EcsAdmin.Engine.Aws
{
    /// <summary>
    /// The seam between operations and AWS: one call, typed by a generated WireOperation. Failures arrive as
    /// EcsAdminException with the AWS error code kept in AwsErrorCode. Tests implement it with scripted replies.
    /// </summary>
    internal interface IAwsApi
    {
        string Region { get; }
        Task<TOutput> CallAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input, CancellationToken cancellationToken)
            where TInput : class, new()
            where TOutput : class, new();
    }

    /// <summary>Makes the IAwsApi for a session; the engine's default goes to AWS through cached clients.</summary>
    internal delegate IAwsApi AwsApiFactory(EcsSession session, OperationContext context);

    /// <summary>
    /// Sends calls through cached WireClients (one per credentials, service, region, endpoint and retry
    /// setting: piping 500 services makes no 500 clients) and reports each attempt to -Verbose.
    /// </summary>
    internal sealed class SessionAwsApi : IAwsApi, IWireObserver
    {
        private static readonly ConditionalWeakTable<AWSCredentials, ConcurrentDictionary<string, WireClient>> Clients =
            new ConditionalWeakTable<AWSCredentials, ConcurrentDictionary<string, WireClient>>();

        private readonly EcsSession _session;
        private readonly SessionState _state;
        private readonly OperationContext _context;

        public SessionAwsApi(EcsSession session, OperationContext context)
        {
            _session = session;
            _state = session.EngineState as SessionState
                ?? throw new InvalidOperationException("The session was not resolved by this engine.");
            _context = context;
        }

        public string Region => _session.Region;

        private static int _clientsCreated;

        /// <summary>How many service clients this process has created (the load test asserts it stays small).</summary>
        public static int ClientsCreated => _clientsCreated;

        public async Task<TOutput> CallAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input, CancellationToken cancellationToken)
            where TInput : class, new()
            where TOutput : class, new()
        {
            var client = ClientFor(operation.Service);
            try
            {
                return await client.SendAsync(operation, input, this, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                throw AwsErrorMap.ToEcsAdminException(ex, operation.Service.ServiceId, operation.Name, _session.Region);
            }
        }

        private WireClient ClientFor(ServiceDescriptor service)
        {
            var url = SessionResolver.EndpointFor(_session, service);
            var attempts = _session.MaxAttempts ?? 3;
            var key = service.ServiceId + "|" + _session.Region + "|" + url + "|" + attempts;
            var perCredentials = Clients.GetValue(_state.Credentials, _ => new ConcurrentDictionary<string, WireClient>());
            return perCredentials.GetOrAdd(key, _ => { Interlocked.Increment(ref _clientsCreated); return CreateClient(service, url, attempts); });
        }

        private WireClient CreateClient(ServiceDescriptor service, string? url, int attempts)
        {
            return (new WireClient(_state.Credentials,
                new WireClientConfig(service, new WireEndpoint(_session.Region, url), new WireRetrySettings(RequestRetryMode.Standard, attempts), TimeSpan.FromSeconds(60))));
        }


        void IWireObserver.OnAttempt(string service, string operation, int attempt)
        {
            if (attempt == 1) _context.Verbose(service + " " + operation + " (" + _session.Region + ")");
            else _context.Verbose(service + " " + operation + ": retry, attempt " + attempt);
        }

        void IWireObserver.OnCompleted(string service, string operation, int attempts, TimeSpan elapsed, string? errorCode)
        {
            _context.Debug(service + " " + operation + ": " + (errorCode ?? "OK") + " in " + (int)elapsed.TotalMilliseconds + " ms, " + attempts + " attempt(s)");
        }
    }

    /// <summary>The one map from AWS error codes to error kinds, ErrorIds and advice.</summary>
    internal static class AwsErrorMap
    {
        public static EcsErrorKind KindOf(string? code, int status)
        {
            switch (code)
            {
                case "ClusterNotFoundException":
                case "ServiceNotFoundException":
                case "ResourceNotFoundException":
                case "ObjectNotFoundException":
                case "TargetNotFoundException":
                case "TaskSetNotFoundException":
                case "NamespaceNotFoundException":
                    return EcsErrorKind.ObjectNotFound;
                case "ServiceNotActiveException":
                case "ClusterContainsServicesException":
                case "ClusterContainsTasksException":
                case "ClusterContainsContainerInstancesException":
                case "UpdateInProgressException":
                case "ConcurrentUpdateException":
                case "ConflictException":
                case "ResourceInUseException":
                    return EcsErrorKind.InvalidOperation;
                case "InvalidParameterException":
                case "ValidationException":
                case "ClientException":
                case "InvalidParameterValue":
                case "InvalidParameterCombination":
                case "InvalidFormat":
                case "InvalidNextToken":
                case "InvalidNextTokenException":
                case "SerializationException":
                    return EcsErrorKind.InvalidArgument;
                case "AccessDeniedException":
                case "AccessDenied":
                case "UnauthorizedOperation":
                    return EcsErrorKind.PermissionDenied;
                case "UnrecognizedClientException":
                case "InvalidSignatureException":
                case "ExpiredTokenException":
                case "InvalidClientTokenId":
                case "SignatureDoesNotMatch":
                case "IncompleteSignature":
                case "MissingAuthenticationToken":
                    return EcsErrorKind.AuthenticationError;
                case "ThrottlingException":
                case "Throttling":
                case "TooManyRequestsException":
                case "RequestLimitExceeded":
                    return EcsErrorKind.LimitsExceeded;
                case "LimitExceededException":
                case "LimitExceeded":
                    return EcsErrorKind.QuotaExceeded;
                case "ServerException":
                case "InternalFailure":
                case "ServiceUnavailable":
                case "ServiceUnavailableException":
                case "InternalServerError":
                    return EcsErrorKind.ResourceUnavailable;
            }
            if (status == 404 || status == 501) return EcsErrorKind.NotImplemented;
            if (status == 403) return EcsErrorKind.PermissionDenied;
            if (status >= 500) return EcsErrorKind.ResourceUnavailable;
            if (status >= 400) return EcsErrorKind.InvalidArgument;
            return EcsErrorKind.NotSpecified;
        }

        /// <summary>True when the endpoint answered that it does not know the operation (emulators, old regions).</summary>
        public static bool IsUnknownOperation(EcsAdminException ex)
            => ex.ErrorId == "OperationNotSupportedByEndpoint";

        public static EcsAdminException ToEcsAdminException(Exception ex, string service, string operation, string region)
        {
            if (ex is EcsAdminException already) return already;
            if (ex is AmazonServiceException ase)
            {
                var status = (int)ase.StatusCode;
                var code = ase.ErrorCode;
                var message = ase.Message;
                bool unknownOp = status == 404 || status == 501
                    || code == "UnknownOperationException" || code == "InvalidAction"
                    || (message != null && (message.IndexOf("not yet implemented", StringComparison.OrdinalIgnoreCase) >= 0
                        || message.IndexOf("has not been implemented", StringComparison.OrdinalIgnoreCase) >= 0));
                if (unknownOp)
                    return new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented,
                        service + " " + operation + " is not supported by the endpoint (" + (code ?? status.ToString()) + ").", operation,
                        "The endpoint (an emulator or an older region) does not implement " + operation + ".", ex, code);
                var kind = KindOf(code, status);
                return new EcsAdminException("Aws." + (string.IsNullOrEmpty(code) ? "Http" + status : code), kind,
                    service + " " + operation + " failed: " + (string.IsNullOrEmpty(message) ? code : message) + " (" + code + ", HTTP " + status + ")",
                    operation, Advice(kind, code), ex, code);
            }
            if (ex is AmazonClientException ace)
            {
                var authProblem = ace.Message.IndexOf("credential", StringComparison.OrdinalIgnoreCase) >= 0;
                return new EcsAdminException(authProblem ? "CredentialsUnusable" : "Aws.ClientError",
                    authProblem ? EcsErrorKind.AuthenticationError : EcsErrorKind.ConnectionError,
                    service + " " + operation + " could not be sent: " + ace.Message, operation,
                    authProblem ? "Check the credentials with Get-EcsSession; refresh SSO with 'aws sso login' or choose another profile."
                        : "Check the network, the endpoint URL and the region (" + region + ").", ex);
            }
            if (ex is System.Net.Http.HttpRequestException || ex is System.Net.WebException || ex is System.IO.IOException)
                return new EcsAdminException("Aws.ConnectionFailed", EcsErrorKind.ConnectionError,
                    service + " " + operation + " could not reach the endpoint: " + ex.Message, operation,
                    "Check the network, the endpoint URL and the region (" + region + ").", ex);
            if (ex is TaskCanceledException || ex is TimeoutException)
                return new EcsAdminException("Aws.Timeout", EcsErrorKind.OperationTimeout,
                    service + " " + operation + " timed out.", operation, "Try again; check the endpoint's health.", ex);
            return new EcsAdminException("Aws.UnexpectedError", EcsErrorKind.NotSpecified,
                service + " " + operation + " failed: " + ex.Message, operation, null, ex);
        }

        private static string? Advice(EcsErrorKind kind, string? code) => kind switch
        {
            EcsErrorKind.ObjectNotFound => "Check the name and the region; list what exists with the matching Get-Ecs* cmdlet.",
            EcsErrorKind.PermissionDenied => "The caller lacks an IAM permission for this action; check the identity's policies.",
            EcsErrorKind.AuthenticationError => "The credentials were refused; check them with Get-EcsSession, or refresh them (aws sso login).",
            EcsErrorKind.LimitsExceeded => "The API throttled the calls after the configured retries; try again later or raise -MaxAttempts / max_attempts.",
            EcsErrorKind.QuotaExceeded => "A service quota was reached; request an increase in Service Quotas.",
            EcsErrorKind.ResourceUnavailable => "The service had a transient failure; try again.",
            EcsErrorKind.InvalidArgument => "Correct the value the message names.",
            EcsErrorKind.InvalidOperation => "Wait for the resource to settle, or change what it contains, then retry.",
            _ => null,
        };
    }
}
