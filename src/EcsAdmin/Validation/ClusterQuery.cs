using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;

namespace EcsAdmin.Validation
{
    /// <summary>A node of a parsed cluster query: a comparison, a negation, or an and/or of two nodes.</summary>
    internal abstract class ClusterQueryNode
    {
        /// <summary>1-based position of the node's first character in the expression.</summary>
        public int Position { get; set; }

        /// <summary>A canonical, fully parenthesised rendering (tests and verbose output read it).</summary>
        public abstract string Canonical();
    }

    internal sealed class ClusterQueryComparison : ClusterQueryNode
    {
        /// <summary>agentConnected, agentVersion, attribute:NAME, ec2InstanceId, registeredAt, runningTasksCount or task:group.</summary>
        public string Subject { get; set; } = "";
        /// <summary>The operator in its symbol form: ==, !=, &gt;, &gt;=, &lt;, &lt;=, exists, !exists, in, !in, =~, !~.</summary>
        public string Operator { get; set; } = "";
        /// <summary>The argument values (one for most operators, a list for in/!in, none for exists/!exists).</summary>
        public IReadOnlyList<string> Values { get; set; } = Array.Empty<string>();

        public override string Canonical()
        {
            if (Values.Count == 0) return Subject + " " + Operator;
            if (Operator == "in" || Operator == "!in") return Subject + " " + Operator + " [" + string.Join(", ", Values) + "]";
            return Subject + " " + Operator + " " + Values[0];
        }
    }

    internal sealed class ClusterQueryNot : ClusterQueryNode
    {
        public ClusterQueryNode Operand { get; set; } = null!;
        public override string Canonical() => "not(" + Operand.Canonical() + ")";
    }

    internal sealed class ClusterQueryBinary : ClusterQueryNode
    {
        /// <summary>and or or.</summary>
        public string Operator { get; set; } = "";
        public ClusterQueryNode Left { get; set; } = null!;
        public ClusterQueryNode Right { get; set; } = null!;
        public override string Canonical() => "(" + Left.Canonical() + " " + Operator + " " + Right.Canonical() + ")";
    }

    /// <summary>
    /// The ECS cluster query language (memberOf placement constraints), parsed before any request so a mistake is
    /// reported with the position where it is, not as ECS's "invalid expression" after a round trip.
    /// Grammar (keywords and operators also in their word forms):
    /// <code>
    /// expression := term { ("||" | "or") term }
    /// term       := factor { ("&amp;&amp;" | "and") factor }
    /// factor     := ("!" | "not") factor | "(" expression ")" | comparison
    /// comparison := subject operator [argument]
    /// argument   := value | "[" value { "," value } "]" | "(" value { "," value } ")"   (lists after in / !in)
    /// value      := 'quoted' | "quoted" | bare text up to a blank, ",", "]" or an unmatched ")"
    /// </code>
    /// Each subject admits the operators ECS documents for it, and the values are checked where their form is
    /// known (a number of tasks, a date, a regular expression, true/false).
    /// </summary>
    internal static class ClusterQuery
    {
        public const int MaxLength = 2000;

        private static readonly Dictionary<string, string> OperatorWords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["equals"] = "==", ["not_equals"] = "!=", ["greater_than"] = ">", ["greater_than_equal"] = ">=",
            ["less_than"] = "<", ["less_than_equal"] = "<=", ["exists"] = "exists", ["not_exists"] = "!exists",
            ["in"] = "in", ["not_in"] = "!in", ["matches"] = "=~", ["not_matches"] = "!~",
        };

        // Longest first, so ">=" is not read as ">" followed by "=".
        private static readonly string[] OperatorSymbols = { "!exists", "==", "!=", ">=", "<=", "=~", "!~", "!in", ">", "<" };

