using System;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// ARNs as AWS defines them: arn:partition:service:region:account:resource. An ARN is honoured as what it says:
    /// one of another service, resource type, region or partition than the request needs is refused before sending.
    /// </summary>
    internal static class ArnRules
    {
        private static readonly Regex Shape = new Regex(@"^arn:(aws|aws-cn|aws-us-gov|aws-iso|aws-iso-b|aws-iso-e|aws-iso-f|aws-eusc):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$", RegexOptions.Compiled);

        /// <summary>The partition a region belongs to.</summary>
        public static string PartitionOf(string region)
            => region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
                : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
                : region.StartsWith("us-isob-", StringComparison.Ordinal) ? "aws-iso-b"
                : region.StartsWith("us-iso-", StringComparison.Ordinal) ? "aws-iso"
                : "aws";

        /// <summary>
        /// Null when <paramref name="arn"/> is a well-formed ARN of <paramref name="service"/>, of resource type
        /// <paramref name="resourceType"/> (when given) and of <paramref name="region"/> (when given); else the typed error.
        /// </summary>
        public static EcsAdminException? Check(string arn, string service, string? resourceType, string? region)
        {
            var m = Shape.Match(arn);
            if (!m.Success)
                return new EcsAdminException("InvalidArn", EcsErrorKind.InvalidArgument,
                    "'" + arn + "' is not a well-formed ARN (arn:partition:service:region:account-id:resource).", arn,
                    "An ECS ARN looks like arn:aws:ecs:us-east-1:123456789012:cluster/name; or give the name instead.");
            var (partition, arnService, arnRegion, resource) = (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[5].Value);
            if (arnService != service)
                return new EcsAdminException("ArnServiceMismatch", EcsErrorKind.InvalidArgument,
                    "'" + arn + "' is an ARN of service '" + arnService + "', but " + Article(resourceType ?? service) + " " + service + " ARN is needed here.", arn,
                    "Give the " + (resourceType ?? "resource") + "'s own ARN or name.");
            if (resourceType != null)
            {
                var type = resource.Split('/', ':')[0];
                if (!string.Equals(type, resourceType, StringComparison.Ordinal))
                    return new EcsAdminException("ArnResourceTypeMismatch", EcsErrorKind.InvalidArgument,
                        "'" + arn + "' is the ARN of a " + type + ", not of a " + resourceType + ".", arn,
                        "Give the " + resourceType + "'s ARN or name here.");
            }
            if (region != null && arnRegion.Length > 0)
            {
                if (!string.Equals(arnRegion, region, StringComparison.Ordinal))
                    return new EcsAdminException("ArnRegionMismatch", EcsErrorKind.InvalidArgument,
                        "'" + arn + "' is in region " + arnRegion + ", but this call goes to " + region + "; it is not sent there, as the answer would be about another region.", arn,
                        "Run the command with -Region " + arnRegion + " (or Connect-EcsSession -Region " + arnRegion + "), or give a name in " + region + ".");
                if (!string.Equals(partition, PartitionOf(region), StringComparison.Ordinal))
                    return new EcsAdminException("ArnPartitionMismatch", EcsErrorKind.InvalidArgument,
                        "'" + arn + "' is in partition " + partition + ", but region " + region + " is in " + PartitionOf(region) + ".", arn,
                        "Check the ARN's partition (aws, aws-cn, aws-us-gov).");
            }
            return null;
        }

        /// <summary>
        /// Throws when one of <paramref name="values"/> is an ECS ARN of <paramref name="resourceType"/> that is
        /// malformed, of another type, or of another region than the session's (names pass: they mean the session's region).
        /// </summary>
        public static void ThrowIfElsewhere(string region, string resourceType, params string?[]? values)
        {
            if (values is null) return;
            foreach (var v in values)
            {
                var value = v?.Trim();
                if (value is null || !value.StartsWith("arn:", StringComparison.Ordinal)) continue;
                var failure = Check(value, "ecs", resourceType, region);
                if (failure != null) throw failure;
            }
        }

        private static string Article(string word) => "aeiou".IndexOf(char.ToLowerInvariant(word[0])) >= 0 ? "an" : "a";
    }
}
