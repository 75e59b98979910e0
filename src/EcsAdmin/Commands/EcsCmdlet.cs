using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Loader;
using EcsAdmin.Models;

namespace EcsAdmin.Commands
{
    /// <summary>
    /// The base of every EcsAdmin cmdlet: the shared session parameters (except -ProfileName/-Region, whose
    /// arity differs between single-target and fan-out cmdlets), session resolution, the cancellation token
    /// cancelled by Ctrl+C, and the pump that writes an operation's results, errors, progress and
    /// diagnostics from the pipeline thread while the operation runs on the thread pool.
    /// </summary>
    public abstract class EcsCmdletBase : PSCmdlet
    {
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly HashSet<int> _openProgress = new HashSet<int>();
        private bool _discardOutput;

        /// <summary>
        /// ShouldProcess for irreversible changes (ConfirmImpact High): -WhatIf and an explicit -Confirm are
        /// always honoured; -Force skips the confirmation prompt otherwise.
        /// </summary>
        protected bool ShouldProcessUnlessForced(bool force, string target, string action)
        {
            var bound = MyInvocation.BoundParameters;
            if (force && !bound.ContainsKey("WhatIf") && !bound.ContainsKey("Confirm")) return true;
            return ShouldProcess(target, action);
        }

        private bool _debugChecked;
        private bool _debugBound;
        private int _itemsSeen;
        private bool _yesToAllItems;
        private bool _noToAllItems;

        /// <summary>
        /// For changes that are cheap to ask for one at a time but costly in bulk (Stop-EcsTask): the first item goes
        /// on, and before the second one the user is asked once (Yes to All covers the rest). -Force, -WhatIf and
        /// -Confirm (which already asks for each item) skip the question; a host that cannot prompt ends the command.
        /// </summary>
        protected bool ShouldContinueWithMoreThanOne(bool force, string target, string what)
        {
            if (++_itemsSeen < 2 || force || _yesToAllItems) return true;
            if (_noToAllItems) return false;
            var bound = MyInvocation.BoundParameters;
            if (bound.ContainsKey("WhatIf") || bound.ContainsKey("Confirm")) return true;
            if (GetVariableValue("WhatIfPreference") is object whatIf && LanguagePrimitives.IsTrue(whatIf)) return true;
            return ShouldContinue("This command is about to " + what + " more than one: also " + target + "? (-Force does not ask.)",
                "Confirm " + what + " in bulk", ref _yesToAllItems, ref _noToAllItems);
        }

        /// <summary>Path of a shared credentials file to read profiles from (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ProfileLocation { get; set; }

        /// <summary>Credentials to use: an Amazon.Runtime.AWSCredentials (any AWSSDK version, e.g. from AWS.Tools) or a PSCredential holding the access key id and secret key.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public object? Credential { get; set; }

        /// <summary>Send requests to this endpoint URL instead of AWS's (an emulator, a VPC endpoint, a proxy).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? EndpointUrl { get; set; }

        /// <summary>The session to use instead of the runspace's default one (see Connect-EcsSession).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public EcsSession? Session { get; set; }

        protected CancellationToken StopToken => _stop.Token;

        /// <summary>
        /// Reads that collect piped items to read them together (piped names share DescribeServices calls, piped
        /// clusters share metric and alarm reads) read once this many are collected, then collect again: a long
        /// input streams results in steps instead of holding everything until it ends. 100 names fill ten
        /// DescribeServices calls, one round trip within the request bound.
        /// </summary>
        private protected const int PipedItemsReadTogether = 100;

        protected override void StopProcessing()
        {
            _stop.Cancel();
            base.StopProcessing();
        }

        protected override void EndProcessing()
        {
            CloseOpenProgress();
            base.EndProcessing();
        }

        internal static IEcsEngine Engine => EngineLoader.Engine;

        // ---------------------------------------------------------------- session

        protected abstract string? ProfileNameValue { get; }
        protected abstract string? RegionValue { get; }