        private static readonly string[] Equality = { "==", "!=" };
        private static readonly string[] Ordering = { ">", ">=", "<", "<=" };
        private static readonly string[] Membership = { "in", "!in" };
        private static readonly string[] Matching = { "=~", "!~" };
        private static readonly string[] Existence = { "exists", "!exists" };

        private static readonly Dictionary<string, string[]> SubjectOperators = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["agentConnected"] = Equality.Concat(Membership).Concat(Matching).ToArray(),
            ["agentVersion"] = Equality.Concat(Ordering).ToArray(),
            ["attribute"] = Equality.Concat(Existence).Concat(Membership).Concat(Matching).ToArray(),
            ["ec2InstanceId"] = Equality.Concat(Membership).Concat(Matching).ToArray(),
            ["registeredAt"] = Equality.Concat(Ordering).ToArray(),
            ["runningTasksCount"] = Equality.Concat(Ordering).ToArray(),
            ["task:group"] = Equality.Concat(Existence).Concat(Membership).Concat(Matching).ToArray(),
        };

        private const string Subjects = "attribute:NAME, task:group, ec2InstanceId, agentConnected, agentVersion, registeredAt or runningTasksCount";

        /// <summary>Parses an expression; throws EcsAdminException (InvalidPlacementExpression) naming the position of the first error.</summary>
        public static ClusterQueryNode Parse(string? expression)
        {
            if (string.IsNullOrWhiteSpace(expression))
                throw Error(expression ?? "", 1, "the expression is empty");
            if (expression!.Length > MaxLength)
                throw Error(expression, MaxLength + 1, "the expression is " + expression.Length + " characters long; ECS takes at most " + MaxLength);
            var parser = new Parser(expression);
            var node = parser.Expression();
            parser.SkipBlanks();
            if (!parser.AtEnd)
                throw Error(expression, parser.Column, "expected 'and', 'or' or the end of the expression, found " + parser.Describe());
            return node;
        }

        internal static EcsAdminException Error(string expression, int column, string problem)
        {
            var caret = new StringBuilder();
            caret.Append(' ', Math.Max(0, column - 1)).Append('^');
            return new EcsAdminException("InvalidPlacementExpression", EcsErrorKind.InvalidArgument,
                "Placement expression has a syntax error at position " + column.ToString(CultureInfo.InvariantCulture) + ": " + problem + "."
                + Environment.NewLine + "  " + expression + Environment.NewLine + "  " + caret,
                expression,
                "Write SUBJECT OPERATOR [VALUE], e.g. 'attribute:ecs.instance-type =~ t3.*', 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]' "
                + "or 'task:group == service:web and not(attribute:stack == test)'.");
        }

        private sealed class Parser
        {
            private readonly string _s;
            private int _i;

            public Parser(string s) { _s = s; }

            public bool AtEnd => _i >= _s.Length;
            public int Column => _i + 1;

            public void SkipBlanks() { while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++; }

            public string Describe()
            {
                if (AtEnd) return "the end of the expression";
                var end = _i;
                while (end < _s.Length && !char.IsWhiteSpace(_s[end]) && end - _i < 24) end++;
                return "'" + _s.Substring(_i, Math.Max(1, end - _i)) + "'";
            }

            private bool IsWordBoundary(int at) => at >= _s.Length || !(char.IsLetterOrDigit(_s[at]) || _s[at] == '_' || _s[at] == ':' || _s[at] == '.' || _s[at] == '-');

            /// <summary>Consumes a keyword (case-insensitive, whole word) or a symbol; false leaves the position alone.</summary>
            private bool Accept(string token, bool word)
            {
                SkipBlanks();
                if (string.Compare(_s, _i, token, 0, token.Length, word ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal) != 0) return false;
                if (word && !IsWordBoundary(_i + token.Length)) return false;
                _i += token.Length;
                return true;
            }

            public ClusterQueryNode Expression()
            {
                SkipBlanks();
                var start = Column;
                var left = Term();
                while (Accept("||", false) || Accept("or", true))
                    left = new ClusterQueryBinary { Operator = "or", Left = left, Right = Term(), Position = start };
                return left;
            }

            private ClusterQueryNode Term()
            {
                SkipBlanks();
                var start = Column;
                var left = Factor();
                while (Accept("&&", false) || Accept("and", true))
                    left = new ClusterQueryBinary { Operator = "and", Left = left, Right = Factor(), Position = start };
                return left;
            }

            private ClusterQueryNode Factor()
            {
                SkipBlanks();
                var start = Column;
                if (AtEnd) throw Error(_s, Column, "expected a condition (" + Subjects + "), found the end of the expression");
                // "!" before a subject or "(" negates; "!=", "!~", "!in" and "!exists" are operators and cannot start a condition.
                if (Accept("not", true) || (_s[_i] == '!' && !(_i + 1 < _s.Length && (_s[_i + 1] == '=' || _s[_i + 1] == '~')) && Accept("!", false)))
                    return new ClusterQueryNot { Operand = Factor(), Position = start };
                if (Accept("(", false))
                {
                    var inner = Expression();
                    if (!Accept(")", false))
                        throw Error(_s, SkipThenColumn(), "expected ')' to close the '(' at position " + start + ", found " + Describe());
                    return inner;
                }
                return Comparison();
            }

            private int SkipThenColumn() { SkipBlanks(); return Column; }

            private ClusterQueryNode Comparison()
            {
                SkipBlanks();
                var start = Column;
                var subject = Subject();
                SkipBlanks();
                var opColumn = Column;
                var op = Operator();
                if (op is null)
                    throw Error(_s, opColumn, "expected an operator after '" + subject + "' (==, !=, >, >=, <, <=, in, !in, =~, !~, exists, !exists), found " + Describe());
                var kind = subject.StartsWith("attribute:", StringComparison.Ordinal) ? "attribute" : subject;
                if (!SubjectOperators[kind].Contains(op))
                    throw Error(_s, opColumn, "'" + subject + "' cannot be compared with '" + op + "' (it takes " + string.Join(", ", SubjectOperators[kind]) + ")");
                var node = new ClusterQueryComparison { Subject = subject, Operator = op, Position = start };
                if (Existence.Contains(op)) return node;
                SkipBlanks();
                var valueColumn = Column;
                var values = Membership.Contains(op) ? List() : new List<string> { Value("a value after '" + op + "'") };
                CheckValues(subject, op, values, valueColumn);
                node.Values = values;
                return node;
            }

            private string Subject()
            {
                var start = _i;
                while (_i < _s.Length && !char.IsWhiteSpace(_s[_i]) && "()[],=!<>~&|".IndexOf(_s[_i]) < 0) _i++;
                var word = _s.Substring(start, _i - start);
                if (word.Length == 0)
                {
                    _i = start;
                    throw Error(_s, start + 1, "expected a condition (" + Subjects + "), found " + Describe());
                }
                if (word.StartsWith("attribute:", StringComparison.Ordinal))
                {
                    var name = word.Substring("attribute:".Length);
                    if (name.Length == 0 || !Regex.IsMatch(name, @"^[A-Za-z0-9_.\-/]+$") || name.Length > 128)
                        throw Error(_s, start + 1 + "attribute:".Length, "'" + name + "' is not an attribute name (letters, digits, '.', '-', '_' and '/', up to 128)");
                    return word;
                }
                if (word == "task:group" || SubjectOperators.ContainsKey(word) && word != "attribute") return word;
                var known = SubjectOperators.Keys.Where(k => k != "attribute").FirstOrDefault(k => string.Equals(k, word, StringComparison.OrdinalIgnoreCase));
                _i = start;
                throw Error(_s, start + 1, "'" + word + "' is not a subject" + (known != null ? " (subjects are case-sensitive: write '" + known + "')" : "; use " + Subjects));
            }

            private string? Operator()
            {
                foreach (var sym in OperatorSymbols)
                {
                    if (string.Compare(_s, _i, sym, 0, sym.Length, StringComparison.Ordinal) != 0) continue;
                    // "!exists" and "!in" are words after "!": they need a boundary ("!inside" is no operator).
                    if (char.IsLetter(sym[sym.Length - 1]) && !IsWordBoundary(_i + sym.Length)) continue;
                    _i += sym.Length;
                    return sym;
                }
                var start = _i;
                while (_i < _s.Length && (char.IsLetter(_s[_i]) || _s[_i] == '_')) _i++;
                var word = _s.Substring(start, _i - start);
                if (word.Length > 0 && OperatorWords.TryGetValue(word, out var op)) return op;
                _i = start;
                return null;
            }

            private List<string> List()
            {
                char close;
                if (Accept("[", false)) close = ']';
                else if (Accept("(", false)) close = ')';
                else throw Error(_s, Column, "expected a list such as [a, b] after 'in', found " + Describe());
                var open = Column - 1;
                var values = new List<string>();
                while (true)
                {
                    SkipBlanks();
                    values.Add(Value("a list item"));
                    SkipBlanks();
                    if (Accept(",", false)) continue;
                    if (Accept(close.ToString(), false)) return values;
                    throw Error(_s, Column, "expected ',' or '" + close + "' to close the list opened at position " + open + ", found " + Describe());
                }
            }

            private string Value(string what)
            {
                SkipBlanks();
                if (AtEnd) throw Error(_s, Column, "expected " + what + ", found the end of the expression");
                var c = _s[_i];
                if (c == '\'' || c == '"')
                {
                    var open = _i;
                    var end = _s.IndexOf(c, _i + 1);
                    if (end < 0) throw Error(_s, open + 1, "the quote opened here is never closed");
                    _i = end + 1;
                    return _s.Substring(open + 1, end - open - 1);
                }
                // Bare text: regular expressions may hold balanced parentheses (=~ (t3|m5).*), so only an unmatched ")" ends it.
                var start = _i;
                int depth = 0;
                while (_i < _s.Length)
                {
                    var ch = _s[_i];
                    if (char.IsWhiteSpace(ch) || ch == ',' || ch == ']') break;
                    if (ch == '(') depth++;
                    else if (ch == ')') { if (depth == 0) break; depth--; }
                    _i++;
                }
                if (_i == start) throw Error(_s, Column, "expected " + what + ", found " + Describe());
                return _s.Substring(start, _i - start);
            }

            private void CheckValues(string subject, string op, List<string> values, int column)
            {
                foreach (var v in values)
                {
                    if (Matching.Contains(op))
                    {
                        try { _ = new Regex(v); }
                        catch (ArgumentException ex) { throw Error(_s, column, "'" + v + "' is not a regular expression (" + ex.Message.TrimEnd('.') + ")"); }
                        continue;
                    }
                    switch (subject)
                    {
                        case "runningTasksCount":
                            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                                throw Error(_s, column, "runningTasksCount is a number of tasks, not '" + v + "'");
                            break;
                        case "registeredAt":
                            if (!DateTime.TryParseExact(v, new[] { "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:sszzz" },
                                    CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                                throw Error(_s, column, "registeredAt takes a date such as 2024-06-18 or 2024-06-18T22:28:28Z, not '" + v + "'");
                            break;
                        case "agentConnected":
                            if (!string.Equals(v, "true", StringComparison.OrdinalIgnoreCase) && !string.Equals(v, "false", StringComparison.OrdinalIgnoreCase))
                                throw Error(_s, column, "agentConnected is true or false, not '" + v + "'");
                            break;
                        case "agentVersion":
                            if (!Regex.IsMatch(v, @"^\d+(\.\d+){0,2}$"))
                                throw Error(_s, column, "agentVersion takes a version such as 1.80.0, not '" + v + "'");
                            break;
                    }
                }
            }
        }
    }
}
