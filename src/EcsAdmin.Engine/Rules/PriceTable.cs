using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using EcsAdmin.Contracts;

namespace EcsAdmin.Engine.Rules
{
    /// <summary>Fargate prices of one region, per hour.</summary>
    public sealed class FargateRegionPrice
    {
        [JsonPropertyName("region")] public string Region { get; set; } = "";
        [JsonPropertyName("vcpuHour")] public double VCpuHour { get; set; }
        [JsonPropertyName("gbHour")] public double GbHour { get; set; }
        [JsonPropertyName("arm64VcpuHour")] public double? Arm64VCpuHour { get; set; }
        [JsonPropertyName("arm64GbHour")] public double? Arm64GbHour { get; set; }
        /// <summary>The share Fargate Spot takes off the on-demand price (0.70 = 70% cheaper).</summary>
        [JsonPropertyName("spotDiscount")] public double SpotDiscount { get; set; }
    }

    /// <summary>
    /// The Fargate price table: shipped in the engine as the embedded resource Rules/fargate-prices.json
    /// (its date and source basis are in the file), replaceable per call with Get-EcsRightSizing -PriceTable.
    /// </summary>
    public sealed class PriceTable
    {
        public const string ResourceName = "EcsAdmin.Engine.Rules.fargate-prices.json";

        [JsonPropertyName("asOf")] public string AsOf { get; set; } = "";
        [JsonPropertyName("source")] public string Source { get; set; } = "";
        [JsonPropertyName("currency")] public string Currency { get; set; } = "USD";
        [JsonPropertyName("hoursPerMonth")] public double HoursPerMonth { get; set; } = 730;
        [JsonPropertyName("regions")] public List<FargateRegionPrice> Regions { get; set; } = new List<FargateRegionPrice>();

        /// <summary>Where the table came from: "shipped" or the path given.</summary>
        [JsonIgnore] public string Origin { get; set; } = "shipped";

        public FargateRegionPrice? For(string region)
            => Regions.FirstOrDefault(r => string.Equals(r.Region, region, StringComparison.OrdinalIgnoreCase));

        private static PriceTable? _shipped;

        /// <summary>The table shipped with the module.</summary>
        public static PriceTable Shipped()
        {
            if (_shipped != null) return _shipped;
            using var stream = typeof(PriceTable).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException("The shipped price table " + ResourceName + " is missing from the engine assembly.");
            using var reader = new StreamReader(stream);
            return _shipped = Parse(reader.ReadToEnd(), "shipped");
        }

        /// <summary>Reads and checks a table; a bad one is an InvalidPriceTable error naming what is wrong.</summary>
        public static PriceTable Parse(string json, string origin)
        {
            PriceTable? table;
            try
            {
                table = JsonSerializer.Deserialize<PriceTable>(json, new JsonSerializerOptions { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            }
            catch (JsonException ex)
            {
                throw Bad(origin, "is not valid JSON: " + ex.Message);
            }
            if (table is null) throw Bad(origin, "is empty.");
            table.Origin = origin;
            if (string.IsNullOrWhiteSpace(table.AsOf)) throw Bad(origin, "has no 'asOf' date (the date its prices were taken).");
            if (table.HoursPerMonth <= 0 || table.HoursPerMonth > 744) throw Bad(origin, "has hoursPerMonth " + table.HoursPerMonth + "; give the hours billed per month (730 is AWS's convention).");
            if (table.Regions.Count == 0) throw Bad(origin, "lists no region.");
            foreach (var r in table.Regions)
            {
                if (string.IsNullOrWhiteSpace(r.Region)) throw Bad(origin, "has a region entry without 'region'.");
                if (r.VCpuHour <= 0 || r.GbHour <= 0) throw Bad(origin, "gives region " + r.Region + " no positive 'vcpuHour' and 'gbHour'.");
                if (r.SpotDiscount < 0 || r.SpotDiscount >= 1) throw Bad(origin, "gives region " + r.Region + " spotDiscount " + r.SpotDiscount + "; it is a fraction from 0 to below 1 (0.70 = 70% off).");
            }
            return table;
        }

        private static EcsAdminException Bad(string origin, string what)
            => new EcsAdminException("InvalidPriceTable", EcsErrorKind.InvalidData, "The price table " + origin + " " + what, origin,
                "Give -PriceTable a JSON file shaped like the shipped table: { \"asOf\": \"2026-06-17\", \"currency\": \"USD\", \"hoursPerMonth\": 730, "
                + "\"regions\": [ { \"region\": \"us-east-1\", \"vcpuHour\": 0.04048, \"gbHour\": 0.004445, \"spotDiscount\": 0.7 } ] }.");
    }
}
