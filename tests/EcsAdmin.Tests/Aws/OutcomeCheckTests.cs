using System.Text.Json;
using EcsAdmin.Engine.Aws;
using Xunit;

namespace EcsAdmin.Tests.Aws
{
    /// <summary>"The latest revision holds what was sent": what AWS adds or expands is not a difference; a changed value is.</summary>
    public sealed class OutcomeCheckTests
    {
        private static string? Diff(string sent, string found)
            => OutcomeChecks.FirstDifference(JsonDocument.Parse(sent).RootElement, JsonDocument.Parse(found).RootElement, "", skip: "tags");

        [Theory]
        [InlineData("{\"family\":\"web\",\"cpu\":\"256\"}", "{\"family\":\"web\",\"cpu\":\"256\",\"revision\":3,\"status\":\"ACTIVE\"}", null)]
        [InlineData("{\"containerDefinitions\":[{\"name\":\"a\",\"portMappings\":[{\"containerPort\":80}]}]}",
            "{\"containerDefinitions\":[{\"name\":\"a\",\"portMappings\":[{\"containerPort\":80,\"hostPort\":80,\"protocol\":\"tcp\"}],\"environment\":[]}]}", null)]
        [InlineData("{\"taskRoleArn\":\"appRole\"}", "{\"taskRoleArn\":\"arn:aws:iam::123456789012:role/appRole\"}", null)]
        [InlineData("{\"cpu\":\"256\"}", "{\"cpu\":256}", null)]
        [InlineData("{\"volumes\":[]}", "{}", null)]
        [InlineData("{\"family\":\"web\",\"tags\":[{\"key\":\"a\",\"value\":\"b\"}]}", "{\"family\":\"web\"}", null)]
        [InlineData("{\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"img:2\"}]}", "{\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"img:1\"}]}", "containerDefinitions[0].image")]
        [InlineData("{\"containerDefinitions\":[{\"name\":\"a\"},{\"name\":\"b\"}]}", "{\"containerDefinitions\":[{\"name\":\"a\"}]}", "containerDefinitions")]
        [InlineData("{\"memory\":\"512\"}", "{}", "memory")]
        [InlineData("{\"taskRoleArn\":\"appRole\"}", "{\"taskRoleArn\":\"arn:aws:iam::123456789012:role/otherRole\"}", "taskRoleArn")]
        public void Sent_members_must_hold_their_values(string sent, string found, string? difference)
            => Assert.Equal(difference, Diff(sent, found));
    }
}
