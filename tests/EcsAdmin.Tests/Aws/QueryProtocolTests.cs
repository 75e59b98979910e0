using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using EcsAdmin.Engine.Aws.Client;
using EcsAdmin.Engine.Aws.Wire;
using EcsAdmin.Generator;
using Xunit;
using Ec2 = EcsAdmin.Engine.Aws.Generated.Ec2;
using Elb = EcsAdmin.Engine.Aws.Generated.Elbv2;
using Iam = EcsAdmin.Engine.Aws.Generated.Iam;

namespace EcsAdmin.Tests.Aws
{
    /// <summary>
    /// The query and EC2 protocols, table by table. The expected strings are written from the protocols' rules
    /// (query: Name.member.N lists, Name.entry.N.key maps, flattened shapes without the wrapper, locationName as
    /// the key; EC2: Name.N lists, queryName or the capitalised locationName as the key, empty lists omitted),
    /// not read back from our serializer.
    /// </summary>
    public sealed class QueryProtocolTests
    {
        private static SortedDictionary<string, string> Form(object input, WireProtocol protocol)
        {
            var form = new SortedDictionary<string, string>(StringComparer.Ordinal);
            QuerySerializer.Write(input, protocol, form);
            return form;
        }

        private static string Text(SortedDictionary<string, string> form) => string.Join("&", form.Select(kv => kv.Key + "=" + kv.Value));

        // ------------------------------------------------------------------ requests of the generated services

        [Fact]
        public void Ec2_filters_are_numbered_without_member_and_locationNames_are_capitalised()
        {
            var input = new Ec2.DescribeSubnetsRequest
            {
                Filters = new List<Ec2.Filter>
                {
                    new Ec2.Filter { Name = "vpc-id", Values = new List<string> { "vpc-1", "vpc-2" } },
                    new Ec2.Filter { Name = "state", Values = new List<string> { "available" } },
                },
                SubnetIds = new List<string> { "subnet-1" },
                DryRun = false,
                MaxResults = 5,
            };
            Assert.Equal(
                "DryRun=false&Filter.1.Name=vpc-id&Filter.1.Value.1=vpc-1&Filter.1.Value.2=vpc-2&Filter.2.Name=state&Filter.2.Value.1=available"
                + "&MaxResults=5&SubnetId.1=subnet-1",
                Text(Form(input, WireProtocol.Ec2)));
        }

        [Fact]
        public void Ec2_leaves_out_empty_lists_and_unset_members()
        {
            Assert.Empty(Form(new Ec2.DescribeSubnetsRequest { SubnetIds = new List<string>() }, WireProtocol.Ec2));
        }

        [Fact]
        public void Query_lists_of_structures_are_numbered_under_member()
        {
            var input = new Elb.DescribeTargetHealthInput
            {
                TargetGroupArn = "arn:tg",
                Targets = new List<Elb.TargetDescription>
                {
                    new Elb.TargetDescription { Id = "10.0.0.1", Port = 80 },
                    new Elb.TargetDescription { Id = "i-1", AvailabilityZone = "all" },
                },
            };
            Assert.Equal(
                "TargetGroupArn=arn:tg&Targets.member.1.Id=10.0.0.1&Targets.member.1.Port=80&Targets.member.2.AvailabilityZone=all&Targets.member.2.Id=i-1",
                Text(Form(input, WireProtocol.Query)));
        }

        [Fact]
        public void Query_sends_an_empty_list_as_an_empty_field()
        {
            Assert.Equal("PageSize=10&TargetGroupArns=", Text(Form(new Elb.DescribeTargetGroupsInput { TargetGroupArns = new List<string>(), PageSize = 10 }, WireProtocol.Query)));
        }

