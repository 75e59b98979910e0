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
            // A stopped pipeline (Select-Object -First, Ctrl+C) sends nothing more.
            cancellationToken.ThrowIfCancellationRequested();
            // Before anything is sent: ARNs of another region, service or resource type, and inputs AWS would refuse.
            ArnGuard.Check(input, _session.Region);
            RequestRules.Check(input);
            var client = ClientFor(operation.Service);
            var maxAttempts = client.WireConfig.MaxAttempts;
            var started = DateTime.UtcNow;
            int used = 0;
            try
            {
                while (true)
                {
                    try
                    {
                        return await client.SendAsync(operation, input, this, maxAttempts - used, cancellationToken).ConfigureAwait(false);
                    }
                    catch (WireOutcomeUnknownException lost) when (OutcomeChecks.Has(operation.Name))
                    {
                        // The change was sent and its reply lost: look whether it happened before deciding anything.
                        used += lost.Attempts;
                        _context.Verbose(operation.Service.ServiceId + " " + operation.Name + ": the reply was lost (" + AttemptPolicy.Describe(lost.InnerException!) + "); checking whether the change was made");
                        OutcomeCheckResult check;
                        try
                        {
                            check = await OutcomeChecks.CheckAsync(this, operation.Name, input, started, cancellationToken).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                        {
                            throw;
                        }
                        catch (Exception checkFailure)
                        {
                            check = OutcomeCheckResult.Unknown("the check itself failed: " + checkFailure.Message);
                        }
                        if (check.Output is TOutput done)
                        {
                            _context.Verbose(operation.Name + ": the change was made (" + check.Detail + ")");
                            return done;
                        }
                        if (check.NotMade && used < maxAttempts)
                        {
                            _context.Verbose(operation.Name + ": the change was not made (" + check.Detail + "); sending it again");
                            continue;
                        }
                        throw new WireOutcomeUnknownException(lost.Service, lost.Operation, used,
                            check.NotMade ? lost.InnerException! : new Exception(lost.InnerException!.Message + "; " + check.Detail, lost.InnerException));
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                RegisterSecrets();
                throw AwsErrorMap.ToEcsAdminException(ex, operation.Service.ServiceId, operation.Name, _session.Region, input);
            }
            finally
            {
                RegisterSecrets();
            }
        }

        /// <summary>Keys the credentials gave (any source: process, SSO, assume-role, container, metadata) are scrubbed from every stream.</summary>
        private void RegisterSecrets()
        {
            if (_state.Credentials is CheckedCredentials checkedCredentials && checkedCredentials.LastIssued is ImmutableCredentials issued)
            {
                _context.AddSecret(issued.SecretKey);
                _context.AddSecret(issued.Token);
            }
        }

        private WireClient ClientFor(ServiceDescriptor service)
        {
            var url = SessionResolver.EndpointFor(_session, service);
            var attempts = _session.MaxAttempts ?? 3;
            var timeout = _session.RequestTimeoutSec ?? 60;
            var key = service.ServiceId + "|" + _session.Region + "|" + url + "|" + attempts + "|" + timeout;
            var perCredentials = Clients.GetValue(_state.Credentials, _ => new ConcurrentDictionary<string, WireClient>());
            return perCredentials.GetOrAdd(key, _ => { Interlocked.Increment(ref _clientsCreated); return CreateClient(service, url, attempts, timeout); });
        }

        private WireClient CreateClient(ServiceDescriptor service, string? url, int attempts, int timeoutSec)
        {
            return new WireClient(_state.Credentials,
                new WireClientConfig(service, new WireEndpoint(_session.Region, url), new WireRetrySettings(RequestRetryMode.Standard, attempts), TimeSpan.FromSeconds(timeoutSec)));
        }

        void IWireObserver.OnAttempt(string service, string operation, int attempt, string? retryReason)
        {
            if (attempt == 1) _context.Verbose(service + " " + operation + " (" + _session.Region + ")");
            else _context.Verbose(service + " " + operation + ": retry, attempt " + attempt + (retryReason is null ? "" : " (after " + retryReason + ")"));
        }

        void IWireObserver.OnCompleted(string service, string operation, int attempts, TimeSpan elapsed, string? errorCode)
        {
            _context.Debug(service + " " + operation + ": " + (errorCode ?? "OK") + " in " + (int)elapsed.TotalMilliseconds + " ms, " + attempts + " attempt(s)");
        }
    }
}
