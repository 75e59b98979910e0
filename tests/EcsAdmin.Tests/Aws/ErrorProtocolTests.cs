using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using Amazon.Runtime;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Aws.Generated.AutoScaling;
using EcsAdmin.Engine.Aws.Generated.CloudWatch;
using EcsAdmin.Engine.Aws.Generated.Ecs;
using EcsAdmin.Engine.Aws.Generated.Logs;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Engine.Aws.Generated.Elbv2;
using Xunit;

namespace EcsAdmin.Tests.Aws
{
    /// <summary>
    /// Error replies per protocol, written from the protocol rules (not from our parser): for each service we call,
    /// 4xx and 5xx, code in a header only, in the body only, in both, namespaced, with URI suffixes, nested, and
    /// replies that are not AWS's at all.
    /// </summary>
    public sealed class ErrorProtocolTests
    {
        /// <summary>One row: headers as "Name: value|Name: value", the body, and what must be read from them.</summary>
        public sealed record Row(string Service, int Status, string Headers, string Body, string? Code, string? Message, bool FromAws = true)
        {
            public override string ToString() => Service + " " + Status + " " + (Code ?? "(none)") + " [" + Headers + "] " + (Body.Length > 40 ? Body.Substring(0, 40) : Body);
        }

        private static ServiceDescriptor Descriptor(string service) => service switch
        {
            "ECS" => EcsApi.Service,
            "AutoScaling" => AutoScalingApi.Service,
            "Logs" => LogsApi.Service,
            "CloudWatch" => CloudWatchApi.Service,
            "ELBv2" => Elbv2Api.Service,
            "IAM" => EcsAdmin.Engine.Aws.Generated.Iam.IamApi.Service,
            "EC2" => EcsAdmin.Engine.Aws.Generated.Ec2.Ec2Api.Service,
            _ => throw new ArgumentException(service),
        };

