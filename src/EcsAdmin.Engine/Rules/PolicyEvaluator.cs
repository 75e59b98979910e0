using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>The verdict of the identity policies of a role on one action and resource.</summary>
    internal enum PolicyDecision
    {
        /// <summary>An Allow statement matches without conditions and no Deny matches.</summary>
        Allowed,
        /// <summary>No Allow statement matches (implicit deny).</summary>
        NotAllowed,
        /// <summary>A Deny statement without conditions matches.</summary>
        ExplicitlyDenied,
        /// <summary>Only conditional statements decide (an Allow with a Condition, or a Deny with one).</summary>
        Undecidable,
    }

    internal sealed class PolicyVerdict
    {
        public PolicyVerdict(PolicyDecision decision, string reason)
        {
            Decision = decision;
            Reason = reason;
        }

        public PolicyDecision Decision { get; }
        public string Reason { get; }
    }

    /// <summary>One statement of an IAM policy document, as the evaluator needs it.</summary>
    internal sealed class PolicyStatement
    {
        public string Source { get; set; } = "";
        public bool Allow { get; set; }
        public List<string> Actions { get; } = new List<string>();
        public bool NotAction { get; set; }
        public List<string> Resources { get; } = new List<string>();
        public bool NotResource { get; set; }
        public bool HasCondition { get; set; }
        public List<string> ServicePrincipals { get; } = new List<string>();
    }

    /// <summary>
    /// Identity-policy evaluation for the readiness checks: the statements of the role's attached and inline
    /// policies, with IAM's wildcards (* and ?, actions case-insensitive, resources case-sensitive), NotAction
    /// and NotResource, where an explicit Deny wins over any Allow. Conditions are not evaluated: a statement
    /// that only matches with a Condition makes the verdict Undecidable rather than a guess.
    /// </summary>
    internal static class PolicyEvaluator
    {
        /// <summary>Parses a policy document (JSON) into statements; throws FormatException on bad JSON.</summary>
        public static List<PolicyStatement> Parse(string document, string source)
        {
            var list = new List<PolicyStatement>();
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(document);
            }
            catch (JsonException ex)
            {
                throw new FormatException("Policy " + source + " is not valid JSON: " + ex.Message, ex);
            }
            using (doc)
            {
                if (!doc.RootElement.TryGetProperty("Statement", out var st)) return list;
                var items = st.ValueKind == JsonValueKind.Array ? st.EnumerateArray().ToList() : new List<JsonElement> { st };
                foreach (var s in items)
                {
                    if (s.ValueKind != JsonValueKind.Object) continue;
                    var p = new PolicyStatement { Source = source };
                    p.Allow = s.TryGetProperty("Effect", out var eff) && string.Equals(eff.GetString(), "Allow", StringComparison.Ordinal);
                    if (s.TryGetProperty("Action", out var a)) p.Actions.AddRange(Strings(a));
                    else if (s.TryGetProperty("NotAction", out var na)) { p.NotAction = true; p.Actions.AddRange(Strings(na)); }
                    if (s.TryGetProperty("Resource", out var r)) p.Resources.AddRange(Strings(r));
                    else if (s.TryGetProperty("NotResource", out var nr)) { p.NotResource = true; p.Resources.AddRange(Strings(nr)); }
                    else p.Resources.Add("*"); // trust policies have no Resource
                    p.HasCondition = s.TryGetProperty("Condition", out var c) && c.ValueKind == JsonValueKind.Object && c.EnumerateObject().Any();
                    if (s.TryGetProperty("Principal", out var pr))
                    {
                        if (pr.ValueKind == JsonValueKind.Object && pr.TryGetProperty("Service", out var svc)) p.ServicePrincipals.AddRange(Strings(svc));
                        else if (pr.ValueKind == JsonValueKind.String && pr.GetString() == "*") p.ServicePrincipals.Add("*");
                    }
                    list.Add(p);
                }
            }
            return list;
        }

        private static IEnumerable<string> Strings(JsonElement e)
            => e.ValueKind == JsonValueKind.Array
                ? e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)
                : e.ValueKind == JsonValueKind.String ? new[] { e.GetString()! } : Array.Empty<string>();

        /// <summary>IAM wildcard match: * any run of characters, ? one character.</summary>
        public static bool WildcardMatch(string pattern, string value, bool ignoreCase)
        {
            int p = 0, v = 0, star = -1, mark = 0;
            while (v < value.Length)
            {
                if (p < pattern.Length && (pattern[p] == '?' || CharEq(pattern[p], value[v], ignoreCase))) { p++; v++; }
                else if (p < pattern.Length && pattern[p] == '*') { star = p++; mark = v; }
                else if (star >= 0) { p = star + 1; v = ++mark; }
                else return false;
            }
            while (p < pattern.Length && pattern[p] == '*') p++;
            return p == pattern.Length;
        }

        private static bool CharEq(char a, char b, bool ignoreCase) => ignoreCase ? char.ToLowerInvariant(a) == char.ToLowerInvariant(b) : a == b;

        private static bool Matches(PolicyStatement s, string action, string resource)
        {
            bool actionHit = s.Actions.Any(x => WildcardMatch(x, action, true));
            if (s.NotAction) actionHit = !actionHit;
            bool resourceHit = s.Resources.Any(x => WildcardMatch(x, resource, false));
            if (s.NotResource) resourceHit = !resourceHit;
            return actionHit && resourceHit;
        }

        /// <summary>The verdict of <paramref name="statements"/> on <paramref name="action"/> against <paramref name="resource"/>.</summary>
        public static PolicyVerdict Evaluate(IEnumerable<PolicyStatement> statements, string action, string resource)
        {
            var matching = statements.Where(s => Matches(s, action, resource)).ToList();
            var deny = matching.FirstOrDefault(s => !s.Allow && !s.HasCondition);
            if (deny != null) return new PolicyVerdict(PolicyDecision.ExplicitlyDenied, action + " on " + resource + " is denied by " + deny.Source);
            var conditionalDeny = matching.FirstOrDefault(s => !s.Allow && s.HasCondition);
            var allow = matching.FirstOrDefault(s => s.Allow && !s.HasCondition);
            var conditionalAllow = matching.FirstOrDefault(s => s.Allow && s.HasCondition);
            if (allow != null && conditionalDeny == null)
                return new PolicyVerdict(PolicyDecision.Allowed, action + " is allowed by " + allow.Source);
            if (allow != null)
                return new PolicyVerdict(PolicyDecision.Undecidable, action + " is allowed by " + allow.Source + " but " + conditionalDeny!.Source + " denies it under a condition");
            if (conditionalAllow != null)
                return new PolicyVerdict(PolicyDecision.Undecidable, action + " is allowed only under a condition, by " + conditionalAllow.Source);
            return new PolicyVerdict(PolicyDecision.NotAllowed, "no policy statement allows " + action + " on " + resource);
        }

        /// <summary>Whether a trust policy lets <paramref name="servicePrincipal"/> assume the role (sts:AssumeRole).</summary>
        public static PolicyVerdict Trusts(IEnumerable<PolicyStatement> trust, string servicePrincipal)
        {
            var hits = trust.Where(s => s.Actions.Any(a => WildcardMatch(a, "sts:AssumeRole", true)) != s.NotAction
                                        && s.ServicePrincipals.Any(p => p == "*" || string.Equals(p, servicePrincipal, StringComparison.OrdinalIgnoreCase))).ToList();
            if (hits.Any(s => !s.Allow && !s.HasCondition)) return new PolicyVerdict(PolicyDecision.ExplicitlyDenied, "the trust policy denies " + servicePrincipal);
            if (hits.Any(s => s.Allow && !s.HasCondition)) return new PolicyVerdict(PolicyDecision.Allowed, "the trust policy lets " + servicePrincipal + " assume the role");
            if (hits.Any(s => s.Allow)) return new PolicyVerdict(PolicyDecision.Undecidable, "the trust policy lets " + servicePrincipal + " assume the role only under a condition");
            return new PolicyVerdict(PolicyDecision.NotAllowed, "the trust policy does not name " + servicePrincipal);
        }
    }
}
