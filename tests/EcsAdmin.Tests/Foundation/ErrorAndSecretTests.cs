using System.Text;
using Amazon.Runtime;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Tests.Infrastructure;
using Xunit;

namespace EcsAdmin.Tests.Foundation
{
    public sealed class ErrorAndSecretTests
    {
        [Theory]
        [InlineData("{\"__type\":\"com.amazonaws.ecs#ClusterNotFoundException\",\"message\":\"gone\"}", null, "ClusterNotFoundException", "gone")]
        [InlineData("{\"__type\":\"ThrottlingException\",\"Message\":\"slow down\"}", null, "ThrottlingException", "slow down")]
        [InlineData("", "ValidationException:http://internal", "ValidationException", null)]
        public void Json_errors_yield_code_and_message(string body, string? header, string code, string? message)
        {
            var (c, m) = WireErrorParser.Parse(Encoding.UTF8.GetBytes(body), header);
            Assert.Equal(code, c);
            Assert.Equal(message, m);
        }

        [Theory]
        [InlineData("ClusterNotFoundException", 400, EcsErrorKind.ObjectNotFound)]
        [InlineData("AccessDeniedException", 400, EcsErrorKind.PermissionDenied)]
        [InlineData("ThrottlingException", 400, EcsErrorKind.LimitsExceeded)]
        [InlineData("UnrecognizedClientException", 400, EcsErrorKind.AuthenticationError)]
        [InlineData("InvalidParameterException", 400, EcsErrorKind.InvalidArgument)]
        [InlineData(null, 503, EcsErrorKind.ResourceUnavailable)]
        public void Codes_map_to_one_category(string? code, int status, object kind)
            => Assert.Equal((EcsErrorKind)kind, AwsErrorMap.KindOf(code, status));

        [Fact]
        public void An_endpoint_without_the_operation_is_recognised()
        {
            var ase = new AmazonServiceException("The ExecuteCommand action has not been implemented", ErrorType.Sender, "NotImplemented", "r", System.Net.HttpStatusCode.NotImplemented);
            var ex = AwsErrorMap.ToEcsAdminException(ase, "ECS", "ExecuteCommand", "us-east-1");
            Assert.True(AwsErrorMap.IsUnknownOperation(ex));
        }

        [Fact]
        public void Registered_secrets_and_token_shapes_never_leave_a_context()
        {
            var sink = new CollectingSink();
            var ctx = sink.Context();
            ctx.AddSecret("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            ctx.Verbose("secret=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
            ctx.Warning("{\"tokenValue\":\"AAEAAdGhpcyBpcyBhIHRva2Vu\"}");
            ctx.Error(new EcsAdminException("X", EcsErrorKind.NotSpecified, "failed with Signature=0123456789abcdef0123456789abcdef", null));
            foreach (var m in sink.Messages)
            {
                var text = m.Payload is EcsAdminException e ? e.Message : m.Payload.ToString()!;
                Assert.DoesNotContain("wJalrXUtnFEMI", text);
                Assert.DoesNotContain("AAEAAdGhpcyBpcyBhIHRva2Vu", text);
                Assert.DoesNotContain("0123456789abcdef0123", text);
            }
        }
    }
}
