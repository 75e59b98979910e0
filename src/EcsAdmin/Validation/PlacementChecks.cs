using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Validation
{
    /// <summary>One port mapping of a task definition's container, as the network-mode rules read it.</summary>
    internal sealed class PortMappingFact
    {
        public string Container { get; set; } = "";
        public int? ContainerPort { get; set; }
        public int? HostPort { get; set; }
        /// <summary>A containerPortRange ("8000-8010"), in place of ContainerPort.</summary>
        public string? ContainerPortRange { get; set; }
    }

    /// <summary>
    /// The launch-model rules of services and tasks: placement strategies and constraints (with the cluster query
    /// language of memberOf), launch type against capacity provider strategy, scheduling strategy, and the port
    /// mappings and network configuration a task definition's network mode allows. Checked before any request by
    /// the cmdlets (so -WhatIf sees them) and by the engine; each failure is a typed EcsAdminException.
    /// </summary>
    internal static class PlacementChecks
    {
        public const int MaxStrategies = 5;
        public const int MaxConstraints = 10;
        public static readonly string[] LaunchTypes = { "EC2", "FARGATE", "EXTERNAL" };

        private static EcsAdminException Bad(string id, string message, object? target, string action)
            => new EcsAdminException(id, EcsErrorKind.InvalidArgument, message, target, action);

        /// <summary>Checks the strategies and writes their wire spelling back (binpack/spread/random; cpu/memory; instanceId).</summary>
        public static void Strategies(EcsPlacementStrategy[]? strategies)
        {
            if (strategies is null) return;
            if (strategies.Length > MaxStrategies)
                throw Bad("InvalidPlacementStrategy", "A service or task takes at most " + MaxStrategies + " placement strategies, not " + strategies.Length + ".", strategies,
                    "Keep the " + MaxStrategies + " that matter most, e.g. 'spread:attribute:ecs.availability-zone','binpack:memory'.");
            foreach (var s in strategies)
            {
                var type = (s.Type ?? "").Trim().ToLowerInvariant();
                var field = string.IsNullOrWhiteSpace(s.Field) ? null : s.Field!.Trim();
                switch (type)
                {
                    case "binpack":
                        var f = field?.ToLowerInvariant();
                        if (f != "cpu" && f != "memory")
                            throw Bad("InvalidPlacementStrategy", "A binpack strategy packs by cpu or memory, not " + (field is null ? "nothing" : "'" + field + "'") + ".", s,
                                "Write 'binpack:memory' or 'binpack:cpu'.");
                        field = f;
                        break;
                    case "spread":
                        if (field is null)
                            throw Bad("InvalidPlacementStrategy", "A spread strategy needs a field: instanceId or attribute:NAME.", s,
                                "Write 'spread:attribute:ecs.availability-zone' or 'spread:instanceId'.");
                        if (string.Equals(field, "instanceId", StringComparison.OrdinalIgnoreCase) || string.Equals(field, "host", StringComparison.OrdinalIgnoreCase)) field = "instanceId";
                        else if (!field.StartsWith("attribute:", StringComparison.Ordinal) || field.Length == "attribute:".Length || field.Any(char.IsWhiteSpace))
                            throw Bad("InvalidPlacementStrategy", "A spread strategy spreads over instanceId or attribute:NAME, not '" + field + "'.", s,
                                "Write 'spread:attribute:ecs.availability-zone' or 'spread:instanceId'.");
                        break;
                    case "random":
                        if (field != null)
                            throw Bad("InvalidPlacementStrategy", "A random strategy takes no field (got '" + field + "').", s, "Write 'random'.");
                        break;
                    default:
                        throw Bad("InvalidPlacementStrategy", "'" + s.Type + "' is not a placement strategy: use binpack, spread or random.", s,
                            "Write 'binpack:memory', 'spread:attribute:ecs.availability-zone' or 'random'.");
                }
                s.Type = type;
                s.Field = field;
            }
        }

        /// <summary>Checks the constraints (memberOf expressions parsed, errors with their position) and writes their wire spelling back.</summary>
        public static void Constraints(EcsPlacementConstraint[]? constraints)
        {
            if (constraints is null) return;
            if (constraints.Length > MaxConstraints)
                throw Bad("InvalidPlacementConstraint", "A service or task takes at most " + MaxConstraints + " placement constraints, not " + constraints.Length + ".", constraints,
                    "Combine memberOf expressions with 'and', e.g. 'memberOf:attribute:stack == prod and attribute:ecs.instance-type =~ t3.*'.");
            foreach (var c in constraints)
            {
                var type = (c.Type ?? "").Trim();
                var expression = string.IsNullOrWhiteSpace(c.Expression) ? null : c.Expression!.Trim();
                if (string.Equals(type, "distinctInstance", StringComparison.OrdinalIgnoreCase))
                {
                    if (expression != null)
                        throw Bad("InvalidPlacementConstraint", "A distinctInstance constraint takes no expression (got '" + expression + "').", c,
                            "Write 'distinctInstance', or 'memberOf:EXPRESSION' to choose instances.");
                    c.Type = "distinctInstance";
                }
                else if (string.Equals(type, "memberOf", StringComparison.OrdinalIgnoreCase))
                {
                    if (expression is null)
                        throw Bad("InvalidPlacementConstraint", "A memberOf constraint needs a cluster query expression.", c,
                            "Write 'memberOf:attribute:ecs.instance-type =~ t3.*'.");
                    ClusterQuery.Parse(expression);
                    c.Type = "memberOf";
                }
                else
                    throw Bad("InvalidPlacementConstraint", "'" + c.Type + "' is not a placement constraint: use distinctInstance or memberOf.", c,
                        "Write 'distinctInstance' or 'memberOf:attribute:ecs.instance-type =~ t3.*'.");
                c.Expression = expression;
            }
        }

        /// <summary>A capacity provider strategy of any providers: well formed, and Fargate and Auto Scaling group providers not mixed.</summary>
        public static void CapacityStrategy(EcsCapacityProviderStrategyItem[]? strategy)
        {
            PreflightChecks.Strategy(strategy);
            if (strategy is { Length: > 0 } && !IsFargateStrategy(strategy) && strategy.Any(s => s.CapacityProvider == "FARGATE" || s.CapacityProvider == "FARGATE_SPOT"))
                throw Bad("CapacityProviderStrategyMixed", "A capacity provider strategy cannot mix FARGATE/FARGATE_SPOT with Auto Scaling group providers ("
                    + string.Join(", ", strategy.Select(s => s.CapacityProvider)) + ").", strategy,
                    "Use either 'FARGATE_SPOT:4','FARGATE:1:1' or your Auto Scaling group providers, e.g. 'asg-web:1:2','asg-spot:3'.");
        }

        /// <summary>True when the strategy names only FARGATE and FARGATE_SPOT.</summary>
        public static bool IsFargateStrategy(EcsCapacityProviderStrategyItem[]? strategy)
            => strategy is { Length: > 0 } && strategy.All(s => s.CapacityProvider == "FARGATE" || s.CapacityProvider == "FARGATE_SPOT");

        /// <summary>
        /// The launch model of a service or task: launch type or capacity provider strategy (not both; Fargate and
        /// Auto Scaling group providers not mixed), scheduling strategy, placement, and the awsvpc settings that
        /// the launch type allows. Returns the launch model: FARGATE, EC2 or EXTERNAL; with neither a launch type
        /// nor a strategy, <paramref name="defaultModel"/> (Start-EcsTask: FARGATE; New-EcsService: EC2, the
        /// model of a cluster's default capacity provider strategy of Auto Scaling groups).
        /// </summary>
        public static string LaunchModel(string? launchType, EcsCapacityProviderStrategyItem[]? strategy, string? schedulingStrategy,
            EcsPlacementStrategy[]? placementStrategies, EcsPlacementConstraint[]? placementConstraints, bool networkGiven, object target, string defaultModel = "FARGATE")
        {
            if (launchType != null && !LaunchTypes.Contains(launchType))
                throw Bad("InvalidLaunchType", "'" + launchType + "' is not a launch type: use EC2, FARGATE or EXTERNAL.", launchType, "Give -LaunchType EC2, FARGATE or EXTERNAL.");
            if (strategy is { Length: > 0 } && !string.IsNullOrEmpty(launchType))
                throw Bad("LaunchTypeAndStrategy", "-LaunchType and -CapacityProviderStrategy cannot be given together.", launchType,
                    "Give -CapacityProviderStrategy 'asg-web:1' or -LaunchType EC2, not both.");
            CapacityStrategy(strategy);
            var model = launchType ?? (IsFargateStrategy(strategy) ? "FARGATE" : strategy is { Length: > 0 } ? "EC2" : defaultModel);
            Strategies(placementStrategies);
            Constraints(placementConstraints);
            if (string.Equals(schedulingStrategy, "DAEMON", StringComparison.Ordinal))
            {
                if (model == "FARGATE")
                    throw Bad("DaemonOnFargate", "Fargate does not run DAEMON services: a daemon runs one task on each container instance.", target,
                        "Give -LaunchType EC2 (or EXTERNAL) with -SchedulingStrategy DAEMON, or use REPLICA on Fargate.");
                if (strategy is { Length: > 0 })
                    throw Bad("DaemonWithCapacityProvider", "A DAEMON service runs on every container instance and takes no capacity provider strategy.", strategy,
                        "Leave out -CapacityProviderStrategy and give -LaunchType EC2.");
                if (placementStrategies is { Length: > 0 })
                    throw Bad("DaemonWithPlacementStrategy", "A DAEMON service takes placement constraints but no placement strategy (it runs one task on each instance).", placementStrategies,
                        "Leave out -PlacementStrategy; choose instances with -PlacementConstraint 'memberOf:...'.");
            }
            bool placed = placementStrategies is { Length: > 0 } || placementConstraints is { Length: > 0 };
            if (model == "FARGATE" && placed)
                throw Bad("PlacementOnFargate", "Fargate places tasks itself (spread over availability zones): placement strategies and constraints apply to EC2 and EXTERNAL only.", target,
                    "Leave out -PlacementStrategy and -PlacementConstraint, or run on EC2: -LaunchType EC2 or an Auto Scaling group capacity provider.");
            if (model == "EXTERNAL" && networkGiven)
                throw Bad("NetworkConfigurationNotAwsvpc", "ECS Anywhere (EXTERNAL) tasks use bridge, host or none networking: -Subnet, -SecurityGroup and -AssignPublicIp do not apply.", target,
                    "Leave out -Subnet, -SecurityGroup and -AssignPublicIp for EXTERNAL, and register the task definition with networkMode bridge or host.");
            return model;
        }

        /// <summary>
        /// A task definition's port mappings against its network mode, and the service's network configuration
        /// against it: awsvpc needs subnets, the others take none; in awsvpc and host a hostPort is the
        /// containerPort or left out; in bridge 0 (or none) is a dynamic port; none maps no ports; one host port
        /// serves one mapping.
        /// </summary>
        public static void NetworkMode(string? networkMode, IReadOnlyList<PortMappingFact> ports, bool subnetsGiven, bool networkGiven, string taskDefinition)
        {
            var mode = string.IsNullOrEmpty(networkMode) ? "bridge" : networkMode!;
            if (mode == "awsvpc" && !subnetsGiven)
                throw Bad("SubnetRequired", "Task definition " + taskDefinition + " uses awsvpc networking: each task gets a network interface in one of your subnets.", taskDefinition,
                    "Give -Subnet subnet-0123456789abcdef0 -SecurityGroup sg-0123456789abcdef0.");
            if (mode != "awsvpc" && networkGiven)
                throw Bad("NetworkConfigurationNotAwsvpc", "Task definition " + taskDefinition + " uses " + mode + " networking: -Subnet, -SecurityGroup and -AssignPublicIp apply to awsvpc only.", taskDefinition,
                    "Leave them out, or register a revision with networkMode awsvpc.");
            var used = new Dictionary<int, string>();
            foreach (var p in ports)
            {
                var where = "container '" + p.Container + "' of " + taskDefinition;
                if (mode == "none")
                    throw Bad("PortMappingNotAllowed", "Task definition " + taskDefinition + " uses network mode none, which maps no ports, but " + where + " maps " + (p.ContainerPort?.ToString() ?? p.ContainerPortRange) + ".", taskDefinition,
                        "Register a revision without portMappings, or with networkMode bridge, host or awsvpc.");
                if ((mode == "awsvpc" || mode == "host") && p.HostPort is int h && p.ContainerPort is int c && h != c)
                    throw Bad("HostPortMismatch", "In " + mode + " networking a hostPort must equal its containerPort (or be left out), but " + where + " maps container port " + c + " to host port " + h + ".", taskDefinition,
                        "Register a revision with hostPort " + c + " or without hostPort, or use networkMode bridge for a different host port.");
                var hostPort = mode == "bridge" ? p.HostPort : p.HostPort ?? p.ContainerPort;
                if (hostPort is int taken && taken > 0)
                {
                    if (used.TryGetValue(taken, out var other))
                        throw Bad("HostPortConflict", "Host port " + taken + " is mapped twice in " + taskDefinition + " (" + other + " and container '" + p.Container + "'): one port serves one mapping.", taskDefinition,
                            "Give each mapping its own port" + (mode == "bridge" ? ", or hostPort 0 for a dynamic port." : "."));
                    used[taken] = "container '" + p.Container + "'";
                }
            }
        }

        /// <summary>The launch type against the task definition's compatibilities (ECS computes them at registration).</summary>
        public static void Compatible(string model, IReadOnlyCollection<string> compatibilities, string? networkMode, string taskDefinition)
        {
            bool ok = model switch
            {
                "EC2" => compatibilities.Count == 0 || compatibilities.Contains("EC2"),
                "EXTERNAL" => compatibilities.Count == 0 || compatibilities.Contains("EXTERNAL") || compatibilities.Contains("EC2"),
                _ => compatibilities.Contains("FARGATE"),
            };
            if (!ok)
                throw Bad("TaskDefinitionNotCompatible", "Task definition " + taskDefinition + " is not compatible with " + model + " (compatibilities: " + string.Join(",", compatibilities) + ").", taskDefinition,
                    "Register a revision with requiresCompatibilities " + model + ", or choose a launch type it supports.");
            if (model == "EXTERNAL" && networkMode == "awsvpc")
                throw Bad("NetworkConfigurationNotAwsvpc", "Task definition " + taskDefinition + " uses awsvpc networking, which ECS Anywhere (EXTERNAL) does not support.", taskDefinition,
                    "Register a revision with networkMode bridge or host for EXTERNAL instances.");
        }
    }
}
