using System;

namespace EcsAdmin.Models
{
    /// <summary>
    /// A service's Application Auto Scaling as Get-EcsScaling, Set-EcsScaling, Suspend-EcsScaling and
    /// Resume-EcsScaling return it: the scalable target (service/&lt;cluster&gt;/&lt;service&gt;, dimension
    /// ecs:service:DesiredCount), its policies, scheduled actions, suspended state and recent activities.
    /// </summary>
    public sealed class EcsScalingConfiguration
    {
        public string Region { get; set; } = "";
        /// <summary>The cluster's name (pipes into -Cluster of other cmdlets).</summary>
        public string Cluster { get; set; } = "";
        /// <summary>The service's name (pipes into -Service of other cmdlets).</summary>
        public string Service { get; set; } = "";
        /// <summary>service/&lt;cluster&gt;/&lt;service&gt;</summary>
        public string ResourceId { get; set; } = "";
        /// <summary>False when the service has no scalable target (after Remove-EcsScaling, or with -WhatIf before the first Set-EcsScaling).</summary>
        public bool Registered { get; set; }
        public int MinCapacity { get; set; }
        public int MaxCapacity { get; set; }
        public EcsList<EcsScalingPolicy> Policies { get; set; } = new EcsList<EcsScalingPolicy>();
        public EcsList<EcsScheduledAction> ScheduledActions { get; set; } = new EcsList<EcsScheduledAction>();
        public bool DynamicScalingInSuspended { get; set; }
        public bool DynamicScalingOutSuspended { get; set; }
        public bool ScheduledScalingSuspended { get; set; }
        /// <summary>The most recent scaling activities, newest first (empty where the endpoint does not report them).</summary>
        public EcsList<EcsScalingActivity> RecentActivities { get; set; } = new EcsList<EcsScalingActivity>();
        /// <summary>The changes the cmdlet that returned this object made (Set/Suspend/Resume); empty when nothing had to change.</summary>
        public EcsList<EcsScalingChange> Changes { get; set; } = new EcsList<EcsScalingChange>();
        public string? ScalableTargetArn { get; set; }

        public override string ToString() => ResourceId;
    }

    /// <summary>A scaling policy of a service's scalable target.</summary>
    public sealed class EcsScalingPolicy
    {
        public string Name { get; set; } = "";
        /// <summary>TargetTrackingScaling, StepScaling or PredictiveScaling.</summary>
        public string Type { get; set; } = "";
        /// <summary>ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization, ALBRequestCountPerTarget, or Namespace/MetricName for a custom metric.</summary>
        public string? Metric { get; set; }
        /// <summary>The target group label of an ALBRequestCountPerTarget policy.</summary>
        public string? ResourceLabel { get; set; }
        public double? TargetValue { get; set; }
        public int? ScaleOutCooldown { get; set; }
        public int? ScaleInCooldown { get; set; }
        public bool DisableScaleIn { get; set; }
        /// <summary>Names of the CloudWatch alarms the policy owns.</summary>
        public EcsList<string> Alarms { get; set; } = new EcsList<string>();
        /// <summary>True when EcsAdmin owns the policy (its name starts with EcsAdmin-): Set-EcsScaling changes and prunes only these.</summary>
        public bool Managed { get; set; }
        public string? PolicyArn { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>A scheduled action of a service's scalable target.</summary>
    public sealed class EcsScheduledAction
    {
        public string Name { get; set; } = "";
        /// <summary>cron(...), rate(...) or at(...).</summary>
        public string Schedule { get; set; } = "";
        public string? Timezone { get; set; }
        public int? MinCapacity { get; set; }
        public int? MaxCapacity { get; set; }
        /// <summary>True when EcsAdmin owns the action (its name starts with EcsAdmin-).</summary>
        public bool Managed { get; set; }

        public override string ToString() => Name;
    }

    /// <summary>One scaling activity (a change of desired count, or an attempt).</summary>
    public sealed class EcsScalingActivity
    {
        public DateTime? StartTime { get; set; }
        public DateTime? EndTime { get; set; }
        /// <summary>Pending, InProgress, Successful, Overridden, Unfulfilled or Failed.</summary>
        public string StatusCode { get; set; } = "";
        public string? StatusMessage { get; set; }
        public string Description { get; set; } = "";
        public string Cause { get; set; } = "";

        public override string ToString() => Description;
    }

    /// <summary>
    /// One change of a scaling plan: what Set-EcsScaling (and Suspend/Resume/Remove) does, or would do with
    /// -WhatIf. Action is the Application Auto Scaling operation (RegisterScalableTarget, PutScalingPolicy,
    /// DeleteScalingPolicy, PutScheduledAction, DeleteScheduledAction, DeregisterScalableTarget).
    /// </summary>
    public sealed class EcsScalingChange
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        public string ResourceId { get; set; } = "";
        /// <summary>The Application Auto Scaling operation the change sends.</summary>
        public string Action { get; set; } = "";
        /// <summary>What it acts on: the resource id, a policy name or a scheduled action name.</summary>
        public string Target { get; set; } = "";
        /// <summary>Readable before → after.</summary>
        public string Detail { get; set; } = "";
        /// <summary>True once the request was sent and succeeded; false under -WhatIf or when declined.</summary>
        public bool Applied { get; set; }

        public override string ToString() => Action + " " + Target + ": " + Detail;
    }
}
