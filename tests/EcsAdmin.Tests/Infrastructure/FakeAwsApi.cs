using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Models;

namespace EcsAdmin.Tests.Infrastructure
{
    /// <summary>One call the fake saw: operation name and the request as sent (JSON, as the wire would carry it).</summary>
    public sealed record RecordedCall(string Service, string Operation, object Input, string Json);

    /// <summary>
    /// A scripted IAwsApi for operation tests: replies are queued per operation (or computed by a handler);
    /// every call is recorded so tests can assert request counts and contents.
    /// </summary>
    internal sealed class FakeAwsApi : IAwsApi
    {
        private readonly ConcurrentDictionary<string, ConcurrentQueue<Func<object, object>>> _replies = new();
        private readonly ConcurrentDictionary<string, Func<object, object>> _handlers = new();
        private readonly List<RecordedCall> _calls = new();

        public FakeAwsApi(string region = "us-east-1") => Region = region;

        public string Region { get; }

        public IReadOnlyList<RecordedCall> Calls { get { lock (_calls) return _calls.ToList(); } }

        public int Count(string operation) => Calls.Count(c => c.Operation == operation);

        /// <summary>Queues one reply for the operation (used in order; the last one repeats).</summary>
        public FakeAwsApi Reply<TIn, TOut>(WireOperation<TIn, TOut> op, TOut reply) where TIn : class, new() where TOut : class, new()
            => Reply(op, _ => reply);

        public FakeAwsApi Reply<TIn, TOut>(WireOperation<TIn, TOut> op, Func<TIn, TOut> reply) where TIn : class, new() where TOut : class, new()
        {
            _replies.GetOrAdd(op.Name, _ => new ConcurrentQueue<Func<object, object>>()).Enqueue(i => reply((TIn)i));
            return this;
        }

        /// <summary>Answers every call of the operation with the handler (after the queued replies run out).</summary>
        public FakeAwsApi Handle<TIn, TOut>(WireOperation<TIn, TOut> op, Func<TIn, TOut> handler) where TIn : class, new() where TOut : class, new()
        {
            _handlers[op.Name] = i => handler((TIn)i);
            return this;
        }

        /// <summary>Makes the operation fail as the service would.</summary>
        public FakeAwsApi Fail<TIn, TOut>(WireOperation<TIn, TOut> op, string awsErrorCode, string message = "scripted failure") where TIn : class, new() where TOut : class, new()
            => Reply<TIn, TOut>(op, _ => throw new EcsAdminException("Aws." + awsErrorCode, AwsErrorMap.KindOf(awsErrorCode, 400), message, op.Name, null, null, awsErrorCode));

        public Task<TOutput> CallAsync<TInput, TOutput>(WireOperation<TInput, TOutput> operation, TInput input, CancellationToken cancellationToken)
            where TInput : class, new() where TOutput : class, new()
        {
            cancellationToken.ThrowIfCancellationRequested();
            var json = JsonSerializer.Serialize(input, new JsonSerializerOptions { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull });
            lock (_calls) _calls.Add(new RecordedCall(operation.Service.ServiceId, operation.Name, input, json));
            Func<object, object>? reply = null;
            if (_replies.TryGetValue(operation.Name, out var queue))
            {
                if (queue.Count > 1 || !_handlers.ContainsKey(operation.Name)) { if (queue.Count > 1) queue.TryDequeue(out reply); else queue.TryPeek(out reply); }
                else queue.TryDequeue(out reply);
            }
            if (reply is null && _handlers.TryGetValue(operation.Name, out var handler)) reply = handler;
            if (reply is null) throw new InvalidOperationException("FakeAwsApi has no reply scripted for " + operation);
            return Task.FromResult((TOutput)reply(input));
        }

        /// <summary>An AwsApiFactory handing out this fake.</summary>
        public AwsApiFactory Factory => (_, _) => this;
    }

    /// <summary>Collects what an operation posts, for assertions.</summary>
    internal sealed class CollectingSink : IOperationSink
    {
        private readonly List<OperationMessage> _messages = new();
        public void Post(OperationMessage message) { lock (_messages) _messages.Add(message); }
        public IReadOnlyList<OperationMessage> Messages { get { lock (_messages) return _messages.ToList(); } }
        public IEnumerable<T> Outputs<T>() => Messages.Where(m => m.Kind == OperationMessageKind.Output).Select(m => m.Payload).OfType<T>();
        public IEnumerable<EcsAdminException> Errors => Messages.Where(m => m.Kind == OperationMessageKind.Error).Select(m => (EcsAdminException)m.Payload);
        public IEnumerable<ProgressInfo> Progress => Messages.Where(m => m.Kind == OperationMessageKind.Progress).Select(m => (ProgressInfo)m.Payload);
        public IEnumerable<string> Verbose => Messages.Where(m => m.Kind == OperationMessageKind.Verbose).Select(m => (string)m.Payload);

        public OperationContext Context(CancellationToken token = default) => new OperationContext(this, token);

        /// <summary>A session as the engine would resolve it (for operations under test with a fake API).</summary>
        public static EcsSession Session(string region = "us-east-1") => new EcsSession { Region = region, RegionSource = EcsValueSource.Parameter, CredentialSource = EcsCredentialSource.Parameter };
    }
}

namespace EcsAdmin.Tests.Infrastructure
{
    /// <summary>Sets process environment variables for a test and puts the previous values back on Dispose.</summary>
    internal sealed class EnvScope : System.IDisposable
    {
        private readonly System.Collections.Generic.Dictionary<string, string?> _saved = new();

        public EnvScope(params (string Name, string? Value)[] values)
        {
            foreach (var (name, value) in values)
            {
                _saved[name] = System.Environment.GetEnvironmentVariable(name);
                System.Environment.SetEnvironmentVariable(name, value);
            }
        }

        /// <summary>Fake keys and a region, as an in-process cmdlet test needs.</summary>
        public static EnvScope FakeCredentials(string region = "eu-west-1")
            => new(("AWS_ACCESS_KEY_ID", "AKIDINPROCESS0000000"), ("AWS_SECRET_ACCESS_KEY", "in-process-secret"), ("AWS_REGION", region));

        public void Dispose()
        {
            foreach (var pair in _saved) System.Environment.SetEnvironmentVariable(pair.Key, pair.Value);
        }
    }
}
