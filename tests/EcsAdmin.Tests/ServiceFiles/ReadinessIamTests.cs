using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Iam = EcsAdmin.Engine.Aws.Generated.Iam;
using Logs = EcsAdmin.Engine.Aws.Generated.Logs;

namespace EcsAdmin.Tests.ServiceFiles
{
    /// <summary>The readiness checks read a role through the generated IAM calls, every page of its policies included.</summary>
    public sealed class ReadinessIamTests
    {
        private const string Role = "arn:aws:iam::123456789012:role/web-exec";

        private static string Encoded(string json) => Uri.EscapeDataString(json);

        private static string Policy(string action) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"*\"}]}";

        private static FakeAwsApi Api(bool secondPages)
        {
            var api = new FakeAwsApi();
            api.Handle(Iam.IamApi.GetRole, r => new Iam.GetRoleResponse
            {
                Role = new Iam.Role
                {
                    RoleName = r.RoleName, Arn = Role,
                    AssumeRolePolicyDocument = Encoded("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"),
                },
            });
            // The first page of each list grants nothing the checks need; the rest is on the second page.
            api.Handle(Iam.IamApi.ListAttachedRolePolicies, r => r.Marker == null
                ? new Iam.ListAttachedRolePoliciesResponse { AttachedPolicies = new List<Iam.AttachedPolicy> { new Iam.AttachedPolicy { PolicyArn = "arn:aws:iam::aws:policy/ReadOnly" } }, IsTruncated = secondPages, Marker = secondPages ? "a1" : null }
                : new Iam.ListAttachedRolePoliciesResponse { AttachedPolicies = new List<Iam.AttachedPolicy> { new Iam.AttachedPolicy { PolicyArn = "arn:aws:iam::123456789012:policy/logs" } }, IsTruncated = false });
            api.Handle(Iam.IamApi.GetPolicy, r => new Iam.GetPolicyResponse { Policy = new Iam.Policy { Arn = r.PolicyArn, DefaultVersionId = "v1" } });
            api.Handle(Iam.IamApi.GetPolicyVersion, r => new Iam.GetPolicyVersionResponse
            {
                PolicyVersion = new Iam.PolicyVersion { VersionId = r.VersionId, Document = Encoded(Policy(r.PolicyArn.EndsWith("/logs") ? "logs:CreateLogStream" : "s3:GetObject")) },
            });
            api.Handle(Iam.IamApi.ListRolePolicies, r => r.Marker == null
                ? new Iam.ListRolePoliciesResponse { PolicyNames = new List<string> { "nothing" }, IsTruncated = secondPages, Marker = secondPages ? "i1" : null }
                : new Iam.ListRolePoliciesResponse { PolicyNames = new List<string> { "put-events" }, IsTruncated = false });
            api.Handle(Iam.IamApi.GetRolePolicy, r => new Iam.GetRolePolicyResponse
            {
                RoleName = r.RoleName, PolicyName = r.PolicyName,
                PolicyDocument = Encoded(Policy(r.PolicyName == "put-events" ? "logs:PutLogEvents" : "sqs:SendMessage")),
            });
            api.Handle(Logs.LogsApi.DescribeLogGroups, r => new Logs.DescribeLogGroupsResponse { LogGroups = new List<Logs.LogGroup> { new Logs.LogGroup { LogGroupName = "/ecs/web" } } });
            return api;
        }

        private static async Task<List<EcsReadinessCheck>> Run(FakeAwsApi api)
        {
            var files = ServiceFileOperations.Load(new ServiceFileOptions
            {
                Cluster = "prod",
                ServiceJson = "{\"serviceName\":\"web\",\"taskDefinition\":\"web\"}",
                TaskDefinitionJson = "{\"family\":\"web\",\"executionRoleArn\":\"" + Role + "\",\"containerDefinitions\":[{\"name\":\"web\",\"image\":\"nginx:1\","
                    + "\"logConfiguration\":{\"logDriver\":\"awslogs\",\"options\":{\"awslogs-group\":\"/ecs/web\",\"awslogs-region\":\"us-east-1\"}}}]}",
            });
            return await ServiceFileOperations.RunReadiness(api, "prod", files, new CollectingSink().Context());
        }

        [Fact]
        public async Task Policies_on_later_pages_count()
        {
            var api = Api(secondPages: true);
            var rows = await Run(api);
            Assert.Equal(EcsReadinessStatus.Pass, rows.Single(r => r.Check == "ExecutionRole").Status);
            var logs = rows.Single(r => r.Check == "ExecutionRole.Logs[web]");
            Assert.Equal(EcsReadinessStatus.Pass, logs.Status);
            Assert.Equal(new string?[] { null, "a1" }, api.Calls.Where(c => c.Operation == "ListAttachedRolePolicies").Select(c => ((Iam.ListAttachedRolePoliciesRequest)c.Input).Marker));
            Assert.Equal(new string?[] { null, "i1" }, api.Calls.Where(c => c.Operation == "ListRolePolicies").Select(c => ((Iam.ListRolePoliciesRequest)c.Input).Marker));
        }

        [Fact]
        public async Task Without_the_later_pages_the_same_role_cannot_write_logs()
        {
            var rows = await Run(Api(secondPages: false));
            Assert.Equal(EcsReadinessStatus.Fail, rows.Single(r => r.Check == "ExecutionRole.Logs[web]").Status);
        }
    }
}
