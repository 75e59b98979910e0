using System.Collections;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Completion;
using EcsAdmin.Engine;
using EcsAdmin.Loader;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Tests.Fleet
{
    [Collection("in-process cmdlets")]
    public sealed class FleetCompleterTests
    {
        [Fact]
        public void Capacity_provider_names_come_from_every_page_with_the_clusters_managed_instances_providers()
        {
            using var env = EnvScope.FakeCredentials();
            var fake = new FakeAwsApi("eu-west-1").Handle(Ecs.EcsApi.DescribeCapacityProviders, req => req.NextToken is null
                ? new Ecs.DescribeCapacityProvidersResponse { CapacityProviders = new List<Ecs.CapacityProvider> { new() { Name = "asg-web", Status = "ACTIVE" }, new() { Name = "FARGATE", Status = "ACTIVE" } }, NextToken = "p2" }
                : new Ecs.DescribeCapacityProvidersResponse { CapacityProviders = new List<Ecs.CapacityProvider> { new() { Name = "asg-batch", Status = "ACTIVE" }, new() { Name = "mi-spot", Status = "ACTIVE", Cluster = "fleetcmp" } } });
            EngineLoader.Use(new EcsEngine(fake.Factory, null));
            var results = new CapacityProviderNameCompleter().CompleteArgument("Set-EcsCapacityProvider", "Name", "asg", null!, new Hashtable { ["Cluster"] = "fleetcmp" }).ToList();
            Assert.Equal(new[] { "asg-batch", "asg-web" }, results.Select(r => r.CompletionText));
            Assert.All(fake.Calls.Select(c => (Ecs.DescribeCapacityProvidersRequest)c.Input), r => Assert.Equal("fleetcmp", r.Cluster));
            Assert.Equal(2, fake.Count("DescribeCapacityProviders"));
        }

        [Fact]
        public void Account_setting_names_and_values_complete_without_a_request()
        {
            var names = new AccountSettingNameCompleter().CompleteArgument("Set-EcsAccountSetting", "Name", "container", null!, new Hashtable()).Select(r => r.CompletionText).ToList();
            Assert.Equal(new[] { "containerInstanceLongArnFormat", "containerInsights" }, names);
            var values = new AccountSettingValueCompleter().CompleteArgument("Set-EcsAccountSetting", "Value", "", null!, new Hashtable { ["Name"] = "containerinsights" }).Select(r => r.CompletionText).ToList();
            Assert.Equal(new[] { "enabled", "enhanced", "disabled" }, values);
        }
    }
}