        /// <summary>Builds the session request from the bound parameters and the runspace default.</summary>
        private protected SessionRequest BuildSessionRequest(string? profileName, string? region)
        {
            var baseSession = Session;
            bool isDefault = false;
            if (baseSession is null)
            {
                baseSession = DefaultSessionStore.Get();
                isDefault = baseSession != null;
            }
            return new SessionRequest
            {
                // Blank values (an object piped with an empty Region, say) mean "not given", as in AWS.Tools.
                ProfileName = NullIfBlank(profileName),
                ProfileLocation = NullIfBlank(ProfileLocation),
                Region = NullIfBlank(region),
                Credential = Credential is PSObject wrapped ? wrapped.BaseObject : Credential,
                EndpointUrl = NullIfBlank(EndpointUrl),
                BaseSession = baseSession,
                BaseSessionIsDefault = isDefault,
            };
        }

        private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

        /// <summary>Resolves the session for this call (throws EcsAdminException naming what was tried).</summary>
        private protected EcsSession ResolveSession(OperationContext context)
            => Engine.ResolveSession(BuildSessionRequest(ProfileNameValue, RegionValue), context);

        /// <summary>The cluster to use: the parameter, else the session's default cluster, else "default".</summary>
        protected static string ClusterOrDefault(string? cluster, EcsSession session)
            => !string.IsNullOrWhiteSpace(cluster) ? cluster!.Trim()
                : !string.IsNullOrWhiteSpace(session.DefaultCluster) ? session.DefaultCluster!
                : "default";

        // ---------------------------------------------------------------- the per-item skeleton

        /// <summary>
        /// The one way a cmdlet handles an item: (1) the local checks (the base's shared ones, then
        /// <paramref name="validate"/>); a failure is a typed non-terminating error and the item is skipped;
        /// (2) the session is resolved here, on the pipeline thread, without a request; (3) ShouldProcess with the
        /// target named from that session (so -WhatIf and -Confirm name the cluster the command acts on); (4) the
        /// operation runs through the pump. Reads pass no <paramref name="target"/> and skip step 3.
        /// </summary>
        /// <param name="operation">The engine call for this item.</param>
        /// <param name="validate">Checks that need no AWS; throw <see cref="EcsAdminException"/> to refuse the item.</param>
        /// <param name="target">The ShouldProcess target, from the resolved session; null for reads.</param>
        /// <param name="action">The ShouldProcess action text.</param>
        /// <param name="actionFor">The action text when it names something from the session (wins over <paramref name="action"/>).</param>
        /// <param name="force">-Force: skips the confirmation prompt (never -WhatIf or an explicit -Confirm).</param>
        /// <param name="perItemErrors">An item's own failures (bad argument, not found, conflict) are
        /// non-terminating, so the next piped item still gets its turn; failures that concern every item stay terminating.</param>
        /// <param name="discardOutput">Drop the operation's objects (a remove without -PassThru).</param>
        private protected void ProcessItem(Func<EcsSession, OperationContext, Task> operation, Action? validate = null,
            Func<EcsSession, string>? target = null, string? action = null, bool force = false,
            bool perItemErrors = false, bool discardOutput = false, Func<EcsSession, string>? actionFor = null)
            => Process(validate,
                session => target is null || ShouldProcessUnlessForced(force, target(session), actionFor?.Invoke(session) ?? action ?? MyInvocation.MyCommand.Name),
                operation, perItemErrors, discardOutput);

        /// <summary>
        /// <see cref="ProcessItem"/> for an item that names several targets acted on by one call (Remove-EcsServiceAlarm
        /// -Name a, b): each target gets its own ShouldProcess, and the operation gets the approved ones (none: no call).
        /// </summary>
        private protected void ProcessTargets(IReadOnlyList<string> targets, string action,
            Func<EcsSession, IReadOnlyList<string>, OperationContext, Task> operation, Action? validate = null,
            bool force = false, bool discardOutput = false)
            => ProcessTargets(targets, (_, t) => t, action, operation, validate, force, discardOutput, perItemErrors: false);

        /// <summary>
        /// <see cref="ProcessTargets(IReadOnlyList{string}, string, Func{EcsSession, IReadOnlyList{string}, OperationContext, Task}, Action?, bool, bool)"/>
        /// for items whose confirmation text needs the session (Set-EcsAttribute names the cluster of each container
        /// instance): <paramref name="targetFor"/> names an item once the session is known, and the operation gets
        /// the approved items themselves. <paramref name="perItemErrors"/> as in <see cref="ProcessItem"/>.
        /// </summary>
        private protected void ProcessTargets(IReadOnlyList<string> items, Func<EcsSession, string, string> targetFor, string action,
            Func<EcsSession, IReadOnlyList<string>, OperationContext, Task> operation, Action? validate = null,
            bool force = false, bool discardOutput = false, bool perItemErrors = false)
        {
            var approved = new List<string>();
            Process(validate,
                session =>
                {
                    foreach (var item in items)
                        if (ShouldProcessUnlessForced(force, targetFor(session, item), action)) approved.Add(item);
                    return approved.Count > 0;
                },
                (session, ctx) => operation(session, approved, ctx), perItemErrors, discardOutput);
        }

