using System;
using System.Collections.Generic;
using System.Threading;

namespace EcsAdmin.Contracts
{
    /// <summary>A progress report from an operation, written by the cmdlet as a ProgressRecord.</summary>
    internal sealed class ProgressInfo
    {
        public int ActivityId { get; set; }
        public string Activity { get; set; } = "";
        public string Status { get; set; } = "";
        public string? CurrentOperation { get; set; }
        public int PercentComplete { get; set; } = -1;
        public int SecondsRemaining { get; set; } = -1;
        public bool Completed { get; set; }
    }

    /// <summary>Kinds of message an operation posts to its cmdlet.</summary>
    internal enum OperationMessageKind
    {
        Output,
        Verbose,
        Debug,
        Warning,
        Progress,
        Error,
    }

    internal sealed class OperationMessage
    {
        public OperationMessage(OperationMessageKind kind, object payload)
        {
            Kind = kind;
            Payload = payload;
        }

        public OperationMessageKind Kind { get; }
        public object Payload { get; }
    }

    /// <summary>Receives an operation's messages; the cmdlet writes them from the pipeline thread.</summary>
    internal interface IOperationSink
    {
        void Post(OperationMessage message);
    }

    /// <summary>
    /// What an operation gets from its caller: a cancellation token (cancelled by Ctrl+C) and a way to report
    /// results, errors, progress and diagnostics without touching PowerShell. Every text goes through the
    /// secret scrubber before it leaves.
    /// </summary>
    internal sealed class OperationContext
    {
        private readonly IOperationSink _sink;
        private readonly List<string> _secrets = new List<string>();

        public OperationContext(IOperationSink sink, CancellationToken cancellationToken)
        {
            _sink = sink;
            CancellationToken = cancellationToken;
        }

        public CancellationToken CancellationToken { get; }

        /// <summary>A value that must never appear in any stream (keys, tokens).</summary>
        public void AddSecret(string? secret)
        {
            if (string.IsNullOrEmpty(secret) || secret!.Length < 4) return;
            lock (_secrets) if (!_secrets.Contains(secret)) _secrets.Add(secret);
        }

        public string Scrub(string? text)
        {
            if (string.IsNullOrEmpty(text)) return text ?? "";
            var result = text!;
            lock (_secrets)
                foreach (var s in _secrets)
                    result = result.Replace(s, "****");
            return SecretPatterns.Scrub(result);
        }

        public void Output(object item) => _sink.Post(new OperationMessage(OperationMessageKind.Output, item));
        public void Verbose(string text) => _sink.Post(new OperationMessage(OperationMessageKind.Verbose, Scrub(text)));
        public void Debug(string text) => _sink.Post(new OperationMessage(OperationMessageKind.Debug, Scrub(text)));
        public void Warning(string text) => _sink.Post(new OperationMessage(OperationMessageKind.Warning, Scrub(text)));
        public void Progress(ProgressInfo progress)
        {
            progress.Status = Scrub(progress.Status);
            progress.CurrentOperation = progress.CurrentOperation is null ? null : Scrub(progress.CurrentOperation);
            _sink.Post(new OperationMessage(OperationMessageKind.Progress, progress));
        }

        /// <summary>A non-terminating error for one item; the operation goes on with the others.</summary>
        public void Error(EcsAdminException error) => _sink.Post(new OperationMessage(OperationMessageKind.Error, error.Scrubbed(this)));
    }

    /// <summary>
    /// Patterns of secrets recognisable without knowing their value. Interpreted, not compiled: every call scrubs
    /// its texts, and compiling the patterns would cost the first call of a session more than all its scrubbing.
    /// </summary>
    internal static class SecretPatterns
    {
        private static readonly System.Text.RegularExpressions.Regex[] Patterns =
        {
            // SigV4 signatures and credentials in an Authorization header or presigned URL.
            new System.Text.RegularExpressions.Regex(@"(Signature=)[0-9a-fA-F]{16,}"),
            new System.Text.RegularExpressions.Regex(@"(X-Amz-Security-Token[=:]\s*)[^\s&""]+", System.Text.RegularExpressions.RegexOptions.IgnoreCase),
            new System.Text.RegularExpressions.Regex(@"(""?(?:tokenValue|secretAccessKey|sessionToken|SecretAccessKey|SessionToken|accessToken)""?\s*[:=]\s*""?)[^""\s,}]+"),
        };

        public static string Scrub(string text)
        {
            foreach (var p in Patterns)
                text = p.Replace(text, "$1****");
            return text;
        }
    }
}
