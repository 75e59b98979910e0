using System;
using System.IO;

namespace EcsAdmin.Exec
{
    /// <summary>
    /// The local escape sequence of an interactive session, as in ssh: the escape character (default <c>~</c>) typed at the
    /// start of a line (the session's first key, or right after Enter) is held back; then <c>.</c> leaves the session at
    /// once, a second <c>~</c> sends one <c>~</c>, and any other key sends both. Everything else passes through unchanged.
    /// </summary>
    public sealed class EscapeFilter
    {
        readonly byte _escape;
        bool _lineStart = true, _pending;

        public EscapeFilter(char escapeCharacter = '~')
        {
            if (escapeCharacter > 0x7e || escapeCharacter < 0x20) throw new ArgumentOutOfRangeException(nameof(escapeCharacter), "The escape character must be a printable ASCII character.");
            _escape = (byte)escapeCharacter;
        }

        /// <summary>Filters typed bytes: returns what to send; <paramref name="leave"/> is true when the escape sequence
        /// to leave was typed (bytes typed after it are dropped).</summary>
        public byte[] Filter(byte[] typed, int count, out bool leave)
        {
            leave = false;
            var output = new MemoryStream(count + 1);
            for (var i = 0; i < count; i++)
            {
                var b = typed[i];
                if (_pending)
                {
                    _pending = false;
                    if (b == (byte)'.') { leave = true; return output.ToArray(); }
                    if (b != _escape) output.WriteByte(_escape);
                    output.WriteByte(b);
                    _lineStart = b == (byte)'\r' || b == (byte)'\n';
                    continue;
                }
                if (_lineStart && b == _escape) { _pending = true; continue; }
                output.WriteByte(b);
                _lineStart = b == (byte)'\r' || b == (byte)'\n';
            }
            return output.ToArray();
        }
    }
}
