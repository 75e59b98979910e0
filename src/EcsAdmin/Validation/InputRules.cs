using System;
using System.Collections;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// Input rules with the limits AWS documents, checked before any request. Each rule returns null when the value
    /// is fine, else the typed error (stable ErrorId, category, the offending value as target, what to do); the
    /// Throw* forms are for code that already turns EcsAdminException into an ErrorRecord.
    /// </summary>
    internal static class InputRules
    {
        private static readonly Regex NameChars = new Regex("^[A-Za-z0-9_-]{1,255}$", RegexOptions.Compiled);
        private static readonly Regex TaskId = new Regex("^[A-Za-z0-9-]{1,64}$", RegexOptions.Compiled);
        private static readonly Regex FamilyRevision = new Regex(@"^[A-Za-z0-9_-]{1,255}:[1-9]\d{0,9}$", RegexOptions.Compiled);
        private static readonly Regex ImageChars = new Regex(@"^[A-Za-z0-9][A-Za-z0-9._:/#@-]{0,254}$", RegexOptions.Compiled);
        private static readonly Regex RoleArn = new Regex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$", RegexOptions.Compiled);
        private static readonly Regex RoleName = new Regex(@"^[\w+=,.@-]{1,64}$", RegexOptions.Compiled);

        public static void Throw(EcsAdminException? error)
        {
            if (error != null) throw error;
        }

        private static EcsAdminException Invalid(string errorId, string message, object? target, string action)
            => new EcsAdminException(errorId, EcsErrorKind.InvalidArgument, message, target, action);

        // ------------------------------------------------------------------ targets of destructive cmdlets

        /// <summary>
        /// The exact name or ARN of the one resource a destructive cmdlet acts on: no wildcard, no hashtable turned
        /// into text, and the resource's own name rules. Kinds: cluster, service, task, task definition, alarm.
        /// </summary>
        public static EcsAdminException? TargetName(string? value, string kind, string errorId)
        {
            var v = value?.Trim() ?? "";
            if (v.Length == 0)
                return Invalid(errorId, "A " + kind + " name cannot be empty or blank.", value, "Give the " + kind + "'s name or ARN.");
            if (v == "System.Collections.Hashtable" || v.StartsWith("@{", StringComparison.Ordinal) || v.StartsWith("System.Management.Automation.", StringComparison.Ordinal))
                return Invalid("ObjectGivenForName", "A hashtable or object was given where the " + kind + "'s name is expected ('" + v + "').", value,
                    "Pass the name itself, or pipe objects that have a Name property ([pscustomobject]@{ Name = '...' } or Get-Ecs* output).");
            if (v.IndexOfAny(new[] { '*', '?', '[', ']' }) >= 0)
                return Invalid("WildcardNotAllowed", "'" + v + "' contains a wildcard; this command changes or deletes exactly the " + kind + " it is given.", value,
                    "List the matches first and pipe them, e.g. Get-EcsCluster '" + v + "' | Remove-EcsCluster.");
            if (v.StartsWith("arn:", StringComparison.Ordinal))
                return kind == "alarm" ? null : ArnRules.Check(v, "ecs", kind == "task definition" ? "task-definition" : kind, null);
            bool ok = kind switch
            {
                "cluster" or "service" => NameChars.IsMatch(v),
                "task" => TaskId.IsMatch(v),
                "task definition" => FamilyRevision.IsMatch(v),
                _ => v.Length <= 255 && !v.Any(char.IsControl),
            };
            return ok ? null : Invalid(errorId, "'" + v + "' is not a valid " + kind + " " + (kind == "task" ? "id" : "name") + ": " + NameRule(kind) + ".", value,
                "Check the " + kind + " with the matching Get-Ecs* cmdlet and give its exact name or ARN.");
        }

        private static string NameRule(string kind) => kind switch
        {
            "task" => "a task id is letters, digits and hyphens (or give the task ARN)",
            "task definition" => "give family:revision (1-255 letters, digits, hyphens, underscores, then a revision number) or an ARN",
            "alarm" => "up to 255 characters without control characters",
            _ => "use 1 to 255 letters, digits, hyphens and underscores, or an ARN",
        };

        // ------------------------------------------------------------------ task definition contents

        public static EcsAdminException? ContainerName(string? name)
            => name != null && NameChars.IsMatch(name) ? null
                : Invalid("InvalidContainerName", "'" + name + "' is not a valid container name: 1 to 255 letters, digits, hyphens and underscores.", name,
                    "Choose a name such as 'web' or 'api_1'.");

        public static EcsAdminException? Family(string? family)
            => family != null && NameChars.IsMatch(family) ? null
                : Invalid("InvalidTaskDefinitionFamily", "'" + family + "' is not a valid task definition family: 1 to 255 letters, digits, hyphens and underscores.", family,
                    "Choose a family such as 'web' or 'batch-job'.");

        /// <summary>An image reference: [registry[:port]/]repository[:tag][@digest], up to 255 characters AWS allows.</summary>
        public static EcsAdminException? Image(string? image)
        {
            var v = image ?? "";
            bool ok = ImageChars.IsMatch(v) && !v.EndsWith("/", StringComparison.Ordinal) && !v.EndsWith(":", StringComparison.Ordinal)
                      && !v.Contains("//") && !v.Contains("::") && v.Count(c => c == '@') <= 1
                      && (v.IndexOf('@') < 0 || Regex.IsMatch(v.Substring(v.IndexOf('@') + 1), "^[a-z0-9]+:[A-Fa-f0-9]{32,}$"));
            return ok ? null : Invalid("InvalidImageReference",
                "'" + image + "' is not a valid image reference: up to 255 letters, digits and . _ - : / # @, as [registry/]repository[:tag][@sha256:digest].", image,
                "Use e.g. nginx:1.27, public.ecr.aws/nginx/nginx:latest or 123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:<digest>.");
        }

        /// <summary>A task or execution role: a role name or an IAM role ARN (not a user, policy or other service's ARN).</summary>
        public static EcsAdminException? Role(string? role, string what)
        {
            if (role is null) return null;
            var v = role.Trim();
            bool ok = v.StartsWith("arn:", StringComparison.Ordinal) ? RoleArn.IsMatch(v) : RoleName.IsMatch(v);
            return ok ? null : Invalid("InvalidRoleArn", "'" + role + "' is not an IAM role for the " + what + ": give a role ARN (arn:aws:iam::123456789012:role/name) or a role name.", role,
                "Copy the role's ARN from 'aws iam get-role --role-name <name>'.");
        }

        public static EcsAdminException? Port(int? port, string what = "container port", bool allowZero = false)
            => port is null || (port >= (allowZero ? 0 : 1) && port <= 65535) ? null
                : Invalid("InvalidPort", "The " + what + " " + port + " is out of range: ports are " + (allowZero ? 0 : 1) + " to 65535.", port, "Give a port between 1 and 65535.");

        /// <summary>Container memory (hard limit or reservation) in MiB: at least 6, as Docker requires.</summary>
        public static EcsAdminException? ContainerMemory(int? mib, string container)
            => mib is null || mib >= 6 ? null
                : Invalid("InvalidContainerMemory", "The memory of container '" + container + "' (" + mib + " MiB) is below the 6 MiB a container needs.", mib, "Give at least 6 MiB (e.g. 512).");

        // ------------------------------------------------------------------ tags, collections, paths

        /// <summary>AWS tag rules: at most 50, key 1-128 characters, value 0-256, no key or value starting with the reserved aws: prefix.</summary>
        public static EcsAdminException? Tags(IDictionary? tags)
        {
            if (tags is null) return null;
            if (tags.Count > 50)
                return Invalid("TooManyTags", "A resource takes at most 50 tags; " + tags.Count + " were given.", tags.Count, "Keep 50 tags or fewer.");
            foreach (DictionaryEntry e in tags)
            {
                var key = e.Key?.ToString() ?? "";
                var value = e.Value?.ToString() ?? "";
                if (key.Trim().Length == 0 || key.Length > 128)
                    return Invalid("InvalidTagKey", "The tag key '" + key + "' must have 1 to 128 characters.", key, "Shorten or fill in the tag key.");
                if (value.Length > 256)
                    return Invalid("InvalidTagValue", "The value of tag '" + key + "' has " + value.Length + " characters; at most 256 are allowed.", key, "Shorten the tag value.");
                if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
                    return Invalid("ReservedTagPrefix", "The tag key '" + key + "' uses the prefix 'aws:', which AWS reserves for its own tags.", key, "Choose a key without the aws: prefix.");
            }
            return null;
        }

        /// <summary>A list given to a parameter or in JSON must not hold $null.</summary>
        public static EcsAdminException? NoNulls(IEnumerable? items, string what)
        {
            if (items is null) return null;
            int i = 0;
            foreach (var item in items)
            {
                if (item is null)
                    return Invalid("NullInList", "Entry " + i + " of " + what + " is $null.", what, "Remove the empty entry (a trailing comma or an unset variable is the usual cause).");
                i++;
            }
            return null;
        }

        /// <summary>A -Path that must name one existing file: no wildcard, not a directory.</summary>
        public static EcsAdminException? FilePath(string? given, string? resolved)
        {
            if (given != null && given.IndexOfAny(new[] { '*', '?' }) >= 0)
                return Invalid("PathIsWildcard", "'" + given + "' contains a wildcard; -Path takes one file.", given, "Give the path of one JSON file, or pipe files: Get-ChildItem *.json | Register-EcsTaskDefinition.");
            if (resolved != null && Directory.Exists(resolved))
                return Invalid("PathIsDirectory", "'" + given + "' is a directory; -Path takes a JSON file.", given, "Give the path of a JSON file inside it.");
            return null;
        }
    }
}
