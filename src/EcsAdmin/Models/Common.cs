using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>One entry of a capacity provider strategy: FARGATE_SPOT weight 4, FARGATE weight 1 base 1, ...</summary>
    public sealed class EcsCapacityProviderStrategyItem
    {
        public EcsCapacityProviderStrategyItem() { }

        public EcsCapacityProviderStrategyItem(string capacityProvider, int weight, int @base = 0)
        {
            CapacityProvider = capacityProvider;
            Weight = weight;
            Base = @base;
        }

        public string CapacityProvider { get; set; } = "";
        public int Weight { get; set; }
        public int Base { get; set; }

        public override string ToString() => CapacityProvider + ":" + Weight + (Base > 0 ? "/base " + Base : "");
    }
}
