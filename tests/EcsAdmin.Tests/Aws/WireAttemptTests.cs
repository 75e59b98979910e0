using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Task = System.Threading.Tasks.Task;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Aws.Generated.AutoScaling;
using EcsAdmin.Engine.Aws.Generated.CloudWatch;
using EcsAdmin.Engine.Aws.Generated.Ecs;
using Amazon.Runtime;
using Xunit;

namespace EcsAdmin.Tests.Aws
{
    /// <summary>
    /// Attempts as the wire client makes them, counted on a scripted endpoint: what is retried, what is not, and
    /// that -MaxAttempts bounds every request sent (the SDK's own stale-connection and error retries are off).
    /// </summary>
    public sealed class WireAttemptTests
    {
        private static readonly ScriptedReply Listed = ScriptedReply.Ok("{\"clusterArns\":[\"arn:aws:ecs:us-east-1:123456789012:cluster/a\"]}");

        private static ListClustersResponse List(WireClient client, CancellationToken token = default)
            => client.SendAsync(EcsApi.ListClusters, new ListClustersRequest(), null, token).GetAwaiter().GetResult();

        [Fact]
        public void A_throttle_named_only_in_the_body_is_retried()
        {
            var throttle = ScriptedReply.Json(400, "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}");
            using var endpoint = ScriptedEndpoint.Sequence(throttle, throttle, Listed);
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 3);
            var reply = List(client);
            Assert.Single(reply.ClusterArns);
            Assert.Equal(3, endpoint.Count("ListClusters"));
        }

        [Fact]
        public async Task A_query_compatible_throttle_and_a_body_only_5xx_are_retried()
        {
            using var cw = ScriptedEndpoint.Sequence(
                ScriptedReply.Json(400, "{\"__type\":\"ThrottlingException\"}", ("x-amzn-query-error", "Throttling;Sender")),
                ScriptedReply.Ok("{\"MetricAlarms\":[]}"));
            using var cwClient = WireTestClient.For(CloudWatchApi.Service, cw.Url);
            await cwClient.SendAsync(CloudWatchApi.DescribeAlarms, new DescribeAlarmsInput(), null, CancellationToken.None);
            Assert.Equal(2, cw.Requests.Count);

            using var ecs = ScriptedEndpoint.Sequence(ScriptedReply.Json(500, "{\"__type\":\"ServerException\",\"message\":\"internal\"}"), Listed);
            using var ecsClient = WireTestClient.For(EcsApi.Service, ecs.Url);
            List(ecsClient);
            Assert.Equal(2, ecs.Requests.Count);
        }

