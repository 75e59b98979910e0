using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.ModelMapping
{
    /// <summary>Placement, load balancers and registries between the public models and the wire.</summary>
    internal static class PlacementMapping
    {
        /// <summary>Null stays null (unchanged); an empty array is sent empty (on an update: remove them all).</summary>
        public static List<Ecs.PlacementStrategy>? ToWire(EcsPlacementStrategy[]? items)
            => items?.Select(s => new Ecs.PlacementStrategy { Type = s.Type, Field = s.Field }).ToList();

        public static List<Ecs.PlacementConstraint>? ToWire(EcsPlacementConstraint[]? items)
            => items?.Select(c => new Ecs.PlacementConstraint { Type = c.Type, Expression = c.Expression }).ToList();

        public static EcsPlacementStrategy[] FromWire(List<Ecs.PlacementStrategy>? items)
            => items?.Select(s => new EcsPlacementStrategy { Type = s.Type ?? "", Field = s.Field }).ToArray() ?? Array.Empty<EcsPlacementStrategy>();

        public static EcsPlacementConstraint[] FromWire(List<Ecs.PlacementConstraint>? items)
            => items?.Select(c => new EcsPlacementConstraint { Type = c.Type ?? "", Expression = c.Expression }).ToArray() ?? Array.Empty<EcsPlacementConstraint>();

        public static List<Ecs.LoadBalancer>? ToWire(EcsLoadBalancer[]? items)
            => items?.Select(l => new Ecs.LoadBalancer { TargetGroupArn = l.TargetGroupArn, LoadBalancerName = l.LoadBalancerName, ContainerName = l.ContainerName, ContainerPort = l.ContainerPort }).ToList();

        public static List<Ecs.ServiceRegistry>? ToWire(ServiceRegistryOptions[]? items)
            => items?.Select(r => new Ecs.ServiceRegistry { RegistryArn = r.RegistryArn, Port = r.Port, ContainerName = r.ContainerName, ContainerPort = r.ContainerPort }).ToList();
    }
}
