using System.Collections.Generic;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Services
{
    /// <summary>The pure outcome rules of a deployment followed through DescribeServices.</summary>
    public class DeploymentRulesTests
    {
        private static Ecs.Service Service(params Ecs.Deployment[] deployments) => new Ecs.Service
        {
            ServiceName = "web", Status = "ACTIVE", Deployments = new List<Ecs.Deployment>(deployments),
            DeploymentConfiguration = new Ecs.DeploymentConfiguration { DeploymentCircuitBreaker = new Ecs.DeploymentCircuitBreaker { Enable = true, Rollback = true } },
        };

        private static Ecs.Deployment Dep(string id, string status, string td, string? rollout, int desired = 2, int running = 0) => new Ecs.Deployment
        {
            Id = id, Status = status, TaskDefinition = td, RolloutState = rollout, DesiredCount = desired, RunningCount = running, PendingCount = 0,
        };

        [Theory]
        [InlineData(nameof(DeploymentState.Succeeded), EcsDeploymentOutcome.Succeeded)]
        [InlineData(nameof(DeploymentState.RolledBack), EcsDeploymentOutcome.RolledBack)]
        [InlineData(nameof(DeploymentState.Failed), EcsDeploymentOutcome.Failed)]
        [InlineData(nameof(DeploymentState.FailedAwaitingRollback), EcsDeploymentOutcome.Failed)]
        [InlineData(nameof(DeploymentState.InProgress), EcsDeploymentOutcome.TimedOut)]
        public void A_watch_that_ends_on_a_verdict_has_its_outcome(string state, EcsDeploymentOutcome expected)
            => Assert.Equal(expected, new DeploymentVerdict((DeploymentState)System.Enum.Parse(typeof(DeploymentState), state), "").Outcome);

        [Theory]
        [InlineData(EcsDeploymentOutcome.Succeeded, null)]
        [InlineData(EcsDeploymentOutcome.RolledBack, "DeploymentRolledBack")]
        [InlineData(EcsDeploymentOutcome.Failed, "DeploymentFailed")]
        [InlineData(EcsDeploymentOutcome.Aborted, "DeploymentAborted")]
        [InlineData(EcsDeploymentOutcome.TimedOut, "DeploymentTimedOut")]
        [InlineData(EcsDeploymentOutcome.Paused, null)]
        [InlineData(EcsDeploymentOutcome.StageReached, null)]
        public void Every_outcome_but_success_is_an_error_a_timeout_included(EcsDeploymentOutcome outcome, string? errorId)
            => Assert.Equal(errorId, DeploymentRules.ErrorIdFor(outcome));

        [Fact]
        public void An_outcome_the_caller_asked_for_is_no_error()
        {
            Assert.Null(DeploymentRules.ErrorIdFor(EcsDeploymentOutcome.RolledBack, EcsDeploymentOutcome.RolledBack));
            Assert.Equal("DeploymentFailed", DeploymentRules.ErrorIdFor(EcsDeploymentOutcome.Failed, EcsDeploymentOutcome.RolledBack));
        }

        [Fact]
        public void Completed_needs_the_tasks_too()
        {
            var facts = new DeploymentFacts { DeploymentId = "ours", SeenOnce = true };
            Assert.Equal(DeploymentState.InProgress, DeploymentRules.Evaluate(Service(Dep("ours", "PRIMARY", "td:2", "COMPLETED", running: 1)), facts).State);
            Assert.Equal(DeploymentState.Succeeded, DeploymentRules.Evaluate(Service(Dep("ours", "PRIMARY", "td:2", "COMPLETED", running: 2)), facts).State);
        }

        [Fact]
        public void A_failed_deployment_with_rollback_on_waits_for_the_rollback_and_ends_Failed_if_none_comes()
        {
            var verdict = DeploymentRules.Evaluate(Service(Dep("ours", "PRIMARY", "td:2", "FAILED")), new DeploymentFacts { DeploymentId = "ours", SeenOnce = true });
            Assert.Equal(DeploymentState.FailedAwaitingRollback, verdict.State);
            Assert.False(verdict.IsFinal);
            Assert.Equal(EcsDeploymentOutcome.Failed, verdict.Outcome);
        }
    }
}
