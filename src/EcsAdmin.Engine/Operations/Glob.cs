using System.Text;
using System.Text.RegularExpressions;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>PowerShell-style wildcards (*, ?, [abc]) without PowerShell; case-insensitive like -like.</summary>
    internal static class Glob
    {
        public static bool HasWildcard(string pattern) => pattern.IndexOfAny(new[] { '*', '?', '[' }) >= 0;

        public static Regex ToRegex(string pattern)
        {
            var sb = new StringBuilder("^");
            for (int i = 0; i < pattern.Length; i++)
            {
                char c = pattern[i];
                switch (c)
                {
                    case '*': sb.Append(".*"); break;
                    case '?': sb.Append('.'); break;
                    case '[':
                        int close = pattern.IndexOf(']', i + 1);
                        if (close > i + 1) { sb.Append('[').Append(pattern.Substring(i + 1, close - i - 1).Replace("\\", "\\\\")).Append(']'); i = close; }
                        else sb.Append("\\[");
                        break;
                    case '`' when i + 1 < pattern.Length: sb.Append(Regex.Escape(pattern[++i].ToString())); break;
                    default: sb.Append(Regex.Escape(c.ToString())); break;
                }
            }
            return new Regex(sb.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        }

        public static bool IsMatch(string text, string pattern) => ToRegex(pattern).IsMatch(text);
    }
}
