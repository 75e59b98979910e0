using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdmin.Exec
{
    /// <summary>High-level exec runs over an <see cref="ExecChannel"/>. The ECS ExecuteCommand call that yields the
    /// <see cref="ExecConnection"/> is the caller's job.</summary>
    public static class ExecSession
    {
        /// <summary>
        /// Runs a non-interactive session to its end and returns the captured output.
        /// </summary>
        /// <param name="connection">The session from ECS ExecuteCommand (connect right away: the token is short-lived).</param>
        /// <param name="command">The command line that was passed to ExecuteCommand. It is not sent on the channel; when it
        /// was produced by <see cref="ExecCommandWrapper.Wrap"/> and <see cref="ExecRunOptions.Marker"/> is null, the marker
        /// is recovered from it. It never appears in exception messages.</param>
        /// <exception cref="ExecSessionException">Connect failed, the socket dropped, input was never acknowledged, the agent
        /// demanded KMS encryption, output was incomplete, or the service closed the channel with an error and no marker.</exception>
        /// <exception cref="ExecTimeoutException"><see cref="ExecRunOptions.Timeout"/> expired.</exception>
        /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled (returns at once;
        /// the remote process keeps running until the caller calls SSM TerminateSession).</exception>
        public static async Task<ExecOutcome> RunCommandAsync(ExecConnection connection, string command, ExecRunOptions? options, CancellationToken cancellationToken)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            options ??= new ExecRunOptions();
            var marker = options.Marker ?? ExecCommandWrapper.TryGetMarker(command);
            var startedUtc = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            TimeSpan? firstOutput = null;
            var output = new MemoryStream();

            using var timeoutCts = new CancellationTokenSource();
            if (options.Timeout is TimeSpan limit) timeoutCts.CancelAfter(limit);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);

            var readyMarker = options.Input != null && options.InputReadyMarker != null ? System.Text.Encoding.ASCII.GetBytes(options.InputReadyMarker) : null;
            var inputStarted = false;
            Task inputTask = Task.CompletedTask;
            ExecChannel? channelRef = null;
            var channel = new ExecChannel(connection, options.Channel, (type, data) =>
            {
                if (type != PayloadType.Output && type != PayloadType.StdErr) return;
                if (firstOutput == null) firstOutput = clock.Elapsed;
                if (output.Length + data.Length > options.MaxOutputBytes)
                    throw new ExecSessionException(connection.SessionId,
                        $"Exec session {connection.SessionId} produced more than {options.MaxOutputBytes} bytes of output.");
                output.Write(data, 0, data.Length);
                options.OnOutput?.Invoke(data);
                if (readyMarker != null && !inputStarted && Contains(output, readyMarker))
                {
                    inputStarted = true;
                    inputTask = Task.Run(() => SendInputAsync(channelRef!, options, linked.Token));
                }
            });
            channelRef = channel;
            ExecChannelResult result;
            var clean = false;
            try
            {
                await channel.ConnectAsync(linked.Token).ConfigureAwait(false);
                if (options.TerminalColumns > 0)
                    await channel.SendSizeAsync(new TerminalSize(options.TerminalColumns, options.TerminalRows), linked.Token).ConfigureAwait(false);
                result = await WaitAsync(channel.Completion, linked.Token).ConfigureAwait(false);
                clean = true;
                if (inputTask.IsFaulted) await inputTask.ConfigureAwait(false); // input that could not be sent is the session's error
            }
            catch (OperationCanceledException ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"Exec session {connection.SessionId} was cancelled.", ex, cancellationToken);
            }
            catch (OperationCanceledException) when (timeoutCts.IsCancellationRequested)
            {
                throw new ExecTimeoutException(connection.SessionId, options.Timeout ?? TimeSpan.Zero);
            }
            finally
            {
                if (clean) await channel.CloseAsync().ConfigureAwait(false);
                else channel.Dispose();
            }

            var reason = string.IsNullOrEmpty(result.ChannelClosed.Output) ? null : result.ChannelClosed.Output;
            if (result.KmsError != null)
                throw new ExecSessionException(connection.SessionId,
                    $"Exec session {connection.SessionId} is KMS-encrypted and the data key could not be made: {result.KmsError}" +
                    (reason != null ? " The service said: " + reason : ""));
            if (result.KmsRefused)
                throw new ExecSessionException(connection.SessionId,
                    $"Exec session {connection.SessionId} requires KMS encryption (the cluster's executeCommandConfiguration has a kmsKeyId), and no KMS data key provider was given." +
                    (reason != null ? " The service said: " + reason : ""));
            if (result.MissingMessages > 0)
                throw new ExecSessionException(connection.SessionId,
                    $"Exec session {connection.SessionId} closed with {result.MissingMessages} output message(s) missing; the output is incomplete.");

            var raw = output.ToArray();
            var exitCode = result.ExitCode;
            var found = false;
            if (marker != null)
            {
                raw = ExecCommandWrapper.Extract(raw, marker, out var code);
                if (code.HasValue) { exitCode = code; found = true; }
            }
            if (!found && reason != null && reason.StartsWith("Unable to start command", StringComparison.Ordinal))
                throw new ExecCommandNotStartedException(connection.SessionId, reason);
            if (!found && reason != null)
                throw new ExecSessionException(connection.SessionId, $"Exec session {connection.SessionId} ended with an error: {reason}");
            if (options.NormalizeLineEndings) raw = ExecCommandWrapper.NormalizeLineEndings(raw);
            var duration = clock.Elapsed;
            return new ExecOutcome
            {
                ExitCode = exitCode,
                Output = raw,
                TimeToFirstOutput = firstOutput ?? duration,
                StartedUtc = startedUtc,
                Duration = duration,
                SessionId = connection.SessionId,
                CloseReason = reason,
                MarkerFound = found,
            };
        }

        /// <summary>
        /// Runs an interactive session: typed bytes go to the remote pty as they are (Ctrl+C is 0x03, Ctrl+D 0x04), remote
        /// output goes to the terminal; a Size message is sent when the channel is ready and whenever the window size
        /// changes. Writes "Starting session with SessionId: …" first and "Exiting session with SessionId: …" last.
        /// The escape character at the start of a line followed by '.' (default <c>~.</c>) leaves at once, whatever the
        /// remote side does (<see cref="ExecInteractiveOutcome.LeftByEscape"/>).
        /// </summary>
        public static async Task<ExecInteractiveOutcome> RunInteractiveAsync(ExecConnection connection, IExecTerminal terminal, ExecInteractiveOptions? options, CancellationToken cancellationToken)
        {
            if (connection is null) throw new ArgumentNullException(nameof(connection));
            if (terminal is null) throw new ArgumentNullException(nameof(terminal));
            options ??= new ExecInteractiveOptions();
            void Say(string text) => terminal.WriteOutput(System.Text.Encoding.UTF8.GetBytes(text));
            Say("\r\nStarting session with SessionId: " + connection.SessionId + "\r\n");
            if (options.EscapeCharacter is char esc) Say("(Type " + esc + ". at the start of a line to leave the session.)\r\n");

            var channel = new ExecChannel(connection, options.Channel, (type, data) =>
            {
                if (type == PayloadType.HandshakeComplete)
                {
                    var line = new byte[data.Length + 2];
                    Buffer.BlockCopy(data, 0, line, 0, data.Length);
                    line[data.Length] = (byte)'\r';
                    line[data.Length + 1] = (byte)'\n';
                    terminal.WriteOutput(line);
                }
                else terminal.WriteOutput(data);
            });
            var sizeGate = new object();
            var lastSize = terminal.GetWindowSize();
            void OnSizeChanged(object? sender, EventArgs e)
            {
                var size = terminal.GetWindowSize();
                lock (sizeGate)
                {
                    if (size.Equals(lastSize)) return;
                    lastSize = size;
                }
                _ = channel.SendSizeAsync(size);
            }

            using var inputCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var left = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            var filter = options.EscapeCharacter is char e2 ? new EscapeFilter(e2) : null;
            var clean = false;
            Task? inputPump = null;
            terminal.SizeChanged += OnSizeChanged;
            try
            {
                // Keys are read from the start, so the escape works even while the channel connects or hangs.
                inputPump = Task.Run(async () =>
                {
                    var buffer = new byte[ClientMessage.MaxStreamPayload];
                    while (!inputCts.IsCancellationRequested)
                    {
                        var n = await terminal.ReadInputAsync(buffer, inputCts.Token).ConfigureAwait(false);
                        if (n <= 0) return; // end of local input: keep the session until the remote side ends it
                        var send = buffer;
                        var count = n;
                        if (filter != null)
                        {
                            send = filter.Filter(buffer, n, out var leave);
                            count = send.Length;
                            if (leave)
                            {
                                if (count > 0) await channel.SendInputAsync(send, 0, count, inputCts.Token).ConfigureAwait(false);
                                left.TrySetResult(true);
                                return;
                            }
                        }
                        if (count > 0) await channel.SendInputAsync(send, 0, count, inputCts.Token).ConfigureAwait(false);
                    }
                });
                var connect = channel.ConnectAsync(inputCts.Token);
                if (await Task.WhenAny(connect, left.Task).ConfigureAwait(false) == left.Task) return Leave();
                await connect.ConfigureAwait(false);
                await channel.SendSizeAsync(lastSize, cancellationToken).ConfigureAwait(false);
                var completion = WaitAsync(channel.Completion, cancellationToken);
                if (await Task.WhenAny(completion, left.Task).ConfigureAwait(false) == left.Task) return Leave();
                var result = await completion.ConfigureAwait(false);
                clean = true;
                inputCts.Cancel(); // stop reading keys at once: what is typed next belongs to the local shell
                if (!string.IsNullOrEmpty(result.ChannelClosed.Output))
                    Say(result.ChannelClosed.Output + "\r\n");
                if (result.KmsError != null)
                    throw new ExecSessionException(connection.SessionId,
                        $"Exec session {connection.SessionId} is KMS-encrypted and the data key could not be made: {result.KmsError}");
                if (result.KmsRefused)
                    throw new ExecSessionException(connection.SessionId,
                        $"Exec session {connection.SessionId} requires KMS encryption, and no KMS data key provider was given.");
                Say("\r\nExiting session with SessionId: " + connection.SessionId + ".\r\n");
                return new ExecInteractiveOutcome(result.ExitCode, false, result.ChannelClosed.Output);
            }
            finally
            {
                terminal.SizeChanged -= OnSizeChanged;
                inputCts.Cancel();
                if (clean) await channel.CloseAsync().ConfigureAwait(false);
                else channel.Dispose();
                if (inputPump != null)
                    _ = inputPump.ContinueWith(t => _ = t.Exception, TaskScheduler.Default); // observed; the terminal may end it late
            }

            ExecInteractiveOutcome Leave()
            {
                inputCts.Cancel();
                Say("\r\nLeft exec session " + connection.SessionId + " (" + options.EscapeCharacter + ".).\r\n");
                return new ExecInteractiveOutcome(null, true, null);
            }
        }

        /// <summary>Compatibility overloads: the exit code (null for ECS pty sessions).</summary>
        public static async Task<int?> RunInteractiveAsync(ExecConnection connection, IExecTerminal terminal, CancellationToken cancellationToken) =>
            (await RunInteractiveAsync(connection, terminal, (ExecInteractiveOptions?)null, cancellationToken).ConfigureAwait(false)).ExitCode;

        public static async Task<int?> RunInteractiveAsync(ExecConnection connection, IExecTerminal terminal, ExecChannelOptions? options, CancellationToken cancellationToken) =>
            (await RunInteractiveAsync(connection, terminal, new ExecInteractiveOptions { Channel = options ?? new ExecChannelOptions() }, cancellationToken).ConfigureAwait(false)).ExitCode;

        static bool Contains(MemoryStream output, byte[] marker)
        {
            var buffer = output.GetBuffer();
            var length = (int)output.Length;
            for (var i = 0; i + marker.Length <= length; i++)
            {
                var j = 0;
                while (j < marker.Length && buffer[i + j] == marker[j]) j++;
                if (j == marker.Length) return true;
            }
            return false;
        }

        static async Task SendInputAsync(ExecChannel channel, ExecRunOptions options, CancellationToken cancellationToken)
        {
            var input = options.Input!;
            const int piece = 16 * ClientMessage.MaxStreamPayload;
            for (var offset = 0; offset < input.Length; offset += piece)
            {
                await channel.WaitForInputWindowAsync(cancellationToken).ConfigureAwait(false);
                await channel.SendInputAsync(input, offset, Math.Min(piece, input.Length - offset), cancellationToken).ConfigureAwait(false);
                options.OnInputProgress?.Invoke(Math.Min(input.Length, offset + piece));
            }
            if (options.EndOfInput is byte[] end && end.Length > 0) await channel.SendInputAsync(end, cancellationToken).ConfigureAwait(false);
        }

        static async Task<T> WaitAsync<T>(Task<T> task, CancellationToken cancellationToken)
        {
            if (!cancellationToken.CanBeCanceled || task.IsCompleted) return await task.ConfigureAwait(false);
            var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
            {
                if (await Task.WhenAny(task, cancelled.Task).ConfigureAwait(false) != task)
                    throw new OperationCanceledException(cancellationToken);
            }
            return await task.ConfigureAwait(false);
        }
    }
}