        [Fact]
        public async Task The_wire_client_sends_action_version_and_the_fields_form_encoded()
        {
            using var endpoint = new ScriptedEndpoint((_, _) => ScriptedReply.Text(200, "text/xml",
                "<DescribeSubnetsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"><requestId>r</requestId><subnetSet/></DescribeSubnetsResponse>"));
            using var client = WireTestClient.For(Ec2.Ec2Api.Service, endpoint.Url, attempts: 1);
            await client.SendAsync(Ec2.Ec2Api.DescribeSubnets, new Ec2.DescribeSubnetsRequest
            {
                Filters = new List<Ec2.Filter> { new Ec2.Filter { Name = "tag:Name", Values = new List<string> { "a b/c" } } },
            }, null, CancellationToken.None);
            var request = Assert.Single(endpoint.Requests);
            Assert.Equal("Action=DescribeSubnets&Filter.1.Name=tag%3AName&Filter.1.Value.1=a%20b%2Fc&Version=2016-11-15", request.Body);
            Assert.StartsWith("application/x-www-form-urlencoded", request.Header("Content-Type"));
        }

        // ------------------------------------------------------------------ the generator's naming rules

        /// <summary>A model with every shape the rules treat differently: maps (named, flattened), lists (flattened, named members, of structures), scalars.</summary>
        private static LoadedModel Synthetic(string protocol)
        {
            var json = @"{
  ""metadata"": { ""protocol"": """ + protocol + @""", ""apiVersion"": ""2020-01-01"", ""endpointPrefix"": ""x"", ""serviceId"": ""X"" },
  ""operations"": { ""Op"": { ""name"": ""Op"", ""input"": { ""shape"": ""In"" } } },
  ""shapes"": {
    ""In"": { ""type"": ""structure"", ""members"": {
      ""Attributes"": { ""shape"": ""Map"" }, ""Flat"": { ""shape"": ""FlatMap"" }, ""Names"": { ""shape"": ""FlatList"" },
      ""Items"": { ""shape"": ""NamedList"", ""locationName"": ""Item"" }, ""Tags"": { ""shape"": ""Tags"" },
      ""dryRun"": { ""shape"": ""S"", ""locationName"": ""dryRun"" }, ""Zone"": { ""shape"": ""S"", ""locationName"": ""zoneName"", ""queryName"": ""ZoneName"" } } },
    ""Map"": { ""type"": ""map"", ""key"": { ""shape"": ""S"", ""locationName"": ""Name"" }, ""value"": { ""shape"": ""S"", ""locationName"": ""Value"" } },
    ""FlatMap"": { ""type"": ""map"", ""key"": { ""shape"": ""S"" }, ""value"": { ""shape"": ""S"" }, ""flattened"": true },
    ""FlatList"": { ""type"": ""list"", ""member"": { ""shape"": ""S"", ""locationName"": ""Name"" }, ""flattened"": true },
    ""NamedList"": { ""type"": ""list"", ""member"": { ""shape"": ""S"", ""locationName"": ""entry"" } },
    ""Tags"": { ""type"": ""list"", ""member"": { ""shape"": ""Tag"" } },
    ""Tag"": { ""type"": ""structure"", ""members"": { ""Key"": { ""shape"": ""S"" }, ""Value"": { ""shape"": ""S"" } } },
    ""S"": { ""type"": ""string"" }
  }
}";
            var root = JsonDocument.Parse(json).RootElement.Clone();
            return new LoadedModel(new ServiceConfig("x", "X", new[] { "Op" }, null, null), "2020-01-01", "test", root);
        }

        public static IEnumerable<object[]> NamingRows() => new[]
        {
            new object[] { "query", "Attributes", "[QueryMember(\"Attributes\", \"Attributes\", RequestItem = \"entry\", RequestKey = \"Name\", RequestValue = \"Value\", ReplyKey = \"Name\", ReplyValue = \"Value\")]" },
            new object[] { "query", "Flat", "[QueryMember(\"Flat\", \"Flat\", Flattened = true)]" },
            new object[] { "query", "Names", "[QueryMember(\"Name\", \"Name\", Flattened = true)]" },
            new object[] { "query", "Items", "[QueryMember(\"Item\", \"Item\", RequestItem = \"entry\")]" },
            new object[] { "query", "Tags", "[QueryMember(\"Tags\", \"Tags\", RequestItem = \"member\")]" },
            new object[] { "query", "dryRun", "[QueryMember(\"dryRun\", \"dryRun\")]" },
            new object[] { "query", "Zone", "[QueryMember(\"zoneName\", \"zoneName\")]" },
            new object[] { "ec2", "Attributes", "[QueryMember(\"Attributes\", \"Attributes\", RequestItem = \"entry\", RequestKey = \"Name\", RequestValue = \"Value\", ReplyKey = \"Name\", ReplyValue = \"Value\")]" },
            new object[] { "ec2", "Names", "[QueryMember(\"Names\", \"Name\", Flattened = true)]" },
            new object[] { "ec2", "Items", "[QueryMember(\"Item\", \"Item\")]" },
            new object[] { "ec2", "Tags", "[QueryMember(\"Tags\", \"Tags\")]" },
            new object[] { "ec2", "dryRun", "[QueryMember(\"DryRun\", \"dryRun\")]" },
            new object[] { "ec2", "Zone", "[QueryMember(\"ZoneName\", \"zoneName\")]" },
        };

        [Theory]
        [MemberData(nameof(NamingRows))]
        public void The_generator_names_members_by_the_protocol_rules(string protocol, string member, string expected)
        {
            var model = Synthetic(protocol);
            var property = model.Shape("In").GetProperty("members").EnumerateObject().Single(m => m.Name == member);
            Assert.Equal(expected, CSharpEmitter.QueryMember(model, property));
        }

        /// <summary>The synthetic model's input with the attributes the generator emits for the query protocol (checked above).</summary>
        private sealed class QueryIn
        {
            [QueryMember("Attributes", "Attributes", RequestItem = "entry", RequestKey = "Name", RequestValue = "Value", ReplyKey = "Name", ReplyValue = "Value")]
            public Dictionary<string, string>? Attributes { get; set; }

            [QueryMember("Flat", "Flat", Flattened = true)]
            public Dictionary<string, string>? Flat { get; set; }

            [QueryMember("Name", "Name", Flattened = true)]
            public List<string>? Names { get; set; }

            [QueryMember("Item", "Item", RequestItem = "entry")]
            public List<string>? Items { get; set; }

            [QueryMember("Tags", "Tags", RequestItem = "member")]
            public List<QueryTag>? Tags { get; set; }

            [QueryMember("When", "When")]
            public DateTime? When { get; set; }

            [QueryMember("Ratio", "Ratio")]
            public double? Ratio { get; set; }

            [QueryMember("Data", "Data")]
            public byte[]? Data { get; set; }

            [QueryMember("On", "On")]
            public bool? On { get; set; }
        }

        private sealed class QueryTag
        {
            [QueryMember("Key", "Key")]
            public string? Key { get; set; }

            [QueryMember("Value", "Value")]
            public string? Value { get; set; }
        }

        [Fact]
        public void Maps_flattened_shapes_nested_structures_and_scalars_follow_the_query_rules()
        {
            var input = new QueryIn
            {
                Attributes = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
                Flat = new Dictionary<string, string> { ["k"] = "v" },
                Names = new List<string> { "x", "y" },
                Items = new List<string> { "i" },
                Tags = new List<QueryTag> { new QueryTag { Key = "env", Value = "prod" } },
                When = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc),
                Ratio = 0.5,
                Data = new byte[] { (byte)'h', (byte)'i' },
                On = true,
            };
            var expected = new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["Attributes.entry.1.Name"] = "a", ["Attributes.entry.1.Value"] = "1",
                ["Attributes.entry.2.Name"] = "b", ["Attributes.entry.2.Value"] = "2",
                ["Data"] = "aGk=",
                ["Flat.1.key"] = "k", ["Flat.1.value"] = "v",
                ["Item.entry.1"] = "i",
                ["Name.1"] = "x", ["Name.2"] = "y",
                ["On"] = "true",
                ["Ratio"] = "0.5",
                ["Tags.member.1.Key"] = "env", ["Tags.member.1.Value"] = "prod",
                ["When"] = "2024-05-06T07:08:09Z",
            };
            Assert.Equal(expected, Form(input, WireProtocol.Query));
        }