        [Fact]
        public void A_connection_reset_with_MaxAttempts_1_is_one_request()
        {
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.ResetConnection);
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 1);
            Assert.ThrowsAny<Exception>(() => List(client));
            Thread.Sleep(200);
            Assert.Single(endpoint.Requests);
        }

        [Fact]
        public void Resets_of_a_read_are_retried_up_to_the_attempts_and_no_further()
        {
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.ResetConnection);
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 4);
            Assert.ThrowsAny<Exception>(() => List(client));
            Thread.Sleep(200);
            Assert.Equal(4, endpoint.Requests.Count);
        }

        [Fact]
        public async Task A_create_without_client_token_is_not_sent_again_after_a_lost_reply()
        {
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.ResetConnection);
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 3);
            var request = new RegisterTaskDefinitionRequest { Family = "web", ContainerDefinitions = new() { new ContainerDefinition { Name = "web", Image = "nginx" } } };
            var ex = Assert.Throws<WireOutcomeUnknownException>(() => client.SendAsync(EcsApi.RegisterTaskDefinition, request, null, CancellationToken.None).GetAwaiter().GetResult());
            Assert.Equal(1, ex.Attempts);
            Thread.Sleep(200);
            Assert.Single(endpoint.Requests);

            // A 500 after sending is a lost reply too; a throttle is not (the service did not act on it).
            using var server = ScriptedEndpoint.Sequence(ScriptedReply.Json(500, "{\"__type\":\"ServerException\",\"message\":\"x\"}"));
            using var serverClient = WireTestClient.For(EcsApi.Service, server.Url, attempts: 3);
            Assert.Throws<WireOutcomeUnknownException>(() => serverClient.SendAsync(EcsApi.RegisterTaskDefinition, request, null, CancellationToken.None).GetAwaiter().GetResult());
            Assert.Single(server.Requests);

            using var throttled = ScriptedEndpoint.Sequence(ScriptedReply.Json(400, "{\"__type\":\"ThrottlingException\"}"),
                ScriptedReply.Ok("{\"taskDefinition\":{\"family\":\"web\",\"revision\":1}}"));
            using var throttledClient = WireTestClient.For(EcsApi.Service, throttled.Url, attempts: 3);
            var done = await throttledClient.SendAsync(EcsApi.RegisterTaskDefinition, request, null, CancellationToken.None);
            Assert.Equal(1, done.TaskDefinition.Revision);
            Assert.Equal(2, throttled.Requests.Count);
        }

        [Fact]
        public async Task A_create_with_a_client_token_is_retried_with_the_same_token()
        {
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.ResetConnection,
                ScriptedReply.Ok("{\"service\":{\"serviceName\":\"web\",\"status\":\"ACTIVE\"}}"));
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 3);
            var request = new CreateServiceRequest { Cluster = "c", ServiceName = "web", TaskDefinition = "web:1", ClientToken = "token-123" };
            var reply = await client.SendAsync(EcsApi.CreateService, request, null, CancellationToken.None);
            Assert.Equal("web", reply.Service.ServiceName);
            Assert.Equal(2, endpoint.Requests.Count);
            Assert.All(endpoint.Requests, r => Assert.Equal("token-123", JsonDocument.Parse(r.Body).RootElement.GetProperty("clientToken").GetString()));
        }

        [Theory]
        [InlineData("")]
        [InlineData("   ")]
        [InlineData("null")]
        [InlineData("<html><body>captive portal</body></html>")]
        [InlineData("{\"clusterArns\":[\"arn:aws:ecs:us-east-1:1:cluster/a\"")]
        public void An_empty_or_malformed_2xx_body_is_an_error_retried_like_a_transport_fault(string body)
        {
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.Ok(body));
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 2);
            Assert.Throws<WireBadReplyException>(() => List(client));
            Assert.Equal(2, endpoint.Requests.Count);

            using var recovers = ScriptedEndpoint.Sequence(ScriptedReply.Ok(body), Listed);
            using var recovering = WireTestClient.For(EcsApi.Service, recovers.Url, attempts: 2);
            Assert.Single(List(recovering).ClusterArns);
        }

        [Fact]
        public void A_reply_cut_off_half_way_is_retried_for_a_read()
        {
            var cut = new ScriptedReply { Status = 200, Body = "{\"clusterArns\":[\"arn:aws:ecs:us-east-1:123456789012:cluster/a\"]}", CutAfterBytes = 20 };
            cut.Headers["Content-Type"] = "application/x-amz-json-1.1";
            using var endpoint = ScriptedEndpoint.Sequence(cut, Listed);
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 2);
            Assert.Single(List(client).ClusterArns);
            Assert.Equal(2, endpoint.Requests.Count);
        }

        [Fact]
        public async Task A_reply_without_a_member_the_model_requires_is_an_error_and_an_empty_reply_to_an_output_less_call_is_not()
        {
            using var endpoint = ScriptedEndpoint.Sequence(ScriptedReply.Ok("{\"Alarms\":[]}"));
            using var client = WireTestClient.For(AutoScalingApi.Service, endpoint.Url, attempts: 2);
            var lost = Assert.Throws<WireOutcomeUnknownException>(() => client.SendAsync(AutoScalingApi.PutScalingPolicy,
                new PutScalingPolicyRequest { PolicyName = "p", ServiceNamespace = "ecs", ResourceId = "service/c/s", ScalableDimension = "ecs:service:DesiredCount" },
                null, CancellationToken.None).GetAwaiter().GetResult());
            Assert.Contains("PolicyARN", Assert.IsType<WireBadReplyException>(lost.InnerException).Message);

            using var cw = ScriptedEndpoint.Sequence(ScriptedReply.Ok(""));
            using var cwClient = WireTestClient.For(CloudWatchApi.Service, cw.Url, attempts: 1);
            await cwClient.SendAsync(CloudWatchApi.PutMetricAlarm, new PutMetricAlarmInput { AlarmName = "a" }, null, CancellationToken.None);
            Assert.Single(cw.Requests);
        }

        [Fact]
        public void Each_attempt_is_bounded_by_the_request_timeout_and_the_call_ends_in_a_Timeout_error()
        {
            using var endpoint = ScriptedEndpoint.Sequence(new ScriptedReply { Delay = TimeSpan.FromSeconds(30), Body = "{}" });
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 2, timeout: TimeSpan.FromSeconds(1));
            var ex = Assert.Throws<WireTimeoutException>(() => List(client));
            Assert.Equal(2, ex.Attempts);
            Assert.Equal(2, endpoint.Requests.Count);
            Assert.Contains("1 s per attempt", ex.Message);
        }

        [Fact]
        public void A_cancelled_call_sends_nothing_and_a_cancel_during_a_request_sends_nothing_more()
        {
            using var endpoint = ScriptedEndpoint.Sequence(new ScriptedReply { Delay = TimeSpan.FromSeconds(30), Body = "{}" });
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 5);
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => List(client, cancelled.Token));
            Assert.Empty(endpoint.Requests);

            using var cts = new CancellationTokenSource();
            var call = Task.Run(() => List(client, cts.Token));
            SpinWait.SpinUntil(() => endpoint.Requests.Count == 1, TimeSpan.FromSeconds(20));
            cts.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => call.GetAwaiter().GetResult());
            Thread.Sleep(500);
            Assert.Single(endpoint.Requests);
        }

        [Fact]
        public void Clock_skew_is_corrected_from_the_server_time_and_the_request_is_signed_again()
        {
            var serverNow = DateTime.UtcNow.AddHours(2);
            var skewed = ScriptedReply.Json(400,
                "{\"__type\":\"InvalidSignatureException\",\"message\":\"Signature expired: " + DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
                + " is now earlier than " + serverNow.AddMinutes(-5).ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)
                + " (" + serverNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + " - 5 min.)\"}",
                ("Date", serverNow.ToString("r", CultureInfo.InvariantCulture)));
            using var endpoint = ScriptedEndpoint.Sequence(skewed, Listed);
            using var client = WireTestClient.For(EcsApi.Service, endpoint.Url, attempts: 3);
            List(client);
            Assert.Equal(2, endpoint.Requests.Count);
            DateTime Signed(ScriptedRequest r) => DateTime.ParseExact(r.Header("X-Amz-Date")!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
            Assert.True(Math.Abs((Signed(endpoint.Requests[1]) - serverNow).TotalMinutes) < 10, "the second request is signed with the server's clock");
            Assert.True(Math.Abs((Signed(endpoint.Requests[0]) - DateTime.UtcNow).TotalMinutes) < 10);

            // With one attempt there is no second request, skew or not.
            using var once = ScriptedEndpoint.Sequence(skewed, Listed);
            using var onceClient = WireTestClient.For(EcsApi.Service, once.Url, attempts: 1);
            var ex = Assert.Throws<WireServiceException>(() => List(onceClient));
            Assert.Equal("InvalidSignatureException", ex.ErrorCode);
            Assert.Single(once.Requests);
        }
    }
}
