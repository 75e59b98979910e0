using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Validation
{
    /// <summary>
    /// Checks for services and tasks made before any request: by the cmdlets (so -WhatIf sees them) and by the
    /// engine (so every path is covered). Each failure is a typed EcsAdminException.
    /// </summary>
    internal static class ServiceChecks
    {
        private static EcsAdminException Bad(string id, string message, object? target, string action)
            => new EcsAdminException(id, EcsErrorKind.InvalidArgument, message, target, action);

        public static void ServiceName(string? name)
        {
            if (string.IsNullOrWhiteSpace(name) || name!.Length > 255 || !Regex.IsMatch(name, "^[A-Za-z0-9_-]+$"))
                throw Bad("InvalidServiceName", "'" + name + "' is not a valid service name: use 1 to 255 letters, digits, hyphens and underscores.", name,
                    "Choose a name such as 'web' or 'api_v2'.");
        }

        public static void Network(string[]? subnets, string[]? securityGroups)
        {
            if (subnets is null || subnets.Length == 0 || subnets.Any(string.IsNullOrWhiteSpace))
                throw Bad("SubnetRequired", "A Fargate service or task needs at least one subnet (awsvpc networking).", subnets,
                    "Give -Subnet subnet-0123456789abcdef0 (and more, one per availability zone).");
            if (securityGroups is null || securityGroups.Length == 0 || securityGroups.Any(string.IsNullOrWhiteSpace))
                throw Bad("SecurityGroupRequired", "A Fargate service or task needs at least one security group.", securityGroups,
                    "Give -SecurityGroup sg-0123456789abcdef0.");
            NetworkIds(subnets, securityGroups);
        }

        /// <summary>The form of the subnet and security group ids given (on EC2 either may be left out: the task definition's mode decides).</summary>
        public static void NetworkIds(string[]? subnets, string[]? securityGroups)
        {
            subnets ??= Array.Empty<string>();
            securityGroups ??= Array.Empty<string>();
            var badSubnet = subnets.FirstOrDefault(s => !s.Trim().StartsWith("subnet-", StringComparison.Ordinal));
            if (badSubnet != null)
                throw Bad("InvalidSubnet", "'" + badSubnet + "' is not a subnet id (subnet-...).", badSubnet, "Give subnet ids such as subnet-0123456789abcdef0.");
            if (subnets.Length > 16)
                throw Bad("InvalidSubnet", "At most 16 subnets can be given, not " + subnets.Length + ".", subnets, "Give 16 subnets or fewer.");
            var badSg = securityGroups.FirstOrDefault(s => !s.Trim().StartsWith("sg-", StringComparison.Ordinal));
            if (badSg != null)
                throw Bad("InvalidSecurityGroup", "'" + badSg + "' is not a security group id (sg-...).", badSg, "Give security group ids such as sg-0123456789abcdef0.");
            if (securityGroups.Length > 5)
                throw Bad("InvalidSecurityGroup", "At most 5 security groups can be given, not " + securityGroups.Length + ".", securityGroups, "Give 5 security groups or fewer.");
        }

        public static void Placement(EcsCapacityProviderStrategyItem[]? strategy, string? launchType)
        {
            if (strategy != null && strategy.Length > 0 && !string.IsNullOrEmpty(launchType))
                throw Bad("LaunchTypeAndStrategy", "-LaunchType and -CapacityProviderStrategy cannot be given together.", launchType,
                    "Give -CapacityProviderStrategy 'FARGATE_SPOT:4','FARGATE:1:1' or -LaunchType FARGATE, not both.");
            PreflightChecks.Strategy(strategy);
            if (strategy != null)
            {
                var other = strategy.FirstOrDefault(s => s.CapacityProvider != "FARGATE" && s.CapacityProvider != "FARGATE_SPOT");
                if (other != null)
                    throw Bad("InvalidCapacityProviderStrategy", "Fargate services and tasks use the FARGATE and FARGATE_SPOT capacity providers, not '" + other.CapacityProvider + "'.", other,
                        "Use @{CapacityProvider='FARGATE_SPOT'; Weight=4}, @{CapacityProvider='FARGATE'; Weight=1; Base=1}.");
            }
        }

        public static void Deployment(int? minimumHealthyPercent, int? maximumPercent)
        {
            if (minimumHealthyPercent is int min && (min < 0 || min > 100))
                throw Bad("InvalidDeploymentConfiguration", "MinimumHealthyPercent must be 0 to 100, not " + min + ".", min, "Use e.g. -MinimumHealthyPercent 100.");
            if (maximumPercent is int max && (max < 100 || max > 200))
                throw Bad("InvalidDeploymentConfiguration", "MaximumPercent must be 100 to 200, not " + max + ".", max, "Use e.g. -MaximumPercent 200.");
            if (minimumHealthyPercent is int a && maximumPercent is int b && a == 100 && b == 100)
                throw Bad("InvalidDeploymentConfiguration", "MinimumHealthyPercent 100 with MaximumPercent 100 leaves no room to replace a task.", b,
                    "Raise -MaximumPercent above 100 or lower -MinimumHealthyPercent.");
        }

        /// <summary>Checks a new service; returns its launch model (FARGATE, EC2 or EXTERNAL).</summary>
        public static string NewService(NewServiceOptions o)
        {
            PreflightChecks.Reference(o.Cluster, "cluster", "InvalidClusterName");
            ServiceName(o.Name);
            PreflightChecks.Reference(o.TaskDefinition, "task definition", "InvalidTaskDefinition");
            if (o.DesiredCount < 0)
                throw Bad("InvalidDesiredCount", "DesiredCount cannot be negative (" + o.DesiredCount + ").", o.DesiredCount, "Give 0 or more.");
            string model;
            if (o.FargateOnly)
            {
                Network(o.Subnets, o.SecurityGroups);
                Placement(o.CapacityProviderStrategy, o.LaunchType);
                if (o.LaunchType != null && o.LaunchType != "FARGATE")
                    throw Bad("InvalidLaunchType", "New-EcsFargateService runs on Fargate: LaunchType must be FARGATE, not '" + o.LaunchType + "'.", o.LaunchType, "Use -LaunchType FARGATE or a FARGATE/FARGATE_SPOT strategy, or New-EcsService for EC2 and EXTERNAL.");
                model = PlacementChecks.LaunchModel("FARGATE", null, o.SchedulingStrategy, o.PlacementStrategies, o.PlacementConstraints, o.NetworkGiven, o.Name);
            }
            else
            {
                model = PlacementChecks.LaunchModel(o.LaunchType, o.CapacityProviderStrategy, o.SchedulingStrategy, o.PlacementStrategies, o.PlacementConstraints, o.NetworkGiven, o.Name, defaultModel: "EC2");
                if (model == "FARGATE") Network(o.Subnets, o.SecurityGroups);
                else NetworkIds(o.Subnets, o.SecurityGroups);
            }
            if (model == "EXTERNAL" && (o.LoadBalancers?.Length ?? 0) > 0)
                throw Bad("LoadBalancerOnExternal", "ECS Anywhere (EXTERNAL) services cannot be registered with an Elastic Load Balancing target group.", o.LoadBalancers,
                    "Leave out -LoadBalancer for EXTERNAL, or run the service on EC2 or Fargate.");
            Deployment(o.MinimumHealthyPercent, o.MaximumPercent);
            if (o.HealthCheckGracePeriodSeconds is int g && (g < 0 || g > 2147483647))
                throw Bad("InvalidHealthCheckGracePeriod", "HealthCheckGracePeriodSec cannot be negative.", g, "Give seconds, e.g. 60.");
            Attachments(o.LoadBalancers, o.ServiceRegistries, o.ServiceConnectNamespace, o.ServiceConnectPortName, o.ServiceConnectDiscoveryName, o.ServiceConnectClientAliases);
            if (o.PropagateTags != null && !new[] { "SERVICE", "TASK_DEFINITION", "NONE" }.Contains(o.PropagateTags))
                throw Bad("InvalidPropagateTags", "PropagateTags must be SERVICE, TASK_DEFINITION or NONE.", o.PropagateTags, "Use -PropagateTags SERVICE.");
            return model;
        }

        /// <summary>Load balancers, Cloud Map registries and Service Connect settings, on a create or an update.</summary>
        public static void Attachments(EcsLoadBalancer[]? loadBalancers, ServiceRegistryOptions[]? registries, string? scNamespace, string? scPortName,
            string? scDiscoveryName, ServiceConnectAliasOptions[]? scAliases)
        {
            foreach (var lb in loadBalancers ?? Array.Empty<EcsLoadBalancer>())
            {
                if (string.IsNullOrWhiteSpace(lb.TargetGroupArn) && string.IsNullOrWhiteSpace(lb.LoadBalancerName))
                    throw Bad("InvalidLoadBalancer", "A load balancer entry needs TargetGroupArn.", lb, "Write @{TargetGroupArn='arn:aws:elasticloadbalancing:...'; ContainerName='web'; ContainerPort=8080}.");
                if (string.IsNullOrWhiteSpace(lb.ContainerName) || lb.ContainerPort < 1 || lb.ContainerPort > 65535)
                    throw Bad("InvalidLoadBalancer", "A load balancer entry needs ContainerName and ContainerPort (1-65535).", lb, "Write @{TargetGroupArn='...'; ContainerName='web'; ContainerPort=8080}.");
            }
            foreach (var r in registries ?? Array.Empty<ServiceRegistryOptions>())
                if (string.IsNullOrWhiteSpace(r.RegistryArn))
                    throw Bad("InvalidServiceRegistry", "A service registry entry needs RegistryArn.", r, "Write @{RegistryArn='arn:aws:servicediscovery:...'; ContainerName='web'; ContainerPort=8080}.");
            bool anyConnect = scPortName != null || scDiscoveryName != null || (scAliases?.Length ?? 0) > 0;
            if (anyConnect && string.IsNullOrWhiteSpace(scNamespace))
                throw Bad("ServiceConnectNamespaceRequired", "Service Connect settings were given without -ServiceConnectNamespace.", scPortName,
                    "Give -ServiceConnectNamespace (the Cloud Map namespace name or ARN).");
            if (!string.IsNullOrWhiteSpace(scNamespace) && (scDiscoveryName != null || (scAliases?.Length ?? 0) > 0) && string.IsNullOrWhiteSpace(scPortName))
                throw Bad("ServiceConnectPortNameRequired", "Service Connect discovery names and client aliases need -ServiceConnectPortName (the name of a port mapping in the task definition).", scNamespace,
                    "Give -ServiceConnectPortName with the portMappings name, e.g. 'http'.");
            foreach (var a in scAliases ?? Array.Empty<ServiceConnectAliasOptions>())
                if (a.Port < 1 || a.Port > 65535)
                    throw Bad("InvalidServiceConnectAlias", "A Service Connect client alias port must be 1-65535, not " + a.Port + ".", a, "Write 8080 or 'api.internal:8080'.");
        }

        public static void UpdateService(UpdateServiceOptions o)
        {
            PreflightChecks.Reference(o.Cluster, "cluster", "InvalidClusterName");
            PreflightChecks.Reference(o.Service, "service", "InvalidServiceName");
            if (o.TaskDefinition != null && o.Images != null)
                throw Bad("TaskDefinitionAndImage", "-TaskDefinition and -Image cannot be given together.", o.TaskDefinition,
                    "Give -TaskDefinition family:revision to deploy a revision, or -Image @{web='repo:tag'} to register one with new images.");
            if (o.TaskDefinition != null) PreflightChecks.Reference(o.TaskDefinition, "task definition", "InvalidTaskDefinition");
            if (o.Images != null)
            {
                if (o.Images.Count == 0)
                    throw Bad("InvalidImage", "-Image was given an empty table.", o.Images, "Write -Image @{web='123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2.3'}.");
                if (o.Images.ContainsKey(UpdateServiceOptions.OnlyContainer) && o.Images.Count > 1)
                    throw Bad("InvalidImage", "-Image mixes a plain image with container names.", o.Images, "Give one image for a single-container task definition, or name every container: -Image @{web='repo/web:1.2.3'; sidecar='repo/proxy:2'}.");
                foreach (var kv in o.Images)
                    if ((kv.Key != UpdateServiceOptions.OnlyContainer && string.IsNullOrWhiteSpace(kv.Key)) || string.IsNullOrWhiteSpace(kv.Value) || kv.Value.Any(char.IsWhiteSpace))
                        throw Bad("InvalidImage", "'" + kv.Key + "' = '" + kv.Value + "' is not a container name and image.", kv.Key, "Write -Image @{web='repo/web:1.2.3'}.");
            }
            if (o.DesiredCount is int d && d < 0)
                throw Bad("InvalidDesiredCount", "DesiredCount cannot be negative (" + d + ").", d, "Give 0 or more.");
            Deployment(o.MinimumHealthyPercent, o.MaximumPercent);
            // The service may run on EC2: any capacity providers, but Fargate and Auto Scaling group ones not mixed.
            PlacementChecks.CapacityStrategy(o.CapacityProviderStrategy);
            PlacementChecks.Strategies(o.PlacementStrategies);
            PlacementChecks.Constraints(o.PlacementConstraints);
            if (o.Subnets is { Length: 0 })
                throw Bad("SubnetRequired", "-Subnet was given no subnets: an awsvpc service needs at least one.", o.Subnets, "Give -Subnet subnet-0123456789abcdef0.");
            NetworkIds(o.Subnets, o.SecurityGroups);
            if (o.DisableServiceConnect && o.ServiceConnectNamespace != null)
                throw Bad("ServiceConnectConflict", "-DisableServiceConnect and -ServiceConnectNamespace cannot be given together.", o.ServiceConnectNamespace,
                    "Give -ServiceConnectNamespace to change Service Connect, or -DisableServiceConnect to turn it off.");
            Attachments(o.LoadBalancers, o.ServiceRegistries, o.ServiceConnectNamespace, o.ServiceConnectPortName, o.ServiceConnectDiscoveryName, o.ServiceConnectClientAliases);
            bool anything = o.TaskDefinition != null || o.Images != null || o.DesiredCount != null || o.ForceNewDeployment || o.MinimumHealthyPercent != null
                || o.MaximumPercent != null || o.CircuitBreaker != null || o.CapacityProviderStrategy != null || o.EnableExecuteCommand != null
                || o.HealthCheckGracePeriodSeconds != null || o.PlatformVersion != null
                || o.Strategy != null || o.PlacementStrategies != null || o.PlacementConstraints != null || o.NetworkChanged
                || o.LoadBalancers != null || o.ServiceRegistries != null || o.ServiceConnectChanged;
            if (!anything)
                throw Bad("NothingToChange", "Update-EcsService was given nothing to change for '" + o.Service + "'.", o.Service,
                    "Give -TaskDefinition, -Image, -DesiredCount, -ForceNewDeployment, a deployment setting, placement, network, load balancer, registry or Service Connect settings.");
            if (o.EnableExecuteCommand != null && o.TaskDefinition == null && o.Images == null && !o.ForceNewDeployment)
            {
                // Not an error: ECS applies the exec setting to new tasks only; the operation warns.
            }
        }

        /// <summary>Checks a task start; returns its launch model (FARGATE, EC2 or EXTERNAL).</summary>
        public static string StartTask(StartTaskOptions o)
        {
            PreflightChecks.Reference(o.Cluster, "cluster", "InvalidClusterName");
            PreflightChecks.Reference(o.TaskDefinition, "task definition", "InvalidTaskDefinition");
            if (o.Count < 1 || o.Count > 10)
                throw Bad("InvalidCount", "RunTask starts 1 to 10 tasks per call, not " + o.Count + ".", o.Count, "Give -Count 1 to 10.");
            var model = PlacementChecks.LaunchModel(o.LaunchType, o.CapacityProviderStrategy, null, o.PlacementStrategies, o.PlacementConstraints, o.NetworkGiven, o.TaskDefinition);
            if (model == "FARGATE") Network(o.Subnets, o.SecurityGroups);
            else NetworkIds(o.Subnets, o.SecurityGroups);
            foreach (var ov in o.Overrides ?? Array.Empty<ContainerOverrideOptions>())
                if (string.IsNullOrWhiteSpace(ov.Name))
                    throw Bad("InvalidOverride", "A container override needs the container's Name.", ov, "Write -Override @{Name='app'; Command='npm','run','migrate'; Environment=@{STAGE='prod'}}.");
            return model;
        }
    }
}
