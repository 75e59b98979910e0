using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// Local checks for capacity providers, container instances, attributes, ECS Anywhere activations, account
    /// settings and Cloud Map namespaces: cmdlets call them before any request (and before ShouldProcess), the
    /// engine calls them again. Each failure is an EcsAdminException with a stable ErrorId.
    /// </summary>
    internal static class FleetChecks
    {
        /// <summary>Every setting name of the ECS model's SettingName enum (a contract test keeps the two equal).</summary>
        public static readonly string[] AccountSettingNames =
        {
            "serviceLongArnFormat", "taskLongArnFormat", "containerInstanceLongArnFormat", "awsvpcTrunking",
            "containerInsights", "fargateFIPSMode", "tagResourceAuthorization", "fargateTaskRetirementWaitPeriod",
            "guardDutyActivate", "defaultLogDriverMode", "fargateEventWindows",
        };

        /// <summary>Settings whose value ECS does not take from this API.</summary>
        public static readonly string[] ReadOnlyAccountSettings = { "guardDutyActivate" };

        /// <summary>The values each setting takes (as the ECS API reference lists them).</summary>
        public static string[] AccountSettingValues(string name)
        {
            switch (name)
            {
                case "containerInsights": return new[] { "enabled", "enhanced", "disabled" };
                case "fargateTaskRetirementWaitPeriod": return new[] { "0", "7", "14" };
                case "tagResourceAuthorization": return new[] { "on", "off" };
                case "defaultLogDriverMode": return new[] { "blocking", "non-blocking" };
                case "guardDutyActivate": return new[] { "on", "off" };
                default: return new[] { "enabled", "disabled" };
            }
        }

        /// <summary>The model's spelling of a setting name given in any case; throws for an unknown name.</summary>
        public static string AccountSettingName(string? name)
        {
            var match = AccountSettingNames.FirstOrDefault(n => string.Equals(n, name?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (match is null)
                throw new EcsAdminException("UnknownAccountSetting", EcsErrorKind.InvalidArgument,
                    "'" + name + "' is not an ECS account setting.", name,
                    "Use one of: " + string.Join(", ", AccountSettingNames) + ".");
            return match;
        }

        /// <summary>Checks a setting and its value; returns the canonical (name, value).</summary>
        public static (string Name, string Value) AccountSetting(string? name, string? value)
        {
            var canonical = AccountSettingName(name);
            if (ReadOnlyAccountSettings.Contains(canonical))
                throw new EcsAdminException("AccountSettingReadOnly", EcsErrorKind.InvalidArgument,
                    "The account setting '" + canonical + "' is read-only in ECS.", canonical,
                    "guardDutyActivate follows GuardDuty Runtime Monitoring: change it in GuardDuty.");
            var allowed = AccountSettingValues(canonical);
            var v = allowed.FirstOrDefault(a => string.Equals(a, value?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (v is null)
                throw new EcsAdminException("InvalidAccountSettingValue", EcsErrorKind.InvalidArgument,
                    "'" + value + "' is not a value of the account setting " + canonical + ".", value,
                    canonical + " takes " + string.Join(", ", allowed) + ".");
            return (canonical, v);
        }

        public static void PrincipalArn(string? arn)
        {
            if (arn is null) return;
            if (!Regex.IsMatch(arn, @"^arn:aws[a-z-]*:iam::\d{12}:(root|user/.+|role/.+)$"))
                throw new EcsAdminException("InvalidPrincipalArn", EcsErrorKind.InvalidArgument,
                    "'" + arn + "' is not the ARN of an IAM user, role or account root.", arn,
                    "Give arn:aws:iam::123456789012:user/name, ...:role/name or ...:root.");
        }

        // ------------------------------------------------------------------ capacity providers

        private static readonly Regex ProviderName = new Regex(@"^[a-zA-Z0-9_-]{1,255}$", RegexOptions.Compiled);

        public static void CapacityProviderName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name) || !ProviderName.IsMatch(name!.Trim()))
                throw new EcsAdminException("InvalidCapacityProviderName", EcsErrorKind.InvalidArgument,
                    "'" + name + "' is not a valid capacity provider name.", name,
                    "Use up to 255 letters, digits, underscores and hyphens.");
            var lower = name.Trim().ToLowerInvariant();
            foreach (var reserved in new[] { "aws", "ecs", "fargate" })
                if (lower.StartsWith(reserved, StringComparison.Ordinal))
                    throw new EcsAdminException("InvalidCapacityProviderName", EcsErrorKind.InvalidArgument,
                        "A capacity provider name cannot begin with '" + reserved + "' ('" + name + "').", name,
                        "Choose a name that does not start with aws, ecs or fargate.");
        }

        /// <summary>Checks a create (isNew) or an update; the engine runs it again.</summary>
        public static void CapacityProvider(CapacityProviderOptions o, bool isNew)
        {
            CapacityProviderName(o.Name);
            Range(o.TargetCapacity, 1, 100, "TargetCapacity", "percent of the group's capacity the tasks should use");
            Range(o.MinimumScalingStepSize, 1, 10000, "MinimumScalingStepSize", "instances");
            Range(o.MaximumScalingStepSize, 1, 10000, "MaximumScalingStepSize", "instances");
            Range(o.InstanceWarmupPeriod, 0, 10000, "InstanceWarmupSec", "seconds");
            if (o.MinimumScalingStepSize is int min && o.MaximumScalingStepSize is int max && min > max)
                throw new EcsAdminException("ScalingStepSizeOrder", EcsErrorKind.InvalidArgument,
                    "The minimum scaling step size (" + min + ") is greater than the maximum (" + max + ").", o.Name,
                    "Give -MinimumScalingStepSize no greater than -MaximumScalingStepSize.");
            bool asgSettings = o.AutoScalingGroupArn != null || o.ManagedScaling != null || o.TargetCapacity != null || o.MinimumScalingStepSize != null
                               || o.MaximumScalingStepSize != null || o.InstanceWarmupPeriod != null || o.ManagedTerminationProtection != null || o.ManagedDraining != null;
            if (o.ManagedInstances)
            {
                if (asgSettings)
                    throw new EcsAdminException("MixedCapacityProviderKinds", EcsErrorKind.InvalidArgument,
                        "Auto Scaling group settings (managed scaling, termination protection, draining) do not apply to an ECS Managed Instances provider.", o.Name,
                        "Give either -AutoScalingGroupArn and its settings, or the Managed Instances parameters.");
                if (string.IsNullOrWhiteSpace(o.Cluster))
                    throw new EcsAdminException("ClusterRequired", EcsErrorKind.InvalidArgument,
                        "An ECS Managed Instances capacity provider belongs to a cluster: -Cluster is required.", o.Name, "Give -Cluster.");
                if (isNew || o.InfrastructureRoleArn != null) IamArn(o.InfrastructureRoleArn, "role", "InfrastructureRoleArn");
                if (isNew || o.InstanceProfileArn != null) IamArn(o.InstanceProfileArn, "instance-profile", "InstanceProfileArn");
                if (isNew && (o.Subnets is null || o.Subnets.Length == 0))
                    throw new EcsAdminException("SubnetRequired", EcsErrorKind.InvalidArgument,
                        "An ECS Managed Instances provider needs the subnets to launch instances in.", o.Name, "Give -Subnet subnet-...; -SecurityGroup is optional.");
                foreach (var s in o.Subnets ?? Array.Empty<string>()) Id(s, "subnet", "InvalidSubnetId");
                foreach (var g in o.SecurityGroups ?? Array.Empty<string>()) Id(g, "sg", "InvalidSecurityGroupId");
                if (o.CapacityOptionType != null && o.CapacityOptionType != "ON_DEMAND" && o.CapacityOptionType != "SPOT")
                    throw new EcsAdminException("InvalidCapacityOptionType", EcsErrorKind.InvalidArgument,
                        "'" + o.CapacityOptionType + "' is not a capacity option (ON_DEMAND or SPOT).", o.CapacityOptionType, "Give -CapacityOptionType ON_DEMAND or SPOT.");
                if (!isNew && o.CapacityOptionType != null)
                    throw new EcsAdminException("CapacityOptionTypeImmutable", EcsErrorKind.InvalidArgument,
                        "The capacity option (on-demand or Spot) of a Managed Instances provider is fixed when it is created.", o.Name,
                        "Create a second provider with -CapacityOptionType " + o.CapacityOptionType + " and add it to the cluster's strategy.");
                Range(o.StorageSizeGiB, 1, 16384, "StorageSizeGiB", "GiB");
                if (o.InstanceRequirements is EcsInstanceRequirements r) InstanceRequirements(r, o.Name);
            }
            else
            {
                bool miSettings = o.InfrastructureRoleArn != null || o.InstanceProfileArn != null || o.Subnets != null || o.SecurityGroups != null
                                  || o.CapacityOptionType != null || o.InstanceRequirements != null || o.StorageSizeGiB != null || o.Monitoring != null || o.PropagateTags != null;
                if (miSettings)
                    throw new EcsAdminException("MixedCapacityProviderKinds", EcsErrorKind.InvalidArgument,
                        "Managed Instances settings (roles, subnets, instance requirements, capacity option) need -ManagedInstances.", o.Name,
                        "Add -ManagedInstances (with -Cluster), or give only Auto Scaling group settings.");
                if (isNew)
                {
                    if (string.IsNullOrWhiteSpace(o.AutoScalingGroupArn))
                        throw new EcsAdminException("AutoScalingGroupRequired", EcsErrorKind.InvalidArgument,
                            "An Auto Scaling group capacity provider needs the group's ARN.", o.Name,
                            "Give -AutoScalingGroupArn arn:aws:autoscaling:<region>:<account>:autoScalingGroup:<uuid>:autoScalingGroupName/<name>, or -ManagedInstances.");
                    if (o.AutoScalingGroupArn!.StartsWith("arn:", StringComparison.Ordinal)
                        && !Regex.IsMatch(o.AutoScalingGroupArn, @"^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[^:]+:autoScalingGroupName/.+$"))
                        throw new EcsAdminException("InvalidAutoScalingGroupArn", EcsErrorKind.InvalidArgument,
                            "'" + o.AutoScalingGroupArn + "' is not an Auto Scaling group ARN.", o.AutoScalingGroupArn,
                            "Copy the AutoScalingGroupARN from DescribeAutoScalingGroups (aws autoscaling describe-auto-scaling-groups).");
                }
                else if (o.AutoScalingGroupArn != null)
                {
                    throw new EcsAdminException("AutoScalingGroupImmutable", EcsErrorKind.InvalidArgument,
                        "The Auto Scaling group of a capacity provider cannot be changed.", o.Name,
                        "Create a new capacity provider for the other group.");
                }
                if (o.ManagedTerminationProtection == "ENABLED" && o.ManagedScaling == "DISABLED")
                    throw new EcsAdminException("TerminationProtectionNeedsManagedScaling", EcsErrorKind.InvalidArgument,
                        "Managed termination protection needs managed scaling enabled.", o.Name,
                        "Give -ManagedScaling ENABLED, or -ManagedTerminationProtection DISABLED.");
                if (!isNew && !asgSettings)
                    throw new EcsAdminException("NothingToChange", EcsErrorKind.InvalidArgument,
                        "Set-EcsCapacityProvider was given nothing to change for '" + o.Name + "'.", o.Name,
                        "Give -ManagedScaling, -TargetCapacity, -MinimumScalingStepSize, -MaximumScalingStepSize, -InstanceWarmupSec, -ManagedTerminationProtection or -ManagedDraining.");
            }
        }

        public static void InstanceRequirements(EcsInstanceRequirements r, object? target)
        {
            if (r.MinVCpu < 1)
                throw new EcsAdminException("InvalidInstanceRequirements", EcsErrorKind.InvalidArgument,
                    "Instance requirements need a minimum vCPU count of 1 or more.", target, "Give -MinVCpu (and optionally -MaxVCpu).");
            if (r.MinMemoryMiB < 1)
                throw new EcsAdminException("InvalidInstanceRequirements", EcsErrorKind.InvalidArgument,
                    "Instance requirements need a minimum memory (MiB) of 1 or more.", target, "Give -MinMemoryMiB (and optionally -MaxMemoryMiB).");
            if (r.MaxVCpu is int mv && mv < r.MinVCpu)
                throw new EcsAdminException("InvalidInstanceRequirements", EcsErrorKind.InvalidArgument,
                    "The maximum vCPU count (" + mv + ") is below the minimum (" + r.MinVCpu + ").", target, "Give -MaxVCpu at least -MinVCpu.");
            if (r.MaxMemoryMiB is int mm && mm < r.MinMemoryMiB)
                throw new EcsAdminException("InvalidInstanceRequirements", EcsErrorKind.InvalidArgument,
                    "The maximum memory (" + mm + " MiB) is below the minimum (" + r.MinMemoryMiB + " MiB).", target, "Give -MaxMemoryMiB at least -MinMemoryMiB.");
            if (r.AllowedInstanceTypes.Length > 0 && r.ExcludedInstanceTypes.Length > 0)
                throw new EcsAdminException("InvalidInstanceRequirements", EcsErrorKind.InvalidArgument,
                    "Allowed and excluded instance types cannot both be given.", target, "Give -AllowedInstanceType or -ExcludedInstanceType, not both.");
            foreach (var m in r.CpuManufacturers)
                if (m != "intel" && m != "amd" && m != "amazon-web-services")
                    throw new EcsAdminException("InvalidInstanceRequirements", EcsErrorKind.InvalidArgument,
                        "'" + m + "' is not a CPU manufacturer (intel, amd, amazon-web-services).", m, "Give intel, amd or amazon-web-services.");
            foreach (var t in r.AllowedInstanceTypes.Concat(r.ExcludedInstanceTypes))
                if (!Regex.IsMatch(t, @"^[a-zA-Z0-9\.\*\-]{1,30}$"))
                    throw new EcsAdminException("InvalidInstanceRequirements", EcsErrorKind.InvalidArgument,
                        "'" + t + "' is not an instance type pattern.", t, "Write types such as m5.large, c7g.* or r6*.");
        }

        private static void IamArn(string? arn, string kind, string parameter)
        {
            if (string.IsNullOrWhiteSpace(arn) || !Regex.IsMatch(arn!, @"^arn:aws[a-z-]*:iam::\d{12}:" + kind + "/.+$"))
                throw new EcsAdminException("Invalid" + parameter, EcsErrorKind.InvalidArgument,
                    "-" + parameter + " must be an IAM " + kind.Replace("-", " ") + " ARN" + (string.IsNullOrWhiteSpace(arn) ? "." : ", not '" + arn + "'."), arn,
                    "Give arn:aws:iam::123456789012:" + kind + "/name.");
        }

        private static void Id(string? value, string prefix, string errorId)
        {
            if (value is null || !Regex.IsMatch(value, "^" + prefix + "-[0-9a-f]{1,32}$"))
                throw new EcsAdminException(errorId, EcsErrorKind.InvalidArgument,
                    "'" + value + "' is not a " + prefix + "- id.", value, "Give ids such as " + prefix + "-0123456789abcdef0.");
        }

        private static void Range(int? value, int min, int max, string parameter, string unit)
        {
            if (value is int v && (v < min || v > max))
                throw new EcsAdminException("Invalid" + parameter, EcsErrorKind.InvalidArgument,
                    "-" + parameter + " " + v + " is out of range: " + min + " to " + max + " " + unit + ".", v,
                    "Give -" + parameter + " between " + min + " and " + max + ".");
        }

        // ------------------------------------------------------------------ container instances and attributes

        private static readonly Regex AttributeNameRule = new Regex(@"^[a-zA-Z0-9_\-/\\\.]{1,128}$", RegexOptions.Compiled);
        private static readonly Regex AttributeValueRule = new Regex(@"^[a-zA-Z0-9_\-\.@/\\: ]{1,128}$", RegexOptions.Compiled);

        public static void AttributeName(string? name)
        {
            if (name is null || !AttributeNameRule.IsMatch(name))
                throw new EcsAdminException("InvalidAttributeName", EcsErrorKind.InvalidArgument,
                    "'" + name + "' is not a valid attribute name.", name,
                    "Use up to 128 letters, digits, hyphens, underscores, periods and slashes.");
            if (name.StartsWith("ecs.", StringComparison.OrdinalIgnoreCase))
                throw new EcsAdminException("ReservedAttributeName", EcsErrorKind.InvalidArgument,
                    "Attributes named ecs.* are set by the ECS agent and cannot be changed ('" + name + "').", name,
                    "Choose a name without the ecs. prefix, e.g. stack or team.");
        }

        public static void AttributeValue(string name, string? value)
        {
            if (value is null) return;
            if (!AttributeValueRule.IsMatch(value) || value.Trim() != value)
                throw new EcsAdminException("InvalidAttributeValue", EcsErrorKind.InvalidArgument,
                    "'" + value + "' is not a valid value for attribute " + name + ".", value,
                    "Use up to 128 letters, digits, spaces (not at either end), hyphens, underscores, periods, @, slashes and colons.");
        }

        public static void Attributes(AttributeOptions o, bool requireInstances)
        {
            PreflightChecks.Reference(o.Cluster, "cluster", "InvalidClusterName");
            if (o.Attributes.Count == 0)
                throw new EcsAdminException("AttributeRequired", EcsErrorKind.InvalidArgument, "No attribute was given.", null,
                    "Give -Name (and -Value), or -Attribute @{ name = 'value' }.");
            foreach (var kv in o.Attributes)
            {
                AttributeName(kv.Key);
                AttributeValue(kv.Key, kv.Value);
            }
            if (requireInstances && o.ContainerInstances.Length == 0)
                throw new EcsAdminException("ContainerInstanceRequired", EcsErrorKind.InvalidArgument, "No container instance was given.", null,
                    "Give -ContainerInstance, or pipe Get-EcsContainerInstance.");
            foreach (var ci in o.ContainerInstances) ContainerInstance(ci);
        }

        public static void ContainerInstance(string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new EcsAdminException("InvalidContainerInstance", EcsErrorKind.InvalidArgument, "A container instance id cannot be empty or blank.", value,
                    "Give the container instance's id or ARN (Get-EcsContainerInstance lists them).");
            PreflightChecks.Reference(value, "container instance", "InvalidContainerInstance");
        }

        /// <summary>The id at the end of a container instance ARN (or the id itself).</summary>
        public static string ContainerInstanceId(string value)
        {
            var v = value.Trim();
            var slash = v.LastIndexOf('/');
            return slash >= 0 ? v.Substring(slash + 1) : v;
        }

        // ------------------------------------------------------------------ ECS Anywhere

        public static void Activation(AnywhereActivationOptions o, DateTime now)
        {
            PreflightChecks.Reference(o.Cluster, "cluster", "InvalidClusterName");
            if (string.IsNullOrWhiteSpace(o.IamRole) || o.IamRole.Length > 64 && !o.IamRole.StartsWith("arn:", StringComparison.Ordinal))
                throw new EcsAdminException("InvalidIamRole", EcsErrorKind.InvalidArgument,
                    "-IamRole must name the IAM role the hosts get (e.g. ecsAnywhereRole).", o.IamRole,
                    "Create the role with the AmazonSSMManagedInstanceCore and AmazonEC2ContainerServiceforEC2Role policies, trusted by ssm.amazonaws.com, and give its name.");
            if (o.RegistrationLimit < 1 || o.RegistrationLimit > 1000)
                throw new EcsAdminException("InvalidRegistrationLimit", EcsErrorKind.InvalidArgument,
                    "-RegistrationLimit " + o.RegistrationLimit + " is out of range: 1 to 1000 hosts.", o.RegistrationLimit, "Give -RegistrationLimit between 1 and 1000.");
            if (o.ExpirationDate is DateTime e)
            {
                var utc = e.Kind == DateTimeKind.Local ? e.ToUniversalTime() : e;
                if (utc <= now || utc > now.AddDays(30))
                    throw new EcsAdminException("InvalidExpirationDate", EcsErrorKind.InvalidArgument,
                        "An activation must expire in the future and within 30 days (" + utc.ToString("u") + " given).", e,
                        "Give -ExpirationDate between now and " + now.AddDays(30).ToString("u") + ", or leave it out for 24 hours.");
            }
        }

        // ------------------------------------------------------------------ Cloud Map namespaces

        public static void DiscoveryService(DiscoveryServiceOptions o)
        {
            if (string.IsNullOrWhiteSpace(o.Namespace))
                throw new EcsAdminException("InvalidNamespaceName", EcsErrorKind.InvalidArgument, "A namespace name or id cannot be empty or blank.", o.Namespace,
                    "Give the Cloud Map namespace's name, id (ns-...) or ARN.");
            if (string.IsNullOrWhiteSpace(o.Name) || !Regex.IsMatch(o.Name.Trim(), @"^((?=^.{1,127}$)^([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9])(\.([a-zA-Z0-9_][a-zA-Z0-9-_]{0,61}[a-zA-Z0-9_]|[a-zA-Z0-9]))*)$"))
                throw new EcsAdminException("InvalidDiscoveryName", EcsErrorKind.InvalidArgument, "'" + o.Name + "' is not a valid service discovery name.", o.Name,
                    "Use letters, digits, hyphens and underscores (a DNS label), e.g. web.");
            if (o.DnsRecordType != null && o.DnsRecordType != "A" && o.DnsRecordType != "AAAA" && o.DnsRecordType != "SRV")
                throw new EcsAdminException("InvalidDnsRecordType", EcsErrorKind.InvalidArgument, "'" + o.DnsRecordType + "' is not a DNS record type ECS registers (A, AAAA or SRV).", o.DnsRecordType,
                    "Give A (awsvpc tasks), AAAA, or SRV (bridge or host network mode, with a container port).");
            if (o.Ttl is long ttl && (ttl < 0 || ttl > 2147483647))
                throw new EcsAdminException("InvalidTtl", EcsErrorKind.InvalidArgument, "A DNS TTL of " + ttl + " seconds is out of range.", ttl, "Give a TTL between 0 and 2147483647 seconds, e.g. 60.");
        }

        public static void Namespace(NewNamespaceOptions o)
        {
            var name = o.Name?.Trim() ?? "";
            if (o.Type == "HTTP")
            {
                if (!Regex.IsMatch(name, @"^[!-~]{1,1024}$"))
                    throw new EcsAdminException("InvalidNamespaceName", EcsErrorKind.InvalidArgument,
                        "'" + o.Name + "' is not a valid HTTP namespace name.", o.Name, "Use up to 1024 printable ASCII characters without spaces.");
                if (o.Vpc != null)
                    throw new EcsAdminException("VpcNotApplicable", EcsErrorKind.InvalidArgument,
                        "An HTTP namespace has no VPC; -Vpc applies to a private DNS namespace.", o.Vpc, "Add -Type DnsPrivate, or leave -Vpc out.");
            }
            else if (o.Type == "DNS_PRIVATE")
            {
                if (!Regex.IsMatch(name, @"^[!-~]{1,253}$") || name.Split('.').Any(l => l.Length == 0 || l.Length > 63))
                    throw new EcsAdminException("InvalidNamespaceName", EcsErrorKind.InvalidArgument,
                        "'" + o.Name + "' is not a valid DNS domain name for a private namespace.", o.Name, "Give a domain such as corp.local or internal.example.com.");
                if (o.Vpc is null || !Regex.IsMatch(o.Vpc, @"^vpc-[0-9a-f]{1,32}$"))
                    throw new EcsAdminException("VpcRequired", EcsErrorKind.InvalidArgument,
                        "A private DNS namespace needs the VPC its hosted zone is associated with" + (o.Vpc is null ? "." : "; '" + o.Vpc + "' is not a VPC id."), o.Vpc ?? o.Name,
                        "Give -Vpc vpc-....");
            }
            else
            {
                throw new EcsAdminException("InvalidNamespaceType", EcsErrorKind.InvalidArgument, "'" + o.Type + "' is not a namespace type this module creates.", o.Type,
                    "Give -Type Http or DnsPrivate.");
            }
            if (o.Description != null && o.Description.Length > 1024)
                throw new EcsAdminException("InvalidDescription", EcsErrorKind.InvalidArgument, "A namespace description has at most 1024 characters.", o.Description, "Shorten -Description.");
        }
    }
}
