using System.Collections;
using System.Linq;
using System.Text.Json.Nodes;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using Xunit;

namespace EcsAdmin.Tests.ServiceFiles
{
    public class ServiceFileDocumentsTests
    {
        private static JsonObject Norm(string json) => ServiceFileDocuments.Normalize(JsonNode.Parse(json)!.AsObject(), "");

        [Fact]
        public void Defaults_ECS_fills_in_are_not_differences()
        {
            var live = Norm("{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"nginx:1\",\"cpu\":0,\"essential\":true,\"environment\":[],\"mountPoints\":[],"
                + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":80,\"protocol\":\"tcp\"}]}],\"volumes\":[]}");
            var file = Norm("{\"family\":\"web\",\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"nginx:1\",\"portMappings\":[{\"containerPort\":80}]}]}");
            Assert.Empty(ServiceFileDocuments.Diff(live, file, "TaskDefinition", "web"));
        }

        [Fact]
        public void A_changed_container_property_is_named_by_container()
        {
            var live = Norm("{\"containerDefinitions\":[{\"name\":\"a\",\"image\":\"x:1\"},{\"name\":\"b\",\"image\":\"y:1\",\"memory\":512}]}");
            var file = Norm("{\"containerDefinitions\":[{\"name\":\"b\",\"image\":\"y:1\",\"memory\":1024},{\"name\":\"a\",\"image\":\"x:1\"}]}");
            var d = Assert.Single(ServiceFileDocuments.Diff(live, file, "TaskDefinition", "web"));
            Assert.Equal("containerDefinitions[b].memory", d.PropertyPath);
            Assert.Equal("512", d.Live);
            Assert.Equal("1024", d.File);
            Assert.Equal("Changed", d.Kind);
        }

        [Fact]
        public void Subnet_order_and_service_defaults_do_not_matter_but_an_added_property_does()
        {
            var live = Norm("{\"serviceName\":\"web\",\"taskDefinition\":\"arn:aws:ecs:us-east-1:1:task-definition/web:7\",\"desiredCount\":1,\"schedulingStrategy\":\"REPLICA\","
                + "\"deploymentConfiguration\":{\"maximumPercent\":200,\"minimumHealthyPercent\":100,\"deploymentCircuitBreaker\":{\"enable\":false,\"rollback\":false}},"
                + "\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-b\",\"subnet-a\"],\"assignPublicIp\":\"DISABLED\"}}}");
            var file = Norm("{\"serviceName\":\"web\",\"taskDefinition\":\"web\",\"desiredCount\":1,\"healthCheckGracePeriodSeconds\":30,"
                + "\"networkConfiguration\":{\"awsvpcConfiguration\":{\"subnets\":[\"subnet-a\",\"subnet-b\"]}}}");
            var d = Assert.Single(ServiceFileDocuments.Diff(live, file, "Service", "web"));
            Assert.Equal("healthCheckGracePeriodSeconds", d.PropertyPath);
            Assert.Equal("Added", d.Kind);
            Assert.Null(d.Live);
        }

        [Fact]
        public void An_image_tag_against_a_digest_is_reported_as_such()
        {
            var live = Norm("{\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"r/web@sha256:" + new string('a', 64) + "\"}]}");
            var file = Norm("{\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"r/web:1.2\"}]}");
            var d = Assert.Single(ServiceFileDocuments.Diff(live, file, "TaskDefinition", "web"));
            Assert.Equal("ImageTagVsDigest", d.Kind);
            Assert.NotNull(d.Note);
            var other = Norm("{\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"r/api:1.2\"}]}");
            Assert.Equal("Changed", Assert.Single(ServiceFileDocuments.Diff(live, other, "TaskDefinition", "web")).Kind);
        }

        [Fact]
        public void Placeholders_come_from_parameters_then_the_environment_and_are_JSON_escaped()
        {
            var text = "{\"image\":\"${Repo}:${Tag}\",\"env\":\"${Quote}\"}";
            var filled = ServiceFileInput.Fill(text, "task-definition.json", new Hashtable { ["tag"] = "1.2", ["Quote"] = "a\"b" },
                name => name == "Repo" ? "nginx" : name == "Tag" ? "from-env" : null);
            Assert.Equal("{\"image\":\"nginx:1.2\",\"env\":\"a\\\"b\"}", filled);
            Assert.NotNull(JsonNode.Parse(filled));
        }

        [Fact]
        public void An_unresolved_placeholder_is_an_error_naming_it()
        {
            var ex = Assert.Throws<EcsAdminException>(() => ServiceFileInput.Fill("{\"a\":\"${One}\",\"b\":\"${Two}\"}", "service.json", null, _ => null));
            Assert.Equal("UnresolvedPlaceholder", ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("${One}", ex.Message);
            Assert.Contains("${Two}", ex.Message);
            Assert.Equal("One", ex.Target);
        }

        [Fact]
        public void Tags_are_compared_by_key_and_changed_with_set_and_remove_lists()
        {
            var live = Norm("{\"serviceName\":\"web\",\"tags\":[{\"key\":\"team\",\"value\":\"web\"},{\"key\":\"env\",\"value\":\"prod\"},{\"key\":\"aws:cloudformation:stack-name\",\"value\":\"s\"}]}");
            var file = Norm("{\"serviceName\":\"web\",\"tags\":[{\"key\":\"env\",\"value\":\"staging\"},{\"key\":\"owner\",\"value\":\"ops\"}]}");
            var diff = ServiceFileDocuments.Diff(live, file, "Service", "web");
            Assert.Equal(new[] { "tags[env].value Changed", "tags[owner] Added", "tags[team] Removed" },
                diff.Select(d => d.PropertyPath + " " + d.Kind).OrderBy(x => x, System.StringComparer.Ordinal));
            Assert.All(diff, d => Assert.True(ServiceFileDocuments.IsTagDifference(d)));
            var (set, remove) = ServiceFileDocuments.TagChanges(live, file);
            Assert.Equal(new[] { "env=staging", "owner=ops" }, set.Select(t => t.Key + "=" + t.Value));
            Assert.Equal(new[] { "team" }, remove);
        }
    }
}
