using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using EcsAdmin.Tests.Services;
using EcsAdmin.Validation;
using Xunit;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Sd = EcsAdmin.Engine.Aws.Generated.ServiceDiscovery;
using Ssm = EcsAdmin.Engine.Aws.Generated.Ssm;

namespace EcsAdmin.Tests.Fleet
{
    /// <summary>The fleet operations' own logic against scripted replies: waits, batching, secrets, failures.</summary>
    public sealed class FleetOperationTests
    {
        private static readonly EcsSession Session = CollectingSink.Session();

        private static string Arn(int i) => "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/" + i.ToString("x32");

        [Fact]
        public async Task Draining_with_wait_polls_until_no_task_is_left_and_reports_progress()
        {
            var left = new Queue<int>(new[] { 3, 2, 0 });
            var api = new FakeAwsApi()
                .Handle(Ecs.EcsApi.UpdateContainerInstancesState, r => new Ecs.UpdateContainerInstancesStateResponse
                {
                    ContainerInstances = r.ContainerInstances.Select(a => new Ecs.ContainerInstance { ContainerInstanceArn = a, Status = "DRAINING", RunningTasksCount = 3 }).ToList(),
                })
                .Handle(Ecs.EcsApi.DescribeContainerInstances, r =>
                {
                    var n = left.Count > 1 ? left.Dequeue() : left.Peek();
                    return new Ecs.DescribeContainerInstancesResponse
                    {
                        ContainerInstances = new List<Ecs.ContainerInstance> { new Ecs.ContainerInstance { ContainerInstanceArn = Arn(1), Status = "DRAINING", RunningTasksCount = n, PendingTasksCount = 0 } },
                    };
                });
            var clock = new FakeClock();
            var sink = new CollectingSink();
            await new ContainerInstanceOperations(api.Factory) { Delay = clock.Delay, Clock = clock.Now }.SetStateAsync(Session, new SetContainerInstanceStateOptions
            {
                Cluster = "prod", ContainerInstances = new[] { Arn(1) }, Status = "DRAINING",
                Wait = new WaitSettings { Timeout = TimeSpan.FromMinutes(10), PollInterval = TimeSpan.FromSeconds(2), MaxPollInterval = TimeSpan.FromSeconds(15) },
            }, sink.Context());

            Assert.Equal(3, api.Count("DescribeContainerInstances"));
            Assert.Equal(new[] { TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3) }, clock.Waits);
            var output = Assert.Single(sink.Outputs<EcsContainerInstance>());
            Assert.Equal(0, output.RunningTasksCount);
            var progress = sink.Progress.ToList();
            Assert.StartsWith("3 task(s) left", progress[0].Status);
            Assert.Equal(0, progress[0].PercentComplete);
            Assert.Contains(progress, p => p.PercentComplete == 100 && !p.Completed);
            Assert.True(progress.Last().Completed);
            Assert.DoesNotContain(sink.Messages, m => m.Kind == OperationMessageKind.Warning);
        }

