using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Generated.Ecs;
using EcsAdmin.Validation;
using Xunit;

namespace EcsAdmin.Tests.Aws
{
    /// <summary>The rules applied before sending, from AWS's documented limits; each refusal is typed.</summary>
    public sealed class InputRuleTests
    {
        [Theory]
        [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/prod", "cluster", "us-east-1", null)]
        [InlineData("arn:aws:ecs:eu-west-1:123456789012:cluster/prod", "cluster", "us-east-1", "ArnRegionMismatch")]
        [InlineData("arn:aws:ecs:us-east-1:123456789012:service/prod/web", "cluster", "us-east-1", "ArnResourceTypeMismatch")]
        [InlineData("arn:aws:ecs:us-east-1:123456789012:service/prod/web", "service", "us-east-1", null)]
        [InlineData("arn:aws:ecs:us-east-1:123456789012:task/prod/0123456789abcdef0123456789abcdef", "task", "us-east-1", null)]
        [InlineData("arn:aws:ecs:us-east-1:123456789012:task-definition/web:3", "task-definition", "us-east-1", null)]
        [InlineData("arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web", "cluster", "us-east-1", "ArnServiceMismatch")]
        [InlineData("arn:aws:ecs:us-east-1:12345:cluster/prod", "cluster", "us-east-1", "InvalidArn")]
        [InlineData("arn:aws:ecs:cn-north-1:123456789012:cluster/prod", "cluster", "us-east-1", "ArnRegionMismatch")]
        [InlineData("arn:aws:ecs:cn-north-1:123456789012:cluster/prod", "cluster", "cn-north-1", "ArnPartitionMismatch")]
        [InlineData("arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod", "cluster", "cn-north-1", null)]
        public void Arns_are_what_they_say(string arn, string type, string region, string? errorId)
        {
            var error = ArnRules.Check(arn, "ecs", type, region);
            Assert.Equal(errorId, error?.ErrorId);
            if (error != null)
            {
                Assert.Equal(EcsErrorKind.InvalidArgument, error.Kind);
                Assert.Equal(arn, error.Target);
                Assert.False(string.IsNullOrEmpty(error.RecommendedAction));
            }
        }

        [Theory]
        [InlineData("prod", "cluster", null)]
        [InlineData("b*", "cluster", "WildcardNotAllowed")]
        [InlineData("web?", "service", "WildcardNotAllowed")]
        [InlineData("[ab]c", "cluster", "WildcardNotAllowed")]
        [InlineData("bad name", "cluster", "InvalidClusterName")]
        [InlineData("System.Collections.Hashtable", "cluster", "ObjectGivenForName")]
        [InlineData("@{Name=prod}", "service", "ObjectGivenForName")]
        [InlineData("0123456789abcdef0123456789abcdef", "task", null)]
        [InlineData("a/b", "task", "InvalidClusterName")]
        [InlineData("web:3", "task definition", null)]
        [InlineData("web", "task definition", "InvalidClusterName")]
        [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/prod", "service", "ArnResourceTypeMismatch")]
        [InlineData("ecsadmin-prod-web-cpu", "alarm", null)]
        public void Destructive_targets_are_exact_names(string value, string kind, string? errorId)
            => Assert.Equal(errorId, InputRules.TargetName(value, kind, "InvalidClusterName")?.ErrorId);

        [Theory]
        [InlineData("nginx", true)]
        [InlineData("nginx:1.27", true)]
        [InlineData("public.ecr.aws/nginx/nginx:latest", true)]
        [InlineData("123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
        [InlineData("localhost:5000/team/app:v1", true)]
        [InlineData("nginx latest", false)]
        [InlineData("", false)]
        [InlineData("nginx:", false)]
        [InlineData("/nginx", false)]
        [InlineData("nginx@sha256:xyz", false)]
        [InlineData("repo//app", false)]
        public void Image_references(string image, bool ok) => Assert.Equal(ok, InputRules.Image(image) is null);

        [Theory]
        [InlineData("arn:aws:iam::123456789012:role/ecsTaskExecutionRole", true)]
        [InlineData("arn:aws:iam::123456789012:role/service-role/app", true)]
        [InlineData("ecsTaskRole", true)]
        [InlineData("arn:aws:iam::123456789012:user/bob", false)]
        [InlineData("arn:aws:ecs:us-east-1:123456789012:cluster/x", false)]
        [InlineData("role with spaces", false)]
        public void Role_arns(string role, bool ok) => Assert.Equal(ok, InputRules.Role(role, "task role") is null);

        [Fact]
        public void Tag_rules_are_AWS_limits()
        {
            Assert.Null(InputRules.Tags(new Hashtable { ["team"] = "ops", ["k"] = "" }));
            var fifty = new Hashtable();
            for (int i = 0; i < 50; i++) fifty["k" + i] = "v";
            Assert.Null(InputRules.Tags(fifty));
            fifty["k50"] = "v";
            Assert.Equal("TooManyTags", InputRules.Tags(fifty)?.ErrorId);
            Assert.Equal("InvalidTagKey", InputRules.Tags(new Hashtable { [new string('k', 129)] = "v" })?.ErrorId);
            Assert.Null(InputRules.Tags(new Hashtable { [new string('k', 128)] = new string('v', 256) }));
            Assert.Equal("InvalidTagValue", InputRules.Tags(new Hashtable { ["k"] = new string('v', 257) })?.ErrorId);
            Assert.Equal("ReservedTagPrefix", InputRules.Tags(new Hashtable { ["AWS:owner"] = "me" })?.ErrorId);
        }

        [Fact]
        public void Ports_memory_nulls_and_paths()
        {
            Assert.Null(InputRules.Port(80));
            Assert.Equal("InvalidPort", InputRules.Port(0)?.ErrorId);
            Assert.Null(InputRules.Port(0, "host port", allowZero: true));
            Assert.Equal("InvalidPort", InputRules.Port(65536)?.ErrorId);
            Assert.Null(InputRules.ContainerMemory(6, "c"));
            Assert.Equal("InvalidContainerMemory", InputRules.ContainerMemory(5, "c")?.ErrorId);
            Assert.Equal("NullInList", InputRules.NoNulls(new object?[] { "a", null }, "x")?.ErrorId);
            Assert.Null(InputRules.NoNulls(new[] { "a" }, "x"));
            Assert.Equal("PathIsWildcard", InputRules.FilePath("*.json", "/tmp/*.json")?.ErrorId);
            Assert.Equal("PathIsDirectory", InputRules.FilePath("tmp", System.IO.Path.GetTempPath())?.ErrorId);
        }

        [Fact]
        public void A_task_definition_request_with_a_null_container_is_a_typed_error_not_a_NullReferenceException()
        {
            var request = new RegisterTaskDefinitionRequest { Family = "web", ContainerDefinitions = new List<ContainerDefinition> { null! } };
            var ex = Assert.Throws<EcsAdminException>(() => RequestRules.Check(request));
            Assert.Equal("NullInList", ex.ErrorId);

            var bad = new RegisterTaskDefinitionRequest
            {
                Family = "web",
                ContainerDefinitions = new List<ContainerDefinition> { new ContainerDefinition { Name = "web", Image = "nginx", PortMappings = new List<PortMapping> { new PortMapping { ContainerPort = 70000 } } } },
            };
            Assert.Equal("InvalidPort", Assert.Throws<EcsAdminException>(() => RequestRules.Check(bad)).ErrorId);
        }

        [Fact]
        public void Another_regions_ARN_in_a_request_is_refused_before_anything_is_sent()
        {
            var ex = Assert.Throws<EcsAdminException>(() => ArnGuard.Check(
                new DescribeServicesRequest { Cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod", Services = new List<string> { "web" } }, "us-east-1"));
            Assert.Equal("ArnRegionMismatch", ex.ErrorId);
            Assert.Contains("eu-west-1", ex.RecommendedAction);

            var wrongType = Assert.Throws<EcsAdminException>(() => ArnGuard.Check(
                new DescribeServicesRequest { Cluster = "prod", Services = new List<string> { "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1" } }, "us-east-1"));
            Assert.Equal("ArnResourceTypeMismatch", wrongType.ErrorId);

            ArnGuard.Check(new DescribeServicesRequest { Cluster = "arn:aws:ecs:us-east-1:123456789012:cluster/prod", Services = new List<string> { "web" } }, "us-east-1");
        }
    }
}
