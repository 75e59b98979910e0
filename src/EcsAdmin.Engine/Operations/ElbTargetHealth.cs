using System.Collections.Generic;
using System.Linq;
using System.Xml.Linq;
using EcsAdmin.Engine.Aws.Wire;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// The one Elastic Load Balancing v2 call the health check needs, DescribeTargetHealth, in the query protocol
    /// (form request, XML reply) on the same wire client pipeline (SigV4, retries, endpoints) as the JSON services.
    /// </summary>
    internal static class Elbv2Api
    {
        public static readonly ServiceDescriptor Service = new ServiceDescriptor("Elastic Load Balancing v2", "elasticloadbalancing", "elasticloadbalancing",
            "", WireProtocol.Query, "2015-12-01", "ELASTIC_LOAD_BALANCING_V2");

        public static readonly WireOperation<DescribeTargetHealthInput, DescribeTargetHealthOutput> DescribeTargetHealth =
            new WireOperation<DescribeTargetHealthInput, DescribeTargetHealthOutput>(Service, "DescribeTargetHealth");
    }

    internal sealed class DescribeTargetHealthInput : IQueryRequest
    {
        public string TargetGroupArn { get; set; } = "";

        public void WriteQuery(IDictionary<string, string> form) => form["TargetGroupArn"] = TargetGroupArn;
    }

    internal sealed class TargetHealthDescription
    {
        public string Id { get; set; } = "";
        public int? Port { get; set; }
        /// <summary>initial, healthy, unhealthy, unhealthy.draining, unused, draining, unavailable.</summary>
        public string State { get; set; } = "";
        public string? Reason { get; set; }
        public string? Description { get; set; }
    }

    internal sealed class DescribeTargetHealthOutput : IQueryResponse
    {
        public List<TargetHealthDescription> TargetHealthDescriptions { get; set; } = new List<TargetHealthDescription>();

        public void ReadXml(XElement result)
        {
            static XElement? Child(XElement? e, string name) => e?.Elements().FirstOrDefault(x => x.Name.LocalName == name);
            var list = Child(result, "TargetHealthDescriptions");
            if (list is null) return;
            foreach (var member in list.Elements().Where(x => x.Name.LocalName == "member"))
            {
                var target = Child(member, "Target");
                var health = Child(member, "TargetHealth");
                TargetHealthDescriptions.Add(new TargetHealthDescription
                {
                    Id = Child(target, "Id")?.Value ?? "",
                    Port = int.TryParse(Child(target, "Port")?.Value, out var port) ? port : (int?)null,
                    State = Child(health, "State")?.Value ?? "",
                    Reason = Child(health, "Reason")?.Value,
                    Description = Child(health, "Description")?.Value,
                });
            }
        }
    }
}
