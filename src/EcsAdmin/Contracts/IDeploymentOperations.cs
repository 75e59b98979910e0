using System;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>A lifecycle hook of a progressive deployment: a Lambda, or a pause that waits for an operator.</summary>
    internal sealed class LifecycleHookOptions
    {
        /// <summary>AWS_LAMBDA or PAUSE.</summary>
        public string TargetType { get; set; } = "PAUSE";
        /// <summary>The Lambda function ARN (AWS_LAMBDA only).</summary>
        public string? HookTargetArn { get; set; }
        /// <summary>The role ECS assumes to invoke the Lambda (AWS_LAMBDA only).</summary>
        public string? RoleArn { get; set; }
        public string[] Stages { get; set; } = Array.Empty<string>();
        public int? TimeoutInMinutes { get; set; }
        /// <summary>CONTINUE or ROLLBACK when the hook times out.</summary>
        public string? TimeoutAction { get; set; }
    }

    /// <summary>The deployment strategy settings of New-EcsFargateService / Update-EcsService; null fields are left alone.</summary>
    internal sealed class DeploymentStrategyOptions
    {
        /// <summary>ROLLING, BLUE_GREEN, LINEAR or CANARY (wire names).</summary>
        public string? Strategy { get; set; }
        public int? BakeTimeInMinutes { get; set; }
        public double? LinearStepPercent { get; set; }
        public int? LinearStepBakeTimeInMinutes { get; set; }
        public double? CanaryPercent { get; set; }
        public int? CanaryBakeTimeInMinutes { get; set; }
        /// <summary>Load balancer advanced configuration (applied to every load balancer of the service).</summary>
        public string? AlternateTargetGroupArn { get; set; }
        public string? ProductionListenerRule { get; set; }
        public string? TestListenerRule { get; set; }
        public string? LoadBalancerRoleArn { get; set; }
        /// <summary>Service Connect test traffic: requests with this header (and value, when given) go to the new revision.</summary>
        public string? TestTrafficHeaderName { get; set; }
        public string? TestTrafficHeaderValue { get; set; }
        public LifecycleHookOptions[]? LifecycleHooks { get; set; }
        /// <summary>Deployment alarms (CloudWatch alarm names); an empty array turns them off.</summary>
        public string[]? AlarmNames { get; set; }
        /// <summary>Roll back when a deployment alarm fires (default true when alarms are given).</summary>
        public bool? AlarmRollback { get; set; }

        public bool IsEmpty => Strategy is null && BakeTimeInMinutes is null && LinearStepPercent is null && LinearStepBakeTimeInMinutes is null
            && CanaryPercent is null && CanaryBakeTimeInMinutes is null && AlternateTargetGroupArn is null && ProductionListenerRule is null
            && TestListenerRule is null && LoadBalancerRoleArn is null && TestTrafficHeaderName is null && LifecycleHooks is null && AlarmNames is null;

        public bool HasAdvancedLoadBalancer => AlternateTargetGroupArn != null || ProductionListenerRule != null || TestListenerRule != null || LoadBalancerRoleArn != null;
    }

    /// <summary>What Wait-EcsService waits for.</summary>
    internal sealed class WaitUntil
    {
        /// <summary>Deployed (default), Paused, Stable, or a lifecycle stage name (e.g. POST_TEST_TRAFFIC_SHIFT).</summary>
        public string Target { get; set; } = "Deployed";
        public bool IsStage => Target != "Deployed" && Target != "Paused" && Target != "Stable";
    }

    internal sealed class GetServiceDeploymentOptions
    {
        /// <summary>One cluster; every cluster when null (with no service).</summary>
        public string? Cluster { get; set; }
        /// <summary>Services; every service of the cluster(s) when empty.</summary>
        public string[]? Services { get; set; }
        /// <summary>Service deployment ARNs to describe directly.</summary>
        public string[]? ServiceDeploymentArns { get; set; }
        /// <summary>Only deployments still running (pending, in progress, paused, stopping, rolling back).</summary>
        public bool InProgressOnly { get; set; }
        /// <summary>How many of each service's latest deployments (ListServiceDeployments is newest first).</summary>
        public int First { get; set; } = 10;
    }

    internal sealed class GetServiceRevisionOptions
    {
        public string Cluster { get; set; } = "";
        public string? Service { get; set; }
        public string[]? ServiceRevisionArns { get; set; }
    }

    internal sealed class CompareServiceRevisionOptions
    {
        public string ReferenceArn { get; set; } = "";
        public string DifferenceArn { get; set; } = "";
        /// <summary>Also compare the two task definitions (environment, size, volumes).</summary>
        public bool IncludeTaskDefinition { get; set; } = true;
    }

    /// <summary>What an operator does to a deployment.</summary>
    internal enum DeploymentAction
    {
        /// <summary>StopServiceDeployment ROLLBACK.</summary>
        StopRollback,
        /// <summary>StopServiceDeployment ABORT.</summary>
        StopAbort,
        /// <summary>ContinueServiceDeployment CONTINUE on the paused hook.</summary>
        Continue,
        /// <summary>ContinueServiceDeployment ROLLBACK on the paused hook.</summary>
        Reject,
    }

    internal sealed class DeploymentActionOptions
    {
        public string Cluster { get; set; } = "";
        /// <summary>The service whose current deployment is acted on (when no ARN is given).</summary>
        public string? Service { get; set; }
        public string? ServiceDeploymentArn { get; set; }
        /// <summary>The paused hook (Continue/Reject); the one awaiting action when null.</summary>
        public string? HookId { get; set; }
        public DeploymentAction Action { get; set; }
        /// <summary>Follow the deployment afterwards and write an EcsDeploymentResult.</summary>
        public WaitSettings? Wait { get; set; }
    }

    internal sealed class UndoServiceOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Go back to this task definition instead of the previous good one.</summary>
        public string? TaskDefinition { get; set; }
        public WaitSettings? Wait { get; set; }
    }

    /// <summary>Service deployments as objects. Results go through the context's Output.</summary>
    internal interface IDeploymentOperations
    {
        Task GetAsync(EcsSession session, GetServiceDeploymentOptions options, OperationContext context);
        Task GetRevisionAsync(EcsSession session, GetServiceRevisionOptions options, OperationContext context);
        Task CompareRevisionsAsync(EcsSession session, CompareServiceRevisionOptions options, OperationContext context);
        Task ActAsync(EcsSession session, DeploymentActionOptions options, OperationContext context);
        Task UndoAsync(EcsSession session, UndoServiceOptions options, OperationContext context);
    }
}