        private void Process(Action? validate, Func<EcsSession, bool> approve, Func<EcsSession, OperationContext, Task> operation,
            bool perItemErrors, bool discardOutput)
        {
            try
            {
                ValidateShared();
                validate?.Invoke();
            }
            catch (EcsAdminException ex)
            {
                WriteError(ToErrorRecord(ex, null));
                return;
            }

            var run = NewRun();
            EcsSession session;
            try
            {
                var engine = Engine;
                WritePendingLoaderWarning();
                session = engine.ResolveSession(BuildSessionRequest(ProfileNameValue, RegionValue), run.Context);
            }
            catch (EcsAdminException ex) when (perItemErrors && PerItem.IsItemFailure(ex))
            {
                WriteError(ToErrorRecord(ex, run.Context));
                return;
            }
            catch (Exception ex) when (!(ex is PipelineStoppedException))
            {
                ThrowTerminatingError(ToErrorRecord(ex, run.Context));
                return;
            }

            if (!approve(session)) return;

            Func<OperationContext, Task> body = ctx => operation(session, ctx);
            Pump(run, perItemErrors ? PerItem.NonTerminating(body) : body, discardOutput);
        }

        /// <summary>Checks a base class makes for every item (e.g. -Cluster), before the cmdlet's own.</summary>
        protected virtual void ValidateShared() { }

        // ---------------------------------------------------------------- running operations

        /// <summary>
        /// Runs an operation on the thread pool and writes what it posts from this (the pipeline) thread,
        /// as it comes. Ctrl+C cancels the token and returns control at once.
        /// </summary>
        private protected void RunOperation(Func<OperationContext, Task> body, bool discardOutput = false)
            => Pump(NewRun(), body, discardOutput);

        /// <summary>An operation's message queue and context, made before the session is resolved so the
        /// secrets resolution registers stay in the context the operation then uses.</summary>
        private sealed class OperationRun
        {
            public OperationRun(CancellationToken token)
            {
                Queue = new BlockingCollection<OperationMessage>();
                Context = new OperationContext(new QueueSink(Queue), token);
            }

            public BlockingCollection<OperationMessage> Queue { get; }
            public OperationContext Context { get; }
        }

        private OperationRun NewRun() => new OperationRun(_stop.Token);

        private void WritePendingLoaderWarning()
        {
            if (EngineLoader.PendingWarning is string warning)
            {
                EngineLoader.PendingWarning = null;
                WriteWarning(warning);
            }
        }

        private void Pump(OperationRun run, Func<OperationContext, Task> body, bool discardOutput)
        {
            _discardOutput = discardOutput;
            WritePendingLoaderWarning();
            DefaultSessionStore.CaptureRunspace();
            var queue = run.Queue;
            var context = run.Context;
            Task task;
            try
            {
                task = Task.Run(() => body(context), _stop.Token);
            }
            catch (OperationCanceledException)
            {
                throw new PipelineStoppedException();
            }
            task.ContinueWith(_ => queue.CompleteAdding(), TaskScheduler.Default);

            try
            {
                while (!queue.IsCompleted)
                {
                    if (_stop.IsCancellationRequested)
                    {
                        // Give the operation a moment to unwind, then hand control back regardless.
                        task.Wait(TimeSpan.FromMilliseconds(300));
                        CloseOpenProgress();
                        throw new PipelineStoppedException();
                    }
                    if (queue.TryTake(out var message, 100))
                        Write(message);
                }
            }
            catch
            {
                // The pipeline stopped under us (Select-Object -First has what it wants, a downstream error, Ctrl+C):
                // cancel the operation so it sends no further request.
                _stop.Cancel();
                throw;
            }
            finally
            {
                // Leaving while the operation still runs (a downstream Select-Object -First stopped the pipeline,
                // or writing failed): cancel it, so that it sends no further request.
                if (!task.IsCompleted) _stop.Cancel();
                if (task.IsCompleted) CloseOpenProgress();
            }

            if (task.IsFaulted)
            {
                var ex = task.Exception!.GetBaseException();
                if (ex is OperationCanceledException && _stop.IsCancellationRequested) throw new PipelineStoppedException();
                ThrowTerminatingError(ToErrorRecord(ex, context));
            }
            if (task.IsCanceled) throw new PipelineStoppedException();
        }

