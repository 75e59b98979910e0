using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Exec;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// Copy-EcsFile: one file over exec sessions, with nothing put into the container but the file. The exec channel is a
    /// terminal (echo, CRLF line endings, line editing and signal keys). When the image has <c>stty</c>, each session first
    /// puts its terminal in raw mode (<c>stty raw -echo -opost</c>): every byte then passes unchanged both ways, so the file
    /// crosses as it is (<c>head -c</c> takes exactly a piece's bytes in; <c>dd</c> writes a piece out between two markers).
    /// Without stty, only text crosses: base64 lines both ways (the terminal leaves letters, digits, '+', '/', '=' and line
    /// ends alone), hex from <c>od</c> when the image has no base64 for reading; into the task a marker line says
    /// <c>base64 -d</c> reads, the lines are typed into it and Ctrl+D at the start of a line ends them. The file goes in
    /// pieces of <see cref="FileCopyRequest.ChunkBytes"/>, one session each (<c>dd</c> reads a piece out; pieces are
    /// appended to a temporary file in), and SHA-256 is computed at both ends (<c>sha256sum</c>) before the file is moved
    /// into place.
    /// </summary>
    internal sealed partial class TransferOperations
    {
        /// <summary>Progress activity id of Copy-EcsFile.</summary>
        public const int CopyActivityId = 6071;
        private const int DdBlock = 64 * 1024;
        /// <summary>Raw mode for the session's terminal: no line editing, signal keys, echo or output processing.</summary>
        private const string RawTerminal = "stty raw -echo -opost";

        private sealed class CopyTarget
        {
            public IAwsApi Api = null!;
            public string Cluster = "";
            public TaskContainer Task = null!;
        }

        public async Task CopyFileAsync(EcsSession session, FileCopyRequest request, OperationContext context)
        {
            var api = _api(session, context);
            var task = await FindContainerAsync(api, request.Cluster, request.Task, request.Container, context).ConfigureAwait(false);
            var target = new CopyTarget { Api = api, Cluster = request.Cluster, Task = task };
            var chunk = Math.Max(DdBlock, request.ChunkBytes / DdBlock * DdBlock);
            var clock = Stopwatch.StartNew();
            var activity = "Copy-EcsFile " + (request.FromTask ? task.TaskId + ":" + request.RemotePath + " -> " + request.LocalPath : request.LocalPath + " -> " + task.TaskId + ":" + request.RemotePath);
            void Progress(long done, long total, string status) => context.Progress(new ProgressInfo
            {
                ActivityId = CopyActivityId,
                Activity = activity,
                Status = status + " (" + done.ToString("N0", CultureInfo.InvariantCulture) + " of " + total.ToString("N0", CultureInfo.InvariantCulture) + " bytes)",
                PercentComplete = total == 0 ? 100 : (int)(done * 100 / total),
            });
            try
            {
                var result = request.FromTask
                    ? await DownloadAsync(target, request, chunk, Progress, context).ConfigureAwait(false)
                    : await UploadAsync(target, request, chunk, Progress, context).ConfigureAwait(false);
                result.Region = api.Region;
                result.Cluster = task.ClusterName;
                result.TaskId = task.TaskId;
                result.Container = task.Container;
                result.Duration = clock.Elapsed;
                context.Output(result);
            }
            finally
            {
                context.Progress(new ProgressInfo { ActivityId = CopyActivityId, Activity = activity, Status = "Done", Completed = true });
            }
        }

        private async Task<EcsFileCopyResult> DownloadAsync(CopyTarget target, FileCopyRequest request, int chunk,
            Action<long, long, string> progress, OperationContext context)
        {
            var path = ShellQuote(request.RemotePath);
            var probe = await RunTextAsync(target, ToolProbe + "if [ -f " + path + " ] && [ -r " + path + " ]; then printf 'SIZE %s\\n' \"$(wc -c < " + path + ")\"; " +
                "printf 'SHA '; sha256sum < " + path + " 2>/dev/null; printf '\\n'; else printf 'NOFILE\\n'; fi", context).ConfigureAwait(false);
            var tools = Tools(probe);
            if (probe.Contains("NOFILE"))
                throw new EcsAdminException("RemoteFileNotFound", EcsErrorKind.ObjectNotFound,
                    "'" + request.RemotePath + "' is not a readable file in container " + target.Task.Container + " of task " + target.Task.TaskId + ".", request.RemotePath,
                    "Check the path with Invoke-EcsExec -Command 'ls -l " + request.RemotePath + "'.");
            var encoder = tools.Contains("stty") ? "raw" : tools.Contains("base64") ? "base64" : tools.Contains("od") ? "od" : null;
            RequireTools(target, request, tools, encoder is null ? new[] { "base64", "dd", "sha256sum" } : new[] { "dd", "sha256sum" },
                "to copy a file out of a task; stty (a raw terminal) or od can stand in for base64");
            var size = long.Parse(Field(probe, "SIZE"), NumberStyles.Integer, CultureInfo.InvariantCulture);
            var remoteSha = Field(probe, "SHA").Split(' ')[0].ToLowerInvariant();
            var pipe = encoder == "base64" ? "base64" : "od -An -v -tx1";
            context.Verbose("Reading " + request.RemotePath + " (" + size + " bytes) with " +
                (encoder == "raw" ? "dd on a raw terminal" : "dd | " + pipe + (encoder == "od" ? " (the image has no working base64)" : "")) + ".");

            var temp = request.LocalPath + ".ecsadmin-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".part";
            var sessions = 1;
            try
            {
                using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
                using (var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                {
                    long done = 0;
                    progress(0, size, "Reading");
                    for (long offset = 0; offset < size; offset += chunk)
                    {
                        var dd = "dd if=" + path + " bs=" + DdBlock + " skip=" + (offset / DdBlock) + " count=" + (chunk / DdBlock) + " 2>/dev/null";
                        byte[] bytes;
                        if (encoder == "raw")
                        {
                            // The piece goes between two markers: what the wrapper prints after it cannot touch its last bytes.
                            var id = Guid.NewGuid().ToString("N");
                            var begin = "__ECSADMIN_BEGIN_" + id + "__";
                            var end = "__ECSADMIN_END_" + id + "__";
                            var output = await RunAsync(target, RawTerminal + " && printf '%s' '" + begin + "' && " + dd + " && printf '%s' '" + end + "'",
                                null, null, context, raw: true).ConfigureAwait(false);
                            bytes = Between(output, begin, end);
                        }
                        else
                        {
                            var text = Encoding.UTF8.GetString(await RunAsync(target, dd + " | " + pipe, null, null, context).ConfigureAwait(false));
                            bytes = encoder == "base64" ? DecodeBase64(text) : DecodeHex(text);
                        }
                        sessions++;
                        var expected = Math.Min(chunk, size - offset);
                        if (bytes.Length != expected)
                            throw new EcsAdminException("CopyIncomplete", EcsErrorKind.InvalidResult,
                                "Reading '" + request.RemotePath + "' at offset " + offset + " returned " + bytes.Length + " bytes instead of " + expected + " (the file may be changing).", request.RemotePath,
                                "Copy a file that is not being written to, or copy a snapshot of it (cp it first with Invoke-EcsExec).");
                        await file.WriteAsync(bytes, 0, bytes.Length, context.CancellationToken).ConfigureAwait(false);
                        sha.AppendData(bytes);
                        done += bytes.Length;
                        progress(done, size, "Reading");
                    }
                    var localSha = Hex(sha.GetHashAndReset());
                    if (localSha != remoteSha)
                        throw new EcsAdminException("CopyChecksumMismatch", EcsErrorKind.InvalidResult,
                            "The copy of '" + request.RemotePath + "' has SHA-256 " + localSha + "; the file in the task has " + remoteSha + ". Nothing was written.", request.RemotePath,
                            "Retry; if the file is being written to, copy a snapshot of it.");
                    context.Verbose("SHA-256 " + localSha + " matches the task's sha256sum of " + request.RemotePath + ".");
                }
                if (File.Exists(request.LocalPath)) File.Delete(request.LocalPath);
                File.Move(temp, request.LocalPath);
            }
            finally
            {
                if (File.Exists(temp)) File.Delete(temp);
            }
            return new EcsFileCopyResult
            {
                Direction = "FromTask",
                Source = request.RemotePath,
                Destination = request.LocalPath,
                Length = size,
                Sha256 = remoteSha,
                Sessions = sessions,
            };
        }

        private async Task<EcsFileCopyResult> UploadAsync(CopyTarget target, FileCopyRequest request, int chunk,
            Action<long, long, string> progress, OperationContext context)
        {
            string localSha;
            long size;
            using (var read = File.OpenRead(request.LocalPath))
            using (var sha = SHA256.Create())
            {
                size = read.Length;
                localSha = Hex(sha.ComputeHash(read));
            }
            var probe = await RunTextAsync(target, ToolProbe, context).ConfigureAwait(false);
            var tools = Tools(probe);
            var raw = tools.Contains("stty") && tools.Contains("head");
            RequireTools(target, request, tools, raw ? new[] { "sha256sum" } : new[] { "base64", "sha256sum" },
                "to copy a file into a task; stty and head (a raw terminal) can stand in for base64");
            context.Verbose("Writing " + request.RemotePath + " (" + size + " bytes) with " + (raw ? "head -c on a raw terminal" : "base64 -d") + ".");
            var temp = request.RemotePath + ".ecsadmin-" + Guid.NewGuid().ToString("N").Substring(0, 8) + ".part";
            var qtemp = ShellQuote(temp);
            var sessions = 1;
            var stty = tools.Contains("stty") ? "stty -echo 2>/dev/null; " : "";
            var committed = false;
            try
            {
                using var file = File.OpenRead(request.LocalPath);
                var buffer = new byte[chunk];
                long done = 0;
                progress(0, size, "Writing");
                var first = true;
                do
                {
                    var n = ReadFull(file, buffer);
                    var ready = "__ECSADMIN_READY_" + Guid.NewGuid().ToString("N") + "__";
                    var sent = done;
                    var redirect = (first ? "> " : ">> ") + qtemp;
                    // Raw: exactly the piece's bytes, taken by head -c (no end-of-input key: every byte value is data).
                    // Otherwise base64 lines into base64 -d, ended by Ctrl+D at the start of a line.
                    var input = raw ? buffer.AsSpan(0, n).ToArray() : EncodeBase64Lines(buffer, n);
                    var script = raw
                        ? RawTerminal + " && printf '%s\\n' '" + ready + "' && head -c " + n.ToString(CultureInfo.InvariantCulture) + " " + redirect
                        : stty + "printf '%s\\n' '" + ready + "'; base64 -d " + redirect;
                    await RunAsync(target, script, input, ready, context,
                        typed => progress(sent + typed * n / Math.Max(1, input.Length), size, "Writing"), raw).ConfigureAwait(false);
                    sessions++;
                    first = false;
                    done += n;
                    progress(done, size, "Writing");
                } while (done < size);
                var check = await RunTextAsync(target, "set -- $(sha256sum < " + qtemp + "); if [ \"$1\" = '" + localSha + "' ]; then mv -f " + qtemp + " " + ShellQuote(request.RemotePath) +
                    " && printf 'COPIED\\n'; else printf 'SHA %s\\n' \"$1\"; rm -f " + qtemp + "; fi", context).ConfigureAwait(false);
                sessions++;
                if (!check.Contains("COPIED"))
                {
                    committed = true; // removed by the check itself
                    throw new EcsAdminException("CopyChecksumMismatch", EcsErrorKind.InvalidResult,
                        "The copy of '" + request.LocalPath + "' in the task has SHA-256 " + (check.Contains("SHA ") ? Field(check, "SHA") : "(unknown)") + "; the local file has " + localSha + ". Nothing was written.",
                        request.LocalPath, "Retry the copy.");
                }
                committed = true;
                context.Verbose("SHA-256 " + localSha + " matches the task's sha256sum of " + request.RemotePath + ".");
            }
            finally
            {
                if (!committed)
                {
                    try { await RunTextAsync(target, "rm -f " + qtemp, new OperationContext(NullSink.Instance, System.Threading.CancellationToken.None)).ConfigureAwait(false); }
                    catch (Exception ex) when (ex is EcsAdminException || ex is OperationCanceledException) { /* best effort: a stray .part file */ }
                }
            }
            return new EcsFileCopyResult
            {
                Direction = "ToTask",
                Source = request.LocalPath,
                Destination = request.RemotePath,
                Length = size,
                Sha256 = localSha,
                Sessions = sessions,
            };
        }

        /// <summary>Which tools work in the container: each is run on a known input (a name found by <c>command -v</c> may
        /// still not run, e.g. a BusyBox applet without its link).</summary>
        private const string ToolProbe =
            "t() { printf 'TOOL %s\\n' \"$1\"; }; " +
            "case \"$(printf 'aGk=\\n' | base64 -d 2>/dev/null)\" in hi) t base64;; esac; " +
            "case \"$(printf A | od -An -tx1 2>/dev/null)\" in *41*) t od;; esac; " +
            "case \"$(printf A | dd bs=1 count=1 2>/dev/null)\" in A) t dd;; esac; " +
            "case \"$(printf AB | head -c 1 2>/dev/null)\" in A) t head;; esac; " +
            "case \"$(printf '' | sha256sum 2>/dev/null)\" in e3b0c442*) t sha256sum;; esac; " +
            "stty -g >/dev/null 2>&1 && t stty; true; ";

        private static HashSet<string> Tools(string probe) =>
            new HashSet<string>(probe.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("TOOL ", StringComparison.Ordinal)).Select(l => l.Substring(5)), StringComparer.Ordinal);

        private static void RequireTools(CopyTarget target, FileCopyRequest request, HashSet<string> tools, string[] needed, string purpose)
        {
            var missing = needed.Where(t => !tools.Contains(t)).ToList();
            if (missing.Count == 0) return;
            throw new EcsAdminException("RemoteToolMissing", EcsErrorKind.NotImplemented,
                "Container " + target.Task.Container + " of task " + target.Task.TaskId + " has no " + string.Join(", no ", missing) + " (needed " + purpose + "). " +
                "Copy-EcsFile uses what the image has: /bin/sh, base64 (or od to copy out), dd and sha256sum.", request.FromTask ? request.RemotePath : request.LocalPath,
                "Use an image with BusyBox or coreutils in it, or copy through a sidecar container that has them (-Container).");
        }

        private static string Field(string output, string name)
        {
            foreach (var line in output.Split('\n'))
            {
                var l = line.Trim();
                if (l.StartsWith(name + " ", StringComparison.Ordinal)) return l.Substring(name.Length + 1).Trim();
            }
            throw new EcsAdminException("CopyProtocolError", EcsErrorKind.InvalidResult, "The container's answer has no " + name + " line: " + Shorten(output), output,
                "Run Invoke-EcsExec -Command 'sha256sum --help; wc --help' to see what the image's tools say.");
        }

        private static string Shorten(string s) => s.Length > 300 ? s.Substring(0, 300) + "..." : s;

        private async Task<string> RunTextAsync(CopyTarget target, string script, OperationContext context) =>
            Encoding.UTF8.GetString(await RunAsync(target, script, null, null, context).ConfigureAwait(false));

        /// <summary>One exec session running a script through /bin/sh (the exec wrapper), optionally typing input after a
        /// marker; returns the output: with LF line ends, or with <paramref name="raw"/> the bytes as the terminal sent them
        /// (the script puts it in raw mode) and no end-of-input key after the input. A non-zero exit code is an error with
        /// the output in it.</summary>
        private async Task<byte[]> RunAsync(CopyTarget target, string script, byte[]? input, string? readyMarker, OperationContext context,
            Action<long>? typed = null, bool raw = false)
        {
            var marker = ExecCommandWrapper.NewMarker();
            var wrapped = ExecCommandWrapper.Wrap(script, marker);
            Ecs.ExecuteCommandResponse reply;
            try
            {
                reply = await target.Api.CallAsync(Ecs.EcsApi.ExecuteCommand, new Ecs.ExecuteCommandRequest
                {
                    Cluster = target.Cluster,
                    Task = target.Task.TaskArn,
                    Container = target.Task.Container,
                    Command = wrapped,
                    Interactive = true,
                }, context.CancellationToken).ConfigureAwait(false);
            }
            catch (EcsAdminException ex)
            {
                throw new EcsAdminException(ex.ErrorId, ex.Kind,
                    "ExecuteCommand on task " + target.Task.TaskId + " (container " + target.Task.Container + ") failed: " + ex.Message, target.Task.TaskArn,
                    ex.RecommendedAction ?? "Run Test-EcsExecReadiness for the task to see what blocks ECS Exec.", null, ex.AwsErrorCode);
            }
            var s = reply.Session;
            context.AddSecret(s?.TokenValue);
            if (s is null || string.IsNullOrEmpty(s.SessionId) || string.IsNullOrEmpty(s.TokenValue) || !Uri.TryCreate(s.StreamUrl, UriKind.Absolute, out var url))
                throw new EcsAdminException("ExecInvalidSession", EcsErrorKind.InvalidResult,
                    "ExecuteCommand on task " + target.Task.TaskId + " returned no usable session.", target.Task.TaskArn, "Check the ECS endpoint (-EndpointUrl / AWS_ENDPOINT_URL_ECS).");
            var options = new ExecRunOptions
            {
                Marker = marker,
                Input = input,
                InputReadyMarker = readyMarker,
                OnInputProgress = typed,
                MaxOutputBytes = 64L * 1024 * 1024,
                NormalizeLineEndings = !raw,
            };
            if (raw) options.EndOfInput = null;
            if (ChannelOptions != null) options.Channel = ChannelOptions();
            try
            {
                var outcome = await ExecSession.RunCommandAsync(new ExecConnection(url, s.TokenValue!, s.SessionId!), wrapped, options, context.CancellationToken).ConfigureAwait(false);
                if (outcome.ExitCode != 0)
                    throw new EcsAdminException("RemoteCommandFailed", EcsErrorKind.InvalidResult,
                        "A copy step failed in container " + target.Task.Container + " of task " + target.Task.TaskId + " (exit code " +
                        (outcome.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "unknown") + "): " + Shorten(Encoding.UTF8.GetString(outcome.Output).Trim()), target.Task.TaskArn,
                        "Check the remote path and its permissions (the container's user must be able to write the directory).");
                return outcome.Output;
            }
            catch (ExecCommandNotStartedException ex) when (ex.ShellMissing)
            {
                throw new EcsAdminException("ExecShellNotFound", EcsErrorKind.NotImplemented,
                    "Container " + target.Task.Container + " of task " + target.Task.TaskId + " has no /bin/sh, which Copy-EcsFile needs: " + ex.AgentMessage, target.Task.TaskArn,
                    "Copy through a container of the task that has a shell (-Container), e.g. a sidecar.");
            }
            catch (ExecException ex)
            {
                throw new EcsAdminException("ExecSessionFailed", EcsErrorKind.ConnectionError,
                    "The exec session on task " + target.Task.TaskId + " failed: " + ex.Message, target.Task.TaskArn,
                    "Check the network path to the ssmmessages endpoint and run Test-EcsExecReadiness for the task; then retry.");
            }
            finally
            {
                await ExecOperations.TerminateAsync(target.Api, s.SessionId!, context).ConfigureAwait(false);
            }
        }

        /// <summary>The bytes between the first <paramref name="begin"/> and the last <paramref name="end"/> marker.</summary>
        internal static byte[] Between(byte[] output, string begin, string end)
        {
            var b = Encoding.ASCII.GetBytes(begin);
            var e = Encoding.ASCII.GetBytes(end);
            var from = output.AsSpan().IndexOf(b);
            var to = output.AsSpan().LastIndexOf(e);
            if (from < 0 || to < from + b.Length)
                throw new EcsAdminException("CopyProtocolError", EcsErrorKind.InvalidResult,
                    "The container's answer lacks the markers around the data: " + Shorten(Encoding.UTF8.GetString(output)), begin,
                    "Run Invoke-EcsExec -Command 'stty raw -echo -opost && printf ok' to check the image's stty.");
            return output.AsSpan(from + b.Length, to - from - b.Length).ToArray();
        }

        internal static string ShellQuote(string s) => "'" + s.Replace("'", "'\\''") + "'";

        private static int ReadFull(Stream stream, byte[] buffer)
        {
            var total = 0;
            while (total < buffer.Length)
            {
                var n = stream.Read(buffer, total, buffer.Length - total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        }

        /// <summary>Base64 in lines of 76 characters, each ended by LF: short enough for any terminal's line editor.</summary>
        internal static byte[] EncodeBase64Lines(byte[] data, int count)
        {
            var text = Convert.ToBase64String(data, 0, count);
            var sb = new StringBuilder(text.Length + text.Length / 76 + 2);
            for (var i = 0; i < text.Length; i += 76) sb.Append(text, i, Math.Min(76, text.Length - i)).Append('\n');
            return Encoding.ASCII.GetBytes(sb.ToString());
        }

        /// <summary>Decodes base64 text as a terminal delivered it: line ends (CR, LF) and other whitespace are dropped.</summary>
        internal static byte[] DecodeBase64(string text)
        {
            // The usual text (base64 lines, CR/LF ends) decodes as it is; anything else is filtered first.
            try { return Convert.FromBase64String(text); }
            catch (FormatException) { }
            var sb = new StringBuilder(text.Length);
            foreach (var c in text) if (!char.IsWhiteSpace(c)) sb.Append(c);
            try { return Convert.FromBase64String(sb.ToString()); }
            catch (FormatException ex)
            {
                throw new EcsAdminException("CopyProtocolError", EcsErrorKind.InvalidResult, "The container's base64 output does not decode: " + ex.Message, Shorten(text),
                    "Run Invoke-EcsExec -Command 'echo aGk= | base64 -d' to check the image's base64.");
            }
        }

        /// <summary>Decodes od -An -tx1 output: hex pairs separated by spaces and line ends.</summary>
        internal static byte[] DecodeHex(string text)
        {
            var result = new List<byte>(text.Length / 3);
            foreach (var token in text.Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries))
            {
                if (token.Length != 2 || !byte.TryParse(token, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                    throw new EcsAdminException("CopyProtocolError", EcsErrorKind.InvalidResult, "The container's od output has '" + token + "', not a hex byte.", Shorten(text),
                        "Run Invoke-EcsExec -Command 'echo hi | od -An -v -tx1' to check the image's od.");
                result.Add(b);
            }
            return result.ToArray();
        }

        private static string Hex(byte[] hash)
        {
            var sb = new StringBuilder(hash.Length * 2);
            foreach (var b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}
