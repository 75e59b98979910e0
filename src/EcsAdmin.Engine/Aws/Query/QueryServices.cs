using System;
using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using EcsAdmin.Engine.Aws.Wire;

namespace EcsAdmin.Engine.Aws.Query
{
    // The query-protocol services the readiness checks read (IAM, EC2, ELBv2 target groups and balancers).
    // The generator emits awsJson services only; these few read-only calls are written against the
    // official model's member names, in the same form as Operations/ElbTargetHealth.cs.

    internal static class Xml
    {
        public static XElement? Child(XElement? e, string name) => e?.Elements().FirstOrDefault(x => x.Name.LocalName == name);
        public static string? Text(XElement? e, string name) => Child(e, name)?.Value;
        /// <summary>Items of a list element: query lists use &lt;member&gt;, EC2 lists &lt;item&gt;.</summary>
        public static IEnumerable<XElement> Items(XElement? e, string name)
            => Child(e, name)?.Elements().Where(x => x.Name.LocalName == "member" || x.Name.LocalName == "item") ?? Enumerable.Empty<XElement>();
        public static string Decode(string? s) => s is null ? "" : (s.TrimStart().StartsWith("{", StringComparison.Ordinal) ? s : Uri.UnescapeDataString(s));
    }

    // ------------------------------------------------------------------ IAM

    internal static class IamApi
    {
        public static readonly ServiceDescriptor Service = new ServiceDescriptor("IAM", "iam", "iam", "", WireProtocol.Query, "2010-05-08", "IAM");
        public static readonly WireOperation<RoleNameInput, GetRoleOutput> GetRole = new WireOperation<RoleNameInput, GetRoleOutput>(Service, "GetRole");
        public static readonly WireOperation<RoleNameInput, ListAttachedRolePoliciesOutput> ListAttachedRolePolicies = new WireOperation<RoleNameInput, ListAttachedRolePoliciesOutput>(Service, "ListAttachedRolePolicies");
        public static readonly WireOperation<RoleNameInput, ListRolePoliciesOutput> ListRolePolicies = new WireOperation<RoleNameInput, ListRolePoliciesOutput>(Service, "ListRolePolicies");
        public static readonly WireOperation<GetRolePolicyInput, PolicyDocumentOutput> GetRolePolicy = new WireOperation<GetRolePolicyInput, PolicyDocumentOutput>(Service, "GetRolePolicy");
        public static readonly WireOperation<GetPolicyInput, GetPolicyOutput> GetPolicy = new WireOperation<GetPolicyInput, GetPolicyOutput>(Service, "GetPolicy");
        public static readonly WireOperation<GetPolicyVersionInput, PolicyDocumentOutput> GetPolicyVersion = new WireOperation<GetPolicyVersionInput, PolicyDocumentOutput>(Service, "GetPolicyVersion");
    }

    internal sealed class RoleNameInput : IQueryRequest
    {
        public string RoleName { get; set; } = "";
        public void WriteQuery(IDictionary<string, string> form) => form["RoleName"] = RoleName;
    }

    internal sealed class GetRolePolicyInput : IQueryRequest
    {
        public string RoleName { get; set; } = "";
        public string PolicyName { get; set; } = "";
        public void WriteQuery(IDictionary<string, string> form) { form["RoleName"] = RoleName; form["PolicyName"] = PolicyName; }
    }

    internal sealed class GetPolicyInput : IQueryRequest
    {
        public string PolicyArn { get; set; } = "";
        public void WriteQuery(IDictionary<string, string> form) => form["PolicyArn"] = PolicyArn;
    }

    internal sealed class GetPolicyVersionInput : IQueryRequest
    {
        public string PolicyArn { get; set; } = "";
        public string VersionId { get; set; } = "";
        public void WriteQuery(IDictionary<string, string> form) { form["PolicyArn"] = PolicyArn; form["VersionId"] = VersionId; }
    }