        private void Write(OperationMessage message)
        {
            if (!_debugChecked)
            {
                _debugChecked = true;
                _debugBound = DebugSwitch.IsBound(this);
            }
            switch (message.Kind)
            {
                case OperationMessageKind.Output:
                    if (_discardOutput) break;
                    WriteObject(message.Payload, enumerateCollection: false);
                    break;
                case OperationMessageKind.Verbose:
                    // With -Debug, PowerShell would ask to continue at every line: write without that prompt.
                    if (!_debugBound || !DebugSwitch.WriteWithoutInquire(this, new VerboseRecord((string)message.Payload)))
                        WriteVerbose((string)message.Payload);
                    break;
                case OperationMessageKind.Debug:
                    // With -Debug, PowerShell would ask to continue at every line: write without that prompt.
                    if (!_debugBound || !DebugSwitch.WriteWithoutInquire(this, new DebugRecord((string)message.Payload)))
                        WriteDebug((string)message.Payload);
                    break;
                case OperationMessageKind.Warning:
                    // With -Debug, PowerShell would ask to continue at every line: write without that prompt.
                    if (!_debugBound || !DebugSwitch.WriteWithoutInquire(this, new WarningRecord((string)message.Payload)))
                        WriteWarning((string)message.Payload);
                    break;
                case OperationMessageKind.Progress:
                    WriteProgressInfo((ProgressInfo)message.Payload);
                    break;
                case OperationMessageKind.Error:
                    WriteError(ToErrorRecord((EcsAdminException)message.Payload, null));
                    break;
            }
        }

        private protected void WriteProgressInfo(ProgressInfo info)
        {
            var record = new ProgressRecord(info.ActivityId, info.Activity, string.IsNullOrEmpty(info.Status) ? "..." : info.Status)
            {
                PercentComplete = info.PercentComplete,
                SecondsRemaining = info.SecondsRemaining,
                CurrentOperation = info.CurrentOperation,
                RecordType = info.Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
            };
            if (info.Completed) _openProgress.Remove(info.ActivityId);
            else _openProgress.Add(info.ActivityId);
            WriteProgress(record);
        }

        private void CloseOpenProgress()
        {
            foreach (var id in new List<int>(_openProgress))
            {
                try
                {
                    WriteProgress(new ProgressRecord(id, "EcsAdmin", "Done") { RecordType = ProgressRecordType.Completed });
                }
                catch (PipelineStoppedException) { }
                catch (InvalidOperationException) { }
            }
            _openProgress.Clear();
        }

        // ---------------------------------------------------------------- errors

        /// <summary>An ErrorRecord for a failure: stable ErrorId, category, target, recommended action.</summary>
        internal static ErrorRecord ToErrorRecord(Exception ex, OperationContext? context)
        {
            while ((ex is System.Reflection.TargetInvocationException || ex is TypeInitializationException || ex is AggregateException) && ex.InnerException != null)
                ex = ex.InnerException;
            if (ex is EcsAdminException e)
            {
                var message = context is null ? e.Message : context.Scrub(e.Message);
                var record = new ErrorRecord(new EcsAdminException(e.ErrorId, e.Kind, message, e.Target, e.RecommendedAction, null, e.AwsErrorCode),
                    e.ErrorId, MapCategory(e.Kind), e.Target);
                record.ErrorDetails = new ErrorDetails(message);
                if (!string.IsNullOrEmpty(e.RecommendedAction))
                    record.ErrorDetails.RecommendedAction = e.RecommendedAction;
                return record;
            }
            var text = context is null ? SecretPatterns.Scrub(ex.Message) : context.Scrub(ex.Message);
            var generic = new ErrorRecord(new InvalidOperationException(ex.GetType().FullName + ": " + text), "EcsAdmin." + ex.GetType().Name, ErrorCategory.NotSpecified, null);
            generic.ErrorDetails = new ErrorDetails(text);
            return generic;
        }

