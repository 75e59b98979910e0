using System.Text;
using System.Xml.Linq;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Aws.Generated.Elbv2;
using EcsAdmin.Engine.Aws.Wire;
using Xunit;

namespace EcsAdmin.Tests.Observability
{
    /// <summary>The query-protocol pieces of ELBv2 DescribeTargetHealth: reply parsing and XML error codes.</summary>
    public sealed class Elbv2QueryTests
    {
        private const string Reply = @"<DescribeTargetHealthResponse xmlns=""http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"">
  <DescribeTargetHealthResult>
    <TargetHealthDescriptions>
      <member>
        <HealthCheckPort>80</HealthCheckPort>
        <TargetHealth><State>healthy</State></TargetHealth>
        <Target><Port>80</Port><Id>i-0f76fade</Id></Target>
      </member>
      <member>
        <HealthCheckPort>80</HealthCheckPort>
        <TargetHealth><Description>Health checks failed</Description><State>unhealthy</State><Reason>Target.FailedHealthChecks</Reason></TargetHealth>
        <Target><Port>8080</Port><Id>10.0.1.7</Id></Target>
      </member>
    </TargetHealthDescriptions>
  </DescribeTargetHealthResult>
  <ResponseMetadata><RequestId>c534f810-f389-11e5-9192-3fff33344cfa</RequestId></ResponseMetadata>
</DescribeTargetHealthResponse>";

        [Fact]
        public void Reads_every_member_of_the_reply()
        {
            var result = XDocument.Parse(Reply).Root!.Element(XName.Get("DescribeTargetHealthResult", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"))!;
            var output = QueryReplyReader.Read<DescribeTargetHealthOutput>(result);
            Assert.Equal(2, output.TargetHealthDescriptions.Count);
            Assert.Equal("i-0f76fade", output.TargetHealthDescriptions[0].Target.Id);
            Assert.Equal("healthy", output.TargetHealthDescriptions[0].TargetHealth.State);
            Assert.Equal("80", output.TargetHealthDescriptions[0].HealthCheckPort);
            Assert.Equal(8080, output.TargetHealthDescriptions[1].Target.Port);
            Assert.Equal("unhealthy", output.TargetHealthDescriptions[1].TargetHealth.State);
            Assert.Equal("Target.FailedHealthChecks", output.TargetHealthDescriptions[1].TargetHealth.Reason);
            Assert.Equal("Health checks failed", output.TargetHealthDescriptions[1].TargetHealth.Description);
        }

        [Fact]
        public void Writes_the_target_group_as_a_form_field()
        {
            var form = new System.Collections.Generic.Dictionary<string, string>();
            QuerySerializer.Write(new DescribeTargetHealthInput { TargetGroupArn = "arn:tg" }, WireProtocol.Query, form);
            Assert.Equal(new System.Collections.Generic.KeyValuePair<string, string>("TargetGroupArn", "arn:tg"), Assert.Single(form));
        }

        [Fact]
        public void Query_protocol_errors_yield_their_code_and_message()
        {
            var body = Encoding.UTF8.GetBytes("<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type><Code>TargetGroupNotFound</Code><Message>One or more target groups not found</Message></Error><RequestId>x</RequestId></ErrorResponse>");
            var (code, message) = WireErrorParser.Parse(body, null);
            Assert.Equal("TargetGroupNotFound", code);
            Assert.Equal("One or more target groups not found", message);
        }
    }
}
