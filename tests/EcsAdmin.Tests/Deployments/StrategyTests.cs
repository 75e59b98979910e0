using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using EcsAdmin.Validation;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Deployments
{
    public class StrategyTests
    {
        private const string Tg = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1";
        private const string Tg2 = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-green/2";
        private const string Rule = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener-rule/app/web/1/2/3";
        private const string Role = "arn:aws:iam::123456789012:role/ecs-infra";

        private static DeploymentStrategyOptions BlueGreen() => new DeploymentStrategyOptions
        {
            Strategy = "BLUE_GREEN", BakeTimeInMinutes = 10, AlternateTargetGroupArn = Tg2, ProductionListenerRule = Rule, TestListenerRule = Rule + "-test", LoadBalancerRoleArn = Role,
            LifecycleHooks = new[] { new LifecycleHookOptions { TargetType = "PAUSE", Stages = new[] { "POST_TEST_TRAFFIC_SHIFT" }, TimeoutInMinutes = 60, TimeoutAction = "ROLLBACK" } },
            AlarmNames = new[] { "web-5xx" },
        };

        private static FakeAwsApi ServiceWithLoadBalancer() => new FakeAwsApi()
            .Handle(Ecs.EcsApi.DescribeServices, _ => new Ecs.DescribeServicesResponse
            {
                Services = new List<Ecs.Service>
                {
                    new Ecs.Service
                    {
                        ServiceName = "web", Status = "ACTIVE", TaskDefinition = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
                        LoadBalancers = new List<Ecs.LoadBalancer> { new Ecs.LoadBalancer { TargetGroupArn = Tg, ContainerName = "web", ContainerPort = 80 } },
                        DeploymentConfiguration = new Ecs.DeploymentConfiguration { MaximumPercent = 200, MinimumHealthyPercent = 100, DeploymentCircuitBreaker = new Ecs.DeploymentCircuitBreaker { Enable = true, Rollback = true } },
                        Deployments = new List<Ecs.Deployment> { new Ecs.Deployment { Id = "ecs-svc/1", Status = "PRIMARY", RolloutState = "COMPLETED", DesiredCount = 1, RunningCount = 1 } },
                    },
                },
            })
            .Handle(Ecs.EcsApi.UpdateService, r => new Ecs.UpdateServiceResponse { Service = new Ecs.Service { ServiceName = "web", Status = "ACTIVE" } });

        [Fact]
        public async Task Update_sends_strategy_bake_hooks_alarms_and_load_balancer_advanced_configuration()
        {
            var api = ServiceWithLoadBalancer();
            await Dx.Services(api).UpdateAsync(CollectingSink.Session(), new UpdateServiceOptions { Cluster = "prod", Service = "web", Strategy = BlueGreen() }, new CollectingSink().Context());

            var json = JsonDocument.Parse(Assert.Single(api.Calls, c => c.Operation == "UpdateService").Json).RootElement;
            var dc = json.GetProperty("deploymentConfiguration");
            Assert.Equal("BLUE_GREEN", dc.GetProperty("strategy").GetString());
            Assert.Equal(10, dc.GetProperty("bakeTimeInMinutes").GetInt32());
            Assert.Equal(200, dc.GetProperty("maximumPercent").GetInt32());
            Assert.True(dc.GetProperty("deploymentCircuitBreaker").GetProperty("rollback").GetBoolean());
            var hook = dc.GetProperty("lifecycleHooks")[0];
            Assert.Equal("PAUSE", hook.GetProperty("targetType").GetString());
            Assert.Equal("POST_TEST_TRAFFIC_SHIFT", hook.GetProperty("lifecycleStages")[0].GetString());
            Assert.Equal(60, hook.GetProperty("timeoutConfiguration").GetProperty("timeoutInMinutes").GetInt32());
            Assert.Equal("ROLLBACK", hook.GetProperty("timeoutConfiguration").GetProperty("action").GetString());
            Assert.Equal("web-5xx", dc.GetProperty("alarms").GetProperty("alarmNames")[0].GetString());
            Assert.True(dc.GetProperty("alarms").GetProperty("enable").GetBoolean());
            Assert.True(dc.GetProperty("alarms").GetProperty("rollback").GetBoolean());
            var adv = json.GetProperty("loadBalancers")[0].GetProperty("advancedConfiguration");
            Assert.Equal(Tg2, adv.GetProperty("alternateTargetGroupArn").GetString());
            Assert.Equal(Rule, adv.GetProperty("productionListenerRule").GetString());
            Assert.Equal(Role, adv.GetProperty("roleArn").GetString());
            Assert.Equal(Tg, json.GetProperty("loadBalancers")[0].GetProperty("targetGroupArn").GetString());
        }

        [Fact]
        public async Task Update_to_linear_sends_the_linear_configuration_only()
        {
            var api = ServiceWithLoadBalancer();
            var o = BlueGreen();
            o.Strategy = "LINEAR"; o.LinearStepPercent = 12.5; o.LinearStepBakeTimeInMinutes = 3; o.LifecycleHooks = null; o.AlarmNames = null;
            await Dx.Services(api).UpdateAsync(CollectingSink.Session(), new UpdateServiceOptions { Cluster = "prod", Service = "web", Strategy = o }, new CollectingSink().Context());
            var dc = JsonDocument.Parse(Assert.Single(api.Calls, c => c.Operation == "UpdateService").Json).RootElement.GetProperty("deploymentConfiguration");
            Assert.Equal("LINEAR", dc.GetProperty("strategy").GetString());
            Assert.Equal(12.5, dc.GetProperty("linearConfiguration").GetProperty("stepPercent").GetDouble());
            Assert.Equal(3, dc.GetProperty("linearConfiguration").GetProperty("stepBakeTimeInMinutes").GetInt32());
            Assert.False(dc.TryGetProperty("canaryConfiguration", out _));
        }

        [Fact]
        public async Task Update_to_blue_green_without_a_traffic_path_is_refused_before_UpdateService()
        {
            var api = new FakeAwsApi().WithService();
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => Dx.Services(api).UpdateAsync(CollectingSink.Session(),
                new UpdateServiceOptions { Cluster = "prod", Service = "web", Strategy = new DeploymentStrategyOptions { Strategy = "BLUE_GREEN", BakeTimeInMinutes = 5 } }, new CollectingSink().Context()));
            Assert.Equal("TrafficPathRequired", ex.ErrorId);
            Assert.Equal(0, api.Count("UpdateService"));
        }

        public static IEnumerable<object[]> BadSettings()
        {
            DeploymentStrategyOptions With(Action<DeploymentStrategyOptions> change) { var o = BlueGreen(); change(o); return o; }
            yield return new object[] { "PauseOnTrafficShift", With(o => o.LifecycleHooks = new[] { new LifecycleHookOptions { TargetType = "PAUSE", Stages = new[] { "PRODUCTION_TRAFFIC_SHIFT" } } }) };
            yield return new object[] { "PauseOnTrafficShift", With(o => o.LifecycleHooks = new[] { new LifecycleHookOptions { TargetType = "PAUSE", Stages = new[] { "TEST_TRAFFIC_SHIFT" } } }) };
            yield return new object[] { "InvalidBakeTime", With(o => o.BakeTimeInMinutes = 1441) };
            yield return new object[] { "InvalidBakeTime", With(o => o.BakeTimeInMinutes = -1) };
            yield return new object[] { "LinearSettingsNeedLinear", With(o => o.LinearStepPercent = 10) };
            yield return new object[] { "CanarySettingsNeedCanary", With(o => o.CanaryPercent = 5) };
            yield return new object[] { "InvalidTrafficPercent", With(o => { o.Strategy = "LINEAR"; o.LinearStepPercent = 2.5; }) };
            yield return new object[] { "InvalidTrafficPercent", With(o => { o.Strategy = "CANARY"; o.CanaryPercent = 5.05; }) };
            yield return new object[] { "IncompleteAdvancedLoadBalancer", With(o => o.LoadBalancerRoleArn = null) };
            yield return new object[] { "InvalidHookTimeout", With(o => o.LifecycleHooks![0].TimeoutInMinutes = 20161) };
            yield return new object[] { "LambdaHookIncomplete", With(o => o.LifecycleHooks = new[] { new LifecycleHookOptions { TargetType = "AWS_LAMBDA", Stages = new[] { "POST_SCALE_UP" } } }) };
            yield return new object[] { "InvalidHookStage", With(o => o.LifecycleHooks = new[] { new LifecycleHookOptions { TargetType = "PAUSE", Stages = new[] { "BAKE_TIME" } } }) };
            yield return new object[] { "HooksNeedTrafficShift", With(o => { o.Strategy = "ROLLING"; o.BakeTimeInMinutes = null; o.AlternateTargetGroupArn = o.ProductionListenerRule = o.TestListenerRule = o.LoadBalancerRoleArn = null; }) };
        }

        [Theory]
        [MemberData(nameof(BadSettings))]
        public void Bad_strategy_settings_are_refused_locally_with_a_stable_error_id(string errorId, object settings)
        {
            var options = (DeploymentStrategyOptions)settings;
            var ex = Assert.Throws<EcsAdminException>(() => DeploymentStrategyChecks.Check(options, options.Strategy));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidArgument, ex.Kind);
            Assert.False(string.IsNullOrEmpty(ex.RecommendedAction));
            Assert.NotNull(ex.Target);
        }

        [Fact]
        public void Good_settings_pass_and_a_new_blue_green_service_needs_a_load_balancer_or_service_connect()
        {
            DeploymentStrategyChecks.Check(BlueGreen(), "BLUE_GREEN");
            var lb = new[] { new EcsLoadBalancer { TargetGroupArn = Tg, ContainerName = "web", ContainerPort = 80 } };
            DeploymentStrategyChecks.CheckNew(new NewServiceOptions { Name = "web", LoadBalancers = lb, Strategy = BlueGreen() });
            var noPath = Assert.Throws<EcsAdminException>(() => DeploymentStrategyChecks.CheckNew(new NewServiceOptions { Name = "web", Strategy = new DeploymentStrategyOptions { Strategy = "CANARY" } }));
            Assert.Equal("TrafficPathRequired", noPath.ErrorId);
            var noBake = Assert.Throws<EcsAdminException>(() => DeploymentStrategyChecks.CheckNew(new NewServiceOptions { Name = "web", ServiceConnectNamespace = "ns", Strategy = new DeploymentStrategyOptions { Strategy = "BLUE_GREEN" } }));
            Assert.Equal("BakeTimeRequired", noBake.ErrorId);
            DeploymentStrategyChecks.CheckNew(new NewServiceOptions { Name = "web", ServiceConnectNamespace = "ns", Strategy = new DeploymentStrategyOptions { Strategy = "LINEAR", LinearStepPercent = 20 } });
        }
    }
}
