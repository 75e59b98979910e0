using System;
using System.Collections.Generic;
using System.Text;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>
    /// The agent's command splitting in ECS container mode (Google shlex rules): words separated by blanks and
    /// newlines; single quotes are literal; a backslash takes the next character literally, outside quotes and inside
    /// double quotes alike (inside double quotes the backslash itself is always dropped); a '#' that starts a word
    /// begins a comment to the end of the line. No expansion of any kind: $, `, |, ;, &amp;&amp;, globs are plain characters.
    /// </summary>
    public static class ShellWords
    {
        public sealed class SplitException : Exception { public SplitException(string message) : base(message) { } }

        enum State { Start, InWord, Escaping, EscapingQuoted, Quoting, QuotingEscaping, Comment }

        public static List<string> Split(string command)
        {
            var words = new List<string>();
            var word = new StringBuilder();
            var state = State.Start;
            foreach (var c in command)
            {
                var blank = c == ' ' || c == '\t' || c == '\r' || c == '\n';
                switch (state)
                {
                    case State.Start:
                        if (blank) break;
                        if (c == '#') { state = State.Comment; break; }
                        state = State.InWord;
                        goto case State.InWord;
                    case State.InWord:
                        if (blank) { words.Add(word.ToString()); word.Clear(); state = State.Start; }
                        else if (c == '\\') state = State.Escaping;
                        else if (c == '\'') state = State.Quoting;
                        else if (c == '"') state = State.QuotingEscaping;
                        else word.Append(c);
                        break;
                    case State.Escaping:
                        word.Append(c); state = State.InWord; break;
                    case State.Quoting:
                        if (c == '\'') state = State.InWord; else word.Append(c);
                        break;
                    case State.QuotingEscaping:
                        if (c == '"') state = State.InWord;
                        else if (c == '\\') state = State.EscapingQuoted;
                        else word.Append(c);
                        break;
                    case State.EscapingQuoted:
                        word.Append(c); state = State.QuotingEscaping; break;
                    case State.Comment:
                        if (c == '\n') state = State.Start;
                        break;
                }
            }
            switch (state)
            {
                case State.Escaping: throw new SplitException("EOF found after escape character");
                case State.EscapingQuoted: throw new SplitException("EOF found after escape character");
                case State.Quoting:
                case State.QuotingEscaping: throw new SplitException("EOF found when expecting closing quote");
                case State.InWord: words.Add(word.ToString()); break;
            }
            return words;
        }
    }
}