        [Fact]
        public void Timestamps_keep_fractions_of_a_second()
        {
            Assert.Equal("2024-05-06T07:08:09.250000Z", QuerySerializer.Timestamp(new DateTime(2024, 5, 6, 7, 8, 9, 250, DateTimeKind.Utc)));
        }

        // ------------------------------------------------------------------ replies

        private const string Subnets = @"<?xml version=""1.0"" encoding=""UTF-8""?>
<DescribeSubnetsResponse xmlns=""http://ec2.amazonaws.com/doc/2016-11-15/"">
    <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
    <subnetSet>
        <item>
            <subnetId>subnet-9d4a7b6c</subnetId>
            <state>available</state>
            <vpcId>vpc-1a2b3c4d</vpcId>
            <cidrBlock>10.0.1.0/24</cidrBlock>
            <availableIpAddressCount>251</availableIpAddressCount>
            <mapPublicIpOnLaunch>false</mapPublicIpOnLaunch>
            <defaultForAz>true</defaultForAz>
            <tagSet>
                <item><key>Name</key><value>private-a</value></item>
                <item><key>team</key><value>web</value></item>
            </tagSet>
        </item>
        <item>
            <subnetId>subnet-6e7f829e</subnetId>
            <vpcId>vpc-1a2b3c4d</vpcId>
            <mapPublicIpOnLaunch>true</mapPublicIpOnLaunch>
        </item>
    </subnetSet>
</DescribeSubnetsResponse>";

