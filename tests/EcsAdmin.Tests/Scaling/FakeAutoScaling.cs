using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws.Generated.AutoScaling;
using EcsAdmin.Tests.Infrastructure;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Scaling
{
    /// <summary>
    /// A stateful Application Auto Scaling (and ECS DescribeServices) on top of FakeAwsApi: mutating calls change
    /// what the Describe calls return, so plans can be run twice and idempotency checked.
    /// </summary>
    internal sealed class FakeAutoScaling
    {
        public static readonly string[] MutatingOperations =
            { "RegisterScalableTarget", "DeregisterScalableTarget", "PutScalingPolicy", "DeleteScalingPolicy", "PutScheduledAction", "DeleteScheduledAction" };

        public FakeAwsApi Api { get; } = new FakeAwsApi();
        public List<ScalableTarget> Targets { get; } = new List<ScalableTarget>();
        public List<ScalingPolicy> Policies { get; } = new List<ScalingPolicy>();
        public List<ScheduledAction> Actions { get; } = new List<ScheduledAction>();
        public HashSet<string> Services { get; } = new HashSet<string> { "prod/web" };
        public bool ActivitiesSupported { get; set; } = true;

        public int MutatingCalls => Api.Calls.Count(c => MutatingOperations.Contains(c.Operation));
        public IEnumerable<RecordedCall> Mutations => Api.Calls.Where(c => MutatingOperations.Contains(c.Operation));

        public FakeAutoScaling()
        {
            Api.Handle(Ecs.EcsApi.DescribeServices, r =>
            {
                var key = r.Cluster + "/" + r.Services![0];
                return Services.Contains(key)
                    ? new Ecs.DescribeServicesResponse { Services = new List<Ecs.Service> { new Ecs.Service { ServiceName = r.Services[0], Status = "ACTIVE" } }, Failures = new List<Ecs.Failure>() }
                    : new Ecs.DescribeServicesResponse { Services = new List<Ecs.Service>(), Failures = new List<Ecs.Failure> { new Ecs.Failure { Arn = "arn:aws:ecs:us-east-1:123456789012:service/" + key, Reason = "MISSING" } } };
            });
            Api.Handle(AutoScalingApi.DescribeScalableTargets, r => new DescribeScalableTargetsResponse
            {
                ScalableTargets = Targets.Where(t => r.ResourceIds is null || r.ResourceIds.Count == 0 || r.ResourceIds.Contains(t.ResourceId)).Select(Clone).ToList(),
            });
            Api.Handle(AutoScalingApi.RegisterScalableTarget, r =>
            {
                if (!Services.Contains(r.ResourceId.Substring("service/".Length)))
                    throw new EcsAdminException("Aws.ValidationException", EcsErrorKind.InvalidArgument, "ECS service doesn't exist: " + r.ResourceId, null, null, null, "ValidationException");
                var t = Targets.FirstOrDefault(x => x.ResourceId == r.ResourceId);
                if (t is null)
                {
                    t = new ScalableTarget { ResourceId = r.ResourceId, ServiceNamespace = r.ServiceNamespace, ScalableDimension = r.ScalableDimension, MinCapacity = r.MinCapacity, MaxCapacity = r.MaxCapacity, SuspendedState = new SuspendedState { DynamicScalingInSuspended = false, DynamicScalingOutSuspended = false, ScheduledScalingSuspended = false } };
                    Targets.Add(t);
                }
                if (r.MinCapacity != null) t.MinCapacity = r.MinCapacity;
                if (r.MaxCapacity != null) t.MaxCapacity = r.MaxCapacity;
                if (r.SuspendedState != null)
                {
                    t.SuspendedState!.DynamicScalingInSuspended = r.SuspendedState.DynamicScalingInSuspended ?? t.SuspendedState.DynamicScalingInSuspended;
                    t.SuspendedState.DynamicScalingOutSuspended = r.SuspendedState.DynamicScalingOutSuspended ?? t.SuspendedState.DynamicScalingOutSuspended;
                    t.SuspendedState.ScheduledScalingSuspended = r.SuspendedState.ScheduledScalingSuspended ?? t.SuspendedState.ScheduledScalingSuspended;
                }
                return new RegisterScalableTargetResponse();
            });
            Api.Handle(AutoScalingApi.DeregisterScalableTarget, r =>
            {
                Targets.RemoveAll(t => t.ResourceId == r.ResourceId);
                Policies.RemoveAll(p => p.ResourceId == r.ResourceId);
                Actions.RemoveAll(a => a.ResourceId == r.ResourceId);
                return new DeregisterScalableTargetResponse();
            });
            Api.Handle(AutoScalingApi.DescribeScalingPolicies, r => new DescribeScalingPoliciesResponse { ScalingPolicies = Policies.Where(p => p.ResourceId == r.ResourceId).ToList() });
            Api.Handle(AutoScalingApi.PutScalingPolicy, r =>
            {
                Policies.RemoveAll(p => p.ResourceId == r.ResourceId && p.PolicyName == r.PolicyName);
                Policies.Add(new ScalingPolicy
                {
                    PolicyName = r.PolicyName, ResourceId = r.ResourceId, ServiceNamespace = r.ServiceNamespace, ScalableDimension = r.ScalableDimension,
                    PolicyType = r.PolicyType, TargetTrackingScalingPolicyConfiguration = r.TargetTrackingScalingPolicyConfiguration,
                    PolicyARN = "arn:policy/" + r.PolicyName,
                    Alarms = new List<Alarm> { new Alarm { AlarmName = "TargetTracking-" + r.ResourceId + "-AlarmHigh", AlarmARN = "arn:alarm:high" } },
                });
                return new PutScalingPolicyResponse { PolicyARN = "arn:policy/" + r.PolicyName };
            });
            Api.Handle(AutoScalingApi.DeleteScalingPolicy, r =>
            {
                Policies.RemoveAll(p => p.ResourceId == r.ResourceId && p.PolicyName == r.PolicyName);
                return new DeleteScalingPolicyResponse();
            });
            Api.Handle(AutoScalingApi.DescribeScheduledActions, r => new DescribeScheduledActionsResponse { ScheduledActions = Actions.Where(a => a.ResourceId == r.ResourceId).ToList() });
            Api.Handle(AutoScalingApi.PutScheduledAction, r =>
            {
                Actions.RemoveAll(a => a.ResourceId == r.ResourceId && a.ScheduledActionName == r.ScheduledActionName);
                Actions.Add(new ScheduledAction
                {
                    ScheduledActionName = r.ScheduledActionName, ResourceId = r.ResourceId, ServiceNamespace = r.ServiceNamespace, ScalableDimension = r.ScalableDimension,
                    Schedule = r.Schedule, Timezone = r.Timezone ?? "UTC", ScalableTargetAction = r.ScalableTargetAction,
                });
                return new PutScheduledActionResponse();
            });
            Api.Handle(AutoScalingApi.DeleteScheduledAction, r =>
            {
                Actions.RemoveAll(a => a.ResourceId == r.ResourceId && a.ScheduledActionName == r.ScheduledActionName);
                return new DeleteScheduledActionResponse();
            });
            Api.Handle(AutoScalingApi.DescribeScalingActivities, r =>
            {
                if (!ActivitiesSupported)
                    throw new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented, "not supported", "DescribeScalingActivities");
                return new DescribeScalingActivitiesResponse
                {
                    ScalingActivities = new List<ScalingActivity>
                    {
                        new ScalingActivity { ActivityId = "1", ResourceId = r.ResourceId, StatusCode = "Successful", Description = "Setting desired count to 2.", Cause = "monitor alarm high", StartTime = new DateTime(2026, 1, 1, 10, 0, 0, DateTimeKind.Utc) },
                        new ScalingActivity { ActivityId = "2", ResourceId = r.ResourceId, StatusCode = "Successful", Description = "Setting desired count to 3.", Cause = "monitor alarm high", StartTime = new DateTime(2026, 1, 1, 11, 0, 0, DateTimeKind.Utc) },
                    },
                };
            });
        }

        private static ScalableTarget Clone(ScalableTarget t) => new ScalableTarget
        {
            ResourceId = t.ResourceId, ServiceNamespace = t.ServiceNamespace, ScalableDimension = t.ScalableDimension, MinCapacity = t.MinCapacity, MaxCapacity = t.MaxCapacity,
            SuspendedState = t.SuspendedState is null ? null : new SuspendedState
            {
                DynamicScalingInSuspended = t.SuspendedState.DynamicScalingInSuspended,
                DynamicScalingOutSuspended = t.SuspendedState.DynamicScalingOutSuspended,
                ScheduledScalingSuspended = t.SuspendedState.ScheduledScalingSuspended,
            },
        };
    }
}