        [Fact]
        public async Task Draining_with_wait_warns_at_the_timeout_and_returns_the_instances_as_they_are()
        {
            var api = new FakeAwsApi()
                .Handle(Ecs.EcsApi.UpdateContainerInstancesState, r => new Ecs.UpdateContainerInstancesStateResponse
                {
                    ContainerInstances = new List<Ecs.ContainerInstance> { new Ecs.ContainerInstance { ContainerInstanceArn = Arn(1), Status = "DRAINING" } },
                })
                .Handle(Ecs.EcsApi.DescribeContainerInstances, _ => new Ecs.DescribeContainerInstancesResponse
                {
                    ContainerInstances = new List<Ecs.ContainerInstance> { new Ecs.ContainerInstance { ContainerInstanceArn = Arn(1), Status = "DRAINING", RunningTasksCount = 1 } },
                });
            var clock = new FakeClock();
            var sink = new CollectingSink();
            await new ContainerInstanceOperations(api.Factory) { Delay = clock.Delay, Clock = clock.Now }.SetStateAsync(Session, new SetContainerInstanceStateOptions
            {
                Cluster = "prod", ContainerInstances = new[] { Arn(1) }, Status = "DRAINING",
                Wait = new WaitSettings { Timeout = TimeSpan.FromSeconds(60), PollInterval = TimeSpan.FromSeconds(5), MaxPollInterval = TimeSpan.FromSeconds(15) },
            }, sink.Context());
            Assert.Equal(TimeSpan.FromSeconds(60), clock.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b));
            var warning = (string)Assert.Single(sink.Messages, m => m.Kind == OperationMessageKind.Warning).Payload;
            Assert.Contains("1 task(s)", warning);
            Assert.Equal(1, Assert.Single(sink.Outputs<EcsContainerInstance>()).RunningTasksCount);
        }

        [Fact]
        public async Task Draining_stops_at_once_when_cancelled()
        {
            var api = new FakeAwsApi()
                .Handle(Ecs.EcsApi.UpdateContainerInstancesState, r => new Ecs.UpdateContainerInstancesStateResponse
                {
                    ContainerInstances = new List<Ecs.ContainerInstance> { new Ecs.ContainerInstance { ContainerInstanceArn = Arn(1), Status = "DRAINING" } },
                })
                .Handle(Ecs.EcsApi.DescribeContainerInstances, _ => new Ecs.DescribeContainerInstancesResponse
                {
                    ContainerInstances = new List<Ecs.ContainerInstance> { new Ecs.ContainerInstance { ContainerInstanceArn = Arn(1), Status = "DRAINING", RunningTasksCount = 1 } },
                });
            using var cts = new CancellationTokenSource();
            var sink = new CollectingSink();
            var ops = new ContainerInstanceOperations(api.Factory) { Delay = (t, ct) => { cts.Cancel(); return Task.Delay(t, ct); } };
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ops.SetStateAsync(Session, new SetContainerInstanceStateOptions
            {
                Cluster = "prod", ContainerInstances = new[] { Arn(1) }, Status = "DRAINING", Wait = new WaitSettings { Timeout = TimeSpan.FromHours(1) },
            }, sink.Context(cts.Token)));
            Assert.Equal(1, api.Count("DescribeContainerInstances"));
            Assert.True(sink.Progress.Last().Completed);
        }

        [Fact]
        public async Task State_changes_go_10_instances_a_call_and_failures_are_reported_per_instance()
        {
            var api = new FakeAwsApi().Handle(Ecs.EcsApi.UpdateContainerInstancesState, r => new Ecs.UpdateContainerInstancesStateResponse
            {
                ContainerInstances = r.ContainerInstances.Where(a => a != Arn(7)).Select(a => new Ecs.ContainerInstance { ContainerInstanceArn = a, Status = r.Status }).ToList(),
                Failures = r.ContainerInstances.Contains(Arn(7)) ? new List<Ecs.Failure> { new Ecs.Failure { Arn = Arn(7), Reason = "MISSING" } } : null,
            });
            var sink = new CollectingSink();
            await new ContainerInstanceOperations(api.Factory).SetStateAsync(Session, new SetContainerInstanceStateOptions
            {
                Cluster = "prod", ContainerInstances = Enumerable.Range(1, 25).Select(Arn).ToArray(), Status = "ACTIVE",
            }, sink.Context());
            Assert.Equal(3, api.Count("UpdateContainerInstancesState"));
            Assert.Equal(24, sink.Outputs<EcsContainerInstance>().Count());
            var error = Assert.Single(sink.Errors);
            Assert.Equal("ContainerInstanceNotFound", error.ErrorId);
            Assert.Equal(Arn(7), error.Target);
        }

        [Fact]
        public async Task Listing_describes_100_instances_a_call_across_pages()
        {
            var pages = new Queue<Ecs.ListContainerInstancesResponse>(new[]
            {
                new Ecs.ListContainerInstancesResponse { ContainerInstanceArns = Enumerable.Range(1, 100).Select(Arn).ToList(), NextToken = "t2" },
                new Ecs.ListContainerInstancesResponse { ContainerInstanceArns = Enumerable.Range(101, 150).Select(Arn).ToList() },
            });
            var api = new FakeAwsApi()
                .Handle(Ecs.EcsApi.ListContainerInstances, _ => pages.Dequeue())
                .Handle(Ecs.EcsApi.DescribeContainerInstances, r => new Ecs.DescribeContainerInstancesResponse
                {
                    ContainerInstances = r.ContainerInstances.Select(a => new Ecs.ContainerInstance { ContainerInstanceArn = a, Status = "ACTIVE" }).ToList(),
                });
            var sink = new CollectingSink();
            await new ContainerInstanceOperations(api.Factory).GetAsync(Session, new GetContainerInstanceOptions { Cluster = "prod" }, sink.Context());
            Assert.Equal(250, sink.Outputs<EcsContainerInstance>().Count());
            Assert.Equal(3, api.Count("DescribeContainerInstances"));
            Assert.All(api.Calls.Where(c => c.Operation == "DescribeContainerInstances"), c => Assert.True(((Ecs.DescribeContainerInstancesRequest)c.Input).ContainerInstances.Count <= 100));
            Assert.Equal("t2", ((Ecs.ListContainerInstancesRequest)api.Calls.Where(c => c.Operation == "ListContainerInstances").Last().Input).NextToken);
        }

        [Fact]
        public async Task An_ec2_or_anywhere_host_id_is_found_through_the_cluster_query_language()
        {
            var api = new FakeAwsApi()
                .Handle(Ecs.EcsApi.ListContainerInstances, r => new Ecs.ListContainerInstancesResponse { ContainerInstanceArns = r.Filter!.EndsWith("mi-0123456789abcdef0") ? new List<string> { Arn(5) } : new List<string>() })
                .Handle(Ecs.EcsApi.DescribeContainerInstances, r => new Ecs.DescribeContainerInstancesResponse
                {
                    ContainerInstances = r.ContainerInstances.Select(a => new Ecs.ContainerInstance { ContainerInstanceArn = a, Ec2InstanceId = "mi-0123456789abcdef0", Status = "ACTIVE" }).ToList(),
                });
            var sink = new CollectingSink();
            await new ContainerInstanceOperations(api.Factory).GetAsync(Session, new GetContainerInstanceOptions { Cluster = "prod", ContainerInstances = new[] { "mi-0123456789abcdef0", "i-0aaaaaaaaaaaaaaaa" } }, sink.Context());
            var found = Assert.Single(sink.Outputs<EcsContainerInstance>());
            Assert.True(found.IsExternal);
            Assert.Equal(new[] { "ec2InstanceId == mi-0123456789abcdef0", "ec2InstanceId == i-0aaaaaaaaaaaaaaaa" },
                api.Calls.Where(c => c.Operation == "ListContainerInstances").Select(c => ((Ecs.ListContainerInstancesRequest)c.Input).Filter));
            Assert.Equal("i-0aaaaaaaaaaaaaaaa", Assert.Single(sink.Errors).Target);
        }

        [Fact]
        public async Task An_instance_with_tasks_is_not_deregistered_without_force()
        {
            var api = new FakeAwsApi().Handle(Ecs.EcsApi.DescribeContainerInstances, _ => new Ecs.DescribeContainerInstancesResponse
            {
                ContainerInstances = new List<Ecs.ContainerInstance> { new Ecs.ContainerInstance { ContainerInstanceArn = Arn(1), Status = "ACTIVE", RunningTasksCount = 1, PendingTasksCount = 1 } },
            });
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new ContainerInstanceOperations(api.Factory).RemoveAsync(Session, "prod", Arn(1), false, new CollectingSink().Context()));
            Assert.Equal("ContainerInstanceHasTasks", ex.ErrorId);
            Assert.Contains("2 task(s)", ex.Message);
            Assert.Equal(0, api.Count("DeregisterContainerInstance"));
        }

        [Fact]
        public async Task Attributes_are_sent_10_a_call_with_short_instance_ids()
        {
            var api = new FakeAwsApi().Handle(Ecs.EcsApi.PutAttributes, r => new Ecs.PutAttributesResponse { Attributes = r.Attributes });
            var sink = new CollectingSink();
            var attrs = Enumerable.Range(1, 4).ToDictionary(i => "a" + i, i => (string?)("v" + i));
            await new ContainerInstanceOperations(api.Factory).PutAttributesAsync(Session, new AttributeOptions
            {
                Cluster = "prod", ContainerInstances = Enumerable.Range(1, 3).Select(Arn).ToArray(), Attributes = attrs,
            }, sink.Context());
            Assert.Equal(2, api.Count("PutAttributes"));
            var sent = api.Calls.SelectMany(c => ((Ecs.PutAttributesRequest)c.Input).Attributes).ToList();
            Assert.Equal(12, sent.Count);
            Assert.All(sent, a => Assert.DoesNotContain("/", a.TargetId));
            Assert.Equal(12, sink.Outputs<EcsAttribute>().Count());
        }

        [Fact]
        public async Task The_activation_code_is_a_secret_kept_out_of_every_text_and_only_in_the_commands()
        {
            const string code = "Abcdefghij0123456789";
            var api = new FakeAwsApi()
                .Handle(Ecs.EcsApi.DescribeClusters, _ => new Ecs.DescribeClustersResponse { Clusters = new List<Ecs.Cluster> { new Ecs.Cluster { ClusterName = "edge", Status = "ACTIVE" } } })
                .Handle(Ssm.SsmApi.CreateActivation, _ => new Ssm.CreateActivationResult { ActivationId = "act-1", ActivationCode = code });
            var sink = new CollectingSink();
            var ctx = sink.Context();
            await new ContainerInstanceOperations(api.Factory).CreateActivationAsync(Session, new AnywhereActivationOptions { Cluster = "edge", IamRole = "ecsAnywhereRole" }, ctx);
            var a = Assert.Single(sink.Outputs<EcsAnywhereActivation>());
            Assert.Equal("****", ctx.Scrub(code));
            Assert.Equal(code.Length, a.ActivationCode!.Length);
            Assert.DoesNotContain(code, a.ToString());
            Assert.EndsWith("--activation-code \"" + code + "\"", a.GetLinuxCommand());
            Assert.Contains("--cluster \"edge\" --activation-id \"act-1\"", a.GetLinuxCommand());
            Assert.EndsWith("-ActivationCode \"" + code + "\"", a.GetWindowsCommand());
            Assert.InRange(a.ExpirationDate!.Value, DateTime.UtcNow.AddHours(23), DateTime.UtcNow.AddHours(25));
            Assert.Null(((Ssm.CreateActivationRequest)api.Calls.Last().Input).ExpirationDate);
        }

        [Fact]
        public async Task A_failed_Cloud_Map_operation_is_an_error_with_its_message()
        {
            var api = new FakeAwsApi()
                .Handle(Sd.ServiceDiscoveryApi.CreateHttpNamespace, _ => new Sd.CreateHttpNamespaceResponse { OperationId = "op-1" })
                .Handle(Sd.ServiceDiscoveryApi.GetOperation, _ => new Sd.GetOperationResponse { Operation = new Sd.Operation { Id = "op-1", Status = "FAIL", ErrorCode = "CANNOT_CREATE_HOSTED_ZONE", ErrorMessage = "name in use" } });
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new NamespaceOperations(api.Factory).CreateAsync(Session,
                new NewNamespaceOptions { Name = "internal", Type = "HTTP", Wait = new WaitSettings() }, new CollectingSink().Context()));
            Assert.Equal("NamespaceOperationFailed", ex.ErrorId);
            Assert.Contains("name in use", ex.Message);
            Assert.Contains("CANNOT_CREATE_HOSTED_ZONE", ex.Message);
        }

        [Fact]
        public async Task A_namespace_create_sent_again_carries_the_same_creator_request_id()
        {
            var api = new FakeAwsApi()
                .Handle(Sd.ServiceDiscoveryApi.CreateHttpNamespace, _ => new Sd.CreateHttpNamespaceResponse { OperationId = "op-1" })
                .Handle(Sd.ServiceDiscoveryApi.GetOperation, _ => new Sd.GetOperationResponse { Operation = new Sd.Operation { Id = "op-1", Status = "SUCCESS", Targets = new Dictionary<string, string> { ["NAMESPACE"] = "ns-1" } } })
                .Handle(Sd.ServiceDiscoveryApi.GetNamespace, _ => new Sd.GetNamespaceResponse { Namespace = new Sd.Namespace { Id = "ns-1", Name = "internal", Type = "HTTP" } });
            var options = new NewNamespaceOptions { Name = "internal", Type = "HTTP", Wait = new WaitSettings() };
            var ops = new NamespaceOperations(api.Factory);
            await ops.CreateAsync(Session, options, new CollectingSink().Context());
            await ops.CreateAsync(Session, options, new CollectingSink().Context());
            var ids = api.Calls.Where(c => c.Operation == "CreateHttpNamespace").Select(c => ((Sd.CreateHttpNamespaceRequest)c.Input).CreatorRequestId).ToList();
            Assert.Equal(2, ids.Count);
            Assert.False(string.IsNullOrEmpty(ids[0]));
            Assert.Equal(ids[0], ids[1]);
        }

        [Fact]
        public async Task Removing_a_namespace_by_a_shared_name_is_refused()
        {
            var api = new FakeAwsApi().Handle(Sd.ServiceDiscoveryApi.ListNamespaces, _ => new Sd.ListNamespacesResponse
            {
                Namespaces = new List<Sd.NamespaceSummary> { new Sd.NamespaceSummary { Id = "ns-1", Name = "corp", Type = "HTTP" }, new Sd.NamespaceSummary { Id = "ns-2", Name = "corp", Type = "DNS_PRIVATE" } },
            });
            var ex = await Assert.ThrowsAsync<EcsAdminException>(() => new NamespaceOperations(api.Factory).RemoveAsync(Session, "corp", null, new CollectingSink().Context()));
            Assert.Equal("AmbiguousNamespaceName", ex.ErrorId);
            Assert.Equal(0, api.Count("DeleteNamespace"));
        }
    }

    /// <summary>The local checks: the setting names match the model, and each rule has its ErrorId.</summary>
    public sealed class FleetChecksTests
    {
        [Fact]
        public void Account_setting_names_are_exactly_the_models()
        {
            Assert.Equal(Ecs.SettingNameValues.All.OrderBy(n => n, StringComparer.Ordinal), FleetChecks.AccountSettingNames.OrderBy(n => n, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData("containerinsights", "ENHANCED", "containerInsights", "enhanced")]
        [InlineData("fargateTaskRetirementWaitPeriod", "7", "fargateTaskRetirementWaitPeriod", "7")]
        [InlineData("TagResourceAuthorization", "On", "tagResourceAuthorization", "on")]
        public void Account_settings_are_normalised_to_the_model_spelling(string name, string value, string expectedName, string expectedValue)
        {
            var (n, v) = FleetChecks.AccountSetting(name, value);
            Assert.Equal(expectedName, n);
            Assert.Equal(expectedValue, v);
        }

        [Theory]
        [InlineData("containerInsights", "on", "InvalidAccountSettingValue")]
        [InlineData("fargateTaskRetirementWaitPeriod", "30", "InvalidAccountSettingValue")]
        [InlineData("guardDutyActivate", "on", "AccountSettingReadOnly")]
        [InlineData("dualStack", "enabled", "UnknownAccountSetting")]
        public void Bad_account_settings_are_refused(string name, string value, string errorId)
        {
            var ex = Assert.Throws<EcsAdminException>(() => FleetChecks.AccountSetting(name, value));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.False(string.IsNullOrEmpty(ex.RecommendedAction));
        }

        private const string Asg = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0:autoScalingGroupName/web";

        public static IEnumerable<object[]> BadProviders()
        {
            CapacityProviderOptions Asg0() => new CapacityProviderOptions { Name = "asg-web", AutoScalingGroupArn = Asg };
            CapacityProviderOptions Mi() => new CapacityProviderOptions
            {
                Name = "mi", ManagedInstances = true, Cluster = "prod", InfrastructureRoleArn = "arn:aws:iam::123456789012:role/infra",
                InstanceProfileArn = "arn:aws:iam::123456789012:instance-profile/p", Subnets = new[] { "subnet-0a1b2c3d" },
            };
            yield return new object[] { "FargateX", Fn(o => o.Name = "FargateX", Asg0), "InvalidCapacityProviderName" };
            yield return new object[] { "target 0", Fn(o => o.TargetCapacity = 0, Asg0), "InvalidTargetCapacity" };
            yield return new object[] { "warm-up over 10000", Fn(o => o.InstanceWarmupPeriod = 10001, Asg0), "InvalidInstanceWarmupSec" };
            yield return new object[] { "no group", Fn(o => o.AutoScalingGroupArn = null, Asg0), "AutoScalingGroupRequired" };
            yield return new object[] { "subnets on a group provider", Fn(o => o.Subnets = new[] { "subnet-1" }, Asg0), "MixedCapacityProviderKinds" };
            yield return new object[] { "scaling on Managed Instances", Fn(o => o.TargetCapacity = 50, Mi), "MixedCapacityProviderKinds" };
            yield return new object[] { "Managed Instances without cluster", Fn(o => o.Cluster = null, Mi), "ClusterRequired" };
            yield return new object[] { "role that is no role ARN", Fn(o => o.InfrastructureRoleArn = "arn:aws:iam::123456789012:user/u", Mi), "InvalidInfrastructureRoleArn" };
            yield return new object[] { "no subnets", Fn(o => o.Subnets = null, Mi), "SubnetRequired" };
            yield return new object[] { "reserved capacity", Fn(o => o.CapacityOptionType = "RESERVED", Mi), "InvalidCapacityOptionType" };
            yield return new object[] { "max vCPU below min", Fn(o => o.InstanceRequirements = new EcsInstanceRequirements { MinVCpu = 4, MaxVCpu = 2, MinMemoryMiB = 1024 }, Mi), "InvalidInstanceRequirements" };
            yield return new object[] { "allowed and excluded types", Fn(o => o.InstanceRequirements = new EcsInstanceRequirements { MinVCpu = 1, MinMemoryMiB = 1024, AllowedInstanceTypes = new[] { "m5.*" }, ExcludedInstanceTypes = new[] { "t3.*" } }, Mi), "InvalidInstanceRequirements" };
        }

        private static Func<CapacityProviderOptions> Fn(Action<CapacityProviderOptions> change, Func<CapacityProviderOptions> make)
            => () => { var o = make(); change(o); return o; };

        [Theory]
        [MemberData(nameof(BadProviders))]
        public void Bad_capacity_providers_are_refused(string rule, object make, string errorId)
        {
            // The options type is internal, so the theory takes the factory as object.
            var ex = Assert.Throws<EcsAdminException>(() => FleetChecks.CapacityProvider(((Func<CapacityProviderOptions>)make)(), isNew: true));
            Assert.True(errorId == ex.ErrorId, rule + ": " + ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidArgument, ex.Kind);
        }

        [Fact]
        public void The_capacity_option_cannot_change_on_update()
        {
            var ex = Assert.Throws<EcsAdminException>(() => FleetChecks.CapacityProvider(new CapacityProviderOptions { Name = "mi", ManagedInstances = true, Cluster = "prod", CapacityOptionType = "SPOT" }, isNew: false));
            Assert.Equal("CapacityOptionTypeImmutable", ex.ErrorId);
        }
    }
}