        [Fact]
        public async Task Ec2_replies_are_read_from_item_lists_unwrapped()
        {
            using var endpoint = new ScriptedEndpoint((_, _) => ScriptedReply.Text(200, "text/xml;charset=UTF-8", Subnets));
            using var client = WireTestClient.For(Ec2.Ec2Api.Service, endpoint.Url, attempts: 1);
            var reply = (await client.SendAsync(Ec2.Ec2Api.DescribeSubnets, new Ec2.DescribeSubnetsRequest(), null, CancellationToken.None));
            Assert.Equal(2, reply.Subnets.Count);
            var first = reply.Subnets[0];
            Assert.Equal("subnet-9d4a7b6c", first.SubnetId);
            Assert.Equal("vpc-1a2b3c4d", first.VpcId);
            Assert.Equal(251, first.AvailableIpAddressCount);
            Assert.False(first.MapPublicIpOnLaunch);
            Assert.True(first.DefaultForAz);
            Assert.Equal(new[] { "Name=private-a", "team=web" }, first.Tags.Select(t => t.Key + "=" + t.Value));
            Assert.True(reply.Subnets[1].MapPublicIpOnLaunch);
            Assert.Null(reply.Subnets[1].Tags);
            Assert.Null(reply.NextToken);
        }

        [Fact]
        public void Ec2_route_tables_keep_associations_and_routes()
        {
            const string body = @"<DescribeRouteTablesResponse xmlns=""http://ec2.amazonaws.com/doc/2016-11-15/""><requestId>r</requestId><routeTableSet><item>
<routeTableId>rtb-1</routeTableId><vpcId>vpc-1</vpcId>
<routeSet><item><destinationCidrBlock>10.0.0.0/16</destinationCidrBlock><gatewayId>local</gatewayId><state>active</state></item>
<item><destinationCidrBlock>0.0.0.0/0</destinationCidrBlock><natGatewayId>nat-1</natGatewayId><state>active</state></item></routeSet>
<associationSet><item><routeTableAssociationId>rtbassoc-1</routeTableAssociationId><subnetId>subnet-1</subnetId><main>false</main>
<associationState><state>associated</state></associationState></item></associationSet>
</item></routeTableSet></DescribeRouteTablesResponse>";
            var reply = QueryReplyReader.Read<Ec2.DescribeRouteTablesResult>(XDocument.Parse(body).Root!);
            var table = Assert.Single(reply.RouteTables);
            Assert.Equal(new[] { "local", null }, table.Routes.Select(r => r.GatewayId));
            Assert.Equal("nat-1", table.Routes[1].NatGatewayId);
            Assert.Equal("0.0.0.0/0", table.Routes[1].DestinationCidrBlock);
            var association = Assert.Single(table.Associations);
            Assert.Equal("subnet-1", association.SubnetId);
            Assert.False(association.Main);
            Assert.Equal("associated", association.AssociationState.State);
        }