        public static IEnumerable<object[]> Rows() => new[]
        {
            // ECS, awsJson 1.1
            new Row("ECS", 400, "x-amzn-ErrorType: ClusterNotFoundException:http://internal.amazon.com/coral/com.amazonaws.ecs/",
                "{\"__type\":\"com.amazonaws.ecs#ClusterNotFoundException\",\"message\":\"Cluster not found.\"}", "ClusterNotFoundException", "Cluster not found."),
            new Row("ECS", 400, "", "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", "ThrottlingException", "Rate exceeded"),
            new Row("ECS", 400, "", "{\"__type\":\"com.amazonaws.ecs#InvalidParameterException\",\"Message\":\"Container.image should not be null or empty.\"}",
                "InvalidParameterException", "Container.image should not be null or empty."),
            new Row("ECS", 400, "x-amzn-ErrorType: ServiceNotFoundException", "", "ServiceNotFoundException", null),
            new Row("ECS", 400, "x-amzn-ErrorType: AccessDeniedException", "{\"__type\":\"ClientException\",\"message\":\"User is not authorized\"}",
                "AccessDeniedException", "User is not authorized"),
            new Row("ECS", 400, "", "{\"code\":\"ValidationException\",\"__type\":\"aws.ecs#SomethingElse\",\"message\":\"bad\"}", "ValidationException", "bad"),
            new Row("ECS", 400, "", "{\"__type\":\"ExpiredTokenException\",\"message\":\"The security token included in the request is expired\"}",
                "ExpiredTokenException", "The security token included in the request is expired"),
            new Row("ECS", 500, "", "{\"__type\":\"ServerException\",\"message\":\"Service encountered an internal error\"}", "ServerException", "Service encountered an internal error"),
            new Row("ECS", 503, "x-amzn-ErrorType: ServiceUnavailableException:http://internal", "{}", "ServiceUnavailableException", null),
            new Row("ECS", 400, "", "{\"Error\":{\"Code\":\"InvalidParameterException\",\"Message\":\"nested\"}}", "InvalidParameterException", "nested"),
            new Row("ECS", 403, "Content-Type: text/html",
                "<!DOCTYPE html><html><head><title>Access denied by corporate proxy</title></head><body><h1>Blocked</h1></body></html>", null, null, false),
            new Row("ECS", 502, "Content-Type: text/plain", "Bad Gateway\nupstream connect error", null, null, false),
            // Application Auto Scaling, awsJson 1.1 (PascalCase Message)
            new Row("AutoScaling", 400, "", "{\"__type\":\"ObjectNotFoundException\",\"Message\":\"No scalable target registered for service namespace: ecs\"}",
                "ObjectNotFoundException", "No scalable target registered for service namespace: ecs"),
            new Row("AutoScaling", 400, "x-amzn-ErrorType: ConcurrentUpdateException", "", "ConcurrentUpdateException", null),
            new Row("AutoScaling", 500, "x-amzn-ErrorType: InternalServiceException:http://internal", "{\"Message\":\"Internal error\"}", "InternalServiceException", "Internal error"),
            // CloudWatch Logs, awsJson 1.1
            new Row("Logs", 400, "", "{\"__type\":\"ResourceNotFoundException\",\"message\":\"The specified log group does not exist.\"}",
                "ResourceNotFoundException", "The specified log group does not exist."),
            new Row("Logs", 400, "x-amzn-ErrorType: ThrottlingException", "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}", "ThrottlingException", "Rate exceeded"),
            // CloudWatch, awsJson 1.0, query-compatible: x-amzn-query-error gives the code users know.
            new Row("CloudWatch", 400, "x-amzn-query-error: InvalidParameterValue;Sender",
                "{\"__type\":\"com.amazonaws.cloudwatch#InvalidParameterValueException\",\"message\":\"The value 0 for parameter Period is not a multiple of 60.\"}",
                "InvalidParameterValue", "The value 0 for parameter Period is not a multiple of 60."),
            new Row("CloudWatch", 400, "x-amzn-query-error: Throttling;Sender|x-amzn-ErrorType: ThrottlingException", "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}",
                "Throttling", "Rate exceeded"),
            new Row("CloudWatch", 400, "", "{\"__type\":\"com.amazonaws.cloudwatch#ResourceNotFound\",\"message\":\"no alarm\"}", "ResourceNotFound", "no alarm"),
            new Row("CloudWatch", 500, "x-amzn-query-error: InternalServiceError;Receiver", "{\"__type\":\"InternalServiceFault\"}", "InternalServiceError", null),
            // Elastic Load Balancing v2, query protocol (XML), with and without a namespace.
            new Row("ELBv2", 400, "Content-Type: text/xml",
                "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type><Code>TargetGroupNotFound</Code>"
                + "<Message>Target groups 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1' not found</Message></Error><RequestId>r-1</RequestId></ErrorResponse>",
                "TargetGroupNotFound", "Target groups 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/1' not found"),
            new Row("ELBv2", 400, "", "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error></ErrorResponse>", "Throttling", "Rate exceeded"),
            new Row("ELBv2", 403, "", "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code></Error></ErrorResponse>", "AccessDenied", null),
            new Row("ELBv2", 503, "", "<ErrorResponse xmlns=\"x\"><Error><Code>ServiceUnavailable</Code><Message>Service is unavailable</Message></Error></ErrorResponse>",
                "ServiceUnavailable", "Service is unavailable"),
            new Row("ELBv2", 400, "", "<Response><Errors><Error><Code>InvalidTarget</Code><Message>bad target</Message></Error></Errors><RequestID>r</RequestID></Response>",
                "InvalidTarget", "bad target"),
            new Row("ELBv2", 403, "Content-Type: text/html", "<html><head><title>Forbidden</title></head><body>nope</body></html>", null, null, false),
            // IAM, query protocol: <ErrorResponse><Error><Code>, 404 for a missing entity.
            new Row("IAM", 404, "Content-Type: text/xml",
                "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>"
                + "<Message>The role with name exec cannot be found.</Message></Error><RequestId>r-2</RequestId></ErrorResponse>",
                "NoSuchEntity", "The role with name exec cannot be found."),
            new Row("IAM", 403, "", "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: iam:GetRole</Message></Error></ErrorResponse>",
                "AccessDenied", "User is not authorized to perform: iam:GetRole"),
            // EC2: <Response><Errors><Error><Code>, RequestID spelled in capitals.
            new Row("EC2", 400, "Content-Type: text/xml;charset=UTF-8",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>InvalidSubnetID.NotFound</Code>"
                + "<Message>The subnet ID 'subnet-1' does not exist</Message></Error></Errors><RequestID>r-3</RequestID></Response>",
                "InvalidSubnetID.NotFound", "The subnet ID 'subnet-1' does not exist"),
            new Row("EC2", 503, "", "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>",
                "RequestLimitExceeded", "Request limit exceeded."),
        }.Select(r => new object[] { r });

