using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Ecr = EcsAdmin.Engine.Aws.Generated.Ecr;
using Logs = EcsAdmin.Engine.Aws.Generated.Logs;
using Sm = EcsAdmin.Engine.Aws.Generated.SecretsManager;
using Ssm = EcsAdmin.Engine.Aws.Generated.Ssm;
using Sd = EcsAdmin.Engine.Aws.Generated.ServiceDiscovery;
using Iam = EcsAdmin.Engine.Aws.Generated.Iam;
using Ec2 = EcsAdmin.Engine.Aws.Generated.Ec2;
using Elb = EcsAdmin.Engine.Aws.Generated.Elbv2;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>Test-EcsServiceReadiness: what would make a deployment of the files fail, checked beforehand.</summary>
    internal sealed partial class ServiceFileOperations
    {
        private static readonly Regex EcrImage = new Regex(@"^(?<account>\d{12})\.dkr\.ecr\.(?<region>[a-z0-9-]+)\.amazonaws\.com(\.cn)?/(?<repo>[^:@]+)(:(?<tag>[^@]+))?(@(?<digest>sha256:[0-9a-f]+))?$", RegexOptions.CultureInvariant);

        public async Task TestReadinessAsync(EcsSession session, ReadinessOptions options, OperationContext context)
        {
            var api = _api(session, context);
            Files files;
            if (options.Files != null) files = Load(options.Files);
            else
            {
                var svc = await ServiceOperations.DescribeOne(api, options.Cluster, options.Service ?? "", context).ConfigureAwait(false);
                var td = await api.CallAsync(Ecs.EcsApi.DescribeTaskDefinition, new Ecs.DescribeTaskDefinitionRequest { TaskDefinition = svc.TaskDefinition }, context.CancellationToken).ConfigureAwait(false);
                files = new Files { Service = ServiceFileDocuments.ServiceFile(svc), TaskDefinition = ServiceFileDocuments.TaskDefinitionFile(td.TaskDefinition, null) };
            }
            foreach (var row in await RunReadiness(api, options.Cluster, files, context).ConfigureAwait(false)) context.Output(row);
        }

        /// <summary>A role's statements (attached managed policies' default versions and inline policies) and its boundary.</summary>
        private sealed class RoleFacts
        {
            public string Name { get; set; } = "";
            public string Arn { get; set; } = "";
            public bool Exists { get; set; }
            public string? Boundary { get; set; }
            public List<PolicyStatement> Trust { get; } = new List<PolicyStatement>();
            public List<PolicyStatement> Statements { get; } = new List<PolicyStatement>();
        }

        private static string RoleName(string arnOrName)
        {
            var slash = arnOrName.LastIndexOf('/');
            return slash >= 0 ? arnOrName.Substring(slash + 1) : arnOrName;
        }

        private static async Task<RoleFacts> ReadRole(IAwsApi api, string arnOrName, OperationContext context)
        {
            var facts = new RoleFacts { Name = RoleName(arnOrName) };
            Iam.Role role;
            try
            {
                role = (await api.CallAsync(Iam.IamApi.GetRole, new Iam.GetRoleRequest { RoleName = facts.Name }, context.CancellationToken).ConfigureAwait(false)).Role;
            }
            catch (EcsAdminException ex) when (IsNoSuchEntity(ex))
            {
                return facts;
            }
            facts.Exists = true;
            facts.Arn = role.Arn;
            facts.Boundary = role.PermissionsBoundary?.PermissionsBoundaryArn;
            facts.Trust.AddRange(PolicyEvaluator.Parse(PolicyText(role.AssumeRolePolicyDocument), "the trust policy"));
            // IAM pages with Marker/IsTruncated (100 items a page by default).
            var attachedArns = new List<string>();
            string? marker = null;
            do
            {
                var page = await api.CallAsync(Iam.IamApi.ListAttachedRolePolicies, new Iam.ListAttachedRolePoliciesRequest { RoleName = facts.Name, Marker = marker }, context.CancellationToken).ConfigureAwait(false);
                attachedArns.AddRange((page.AttachedPolicies ?? new List<Iam.AttachedPolicy>()).Select(p => p.PolicyArn).Where(a => a != null));
                marker = page.IsTruncated == true ? page.Marker : null;
            }
            while (marker != null);
            foreach (var arn in attachedArns)
            {
                var policy = await api.CallAsync(Iam.IamApi.GetPolicy, new Iam.GetPolicyRequest { PolicyArn = arn }, context.CancellationToken).ConfigureAwait(false);
                var version = await api.CallAsync(Iam.IamApi.GetPolicyVersion, new Iam.GetPolicyVersionRequest { PolicyArn = arn, VersionId = policy.Policy?.DefaultVersionId }, context.CancellationToken).ConfigureAwait(false);
                facts.Statements.AddRange(PolicyEvaluator.Parse(PolicyText(version.PolicyVersion?.Document), "policy " + arn));
            }
            var inlineNames = new List<string>();
            do
            {
                var page = await api.CallAsync(Iam.IamApi.ListRolePolicies, new Iam.ListRolePoliciesRequest { RoleName = facts.Name, Marker = marker }, context.CancellationToken).ConfigureAwait(false);
                inlineNames.AddRange(page.PolicyNames ?? new List<string>());
                marker = page.IsTruncated == true ? page.Marker : null;
            }
            while (marker != null);
            foreach (var name in inlineNames)
            {
                var doc = await api.CallAsync(Iam.IamApi.GetRolePolicy, new Iam.GetRolePolicyRequest { RoleName = facts.Name, PolicyName = name }, context.CancellationToken).ConfigureAwait(false);
                facts.Statements.AddRange(PolicyEvaluator.Parse(PolicyText(doc.PolicyDocument), "inline policy " + name));
            }
            return facts;
        }

        /// <summary>IAM returns policy documents URL-encoded; some emulators return them as plain JSON.</summary>
        private static string PolicyText(string? document)
            => document is null ? "" : document.TrimStart().StartsWith("{", StringComparison.Ordinal) ? document : Uri.UnescapeDataString(document);

        private static List<Ec2.Filter> Where(string name, IEnumerable<string> values)
            => new List<Ec2.Filter> { new Ec2.Filter { Name = name, Values = values.ToList() } };

        /// <summary>
        /// IAM answers a missing role with HTTP 404 NoSuchEntity, which the wire's error map may read as an operation
        /// the endpoint lacks (404) and, where the error body is not read, without the code.
        /// </summary>
        private static bool IsNoSuchEntity(EcsAdminException ex)
            => ex.AwsErrorCode == "NoSuchEntity" || ex.Kind == EcsErrorKind.ObjectNotFound
               || (ex.ErrorId == "OperationNotSupportedByEndpoint" && (ex.Message.Contains("NoSuchEntity") || ex.Message.Contains("(NotFound)")));

        private static EcsReadinessCheck Row(string service, string check, EcsReadinessStatus status, string detail, string? fix = null)
            => new EcsReadinessCheck { Service = service, Check = check, Status = status, Detail = detail, Fix = status == EcsReadinessStatus.Pass ? null : fix };

        /// <summary>A permission row: every (action, resource) must be allowed; a boundary makes an Allow a Warn.</summary>
        private static EcsReadinessCheck Permission(string service, string check, RoleFacts role, IEnumerable<(string Action, string Resource)> needs, string fix)
        {
            if (!role.Exists) return Row(service, check, EcsReadinessStatus.Fail, "role " + role.Name + " does not exist", fix);
            var verdicts = needs.Select(n => PolicyEvaluator.Evaluate(role.Statements, n.Action, n.Resource)).ToList();
            var bad = verdicts.FirstOrDefault(v => v.Decision == PolicyDecision.ExplicitlyDenied || v.Decision == PolicyDecision.NotAllowed);
            if (bad != null) return Row(service, check, EcsReadinessStatus.Fail, "role " + role.Name + ": " + bad.Reason, fix);
            var unsure = verdicts.FirstOrDefault(v => v.Decision == PolicyDecision.Undecidable);
            if (unsure != null) return Row(service, check, EcsReadinessStatus.Warn, "role " + role.Name + ": " + unsure.Reason + " (conditions are not evaluated)", "Check the condition holds for ECS tasks. " + fix);
            if (role.Boundary != null)
                return Row(service, check, EcsReadinessStatus.Warn, "role " + role.Name + " allows it, but its permissions boundary " + role.Boundary + " may not", "Check the boundary allows: " + string.Join(", ", needs.Select(n => n.Action).Distinct()) + ".");
            return Row(service, check, EcsReadinessStatus.Pass, "role " + role.Name + ": " + string.Join("; ", verdicts.Select(v => v.Reason).Distinct()));
        }

        private static IEnumerable<JsonObject> Containers(Files files)
            => (files.TaskDefinition["containerDefinitions"] as JsonArray ?? new JsonArray()).OfType<JsonObject>();

        private static string? Str(JsonNode? n) => n is JsonValue ? n.ToString() : null;

        internal static async Task<List<EcsReadinessCheck>> RunReadiness(IAwsApi api, string cluster, Files files, OperationContext context)
        {
            var rows = new List<EcsReadinessCheck>();
            var svc = files.ServiceName;
            var region = api.Region;
            var td = files.TaskDefinition;
            context.Verbose("Readiness checks for " + svc + " (cluster " + cluster + ")");

            // ---------------------------------------------------------- roles
            var execArn = Str(td["executionRoleArn"]);
            RoleFacts? exec = null;
            if (execArn is null)
                rows.Add(Row(svc, "ExecutionRole", EcsReadinessStatus.Warn, "the task definition has no executionRoleArn: ECR pulls, awslogs and secrets need one",
                    "Set executionRoleArn in task-definition.json to a role that trusts ecs-tasks.amazonaws.com."));
            else
            {
                exec = await ReadRole(api, execArn, context).ConfigureAwait(false);
                if (!exec.Exists)
                    rows.Add(Row(svc, "ExecutionRole", EcsReadinessStatus.Fail, "execution role " + exec.Name + " does not exist", "Create the role or fix executionRoleArn."));
                else
                {
                    var trust = PolicyEvaluator.Trusts(exec.Trust, "ecs-tasks.amazonaws.com");
                    rows.Add(Row(svc, "ExecutionRole", trust.Decision == PolicyDecision.Allowed ? EcsReadinessStatus.Pass : trust.Decision == PolicyDecision.Undecidable ? EcsReadinessStatus.Warn : EcsReadinessStatus.Fail,
                        "execution role " + exec.Name + ": " + trust.Reason, "Let ecs-tasks.amazonaws.com assume the role (sts:AssumeRole) in its trust policy."));
                }
            }
            var taskRoleArn = Str(td["taskRoleArn"]);
            if (taskRoleArn != null)
            {
                var taskRole = await ReadRole(api, taskRoleArn, context).ConfigureAwait(false);
                if (!taskRole.Exists) rows.Add(Row(svc, "TaskRole", EcsReadinessStatus.Fail, "task role " + taskRole.Name + " does not exist", "Create the role or fix taskRoleArn."));
                else
                {
                    var trust = PolicyEvaluator.Trusts(taskRole.Trust, "ecs-tasks.amazonaws.com");
                    rows.Add(Row(svc, "TaskRole", trust.Decision == PolicyDecision.Allowed ? EcsReadinessStatus.Pass : trust.Decision == PolicyDecision.Undecidable ? EcsReadinessStatus.Warn : EcsReadinessStatus.Fail,
                        "task role " + taskRole.Name + ": " + trust.Reason, "Let ecs-tasks.amazonaws.com assume the task role."));
                }
            }
            var account = exec?.Arn.Split(':').ElementAtOrDefault(4) ?? "*";

            // ---------------------------------------------------------- images
            foreach (var c in Containers(files))
            {
                var name = Str(c["name"]) ?? "";
                var image = Str(c["image"]) ?? "";
                var m = EcrImage.Match(image);
                if (!m.Success)
                {
                    rows.Add(Row(svc, "Image[" + name + "]", EcsReadinessStatus.Pass, image + " is not in ECR; not checked"));
                    continue;
                }
                var repo = m.Groups["repo"].Value;
                var repoArn = "arn:aws:ecr:" + m.Groups["region"].Value + ":" + m.Groups["account"].Value + ":repository/" + repo;
                var id = m.Groups["digest"].Success ? new Ecr.ImageIdentifier { ImageDigest = m.Groups["digest"].Value } : new Ecr.ImageIdentifier { ImageTag = m.Groups["tag"].Success ? m.Groups["tag"].Value : "latest" };
                try
                {
                    var images = await api.CallAsync(Ecr.EcrApi.DescribeImages, new Ecr.DescribeImagesRequest
                    {
                        RegistryId = m.Groups["account"].Value, RepositoryName = repo, ImageIds = new List<Ecr.ImageIdentifier> { id },
                    }, context.CancellationToken).ConfigureAwait(false);
                    rows.Add(images.ImageDetails?.Count > 0
                        ? Row(svc, "Image[" + name + "]", EcsReadinessStatus.Pass, image + " exists")
                        : Row(svc, "Image[" + name + "]", EcsReadinessStatus.Fail, image + ": no such image in repository " + repo, "Push the image or fix the tag."));
                }
                catch (EcsAdminException ex) when (ex.AwsErrorCode == "RepositoryNotFoundException" || ex.AwsErrorCode == "ImageNotFoundException" || ex.Kind == EcsErrorKind.ObjectNotFound)
                {
                    rows.Add(Row(svc, "Image[" + name + "]", EcsReadinessStatus.Fail, image + ": " + ex.Message, ex.AwsErrorCode == "RepositoryNotFoundException" ? "Create the repository " + repo + " and push the image." : "Push the image or fix the tag."));
                }
                if (exec != null)
                    rows.Add(Permission(svc, "ExecutionRole.ImagePull[" + name + "]", exec, new[]
                    {
                        ("ecr:GetAuthorizationToken", "*"), ("ecr:BatchCheckLayerAvailability", repoArn), ("ecr:GetDownloadUrlForLayer", repoArn), ("ecr:BatchGetImage", repoArn),
                    }, "Attach AmazonECSTaskExecutionRolePolicy or allow ecr:GetAuthorizationToken and the pull actions on " + repoArn + "."));
            }

            // ---------------------------------------------------------- secrets and parameters
            foreach (var c in Containers(files))
            {
                var name = Str(c["name"]) ?? "";
                foreach (var s in (c["secrets"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
                {
                    var valueFrom = Str(s["valueFrom"]) ?? "";
                    var check = "Secret[" + name + "/" + Str(s["name"]) + "]";
                    if (valueFrom.StartsWith("arn:", StringComparison.Ordinal) && valueFrom.Split(':').ElementAtOrDefault(2) == "secretsmanager")
                    {
                        var secretId = string.Join(":", valueFrom.Split(':').Take(7));
                        try
                        {
                            var d = await api.CallAsync(Sm.SecretsManagerApi.DescribeSecret, new Sm.DescribeSecretRequest { SecretId = secretId }, context.CancellationToken).ConfigureAwait(false);
                            rows.Add(exec is null ? Row(svc, check, EcsReadinessStatus.Fail, "secret " + d.Name + " exists but there is no execution role to read it", "Set executionRoleArn.")
                                : Permission(svc, check, exec, new[] { ("secretsmanager:GetSecretValue", d.ARN ?? secretId) }, "Allow secretsmanager:GetSecretValue on " + (d.ARN ?? secretId) + " for the execution role."));
                        }
                        catch (EcsAdminException ex) when (ex.Kind == EcsErrorKind.ObjectNotFound || ex.AwsErrorCode == "ResourceNotFoundException")
                        {
                            rows.Add(Row(svc, check, EcsReadinessStatus.Fail, "secret " + secretId + " does not exist: " + ex.Message, "Create the secret or fix valueFrom."));
                        }
                    }
                    else
                    {
                        // SSM parameter: an ARN or a name (a name is in the task's region and account).
                        var paramName = valueFrom.StartsWith("arn:", StringComparison.Ordinal) ? "/" + valueFrom.Substring(valueFrom.IndexOf(":parameter/", StringComparison.Ordinal) + ":parameter/".Length) : valueFrom;
                        if (!valueFrom.StartsWith("arn:", StringComparison.Ordinal) && !paramName.StartsWith("/", StringComparison.Ordinal)) { }
                        var lookup = valueFrom.StartsWith("arn:", StringComparison.Ordinal) && !valueFrom.Substring(valueFrom.IndexOf(":parameter/", StringComparison.Ordinal) + 11).Contains("/") ? paramName.TrimStart('/') : paramName;
                        var found = await api.CallAsync(Ssm.SsmApi.DescribeParameters, new Ssm.DescribeParametersRequest
                        {
                            ParameterFilters = new List<Ssm.ParameterStringFilter> { new Ssm.ParameterStringFilter { Key = "Name", Option = "Equals", Values = new List<string> { lookup } } },
                        }, context.CancellationToken).ConfigureAwait(false);
                        if (found.Parameters is null || found.Parameters.Count == 0)
                        {
                            rows.Add(Row(svc, check, EcsReadinessStatus.Fail, "SSM parameter " + lookup + " does not exist", "Create the parameter (put-parameter) or fix valueFrom."));
                            continue;
                        }
                        var paramArn = valueFrom.StartsWith("arn:", StringComparison.Ordinal) ? valueFrom : "arn:aws:ssm:" + region + ":" + account + ":parameter/" + lookup.TrimStart('/');
                        rows.Add(exec is null ? Row(svc, check, EcsReadinessStatus.Fail, "parameter " + lookup + " exists but there is no execution role to read it", "Set executionRoleArn.")
                            : Permission(svc, check, exec, new[] { ("ssm:GetParameters", paramArn) }, "Allow ssm:GetParameters on " + paramArn + " for the execution role."));
                    }
                }
            }

            // ---------------------------------------------------------- logs
            foreach (var c in Containers(files))
            {
                var name = Str(c["name"]) ?? "";
                var log = c["logConfiguration"] as JsonObject;
                if (Str(log?["logDriver"]) != "awslogs") continue;
                var opts = log!["options"] as JsonObject;
                var group = Str(opts?["awslogs-group"]);
                if (group is null) { rows.Add(Row(svc, "LogGroup[" + name + "]", EcsReadinessStatus.Fail, "awslogs without awslogs-group", "Set options.awslogs-group.")); continue; }
                var logRegion = Str(opts?["awslogs-region"]) ?? region;
                var create = string.Equals(Str(opts?["awslogs-create-group"]), "true", StringComparison.OrdinalIgnoreCase);
                var groups = await api.CallAsync(Logs.LogsApi.DescribeLogGroups, new Logs.DescribeLogGroupsRequest { LogGroupNamePrefix = group }, context.CancellationToken).ConfigureAwait(false);
                bool exists = groups.LogGroups?.Any(g => g.LogGroupName == group) == true;
                var groupArn = "arn:aws:logs:" + logRegion + ":" + account + ":log-group:" + group;
                if (exists) rows.Add(Row(svc, "LogGroup[" + name + "]", EcsReadinessStatus.Pass, "log group " + group + " exists"));
                else if (create)
                    rows.Add(exec is null ? Row(svc, "LogGroup[" + name + "]", EcsReadinessStatus.Fail, "log group " + group + " does not exist and there is no execution role to create it", "Set executionRoleArn.")
                        : Permission(svc, "LogGroup[" + name + "]", exec, new[] { ("logs:CreateLogGroup", groupArn) }, "Allow logs:CreateLogGroup on " + groupArn + ", or create the log group."));
                else rows.Add(Row(svc, "LogGroup[" + name + "]", EcsReadinessStatus.Fail, "log group " + group + " does not exist and awslogs-create-group is not set", "Create the log group, or set awslogs-create-group to \"true\" (with logs:CreateLogGroup)."));
                if (exec != null)
                    rows.Add(Permission(svc, "ExecutionRole.Logs[" + name + "]", exec, new[] { ("logs:CreateLogStream", groupArn + ":log-stream:x"), ("logs:PutLogEvents", groupArn + ":log-stream:x") },
                        "Allow logs:CreateLogStream and logs:PutLogEvents on " + groupArn + ":log-stream:*."));
            }

            // ---------------------------------------------------------- network
            var awsvpc = files.Service["networkConfiguration"]?["awsvpcConfiguration"] as JsonObject;
            var subnets = (awsvpc?["subnets"] as JsonArray ?? new JsonArray()).Select(Str).Where(x => x != null).Select(x => x!).ToList();
            var groupsIds = (awsvpc?["securityGroups"] as JsonArray ?? new JsonArray()).Select(Str).Where(x => x != null).Select(x => x!).ToList();
            bool publicIp = Str(awsvpc?["assignPublicIp"]) == "ENABLED";
            if (subnets.Count > 0)
            {
                var found = (await api.CallAsync(Ec2.Ec2Api.DescribeSubnets, new Ec2.DescribeSubnetsRequest { Filters = Where("subnet-id", subnets) }, context.CancellationToken).ConfigureAwait(false)).Subnets ?? new List<Ec2.Subnet>();
                var vpcs = found.Select(s => s.VpcId).Where(v => v != null).Distinct().ToList();
                var tables = vpcs.Count == 0 ? new List<Ec2.RouteTable>()
                    : (await api.CallAsync(Ec2.Ec2Api.DescribeRouteTables, new Ec2.DescribeRouteTablesRequest { Filters = Where("vpc-id", vpcs) }, context.CancellationToken).ConfigureAwait(false)).RouteTables ?? new List<Ec2.RouteTable>();
                var endpoints = vpcs.Count == 0 ? new List<Ec2.VpcEndpoint>()
                    : (await api.CallAsync(Ec2.Ec2Api.DescribeVpcEndpoints, new Ec2.DescribeVpcEndpointsRequest { Filters = Where("vpc-id", vpcs) }, context.CancellationToken).ConfigureAwait(false)).VpcEndpoints ?? new List<Ec2.VpcEndpoint>();
                foreach (var id in subnets)
                {
                    var subnet = found.FirstOrDefault(s => s.SubnetId == id);
                    if (subnet is null) { rows.Add(Row(svc, "Subnet[" + id + "]", EcsReadinessStatus.Fail, "subnet " + id + " does not exist", "Fix the subnets in service.json.")); continue; }
                    var associations = (Ec2.RouteTable t) => t.Associations ?? new List<Ec2.RouteTableAssociation>();
                    var table = tables.FirstOrDefault(t => associations(t).Any(a => a.SubnetId == id))
                        ?? tables.FirstOrDefault(t => t.VpcId == subnet.VpcId && associations(t).Any(a => a.Main == true));
                    var defaultRoute = table?.Routes?.FirstOrDefault(r => r.DestinationCidrBlock == "0.0.0.0/0" && r.State != "blackhole");
                    var vpcEndpoints = endpoints.Where(e => e.VpcId == subnet.VpcId && e.State != "deleted" && e.State != "failed" && e.ServiceName != null).Select(e => e.ServiceName).ToList();
                    bool Has(string suffix) => vpcEndpoints.Any(n => n.EndsWith("." + suffix, StringComparison.Ordinal));
                    var missingEndpoints = new[] { "ecr.api", "ecr.dkr", "s3", "logs" }.Where(e => !Has(e)).ToList();
                    if (defaultRoute?.NatGatewayId != null)
                        rows.Add(Row(svc, "Subnet[" + id + "]", EcsReadinessStatus.Pass, "routes 0.0.0.0/0 to NAT gateway " + defaultRoute.NatGatewayId));
                    else if (defaultRoute?.GatewayId?.StartsWith("igw-", StringComparison.Ordinal) == true && publicIp)
                        rows.Add(Row(svc, "Subnet[" + id + "]", EcsReadinessStatus.Pass, "routes 0.0.0.0/0 to internet gateway " + defaultRoute.GatewayId + " and tasks get a public IP"));
                    else if (missingEndpoints.Count == 0)
                        rows.Add(Row(svc, "Subnet[" + id + "]", EcsReadinessStatus.Pass, "VPC endpoints for ECR (api, dkr), S3 and CloudWatch Logs"));
                    else
                        rows.Add(Row(svc, "Subnet[" + id + "]", EcsReadinessStatus.Fail,
                            defaultRoute?.GatewayId?.StartsWith("igw-", StringComparison.Ordinal) == true
                                ? "routes to internet gateway " + defaultRoute.GatewayId + " but assignPublicIp is not ENABLED: tasks cannot reach ECR or CloudWatch Logs"
                                : "no route to ECR and CloudWatch Logs: no NAT route, no internet gateway route, and no VPC endpoint for " + string.Join(", ", missingEndpoints),
                            "Add a NAT gateway route, or set assignPublicIp ENABLED with an internet gateway route, or add the ecr.api, ecr.dkr, s3 and logs VPC endpoints."));
                }
            }
            var sgs = new List<Ec2.SecurityGroup>();
            if (groupsIds.Count > 0)
            {
                sgs = (await api.CallAsync(Ec2.Ec2Api.DescribeSecurityGroups, new Ec2.DescribeSecurityGroupsRequest { Filters = Where("group-id", groupsIds) }, context.CancellationToken).ConfigureAwait(false)).SecurityGroups
                    ?? new List<Ec2.SecurityGroup>();
                foreach (var id in groupsIds)
                    rows.Add(sgs.Any(g => g.GroupId == id)
                        ? Row(svc, "SecurityGroup[" + id + "]", EcsReadinessStatus.Pass, "security group " + id + " exists")
                        : Row(svc, "SecurityGroup[" + id + "]", EcsReadinessStatus.Fail, "security group " + id + " does not exist", "Fix the securityGroups in service.json."));
            }

            // ---------------------------------------------------------- load balancers
            var networkMode = Str(td["networkMode"]) ?? "bridge";
            foreach (var lb in (files.Service["loadBalancers"] as JsonArray ?? new JsonArray()).OfType<JsonObject>())
            {
                var tgArn = Str(lb["targetGroupArn"]);
                if (tgArn is null) continue;
                var port = int.TryParse(Str(lb["containerPort"]), out var p) ? p : 0;
                Elb.DescribeTargetGroupsOutput tgs;
                try
                {
                    tgs = await api.CallAsync(Elb.Elbv2Api.DescribeTargetGroups, new Elb.DescribeTargetGroupsInput { TargetGroupArns = new List<string> { tgArn } }, context.CancellationToken).ConfigureAwait(false);
                }
                catch (EcsAdminException ex) when (ex.Kind == EcsErrorKind.ObjectNotFound || ex.AwsErrorCode == "TargetGroupNotFound")
                {
                    rows.Add(Row(svc, "TargetGroup", EcsReadinessStatus.Fail, "target group " + tgArn + " does not exist: " + ex.Message, "Fix targetGroupArn."));
                    continue;
                }
                var tg = tgs.TargetGroups?.FirstOrDefault();
                if (tg is null) { rows.Add(Row(svc, "TargetGroup", EcsReadinessStatus.Fail, "target group " + tgArn + " does not exist", "Fix targetGroupArn.")); continue; }
                var wanted = networkMode == "awsvpc" ? "ip" : "instance";
                rows.Add(string.Equals(tg.TargetType, wanted, StringComparison.OrdinalIgnoreCase)
                    ? Row(svc, "TargetGroup", EcsReadinessStatus.Pass, "target type " + tg.TargetType + " fits network mode " + networkMode)
                    : Row(svc, "TargetGroup", EcsReadinessStatus.Fail, "target type " + tg.TargetType + " does not fit network mode " + networkMode + " (needs " + wanted + ")", "Use a target group of type " + wanted + "."));
                if (tg.LoadBalancerArns is null || tg.LoadBalancerArns.Count == 0 || sgs.Count == 0) continue;
                var lbs = await api.CallAsync(Elb.Elbv2Api.DescribeLoadBalancers, new Elb.DescribeLoadBalancersInput { LoadBalancerArns = tg.LoadBalancerArns }, context.CancellationToken).ConfigureAwait(false);
                var lbGroups = (lbs.LoadBalancers ?? new List<Elb.LoadBalancer>()).SelectMany(l => l.SecurityGroups ?? new List<string>()).Distinct().ToList();
                bool Covers(Ec2.IpPermission perm) => perm.IpProtocol == "-1" || ((perm.IpProtocol == "tcp" || perm.IpProtocol == "6") && (perm.FromPort ?? 0) <= port && port <= (perm.ToPort ?? 65535));
                bool FromBalancer(Ec2.IpPermission perm) => (perm.UserIdGroupPairs ?? new List<Ec2.UserIdGroupPair>()).Any(pair => lbGroups.Contains(pair.GroupId))
                    || (perm.IpRanges?.Count ?? 0) > 0;
                bool allowed = lbGroups.Count == 0 || sgs.Any(g => (g.IpPermissions ?? new List<Ec2.IpPermission>()).Any(perm => Covers(perm) && FromBalancer(perm)));
                rows.Add(allowed
                    ? Row(svc, "SecurityGroup.LoadBalancer", EcsReadinessStatus.Pass, "the service's security groups let the load balancer reach port " + port)
                    : Row(svc, "SecurityGroup.LoadBalancer", EcsReadinessStatus.Fail, "no service security group allows port " + port + " from the load balancer's security groups (" + string.Join(", ", lbGroups) + ")",
                        "Add an inbound rule for tcp " + port + " from " + string.Join(" or ", lbGroups) + " to one of " + string.Join(", ", groupsIds) + "."));
            }

            // ---------------------------------------------------------- Service Connect namespace
            var ns = Str(files.Service["serviceConnectConfiguration"]?["namespace"]);
            if (ns != null)
            {
                var list = await api.CallAsync(Sd.ServiceDiscoveryApi.ListNamespaces, new Sd.ListNamespacesRequest(), context.CancellationToken).ConfigureAwait(false);
                rows.Add(list.Namespaces?.Any(n => n.Name == ns || n.Arn == ns || n.Id == ns) == true
                    ? Row(svc, "Namespace", EcsReadinessStatus.Pass, "namespace " + ns + " exists")
                    : Row(svc, "Namespace", EcsReadinessStatus.Fail, "Cloud Map namespace " + ns + " does not exist", "Create the namespace (aws servicediscovery create-http-namespace) or fix serviceConnectConfiguration.namespace."));
            }
            return rows;
        }
    }
}
