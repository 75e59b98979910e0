using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Generated.Ecs;
using EcsAdmin.Models;
using EcsAdmin.Tests.Aws;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Session
{
    /// <summary>
    /// The wire as the engine uses it (SessionAwsApi on a resolved session): lost creates checked instead of
    /// replayed, the session's request timeout, and secrets from refreshing credential sources kept out of messages.
    /// </summary>
    [Collection(SessionCollection.Name)]
    public sealed class WireSessionTests
    {
        public WireSessionTests(MotoServer moto)
        {
            _ = moto;
            // Back-off waits are not what these tests are about.
            EcsAdmin.Engine.Aws.Client.AttemptPolicy.BackoffBase = TimeSpan.FromMilliseconds(20);
        }

        private static AwsSandbox Sandbox()
        {
            var sandbox = new AwsSandbox();
            sandbox.Set("AWS_ACCESS_KEY_ID", "AKIAWIRESESSION00001");
            sandbox.Set("AWS_SECRET_ACCESS_KEY", "wire-session-secret-key");
            return sandbox;
        }

        private static RegisterTaskDefinitionRequest Register(string family) => new RegisterTaskDefinitionRequest
        {
            Family = family,
            RequiresCompatibilities = new() { "FARGATE" },
            NetworkMode = "awsvpc",
            Cpu = "256",
            Memory = "512",
            ContainerDefinitions = new() { new ContainerDefinition { Name = "app", Image = "nginx:1.27", Essential = true, PortMappings = new() { new PortMapping { ContainerPort = 80 } } } },
        };

        /// <summary>What AWS would answer for a registered revision: what was sent plus the defaults AWS adds.</summary>
        private static string Described(string sentBody, int revision)
        {
            var td = JsonNode.Parse(sentBody)!.AsObject();
            td.Remove("tags");
            td["revision"] = revision;
            td["status"] = "ACTIVE";
            td["taskDefinitionArn"] = "arn:aws:ecs:us-east-1:123456789012:task-definition/" + td["family"] + ":" + revision;
            td["registeredAt"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            foreach (var c in td["containerDefinitions"]!.AsArray())
            {
                c!["environment"] = new JsonArray();
                c["mountPoints"] = new JsonArray();
                foreach (var p in c["portMappings"]!.AsArray()) p!["protocol"] = "tcp";
            }
            return new JsonObject { ["taskDefinition"] = td }.ToJsonString();
        }

        [Fact]
        public async System.Threading.Tasks.Task A_register_whose_reply_is_lost_is_checked_and_not_sent_again_when_it_was_made()
        {
            using var sandbox = Sandbox();
            string? applied = null;
            using var endpoint = new ScriptedEndpoint((r, n) => r.Operation switch
            {
                "RegisterTaskDefinition" => Apply(ref applied, r.Body),
                "DescribeTaskDefinition" => applied is null ? ScriptedReply.Json(400, "{\"__type\":\"ClientException\",\"message\":\"Unable to describe task definition.\"}")
                    : ScriptedReply.Ok(Described(applied, 7)),
                _ => ScriptedReply.Json(400, "{\"__type\":\"InvalidAction\"}"),
            });
            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = endpoint.Url, MaxAttempts = 3 });
            var sink = new CollectingSink();
            var reply = await new SessionAwsApi(session, sink.Context()).CallAsync(EcsApi.RegisterTaskDefinition, Register("lost-web"), CancellationToken.None);

            Assert.Equal(7, reply.TaskDefinition.Revision);
            Assert.Equal("lost-web", reply.TaskDefinition.Family);
            Assert.Equal(1, endpoint.Count("RegisterTaskDefinition"));
            Assert.Equal(1, endpoint.Count("DescribeTaskDefinition"));
            Assert.Contains(sink.Verbose, v => v.Contains("the change was made"));

            static ScriptedReply Apply(ref string? applied, string body)
            {
                applied = body;
                return ScriptedReply.ResetConnection; // made, but the reply never arrives
            }
        }

        [Fact]
        public async System.Threading.Tasks.Task A_register_whose_reply_is_lost_before_it_was_made_is_sent_once_more()
        {
            using var sandbox = Sandbox();
            using var endpoint = new ScriptedEndpoint((r, n) => r.Operation switch
            {
                "RegisterTaskDefinition" when n == 0 => ScriptedReply.ResetConnection,
                "RegisterTaskDefinition" => ScriptedReply.Ok(Described(r.Body, 1)),
                "DescribeTaskDefinition" => ScriptedReply.Json(400, "{\"__type\":\"ClientException\",\"message\":\"Unable to describe task definition.\"}"),
                _ => ScriptedReply.Json(400, "{\"__type\":\"InvalidAction\"}"),
            });
            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = endpoint.Url, MaxAttempts = 3 });
            var reply = await new SessionAwsApi(session, new CollectingSink().Context()).CallAsync(EcsApi.RegisterTaskDefinition, Register("retry-web"), CancellationToken.None);
            Assert.Equal(1, reply.TaskDefinition.Revision);
            Assert.Equal(2, endpoint.Count("RegisterTaskDefinition"));
        }

        [Fact]
        public void With_no_attempt_left_a_lost_register_is_an_unknown_outcome_error_saying_how_to_check()
        {
            using var sandbox = Sandbox();
            using var endpoint = new ScriptedEndpoint((r, n) => r.Operation == "RegisterTaskDefinition" ? ScriptedReply.ResetConnection
                : ScriptedReply.Json(400, "{\"__type\":\"ClientException\",\"message\":\"Unable to describe task definition.\"}"));
            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = endpoint.Url, MaxAttempts = 1 });
            var ex = Assert.Throws<EcsAdminException>(() => new SessionAwsApi(session, new CollectingSink().Context())
                .CallAsync(EcsApi.RegisterTaskDefinition, Register("unknown-web"), CancellationToken.None).GetAwaiter().GetResult());
            Assert.Equal("Aws.OutcomeUnknown", ex.ErrorId);
            Assert.Equal("unknown-web", ex.Target);
            Assert.Contains("reply was lost", ex.Message);
            Assert.Contains("Get-EcsTaskDefinition unknown-web", ex.RecommendedAction);
            Assert.Equal(1, endpoint.Count("RegisterTaskDefinition"));
        }

        [Fact]
        public void The_session_request_timeout_bounds_each_attempt_and_ends_in_a_Timeout_error()
        {
            using var sandbox = Sandbox();
            using var endpoint = ScriptedEndpoint.Sequence(new ScriptedReply { Delay = TimeSpan.FromSeconds(30), Body = "{}" });
            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = endpoint.Url, MaxAttempts = 2, RequestTimeoutSec = 1 });
            Assert.Equal(1, session.RequestTimeoutSec);
            var ex = Assert.Throws<EcsAdminException>(() => Engine.ListClusters(session));
            Assert.Equal("Aws.Timeout", ex.ErrorId);
            Assert.Equal(EcsErrorKind.OperationTimeout, ex.Kind);
            Assert.Contains("1 s per attempt (2 attempts)", ex.Message);
            Assert.Contains("RequestTimeoutSec", ex.RecommendedAction);
            Assert.Equal(2, endpoint.Requests.Count);

            // The session keeps it for later calls.
            var later = Engine.Resolve(new SessionRequest { BaseSession = session, BaseSessionIsDefault = true });
            Assert.Equal(1, later.RequestTimeoutSec);
        }

        [Fact]
        public void A_call_on_a_stopped_pipeline_sends_nothing()
        {
            using var sandbox = Sandbox();
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.Ok("{\"clusterArns\":[]}"));
            var session = Engine.Resolve(new SessionRequest { Region = "us-east-1", EndpointUrl = endpoint.Url });
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => new SessionAwsApi(session, new CollectingSink().Context(cts.Token))
                .CallAsync(EcsApi.ListClusters, new ListClustersRequest(), cts.Token).GetAwaiter().GetResult());
            Assert.Empty(endpoint.Requests);
        }

        [Fact]
        public void A_failing_credential_process_does_not_have_its_output_copied_into_the_message()
        {
            using var sandbox = new AwsSandbox();
            var script = sandbox.WriteFile("leaky.sh", "#!/bin/sh\n"
                + "echo 'login failed for AKIALEAKEDKEY0000001 with secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYLEAKEDKEY' >&2\n"
                + "echo 'debug: token=IQoJb3JpZ2luX2VjLEAKEDsessionTOKEN0123456789' >&2\nexit 2\n");
            MakeExecutable(script);
            sandbox.Config("[profile leaky]\ncredential_process = " + script + "\nregion = us-east-1\n");
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.Ok("{\"clusterArns\":[]}"));
            var ex = Assert.Throws<EcsAdminException>(() => Engine.ListClusters(Engine.Resolve(new SessionRequest { ProfileName = "leaky", EndpointUrl = endpoint.Url })));
            Assert.Equal("UnusableCredential", ex.ErrorId);
            var shown = ex.Message + " " + ex.RecommendedAction;
            Assert.DoesNotContain("wJalrXUtnFEMI", shown);
            Assert.DoesNotContain("AKIALEAKEDKEY0000001", shown);
            Assert.DoesNotContain("LEAKEDsessionTOKEN", shown);
            Assert.Contains("leaky", shown);
            Assert.Contains("login failed for **** with secret ****", shown); // the first line, keys masked
            Assert.Empty(endpoint.Requests);
        }

        [Fact]
        public void Keys_from_a_credential_process_are_scrubbed_when_an_AWS_error_echoes_them()
        {
            using var sandbox = new AwsSandbox();
            const string secret = "procSECRETkeyABCDEFGHIJ0123456789abcdefgh";
            const string token = "procSESSIONtokenXYZ0123456789abcdefghijklmnop";
            var script = sandbox.WriteFile("creds.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIAPROCESSKEY000001\", \"SecretAccessKey\": \""
                + secret + "\", \"SessionToken\": \"" + token + "\", \"Expiration\": \"2099-01-01T00:00:00Z\"}'\n");
            MakeExecutable(script);
            sandbox.Config("[profile proc]\ncredential_process = " + script + "\nregion = us-east-1\n");
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.Json(400,
                "{\"__type\":\"UnrecognizedClientException\",\"message\":\"The security token " + token + " (secret " + secret + ") is invalid.\"}"));
            var session = Engine.Resolve(new SessionRequest { ProfileName = "proc", EndpointUrl = endpoint.Url });
            var sink = new CollectingSink();
            var context = sink.Context();
            var ex = Assert.Throws<EcsAdminException>(() => new SessionAwsApi(session, context)
                .CallAsync(EcsApi.ListClusters, new ListClustersRequest(), CancellationToken.None).GetAwaiter().GetResult());
            Assert.Contains(token, ex.Message); // the raw exception holds it; what leaves the context must not
            context.Error(ex);
            var posted = Assert.Single(sink.Errors);
            Assert.DoesNotContain(token, posted.Message);
            Assert.DoesNotContain(secret, posted.Message);
            Assert.Contains("is invalid", posted.Message);
            Assert.DoesNotContain(secret, context.Scrub(ex.Message));
        }

        private static void MakeExecutable(string path)
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
