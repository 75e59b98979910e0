using System;
using System.Collections;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using EcsAdmin.Commands.Scaling;
using EcsAdmin.Engine;
using EcsAdmin.Loader;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Scaling
{
    /// <summary>The scaling cmdlets hosted in-process with a stateful fake Application Auto Scaling.</summary>
    [Collection("in-process cmdlets")]
    public sealed class ScalingCmdletTests
    {
        private readonly FakeAutoScaling _aws = new FakeAutoScaling();

        public ScalingCmdletTests() => EngineLoader.Use(new EcsEngine(_aws.Api.Factory, null));

        private static PowerShell Shell()
        {
            return InProcessShell.Create("us-east-1");
        }

        private static PowerShell Seed(PowerShell ps)
            => ps.AddCommand("Set-EcsScaling").AddParameter("Cluster", "prod").AddParameter("Service", "web")
                 .AddParameter("MinCapacity", 1).AddParameter("MaxCapacity", 10).AddParameter("TargetCpuPercent", 70.0)
                 .AddParameter("ScaleOutCooldownSec", 300).AddParameter("ScaleInCooldownSec", 300);

        [Fact]
        public void Set_twice_sends_the_changes_once()
        {
            using var ps = Shell();
            var first = Seed(ps).Invoke();
            Assert.Empty(ps.Streams.Error);
            var config = Assert.IsType<EcsScalingConfiguration>(Assert.Single(first).BaseObject);
            Assert.Equal(2, config.Changes.Length);
            Assert.Equal(2, _aws.MutatingCalls);

            ps.Commands.Clear();
            var second = Seed(ps).Invoke();

            Assert.Empty(Assert.IsType<EcsScalingConfiguration>(Assert.Single(second).BaseObject).Changes);
            Assert.Equal(2, _aws.MutatingCalls);
        }

        [Fact]
        public void WhatIf_writes_the_plan_and_sends_nothing_mutating()
        {
            using var ps = Shell();
            var plan = Seed(ps).AddParameter("WhatIf").Invoke();

            Assert.Equal(new[] { "RegisterScalableTarget", "PutScalingPolicy" }, plan.Select(p => ((EcsScalingChange)p.BaseObject).Action));
            Assert.All(plan, p => Assert.False(((EcsScalingChange)p.BaseObject).Applied));
            Assert.Equal(0, _aws.MutatingCalls);
        }

        [Fact]
        public void A_validation_failure_is_a_typed_record_and_no_call_is_made()
        {
            using var ps = Shell();
            var output = ps.AddCommand("Set-EcsScaling").AddParameter("Cluster", "prod").AddParameter("Service", "web")
                .AddParameter("MinCapacity", 3).AddParameter("MaxCapacity", 10)
                .AddParameter("ScheduledAction", new object[] { new Hashtable { ["Name"] = "n", ["Schedule"] = "rate(5 weeks)", ["MinCapacity"] = 1 } })
                .Invoke();

            Assert.Empty(output);
            var error = Assert.Single(ps.Streams.Error);
            Assert.StartsWith("InvalidScheduleExpression", error.FullyQualifiedErrorId);
            Assert.Equal(ErrorCategory.InvalidArgument, error.CategoryInfo.Category);
            Assert.False(string.IsNullOrEmpty(error.ErrorDetails.RecommendedAction));
            Assert.Empty(_aws.Api.Calls);
        }

        [Fact]
        public void Piped_objects_bind_cluster_and_service_by_property_name_and_a_missing_one_does_not_stop_the_rest()
        {
            using var ps = Shell();
            ps.AddScript("[pscustomobject]@{ Cluster = 'prod'; Service = 'ghost' }, [pscustomobject]@{ Cluster = 'prod'; Service = 'web' } | Set-EcsScaling -MinCapacity 1 -MaxCapacity 2");
            var output = ps.Invoke();

            Assert.Equal("service/prod/web", ((EcsScalingConfiguration)Assert.Single(output).BaseObject).ResourceId);
            Assert.StartsWith("ServiceNotFound", Assert.Single(ps.Streams.Error).FullyQualifiedErrorId);
        }

        [Fact]
        public void Remove_with_WhatIf_sends_nothing_and_with_Force_deregisters()
        {
            using var ps = Shell();
            Seed(ps).Invoke();
            var before = _aws.MutatingCalls;
            ps.Commands.Clear();
            ps.AddCommand("Remove-EcsScaling").AddParameter("Cluster", "prod").AddParameter("Service", "web").AddParameter("WhatIf").Invoke();
            Assert.Equal(before, _aws.MutatingCalls);

            ps.Commands.Clear();
            var removed = ps.AddCommand("Remove-EcsScaling").AddParameter("Cluster", "prod").AddParameter("Service", "web").AddParameter("Force").Invoke();

            Assert.Empty(removed);
            Assert.Equal("DeregisterScalableTarget", _aws.Mutations.Last().Operation);
            Assert.Empty(_aws.Targets);
        }
    }
}