    internal sealed class GetRoleOutput : IQueryResponse
    {
        public string Arn { get; set; } = "";
        public string AssumeRolePolicyDocument { get; set; } = "";
        public string? PermissionsBoundaryArn { get; set; }

        public void ReadXml(XElement result)
        {
            var role = Xml.Child(result, "Role");
            Arn = Xml.Text(role, "Arn") ?? "";
            AssumeRolePolicyDocument = Xml.Decode(Xml.Text(role, "AssumeRolePolicyDocument"));
            PermissionsBoundaryArn = Xml.Text(Xml.Child(role, "PermissionsBoundary"), "PermissionsBoundaryArn");
        }
    }

    internal sealed class ListAttachedRolePoliciesOutput : IQueryResponse
    {
        public List<string> PolicyArns { get; } = new List<string>();
        public void ReadXml(XElement result) => PolicyArns.AddRange(Xml.Items(result, "AttachedPolicies").Select(m => Xml.Text(m, "PolicyArn") ?? ""));
    }

    internal sealed class ListRolePoliciesOutput : IQueryResponse
    {
        public List<string> PolicyNames { get; } = new List<string>();
        public void ReadXml(XElement result) => PolicyNames.AddRange(Xml.Items(result, "PolicyNames").Select(m => m.Value));
    }

    internal sealed class GetPolicyOutput : IQueryResponse
    {
        public string DefaultVersionId { get; set; } = "";
        public void ReadXml(XElement result) => DefaultVersionId = Xml.Text(Xml.Child(result, "Policy"), "DefaultVersionId") ?? "";
    }

    /// <summary>GetRolePolicy (PolicyDocument) or GetPolicyVersion (PolicyVersion/Document), URL-decoded.</summary>
    internal sealed class PolicyDocumentOutput : IQueryResponse
    {
        public string Document { get; set; } = "";
        public void ReadXml(XElement result)
            => Document = Xml.Decode(Xml.Text(result, "PolicyDocument") ?? Xml.Text(Xml.Child(result, "PolicyVersion"), "Document"));
    }

    // ------------------------------------------------------------------ EC2

    internal static class Ec2Api
    {
        public static readonly ServiceDescriptor Service = new ServiceDescriptor("EC2", "ec2", "ec2", "", WireProtocol.Query, "2016-11-15", "EC2");
        public static readonly WireOperation<Ec2FilterInput, DescribeSubnetsOutput> DescribeSubnets = new WireOperation<Ec2FilterInput, DescribeSubnetsOutput>(Service, "DescribeSubnets");
        public static readonly WireOperation<Ec2FilterInput, DescribeRouteTablesOutput> DescribeRouteTables = new WireOperation<Ec2FilterInput, DescribeRouteTablesOutput>(Service, "DescribeRouteTables");
        public static readonly WireOperation<Ec2FilterInput, DescribeSecurityGroupsOutput> DescribeSecurityGroups = new WireOperation<Ec2FilterInput, DescribeSecurityGroupsOutput>(Service, "DescribeSecurityGroups");
        public static readonly WireOperation<Ec2FilterInput, DescribeVpcEndpointsOutput> DescribeVpcEndpoints = new WireOperation<Ec2FilterInput, DescribeVpcEndpointsOutput>(Service, "DescribeVpcEndpoints");
    }

    /// <summary>EC2 Describe* input: Filter.N.Name / Filter.N.Value.M (the ec2 protocol numbers lists without .member).</summary>
    internal sealed class Ec2FilterInput : IQueryRequest
    {
        public Dictionary<string, List<string>> Filters { get; } = new Dictionary<string, List<string>>();

        public Ec2FilterInput Where(string name, IEnumerable<string> values) { Filters[name] = values.ToList(); return this; }

        public void WriteQuery(IDictionary<string, string> form)
        {
            int i = 0;
            foreach (var f in Filters)
            {
                i++;
                form["Filter." + i + ".Name"] = f.Key;
                for (int j = 0; j < f.Value.Count; j++) form["Filter." + i + ".Value." + (j + 1)] = f.Value[j];
            }
        }
    }