        private const string GetRole = @"<GetRoleResponse xmlns=""https://iam.amazonaws.com/doc/2010-05-08/"">
  <GetRoleResult>
    <Role>
      <Path>/</Path>
      <AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%7D</AssumeRolePolicyDocument>
      <MaxSessionDuration>3600</MaxSessionDuration>
      <RoleId>AROADBQP57FF2AEXAMPLE</RoleId>
      <RoleName>exec</RoleName>
      <Arn>arn:aws:iam::123456789012:role/exec</Arn>
      <CreateDate>2019-11-13T16:45:56Z</CreateDate>
      <PermissionsBoundary><PermissionsBoundaryType>Policy</PermissionsBoundaryType><PermissionsBoundaryArn>arn:aws:iam::123456789012:policy/b</PermissionsBoundaryArn></PermissionsBoundary>
      <Tags><member><Key>env</Key><Value>prod</Value></member></Tags>
    </Role>
  </GetRoleResult>
  <ResponseMetadata><RequestId>df37e965-9967-11e1-a4c3-270EXAMPLE04</RequestId></ResponseMetadata>
</GetRoleResponse>";

        [Fact]
        public async Task Query_replies_are_read_inside_their_result_wrapper_with_timestamps_and_member_lists()
        {
            using var endpoint = new ScriptedEndpoint((_, _) => ScriptedReply.Text(200, "text/xml", GetRole));
            using var client = WireTestClient.For(Iam.IamApi.Service, endpoint.Url, attempts: 1);
            var role = (await client.SendAsync(Iam.IamApi.GetRole, new Iam.GetRoleRequest { RoleName = "exec" }, null, CancellationToken.None)).Role;
            Assert.Equal("arn:aws:iam::123456789012:role/exec", role.Arn);
            Assert.Equal("%7B%22Version%22%3A%222012-10-17%22%7D", role.AssumeRolePolicyDocument);
            Assert.Equal(3600, role.MaxSessionDuration);
            Assert.Equal(new DateTime(2019, 11, 13, 16, 45, 56, DateTimeKind.Utc), role.CreateDate);
            Assert.Equal(DateTimeKind.Utc, role.CreateDate!.Value.Kind);
            Assert.Equal("arn:aws:iam::123456789012:policy/b", role.PermissionsBoundary.PermissionsBoundaryArn);
            Assert.Equal("env", Assert.Single(role.Tags).Key);
            Assert.Equal("Action=GetRole&RoleName=exec&Version=2010-05-08", Assert.Single(endpoint.Requests).Body);
        }

