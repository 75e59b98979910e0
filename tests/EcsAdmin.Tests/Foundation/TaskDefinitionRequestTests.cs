using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using Xunit;

namespace EcsAdmin.Tests.Foundation
{
    public sealed class TaskDefinitionRequestTests
    {
        private static RegisterTaskDefinitionOptions Json(string json, string? path = null) => new() { Json = json, SourcePath = path };

        [Fact]
        public void Parameters_make_a_fargate_awsvpc_definition_with_normalised_sizes()
        {
            var r = TaskDefinitionOperations.BuildRequest(new RegisterTaskDefinitionOptions
            {
                Family = "web", Image = "nginx", Cpu = "0.5 vCPU", Memory = "1GB", Port = new[] { 80 }, LogGroup = "/ecs/web",
                Environment = new Dictionary<string, string> { ["A"] = "1" },
            });
            Assert.Equal("awsvpc", r.NetworkMode);
            Assert.Equal(new[] { "FARGATE" }, r.RequiresCompatibilities);
            Assert.Equal("512", r.Cpu);
            Assert.Equal("1024", r.Memory);
            var c = Assert.Single(r.ContainerDefinitions);
            Assert.Equal("web", c.Name);
            Assert.Equal(80, c.PortMappings.Single().ContainerPort);
            Assert.Equal("awslogs", c.LogConfiguration.LogDriver);
            Assert.Equal("/ecs/web", c.LogConfiguration.Options["awslogs-group"]);
            Assert.Equal("1", c.Environment.Single(e => e.Name == "A").Value);
        }

        [Fact]
        public void A_describe_reply_is_unwrapped_and_read_only_fields_dropped()
        {
            var r = TaskDefinitionOperations.BuildRequest(Json(@"{""taskDefinition"":{""taskDefinitionArn"":""arn:aws:ecs:us-east-1:123456789012:task-definition/a:3"",""revision"":3,""status"":""ACTIVE"",
                ""registeredAt"":1700000000,""compatibilities"":[""EC2"",""FARGATE""],""family"":""a"",""networkMode"":""awsvpc"",""requiresCompatibilities"":[""FARGATE""],
                ""cpu"":""256"",""memory"":""512"",""containerDefinitions"":[{""name"":""a"",""image"":""b""}]},""tags"":[{""key"":""k"",""value"":""v""}]}"));
            Assert.Equal("a", r.Family);
            Assert.Equal("k", r.Tags.Single().Key);
        }

        [Fact]
        public void Malformed_json_names_the_file_line_and_position()
        {
            var ex = Assert.Throws<EcsAdminException>(() => TaskDefinitionOperations.BuildRequest(Json("{\n \"family\": \"x\",\n \"cpu\" \"256\"\n}", "/tmp/td.json")));
            Assert.Equal("InvalidTaskDefinitionJson", ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidData, ex.Kind);
            Assert.Contains("/tmp/td.json", ex.Message);
            Assert.Contains("line 3", ex.Message);
        }

        [Fact]
        public void Unknown_members_are_reported_with_their_path()
        {
            var ex = Assert.Throws<EcsAdminException>(() => TaskDefinitionOperations.BuildRequest(Json(
                @"{""family"":""x"",""networkMode"":""awsvpc"",""requiresCompatibilities"":[""FARGATE""],""cpu"":""256"",""memory"":""512"",""containerDefinitions"":[{""name"":""a"",""image"":""b"",""imagee"":""c""}]}")));
            Assert.Equal("InvalidTaskDefinitionJson", ex.ErrorId);
            Assert.Contains("containerDefinitions", ex.Message);
        }

        [Theory]
        [InlineData(@"{""family"":""x"",""networkMode"":""bridge"",""requiresCompatibilities"":[""FARGATE""],""cpu"":""256"",""memory"":""512"",""containerDefinitions"":[{""name"":""a"",""image"":""b""}]}", "FargateRequiresAwsvpc")]
        [InlineData(@"{""family"":""x"",""networkMode"":""awsvpc"",""requiresCompatibilities"":[""FARGATE""],""cpu"":""256"",""memory"":""4096"",""containerDefinitions"":[{""name"":""a"",""image"":""b""}]}", "InvalidFargateSize")]
        [InlineData(@"{""family"":""x"",""networkMode"":""awsvpc"",""requiresCompatibilities"":[""FARGATE""],""containerDefinitions"":[{""name"":""a"",""image"":""b""}]}", "InvalidFargateCpu")]
        [InlineData(@"{""family"":""x"",""containerDefinitions"":[]}", "NoContainerDefinitions")]
        [InlineData(@"{""family"":""bad family"",""containerDefinitions"":[{""name"":""a"",""image"":""b""}]}", "InvalidTaskDefinitionFamily")]
        [InlineData(@"{""family"":""x"",""containerDefinitions"":[{""name"":""a"",""image"":""b""},{""name"":""a"",""image"":""c""}]}", "DuplicateContainerName")]
        [InlineData(@"[1,2]", "InvalidTaskDefinitionJson")]
        public void Each_rule_has_its_error(string json, string errorId)
            => Assert.Equal(errorId, Assert.Throws<EcsAdminException>(() => TaskDefinitionOperations.BuildRequest(Json(json))).ErrorId);

        [Fact]
        public void Ec2_definitions_from_json_are_not_held_to_fargate_rules()
        {
            var r = TaskDefinitionOperations.BuildRequest(Json(@"{""family"":""x"",""networkMode"":""bridge"",""containerDefinitions"":[{""name"":""a"",""image"":""b"",""memory"":128}]}"));
            Assert.Equal("bridge", r.NetworkMode);
        }
    }
}