        private static Func<string, string?> Headers(string spec)
        {
            var d = spec.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split(':', 2))
                .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            return name => d.TryGetValue(name, out var v) ? v : null;
        }

        [Theory]
        [MemberData(nameof(Rows))]
        public void Code_and_message_are_read_as_the_protocol_defines_them(Row row)
        {
            var reply = WireErrorParser.Parse(Descriptor(row.Service).Protocol, row.Status, Headers(row.Headers), Encoding.UTF8.GetBytes(row.Body));
            Assert.Equal(row.Code, reply.Code);
            Assert.Equal(row.Message, reply.Message);
            Assert.Equal(row.FromAws, reply.FromAws);
            if (!row.FromAws) Assert.False(string.IsNullOrEmpty(reply.Foreign));
        }

        /// <summary>The same rows end to end: the SDK pipeline hands our unmarshaller the headers and body of each reply.</summary>
        [Theory]
        [MemberData(nameof(Rows))]
        public void The_pipeline_surfaces_the_same_code_and_message(Row row)
        {
            var replyHeaders = row.Headers.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(h => h.Split(':', 2)).Select(p => (p[0].Trim(), p[1].Trim())).ToArray();
            using var endpoint = new ScriptedEndpoint((_, _) => ScriptedReply.Text(row.Status,
                replyHeaders.Any(h => h.Item1.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) ? replyHeaders.First(h => h.Item1.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Item2
                    : Descriptor(row.Service).IsXml ? "text/xml" : "application/x-amz-json-1.1",
                row.Body, replyHeaders.Where(h => !h.Item1.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).ToArray()));
            using var client = WireTestClient.For(Descriptor(row.Service), endpoint.Url, attempts: 1);
            var ex = Assert.ThrowsAny<Exception>(() => WireTestClient.Probe(client, Descriptor(row.Service)));
            var ase = Assert.IsType<WireServiceException>(ex is WireOutcomeUnknownException lost ? lost.InnerException : ex);
            Assert.Equal(row.Code, ase.ErrorCode);
            Assert.Equal(row.Message, ase.Reply.Message);
            Assert.Equal(row.Status, (int)ase.StatusCode);
        }

        [Fact]
        public void The_error_shows_our_context_then_AWS_message_and_names_the_resource_as_target()
        {
            var reply = new WireErrorReply { Code = "ClusterNotFoundException", Message = "Cluster not found.", RequestId = "r-1", FromAws = true };
            var ase = new WireServiceException(reply, HttpStatusCode.BadRequest, null);
            var input = new CreateServiceRequest { Cluster = "prod", ServiceName = "web" };
            var ex = AwsErrorMap.ToEcsAdminException(ase, "ECS", "CreateService", "us-east-1", input);
            Assert.Equal("Aws.ClusterNotFoundException", ex.ErrorId);
            Assert.Equal(EcsErrorKind.ObjectNotFound, ex.Kind);
            Assert.Equal("prod", ex.Target);
            Assert.StartsWith("ECS CreateService for cluster 'prod' failed: Cluster not found.", ex.Message);
            Assert.Contains("r-1", ex.Message);
            Assert.Contains("Get-EcsCluster", ex.RecommendedAction);

            var invalid = AwsErrorMap.ToEcsAdminException(new WireServiceException(
                new WireErrorReply { Code = "InvalidParameterException", Message = "Task definition does not support launch_type FARGATE.", FromAws = true }, HttpStatusCode.BadRequest, null),
                "ECS", "CreateService", "us-east-1", input);
            Assert.Equal("web", invalid.Target);
            Assert.Contains("for service 'web' failed: Task definition does not support launch_type FARGATE.", invalid.Message);
            Assert.Equal(EcsErrorKind.InvalidArgument, invalid.Kind);

            var listed = AwsErrorMap.ToEcsAdminException(new WireServiceException(
                new WireErrorReply { Code = "AccessDeniedException", Message = "User: arn:aws:iam::1:user/x is not authorized to perform: ecs:ListServices", FromAws = true }, HttpStatusCode.BadRequest, null),
                "ECS", "ListServices", "us-east-1", new ListServicesRequest { Cluster = "prod" });
            Assert.Equal("prod", listed.Target);
            Assert.Equal(EcsErrorKind.PermissionDenied, listed.Kind);
            Assert.Contains("not authorized to perform: ecs:ListServices", listed.Message);
        }

        [Fact]
        public void A_403_page_from_a_proxy_is_not_an_IAM_problem()
        {
            var reply = WireErrorParser.Parse(WireProtocol.AwsJson11, 403, n => n == "Content-Type" ? "text/html" : null,
                Encoding.UTF8.GetBytes("<html><head><title>Access denied by corporate proxy</title></head><body>...</body></html>"));
            var ex = AwsErrorMap.ToEcsAdminException(new WireServiceException(reply, HttpStatusCode.Forbidden, null), "ECS", "ListClusters", "us-east-1", new ListClustersRequest());
            Assert.Equal("Aws.UnexpectedReply", ex.ErrorId);
            Assert.Equal(EcsErrorKind.ConnectionError, ex.Kind);
            Assert.Contains("Access denied by corporate proxy", ex.Message);
            Assert.DoesNotContain("<html>", ex.Message);
            Assert.DoesNotContain("IAM", ex.RecommendedAction);
            Assert.Contains("proxy", ex.RecommendedAction);
        }

        [Fact]
        public void An_XML_error_without_a_message_shows_the_code_never_the_raw_XML()
        {
            var reply = WireErrorParser.Parse(WireProtocol.Query, 400, _ => null,
                Encoding.UTF8.GetBytes("<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>"));
            var ex = AwsErrorMap.ToEcsAdminException(new WireServiceException(reply, HttpStatusCode.Forbidden, null), "Elastic Load Balancing v2", "DescribeTargetHealth", "us-east-1",
                new DescribeTargetHealthInput { TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/1" });
            Assert.Contains("failed: AccessDenied (AccessDenied, HTTP 403", ex.Message);
            Assert.DoesNotContain("<", ex.Message);
            Assert.Equal("arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/1", ex.Target);
            Assert.Equal(EcsErrorKind.PermissionDenied, ex.Kind);
        }
    }

    /// <summary>A wire client on a scripted endpoint, and one harmless read per service to provoke a reply.</summary>
    internal static class WireTestClient
    {
        // Back-off waits are not what these tests are about.
        static WireTestClient() => AttemptPolicy.BackoffBase = TimeSpan.FromMilliseconds(20);

        public static WireClient For(ServiceDescriptor service, string url, int attempts = 3, TimeSpan? timeout = null)
            => new WireClient(new BasicAWSCredentials("AKIDWIRETEST", "wire-test-secret"),
                new WireClientConfig(service, new WireEndpoint("us-east-1", url), new WireRetrySettings(RequestRetryMode.Standard, attempts), timeout));

        public static object Probe(WireClient client, ServiceDescriptor service)
        {
            object Run<TIn, TOut>(WireOperation<TIn, TOut> op, TIn input) where TIn : class, new() where TOut : class, new()
                => client.SendAsync(op, input, null, CancellationToken.None).GetAwaiter().GetResult();
            return service.ServiceId switch
            {
                "ECS" => Run(EcsApi.ListClusters, new ListClustersRequest()),
                "Application Auto Scaling" => Run(AutoScalingApi.DescribeScalableTargets, new DescribeScalableTargetsRequest { ServiceNamespace = "ecs" }),
                "CloudWatch Logs" => Run(LogsApi.DescribeLogGroups, new DescribeLogGroupsRequest()),
                "CloudWatch" => Run(CloudWatchApi.DescribeAlarms, new DescribeAlarmsInput()),
                "IAM" => Run(EcsAdmin.Engine.Aws.Generated.Iam.IamApi.GetRole, new EcsAdmin.Engine.Aws.Generated.Iam.GetRoleRequest { RoleName = "exec" }),
                "EC2" => Run(EcsAdmin.Engine.Aws.Generated.Ec2.Ec2Api.DescribeSubnets, new EcsAdmin.Engine.Aws.Generated.Ec2.DescribeSubnetsRequest { SubnetIds = new List<string> { "subnet-1" } }),
                _ => Run(Elbv2Api.DescribeTargetHealth, new DescribeTargetHealthInput { TargetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/tg/1" }),
            };
        }
    }
}