        [Fact]
        public void Query_lists_of_strings_are_read_from_member_elements()
        {
            const string body = "<ListRolePoliciesResponse><ListRolePoliciesResult><IsTruncated>true</IsTruncated><Marker>m2</Marker>"
                + "<PolicyNames><member>logs</member><member>secrets</member></PolicyNames></ListRolePoliciesResult></ListRolePoliciesResponse>";
            var reply = QueryReplyReader.Read<Iam.ListRolePoliciesResponse>(XDocument.Parse(body).Root!.Elements().Single());
            Assert.Equal(new[] { "logs", "secrets" }, reply.PolicyNames);
            Assert.True(reply.IsTruncated);
            Assert.Equal("m2", reply.Marker);
        }

        [Fact]
        public async Task A_reply_without_its_result_wrapper_or_a_required_member_is_a_bad_reply()
        {
            using var endpoint = ScriptedEndpoint.Sequence(
                ScriptedReply.Text(200, "text/xml", "<GetRoleResponse><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetRoleResponse>"),
                ScriptedReply.Text(200, "text/xml", "<GetRoleResponse><GetRoleResult></GetRoleResult></GetRoleResponse>"));
            using var client = WireTestClient.For(Iam.IamApi.Service, endpoint.Url, attempts: 1);
            var missingWrapper = await Assert.ThrowsAnyAsync<Exception>(() => client.SendAsync(Iam.IamApi.GetRole, new Iam.GetRoleRequest { RoleName = "exec" }, null, CancellationToken.None));
            Assert.Contains("GetRoleResult", missingWrapper.Message);
            var missingRole = await Assert.ThrowsAnyAsync<Exception>(() => client.SendAsync(Iam.IamApi.GetRole, new Iam.GetRoleRequest { RoleName = "exec" }, null, CancellationToken.None));
            Assert.Contains("'Role'", missingRole.Message);
        }

        [Fact]
        public void Flattened_lists_and_maps_and_named_map_entries_are_read_as_the_query_rules_say()
        {
            const string body = @"<Out xmlns=""urn:x"">
  <Attributes><entry><Name>a</Name><Value>1</Value></entry><entry><Name>b</Name><Value>2</Value></entry></Attributes>
  <Flat><key>k1</key><value>v1</value></Flat><Flat><key>k2</key><value>v2</value></Flat>
  <Name>x</Name><Name>y</Name>
  <Tags><member><Key>env</Key><Value>prod</Value></member></Tags>
  <When>2024-05-06T07:08:09.250Z</When><Ratio>0.5</Ratio><Data>aGk=</Data><On>true</On>
  <Unknown>ignored</Unknown>
</Out>";
            var read = QueryReplyReader.Read<QueryIn>(XDocument.Parse(body).Root!);
            Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, read.Attributes);
            Assert.Equal(new Dictionary<string, string> { ["k1"] = "v1", ["k2"] = "v2" }, read.Flat);
            Assert.Equal(new[] { "x", "y" }, read.Names);
            Assert.Equal("prod", Assert.Single(read.Tags!).Value);
            Assert.Equal(new DateTime(2024, 5, 6, 7, 8, 9, 250, DateTimeKind.Utc), read.When);
            Assert.Equal(0.5, read.Ratio);
            Assert.Equal("hi", System.Text.Encoding.ASCII.GetString(read.Data!));
            Assert.True(read.On);
            Assert.Null(read.Items);
        }

        [Fact]
        public async Task A_value_that_does_not_fit_the_model_is_a_bad_reply()
        {
            using var endpoint = new ScriptedEndpoint((_, _) => ScriptedReply.Text(200, "text/xml",
                "<DescribeSubnetsResponse><subnetSet><item><availableIpAddressCount>many</availableIpAddressCount></item></subnetSet></DescribeSubnetsResponse>"));
            using var client = WireTestClient.For(Ec2.Ec2Api.Service, endpoint.Url, attempts: 1);
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => client.SendAsync(Ec2.Ec2Api.DescribeSubnets, new Ec2.DescribeSubnetsRequest(), null, CancellationToken.None));
            Assert.Contains("does not fit the service model", ex.Message);
        }
    }
}
