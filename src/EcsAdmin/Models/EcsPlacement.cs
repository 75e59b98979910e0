namespace EcsAdmin.Models
{
    /// <summary>A task placement strategy: binpack (cpu or memory), spread (instanceId or attribute:NAME) or random.</summary>
    public sealed class EcsPlacementStrategy
    {
        /// <summary>binpack, spread or random.</summary>
        public string Type { get; set; } = "";
        /// <summary>cpu or memory for binpack; instanceId or attribute:NAME for spread; none for random.</summary>
        public string? Field { get; set; }
        public override string ToString() => Field is null ? Type : Type + ":" + Field;
    }

    /// <summary>A task placement constraint: distinctInstance, or memberOf with a cluster query expression.</summary>
    public sealed class EcsPlacementConstraint
    {
        /// <summary>distinctInstance or memberOf.</summary>
        public string Type { get; set; } = "";
        /// <summary>The cluster query expression of a memberOf constraint.</summary>
        public string? Expression { get; set; }
        public override string ToString() => Expression is null ? Type : Type + ":" + Expression;
    }
}
