using System;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Amazon.Runtime;
using EcsAdmin.Contracts;

namespace EcsAdmin.Engine.Session
{
    /// <summary>
    /// Wraps the credentials of a session so that a source that cannot deliver (a failing credential_process, a
    /// container endpoint refusing the token, an expired SSO token, an assume-role that STS refuses) surfaces as one
    /// typed error, ErrorId UnusableCredential, naming the source, instead of an SDK exception from deep in the
    /// pipeline. One wrapper per credentials object, so client caches keyed by credentials keep working.
    /// </summary>
    internal sealed class CheckedCredentials : AWSCredentials
    {
        private static readonly ConditionalWeakTable<AWSCredentials, CheckedCredentials> Wrappers = new ConditionalWeakTable<AWSCredentials, CheckedCredentials>();

        private readonly AWSCredentials _inner;
        private readonly string _description;

        private CheckedCredentials(AWSCredentials inner, string description)
        {
            _inner = inner;
            _description = description;
        }

        public static AWSCredentials For(AWSCredentials credentials, string description)
        {
            if (credentials is CheckedCredentials) return credentials;
            return Wrappers.GetValue(credentials, c => new CheckedCredentials(c, description));
        }

        /// <summary>The credentials the source gave (what the SDK would have used without the wrapper).</summary>
        public AWSCredentials Inner => _inner;

        public override ImmutableCredentials GetCredentials()
        {
            try
            {
                return LastIssued = _inner.GetCredentials();
            }
            catch (Exception ex) when (IsSourceFailure(ex))
            {
                throw Unusable(ex);
            }
        }

        public override async Task<ImmutableCredentials> GetCredentialsAsync()
        {
            try
            {
                return LastIssued = await _inner.GetCredentialsAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (IsSourceFailure(ex))
            {
                throw Unusable(ex);
            }
        }

        /// <summary>The keys the source last gave, so that they can be registered with the secret scrubber.</summary>
        public ImmutableCredentials? LastIssued { get; private set; }

        public override DateTime? Expiration
        {
            get => _inner.Expiration;
            set => _inner.Expiration = value;
        }

        private static bool IsSourceFailure(Exception ex) => !(ex is EcsAdminException) && !(ex is OperationCanceledException);

        private EcsAdminException Unusable(Exception ex)
        {
            var inner = ex;
            while ((inner is AggregateException || inner is System.Reflection.TargetInvocationException) && inner.InnerException != null) inner = inner.InnerException;
            var detail = SourceFailureText.Describe(inner);
            return new EcsAdminException("UnusableCredential", EcsErrorKind.AuthenticationError,
                "The credentials from " + _description + " cannot be used: " + detail, _description,
                "Check that source: run the credential_process by hand, refresh SSO with 'aws sso login', check role_arn/source_profile, or the container credentials endpoint and token.",
                ex);
        }
    }
}

namespace EcsAdmin.Engine.Session
{
    /// <summary>
    /// Credentials whose SDK object is made on first use. InstanceProfileAWSCredentials asks the metadata service for
    /// the role in its constructor; deferring that keeps resolution (Get-EcsSession, Connect-EcsSession) free of
    /// network calls and lets a failure surface as UnusableCredential on the first request. A failed creation is
    /// retried on the next use.
    /// </summary>
    internal sealed class DeferredCredentials : AWSCredentials
    {
        private readonly Lazy<AWSCredentials> _inner;

        public DeferredCredentials(Func<AWSCredentials> create)
            => _inner = new Lazy<AWSCredentials>(create, System.Threading.LazyThreadSafetyMode.PublicationOnly);

        public override ImmutableCredentials GetCredentials() => _inner.Value.GetCredentials();

        public override Task<ImmutableCredentials> GetCredentialsAsync() => _inner.Value.GetCredentialsAsync();
    }

    /// <summary>
    /// What a failing credential source said, fit for a message: a credential_process's output is never copied
    /// verbatim (it may print keys or tokens on its way to failing), only its first line, shortened, with anything
    /// shaped like a key, secret or token masked.
    /// </summary>
    internal static class SourceFailureText
    {
        private static readonly System.Text.RegularExpressions.Regex KeyLike = new System.Text.RegularExpressions.Regex(
            @"(?<![A-Za-z0-9/+=])(?:(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}|(?=[A-Za-z0-9/+=]*[0-9])(?=[A-Za-z0-9/+=]*[A-Z])[A-Za-z0-9/+=]{20,})(?![A-Za-z0-9/+=])",
            System.Text.RegularExpressions.RegexOptions.Compiled);

        public static string Describe(Exception ex)
        {
            var text = ex.Message ?? "";
            if (ex.InnerException != null && ex.InnerException.Message != ex.Message) text += " (" + ex.InnerException.Message + ")";
            return Clean(text);
        }

        public static string Clean(string text)
        {
            var lines = text.Replace("\r", "").Split('\n');
            var first = lines[0].Trim();
            var more = lines.Length > 1 && lines.Skip(1).Any(l => l.Trim().Length > 0);
            if (first.Length > 200) { first = first.Substring(0, 200) + "..."; more = false; }
            first = SecretPatterns.Scrub(KeyLike.Replace(first, "****"));
            return first + (more ? " [further output not shown: run the command by hand to see it]" : "");
        }
    }
}