        internal static ErrorCategory MapCategory(EcsErrorKind kind) => kind switch
        {
            EcsErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
            EcsErrorKind.InvalidData => ErrorCategory.InvalidData,
            EcsErrorKind.InvalidOperation => ErrorCategory.InvalidOperation,
            EcsErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
            EcsErrorKind.ResourceExists => ErrorCategory.ResourceExists,
            EcsErrorKind.ResourceUnavailable => ErrorCategory.ResourceUnavailable,
            EcsErrorKind.PermissionDenied => ErrorCategory.PermissionDenied,
            EcsErrorKind.AuthenticationError => ErrorCategory.AuthenticationError,
            EcsErrorKind.SecurityError => ErrorCategory.SecurityError,
            EcsErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
            EcsErrorKind.QuotaExceeded => ErrorCategory.QuotaExceeded,
            EcsErrorKind.ConnectionError => ErrorCategory.ConnectionError,
            EcsErrorKind.OperationTimeout => ErrorCategory.OperationTimeout,
            EcsErrorKind.OperationStopped => ErrorCategory.OperationStopped,
            EcsErrorKind.InvalidResult => ErrorCategory.InvalidResult,
            EcsErrorKind.NotImplemented => ErrorCategory.NotImplemented,
            EcsErrorKind.ReadError => ErrorCategory.ReadError,
            EcsErrorKind.DeviceError => ErrorCategory.DeviceError,
            _ => ErrorCategory.NotSpecified,
        };

        /// <summary>Stops the cmdlet with a typed error made here, before any request.</summary>
        protected void ThrowInvalidArgument(string errorId, string message, object? target, string recommendedAction)
            => ThrowTerminatingError(ToErrorRecord(new EcsAdminException(errorId, EcsErrorKind.InvalidArgument, message, target, recommendedAction), null));

        /// <summary>Writes a typed non-terminating error made here, before any request.</summary>
        protected void WriteInvalidArgument(string errorId, string message, object? target, string recommendedAction)
            => WriteError(ToErrorRecord(new EcsAdminException(errorId, EcsErrorKind.InvalidArgument, message, target, recommendedAction), null));

        private sealed class QueueSink : IOperationSink
        {
            private readonly BlockingCollection<OperationMessage> _queue;
            public QueueSink(BlockingCollection<OperationMessage> queue) => _queue = queue;

            public void Post(OperationMessage message)
            {
                try
                {
                    _queue.Add(message);
                }
                catch (InvalidOperationException)
                {
                    // The cmdlet has stopped listening (Ctrl+C); what comes after is dropped.
                }
            }
        }
    }

    /// <summary>Base for cmdlets that act in one profile and one region.</summary>
    public abstract class EcsCmdlet : EcsCmdletBase
    {
        /// <summary>The named profile from the shared config/credentials files.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Profile")]
        public string? ProfileName { get; set; }

        /// <summary>The AWS region, e.g. us-east-1.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Region { get; set; }

        protected override string? ProfileNameValue => ProfileName;
        protected override string? RegionValue => Region;
    }

    /// <summary>The runspace's default session (Connect-EcsSession), one per runspace.</summary>
    internal static class DefaultSessionStore
    {
        private static readonly ConcurrentDictionary<Guid, EcsSession> Sessions = new ConcurrentDictionary<Guid, EcsSession>();

        // Operations run on the thread pool, where Runspace.DefaultRunspace is null: RunOperation records the
        // pipeline thread's runspace here first, and the AsyncLocal flows into the operation's tasks.
        private static readonly System.Threading.AsyncLocal<Guid?> FlowedRunspace = new System.Threading.AsyncLocal<Guid?>();

        /// <summary>Call on the pipeline thread before starting an operation on the thread pool.</summary>
        public static void CaptureRunspace() => FlowedRunspace.Value = Runspace.DefaultRunspace?.InstanceId;

        private static Guid Key => Runspace.DefaultRunspace?.InstanceId ?? FlowedRunspace.Value ?? Guid.Empty;

        public static EcsSession? Get() => Sessions.TryGetValue(Key, out var s) ? s : null;
        public static void Set(EcsSession session) => Sessions[Key] = session;
        public static bool Clear() => Sessions.TryRemove(Key, out _);
    }
}