    internal sealed class Ec2Subnet
    {
        public string SubnetId { get; set; } = "";
        public string VpcId { get; set; } = "";
        public bool MapPublicIpOnLaunch { get; set; }
    }

    internal sealed class DescribeSubnetsOutput : IQueryResponse
    {
        public List<Ec2Subnet> Subnets { get; } = new List<Ec2Subnet>();
        public void ReadXml(XElement result) => Subnets.AddRange(Xml.Items(result, "subnetSet").Select(i => new Ec2Subnet
        {
            SubnetId = Xml.Text(i, "subnetId") ?? "",
            VpcId = Xml.Text(i, "vpcId") ?? "",
            MapPublicIpOnLaunch = string.Equals(Xml.Text(i, "mapPublicIpOnLaunch"), "true", StringComparison.OrdinalIgnoreCase),
        }));
    }

    internal sealed class Ec2Route
    {
        public string Destination { get; set; } = "";
        public string? GatewayId { get; set; }
        public string? NatGatewayId { get; set; }
        public string? State { get; set; }
    }

    internal sealed class Ec2RouteTable
    {
        public string RouteTableId { get; set; } = "";
        public string VpcId { get; set; } = "";
        public bool Main { get; set; }
        public List<string> SubnetIds { get; } = new List<string>();
        public List<Ec2Route> Routes { get; } = new List<Ec2Route>();
    }

    internal sealed class DescribeRouteTablesOutput : IQueryResponse
    {
        public List<Ec2RouteTable> RouteTables { get; } = new List<Ec2RouteTable>();
        public void ReadXml(XElement result)
        {
            foreach (var i in Xml.Items(result, "routeTableSet"))
            {
                var t = new Ec2RouteTable { RouteTableId = Xml.Text(i, "routeTableId") ?? "", VpcId = Xml.Text(i, "vpcId") ?? "" };
                foreach (var a in Xml.Items(i, "associationSet"))
                {
                    if (string.Equals(Xml.Text(a, "main"), "true", StringComparison.OrdinalIgnoreCase)) t.Main = true;
                    if (Xml.Text(a, "subnetId") is string s && s.Length > 0) t.SubnetIds.Add(s);
                }
                foreach (var r in Xml.Items(i, "routeSet"))
                    t.Routes.Add(new Ec2Route
                    {
                        Destination = Xml.Text(r, "destinationCidrBlock") ?? Xml.Text(r, "destinationPrefixListId") ?? "",
                        GatewayId = Xml.Text(r, "gatewayId"),
                        NatGatewayId = Xml.Text(r, "natGatewayId"),
                        State = Xml.Text(r, "state"),
                    });
                RouteTables.Add(t);
            }
        }
    }

    internal sealed class Ec2Permission
    {
        public string Protocol { get; set; } = "";
        public int? FromPort { get; set; }
        public int? ToPort { get; set; }
        public List<string> GroupIds { get; } = new List<string>();
        public List<string> CidrBlocks { get; } = new List<string>();
    }

    internal sealed class Ec2SecurityGroup
    {
        public string GroupId { get; set; } = "";
        public string VpcId { get; set; } = "";
        public List<Ec2Permission> Ingress { get; } = new List<Ec2Permission>();
    }

    internal sealed class DescribeSecurityGroupsOutput : IQueryResponse
    {
        public List<Ec2SecurityGroup> SecurityGroups { get; } = new List<Ec2SecurityGroup>();
        public void ReadXml(XElement result)
        {
            foreach (var i in Xml.Items(result, "securityGroupInfo"))
            {
                var g = new Ec2SecurityGroup { GroupId = Xml.Text(i, "groupId") ?? "", VpcId = Xml.Text(i, "vpcId") ?? "" };
                foreach (var p in Xml.Items(i, "ipPermissions"))
                {
                    var perm = new Ec2Permission
                    {
                        Protocol = Xml.Text(p, "ipProtocol") ?? "",
                        FromPort = int.TryParse(Xml.Text(p, "fromPort"), out var f) ? f : (int?)null,
                        ToPort = int.TryParse(Xml.Text(p, "toPort"), out var t) ? t : (int?)null,
                    };
                    perm.GroupIds.AddRange(Xml.Items(p, "groups").Select(x => Xml.Text(x, "groupId") ?? ""));
                    perm.CidrBlocks.AddRange(Xml.Items(p, "ipRanges").Select(x => Xml.Text(x, "cidrIp") ?? ""));
                    g.Ingress.Add(perm);
                }
                SecurityGroups.Add(g);
            }
        }
    }

