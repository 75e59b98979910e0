using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>
    /// Which CloudWatch alarms belong to Application Auto Scaling. Target tracking policies create their alarms
    /// (named TargetTracking-...) and recreate or expect them; step scaling policies are alarm actions. Deleting such
    /// an alarm breaks the service's scaling silently, so they are marked and kept unless the user insists.
    /// </summary>
    internal static class ManagedAlarmRules
    {
        public const string ApplicationAutoScaling = "ApplicationAutoScaling";

        /// <summary>Target tracking alarms start with this name.</summary>
        public const string TargetTrackingPrefix = "TargetTracking-";

        /// <summary>What manages the alarm ("ApplicationAutoScaling"), or null when nothing does.</summary>
        public static string? ManagedBy(string? alarmName, IEnumerable<string>? alarmActions)
        {
            if (alarmName != null && alarmName.StartsWith(TargetTrackingPrefix, StringComparison.Ordinal)) return ApplicationAutoScaling;
            return (alarmActions ?? Enumerable.Empty<string>()).Any(IsScalingPolicyAction) ? ApplicationAutoScaling : null;
        }

        /// <summary>An Application Auto Scaling policy ARN (arn:aws:autoscaling:...:scalingPolicy:...:resource/ecs/...).</summary>
        public static bool IsScalingPolicyAction(string? action)
            => action != null && action.StartsWith("arn:", StringComparison.Ordinal)
               && action.IndexOf(":autoscaling:", StringComparison.Ordinal) > 0
               && action.IndexOf(":scalingPolicy:", StringComparison.Ordinal) > 0
               && action.IndexOf("resource/ecs/", StringComparison.Ordinal) > 0;
    }
}
