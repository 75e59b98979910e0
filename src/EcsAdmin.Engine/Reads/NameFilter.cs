using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EcsAdmin.Engine.Operations;

namespace EcsAdmin.Engine.Reads
{
    /// <summary>
    /// The names a Get-* command was given: exact names (or ARNs), PowerShell wildcards, or nothing (everything).
    /// Says whether the list call is needed, picks the wanted names out of a listing (exact names first, in the
    /// order given, then listed matches in listing order, without duplicates), and remembers which exact names
    /// were found so the command can report the rest as not found, once. Thread-safe.
    /// </summary>
    internal sealed class NameFilter
    {
        private readonly List<Regex> _wild = new List<Regex>();
        private readonly HashSet<string> _found = new HashSet<string>(StringComparer.Ordinal);
        private readonly Func<string, string> _key;

        /// <param name="patterns">Names, ARNs or wildcards; blanks are ignored; none means every name.</param>
        /// <param name="key">Turns a listed item or an exact name into the name compared (default: the last ARN segment).</param>
        public NameFilter(IEnumerable<string>? patterns, Func<string, string>? key = null)
        {
            _key = key ?? (s => s);
            var exact = new List<string>();
            foreach (var raw in patterns ?? Enumerable.Empty<string>())
            {
                if (string.IsNullOrWhiteSpace(raw)) continue;
                var p = raw.Trim();
                if (Glob.HasWildcard(p)) _wild.Add(Glob.ToRegex(p));
                else if (!exact.Contains(p)) exact.Add(p);
            }
            Exact = exact;
            All = exact.Count == 0 && _wild.Count == 0;
        }

        /// <summary>No name was given: every listed name is wanted.</summary>
        public bool All { get; }

        /// <summary>The exact names (or ARNs) as given, trimmed, without duplicates.</summary>
        public IReadOnlyList<string> Exact { get; }

        /// <summary>True when the names must be listed (nothing given, or a wildcard); exact names alone need no list call.</summary>
        public bool NeedsListing => All || _wild.Count > 0;

        /// <summary>True when the name (or the name of the ARN) is wanted.</summary>
        public bool IsMatch(string nameOrArn)
        {
            if (All) return true;
            var name = _key(nameOrArn);
            foreach (var e in Exact)
                if (string.Equals(e, nameOrArn, StringComparison.Ordinal) || string.Equals(_key(e), name, StringComparison.Ordinal)) return true;
            return _wild.Any(w => w.IsMatch(name));
        }

        /// <summary>True when the name is one of the exact names (wildcard matches are not reported as missing).</summary>
        public bool IsExact(string nameOrArn) => Exact.Any(e => string.Equals(e, nameOrArn, StringComparison.Ordinal) || string.Equals(_key(e), _key(nameOrArn), StringComparison.Ordinal));

        /// <summary>The names to describe: the exact names, then listed names that match, by name, without duplicates.</summary>
        public List<string> Select(IEnumerable<string>? listed)
        {
            var wanted = new List<string>(Exact);
            var names = new HashSet<string>(Exact.Select(_key), StringComparer.Ordinal);
            foreach (var item in listed ?? Enumerable.Empty<string>())
            {
                var name = _key(item);
                if (IsMatch(item) && names.Add(name)) wanted.Add(name);
            }
            return wanted;
        }

        /// <summary>Records that something answering to this exact name or ARN was found.</summary>
        public void Found(string nameOrArn)
        {
            lock (_found)
            {
                _found.Add(nameOrArn);
                _found.Add(_key(nameOrArn));
            }
        }

        /// <summary>The exact names nothing was found for (in the order given).</summary>
        public IReadOnlyList<string> NotFound()
        {
            lock (_found) return Exact.Where(e => !_found.Contains(e) && !_found.Contains(_key(e))).ToList();
        }
    }
}