    internal sealed class Ec2VpcEndpoint
    {
        public string VpcId { get; set; } = "";
        public string ServiceName { get; set; } = "";
        public string Type { get; set; } = "";
    }

    internal sealed class DescribeVpcEndpointsOutput : IQueryResponse
    {
        public List<Ec2VpcEndpoint> Endpoints { get; } = new List<Ec2VpcEndpoint>();
        public void ReadXml(XElement result) => Endpoints.AddRange(Xml.Items(result, "vpcEndpointSet").Select(i => new Ec2VpcEndpoint
        {
            VpcId = Xml.Text(i, "vpcId") ?? "",
            ServiceName = Xml.Text(i, "serviceName") ?? "",
            Type = Xml.Text(i, "vpcEndpointType") ?? "",
        }));
    }

    // ------------------------------------------------------------------ ELBv2 (target groups, balancers)

    internal static class ElbReadApi
    {
        public static readonly WireOperation<ArnListInput, DescribeTargetGroupsOutput> DescribeTargetGroups =
            new WireOperation<ArnListInput, DescribeTargetGroupsOutput>(Operations.Elbv2Api.Service, "DescribeTargetGroups");
        public static readonly WireOperation<ArnListInput, DescribeLoadBalancersOutput> DescribeLoadBalancers =
            new WireOperation<ArnListInput, DescribeLoadBalancersOutput>(Operations.Elbv2Api.Service, "DescribeLoadBalancers");
    }

    /// <summary>TargetGroupArns.member.N or LoadBalancerArns.member.N.</summary>
    internal sealed class ArnListInput : IQueryRequest
    {
        public string Member { get; set; } = "TargetGroupArns";
        public List<string> Arns { get; set; } = new List<string>();
        public void WriteQuery(IDictionary<string, string> form)
        {
            for (int i = 0; i < Arns.Count; i++) form[Member + ".member." + (i + 1)] = Arns[i];
        }
    }

    internal sealed class ElbTargetGroup
    {
        public string Arn { get; set; } = "";
        public string TargetType { get; set; } = "";
        public List<string> LoadBalancerArns { get; } = new List<string>();
    }

    internal sealed class DescribeTargetGroupsOutput : IQueryResponse
    {
        public List<ElbTargetGroup> TargetGroups { get; } = new List<ElbTargetGroup>();
        public void ReadXml(XElement result)
        {
            foreach (var m in Xml.Items(result, "TargetGroups"))
            {
                var g = new ElbTargetGroup { Arn = Xml.Text(m, "TargetGroupArn") ?? "", TargetType = Xml.Text(m, "TargetType") ?? "" };
                g.LoadBalancerArns.AddRange(Xml.Items(m, "LoadBalancerArns").Select(x => x.Value));
                TargetGroups.Add(g);
            }
        }
    }

    internal sealed class DescribeLoadBalancersOutput : IQueryResponse
    {
        public Dictionary<string, List<string>> SecurityGroups { get; } = new Dictionary<string, List<string>>();
        public void ReadXml(XElement result)
        {
            foreach (var m in Xml.Items(result, "LoadBalancers"))
                SecurityGroups[Xml.Text(m, "LoadBalancerArn") ?? ""] = Xml.Items(m, "SecurityGroups").Select(x => x.Value).ToList();
        }
    }
}
