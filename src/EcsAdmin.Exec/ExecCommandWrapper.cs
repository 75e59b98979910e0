using System;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcsAdmin.Exec
{
    /// <summary>
    /// ECS exec runs commands on a pty and never reports the exit status (spec §7.5). The wrapper runs the user's command
    /// in a subshell and then prints <c>\n&lt;marker&gt;:&lt;exit code&gt;\n</c>; <see cref="Extract"/> finds the last such line
    /// and removes it, so the wrapper is invisible in the output.
    /// </summary>
    /// <remarks>
    /// The command line is split by the agent with shell-like rules (no shell, spec §7.4), so the result is
    /// <c>/bin/sh -c '&lt;script&gt;' ecsexec '&lt;user command&gt;' '&lt;marker&gt;'</c>: the user's command travels as one
    /// single-quoted argument (a <c>'</c> becomes <c>'\''</c>) and runs via <c>eval</c> in a subshell, so <c>exit</c>,
    /// trailing comments and unbalanced syntax in it cannot skip the marker. Only single quotes and <c>\'</c> occur
    /// outside the quoted text, and the agent's splitter (Google shlex: no expansion, backslash escapes) and a POSIX
    /// shell read those the same way.
    /// <para>What the image needs: an executable <c>/bin/sh</c> that is a POSIX shell with <c>eval</c>, <c>printf</c> and
    /// subshells (dash, bash, BusyBox ash all qualify; distroless and scratch images have none). Without it the agent
    /// cannot start the command and <see cref="ExecSession.RunCommandAsync"/> throws
    /// <see cref="ExecCommandNotStartedException"/> with <see cref="ExecCommandNotStartedException.ShellMissing"/> set.</para>
    /// </remarks>
    public static class ExecCommandWrapper
    {
        const string Script = "(eval \"$1\"); printf '\\n%s:%d\\n' \"$2\" \"$?\"";
        /// <summary>The shell the wrapper runs the command with; it must exist in the image.</summary>
        public const string ShellPath = "/bin/sh";
        const string Prefix = ShellPath + " -c ";
        const string ArgZero = "ecsexec";

        /// <summary>A fresh random marker (letters, digits and underscores only).</summary>
        public static string NewMarker()
        {
            var bytes = new byte[12];
            using (var rng = RandomNumberGenerator.Create()) rng.GetBytes(bytes);
            var sb = new StringBuilder("__ECSEXEC_");
            foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.Append("__").ToString();
        }

        public static string Wrap(string userCommand, string marker)
        {
            if (userCommand is null) throw new ArgumentNullException(nameof(userCommand));
            if (string.IsNullOrWhiteSpace(userCommand)) throw new ArgumentException("The command is empty.", nameof(userCommand));
            ValidateMarker(marker);
            return Prefix + Quote(Script) + " " + ArgZero + " " + Quote(userCommand) + " " + Quote(marker);
        }

        /// <summary>Recovers the marker from a command line produced by <see cref="Wrap"/>; null for any other command.</summary>
        public static string? TryGetMarker(string? command)
        {
            if (command is null || !command.StartsWith(Prefix + Quote(Script) + " " + ArgZero + " ", StringComparison.Ordinal)) return null;
            if (!command.EndsWith("'", StringComparison.Ordinal)) return null;
            var open = command.LastIndexOf('\'', command.Length - 2);
            if (open < 1 || command[open - 1] != ' ') return null;
            var marker = command.Substring(open + 1, command.Length - open - 2);
            return IsValidMarker(marker) ? marker : null;
        }

        /// <summary>Single-quotes a string for a POSIX shell (and for shlex-style splitting).</summary>
        public static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

        /// <summary>Finds the last marker line in <paramref name="raw"/>, returns the output without it (and without the
        /// line break the wrapper added before it). CR bytes a terminal adds (\n → \r\n) are handled. When no marker line is
        /// found, <paramref name="exitCode"/> is null and the output is returned unchanged.</summary>
        public static byte[] Extract(byte[] raw, string marker, out int? exitCode)
        {
            if (raw is null) throw new ArgumentNullException(nameof(raw));
            ValidateMarker(marker);
            exitCode = null;
            var needle = Encoding.ASCII.GetBytes(marker + ":");
            for (var at = LastIndexOf(raw, needle, raw.Length - needle.Length); at >= 0; at = LastIndexOf(raw, needle, at - 1))
            {
                if (at > 0 && raw[at - 1] != (byte)'\n') continue; // must start a line
                var p = at + needle.Length;
                var negative = p < raw.Length && raw[p] == (byte)'-';
                if (negative) p++;
                var digitsStart = p;
                long value = 0;
                while (p < raw.Length && raw[p] >= (byte)'0' && raw[p] <= (byte)'9' && p - digitsStart < 10) value = value * 10 + (raw[p++] - (byte)'0');
                if (p == digitsStart) continue;
                while (p < raw.Length && raw[p] == (byte)'\r') p++;
                if (p < raw.Length && raw[p] != (byte)'\n') continue; // must end the line
                var end = p < raw.Length ? p + 1 : p;

                var start = at;
                if (start > 0) // the wrapper's own leading line break, possibly translated to \r\n
                {
                    start--;
                    while (start > 0 && raw[start - 1] == (byte)'\r') start--;
                }
                exitCode = (int)Math.Max(int.MinValue, Math.Min(int.MaxValue, negative ? -value : value));
                var result = new byte[start + raw.Length - end];
                Buffer.BlockCopy(raw, 0, result, 0, start);
                Buffer.BlockCopy(raw, end, result, start, raw.Length - end);
                return result;
            }
            return raw;
        }

        /// <summary>CRLF → LF (a pty's onlcr translation undone).</summary>
        public static byte[] NormalizeLineEndings(byte[] raw)
        {
            // Whole runs between CRLFs are copied at once (a vectorized search): the output can be megabytes.
            ReadOnlySpan<byte> rest = raw;
            var result = new byte[raw.Length];
            var n = 0;
            int at;
            while ((at = rest.IndexOf((ReadOnlySpan<byte>)CrLf)) >= 0)
            {
                rest.Slice(0, at).CopyTo(result.AsSpan(n));
                n += at;
                rest = rest.Slice(at + 1); // the CR is dropped, the LF starts the next run
            }
            rest.CopyTo(result.AsSpan(n));
            n += rest.Length;
            Array.Resize(ref result, n);
            return result;
        }

        static readonly byte[] CrLf = { (byte)'\r', (byte)'\n' };

        static int LastIndexOf(byte[] haystack, byte[] needle, int from)
        {
            for (var i = Math.Min(from, haystack.Length - needle.Length); i >= 0; i--)
            {
                var j = 0;
                while (j < needle.Length && haystack[i + j] == needle[j]) j++;
                if (j == needle.Length) return i;
            }
            return -1;
        }

        static bool IsValidMarker(string? marker)
        {
            if (string.IsNullOrEmpty(marker) || marker!.Length < 8 || marker.Length > 128) return false;
            foreach (var c in marker)
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-')) return false;
            return true;
        }

        static void ValidateMarker(string marker)
        {
            if (!IsValidMarker(marker))
                throw new ArgumentException("The marker must be 8 to 128 characters of letters, digits, '_' or '-'.", nameof(marker));
        }
    }
}
