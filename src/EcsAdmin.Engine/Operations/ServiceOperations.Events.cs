using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Engine.Reads;
using EcsAdmin.Engine.Rules;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Operations
{
    internal sealed partial class ServiceOperations
    {
        // ------------------------------------------------------------------ events

        public async Task GetEventsAsync(EcsSession session, ServiceEventOptions options, OperationContext context)
        {
            PreflightChecks.Reference(options.Cluster, "cluster", "InvalidClusterName");
            foreach (var s in options.Services) PreflightChecks.Reference(s, "service", "InvalidServiceName");
            var api = _api(session, context);
            var ct = context.CancellationToken;
            var names = options.Services.Select(s => s.Trim()).Distinct().ToList();
            await Batches.DescribeAsync(names, Batches.DescribeServices,
                batch => api.CallAsync(Ecs.EcsApi.DescribeServices, new Ecs.DescribeServicesRequest { Cluster = options.Cluster, Services = batch }, ct),
                (batch, reply) =>
                {
                    var found = reply.Services ?? new List<Ecs.Service>();
                    foreach (var name in batch)
                    {
                        var svc = found.FirstOrDefault(x => x.ServiceName == Mapping.NameFromArn(name) || x.ServiceArn == name);
                        if (svc is null || svc.Status == "INACTIVE")
                        {
                            context.Error(NotFound(name, options.Cluster, api.Region));
                            continue;
                        }
                        var cluster = svc.ClusterArn != null ? ServiceMapping.ClusterName(svc.ClusterArn) : Mapping.NameFromArn(options.Cluster);
                        var events = (svc.Events ?? new List<Ecs.ServiceEvent>()).Select(e =>
                        {
                            var mapped = ServiceMapping.Event(e);
                            mapped.Region = api.Region;
                            mapped.Cluster = cluster;
                            mapped.Service = svc.ServiceName ?? Mapping.NameFromArn(name);
                            return mapped;
                        });
                        foreach (var e in ServiceEventRules.Select(events, options.Since, options.Last)) context.Output(e);
                    }
                }, ct).ConfigureAwait(false);
        }
    }
}
