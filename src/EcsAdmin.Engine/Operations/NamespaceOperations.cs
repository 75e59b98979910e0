using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Engine.ModelMapping;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Models;
using EcsAdmin.Validation;
using Sd = EcsAdmin.Engine.Aws.Generated.ServiceDiscovery;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>AWS Cloud Map namespaces (HTTP and private DNS), created and deleted through Cloud Map's asynchronous operations.</summary>
    internal sealed class NamespaceOperations : INamespaceOperations
    {
        public const int ProgressActivityId = 0x3EC9;

        private readonly AwsApiFactory _api;
        public NamespaceOperations(AwsApiFactory api) => _api = api;

        internal Func<TimeSpan, CancellationToken, Task> Delay { get; set; } = (t, ct) => Task.Delay(t, ct);
        internal Func<DateTime> Clock { get; set; } = () => DateTime.UtcNow;

        public async Task CreateAsync(EcsSession session, NewNamespaceOptions options, OperationContext context)
        {
            FleetChecks.Namespace(options);
            var api = _api(session, context);
            var name = options.Name.Trim();
            // One request id per create: a retried request (SDK retries, or the same options sent again) makes one namespace.
            var requestId = options.CreatorRequestId ??= Guid.NewGuid().ToString("N");
            var tags = options.Tags is { Count: > 0 } ? options.Tags.Select(kv => new Sd.Tag { Key = kv.Key, Value = kv.Value }).ToList() : null;
            string? operationId;
            if (options.Type == "HTTP")
                operationId = (await api.CallAsync(Sd.ServiceDiscoveryApi.CreateHttpNamespace, new Sd.CreateHttpNamespaceRequest
                {
                    Name = name, CreatorRequestId = requestId, Description = options.Description, Tags = tags,
                }, context.CancellationToken).ConfigureAwait(false)).OperationId;
            else
                operationId = (await api.CallAsync(Sd.ServiceDiscoveryApi.CreatePrivateDnsNamespace, new Sd.CreatePrivateDnsNamespaceRequest
                {
                    Name = name, CreatorRequestId = requestId, Description = options.Description, Vpc = options.Vpc, Tags = tags,
                }, context.CancellationToken).ConfigureAwait(false)).OperationId;
            if (string.IsNullOrEmpty(operationId))
                throw new EcsAdminException("NamespaceOperationMissing", EcsErrorKind.InvalidResult, "Cloud Map returned no operation id for namespace '" + name + "'.", name, "Check with Get-EcsNamespace whether it was created.");
            var op = await WaitOperationAsync(api, operationId!, "Creating namespace " + name, options.Wait, context).ConfigureAwait(false);
            string? id = null;
            if (op?.Targets != null) op.Targets.TryGetValue("NAMESPACE", out id);
            if (op?.Status == "SUCCESS" && id != null)
            {
                var ns = (await api.CallAsync(Sd.ServiceDiscoveryApi.GetNamespace, new Sd.GetNamespaceRequest { Id = id }, context.CancellationToken).ConfigureAwait(false)).Namespace;
                var model = ns is null ? new EcsNamespace { Region = api.Region, Name = name, Id = id, Type = options.Type } : ToModel(ns, api.Region);
                model.OperationId = operationId;
                context.Output(model);
                return;
            }
            context.Output(new EcsNamespace { Region = api.Region, Name = name, Id = id ?? "", Type = options.Type, Description = options.Description, OperationId = operationId });
        }

        public async Task GetAsync(EcsSession session, string[]? names, string? type, OperationContext context)
        {
            var api = _api(session, context);
            var patterns = (names ?? Array.Empty<string>()).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n.Trim()).ToArray();
            var exact = patterns.Where(p => !Glob.HasWildcard(p)).ToList();
            var wild = patterns.Where(Glob.HasWildcard).Select(Glob.ToRegex).ToList();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var ns in await ListAsync(api, type, context).ConfigureAwait(false))
            {
                var matched = patterns.Length == 0
                              || exact.Any(e => e == ns.Name || e == ns.Id || e == ns.Arn)
                              || wild.Any(w => w.IsMatch(ns.Name ?? ""));
                if (!matched) continue;
                foreach (var e in exact.Where(e => e == ns.Name || e == ns.Id || e == ns.Arn)) seen.Add(e);
                context.Output(ToModel(ns, api.Region));
            }
            foreach (var e in exact.Where(e => !seen.Contains(e)))
                context.Error(NotFound(e, api.Region));
        }

        public async Task RemoveAsync(EcsSession session, string nameOrId, WaitSettings? wait, OperationContext context)
        {
            if (string.IsNullOrWhiteSpace(nameOrId))
                throw new EcsAdminException("InvalidNamespaceName", EcsErrorKind.InvalidArgument, "A namespace name or id cannot be empty or blank.", nameOrId, "Give the namespace's name, id (ns-...) or ARN.");
            var api = _api(session, context);
            var key = nameOrId.Trim();
            var matches = (await ListAsync(api, null, context).ConfigureAwait(false)).Where(n => n.Id == key || n.Arn == key || n.Name == key).ToList();
            if (matches.Count == 0) throw NotFound(key, api.Region);
            if (matches.Count > 1)
                throw new EcsAdminException("AmbiguousNamespaceName", EcsErrorKind.InvalidArgument,
                    matches.Count + " namespaces are named '" + key + "' (" + string.Join(", ", matches.Select(m => m.Id + " " + m.Type)) + ").", key,
                    "Give the id (ns-...) of the one to delete.");
            var target = matches[0];
            var operationId = (await api.CallAsync(Sd.ServiceDiscoveryApi.DeleteNamespace, new Sd.DeleteNamespaceRequest { Id = target.Id }, context.CancellationToken).ConfigureAwait(false)).OperationId;
            if (!string.IsNullOrEmpty(operationId))
                await WaitOperationAsync(api, operationId!, "Deleting namespace " + target.Name, wait, context).ConfigureAwait(false);
            var model = ToModel(target, api.Region);
            model.OperationId = operationId;
            context.Output(model);
        }

        public async Task<string> ResolveDiscoveryServiceAsync(EcsSession session, DiscoveryServiceOptions options, OperationContext context)
        {
            FleetChecks.DiscoveryService(options);
            var api = _api(session, context);
            var key = options.Namespace.Trim();
            var name = options.Name.Trim();
            var namespaces = (await ListAsync(api, null, context).ConfigureAwait(false)).Where(n => n.Id == key || n.Arn == key || n.Name == key).ToList();
            if (namespaces.Count == 0) throw NotFound(key, api.Region);
            if (namespaces.Count > 1)
                throw new EcsAdminException("AmbiguousNamespaceName", EcsErrorKind.InvalidArgument,
                    namespaces.Count + " namespaces are named '" + key + "' (" + string.Join(", ", namespaces.Select(m => m.Id + " " + m.Type)) + ").", key, "Give the namespace id (ns-...).");
            var ns = namespaces[0];
            var isDns = ns.Type == "DNS_PRIVATE" || ns.Type == "DNS_PUBLIC";
            if (!isDns && (options.DnsRecordType != null || options.Ttl != null))
                throw new EcsAdminException("DnsRecordsNeedDnsNamespace", EcsErrorKind.InvalidArgument,
                    "Namespace " + ns.Name + " is an HTTP namespace: its services have no DNS records, so a record type or TTL does not apply.", key,
                    "Leave out the DNS record type and TTL, or use a DNS namespace (New-EcsNamespace -Type DnsPrivate).");

            // An existing service of that name in that namespace (ListServices filters by namespace; each candidate is
            // confirmed with GetService, which names its namespace).
            string? token = null;
            do
            {
                var page = await api.CallAsync(Sd.ServiceDiscoveryApi.ListServices, new Sd.ListServicesRequest
                {
                    MaxResults = 100, NextToken = token,
                    Filters = new List<Sd.ServiceFilter> { new Sd.ServiceFilter { Name = "NAMESPACE_ID", Values = new List<string> { ns.Id! }, Condition = "EQ" } },
                }, context.CancellationToken).ConfigureAwait(false);
                foreach (var candidate in (page.Services ?? new List<Sd.ServiceSummary>()).Where(s => s.Name == name))
                {
                    var svc = (await api.CallAsync(Sd.ServiceDiscoveryApi.GetService, new Sd.GetServiceRequest { Id = candidate.Id }, context.CancellationToken).ConfigureAwait(false)).Service;
                    if (svc is null || svc.NamespaceId != ns.Id) continue;
                    var have = svc.DnsConfig?.DnsRecords?.Select(r => r.Type).ToList() ?? new List<string>();
                    if (options.DnsRecordType != null && !have.Contains(options.DnsRecordType))
                        throw new EcsAdminException("DiscoveryServiceMismatch", EcsErrorKind.InvalidOperation,
                            "Cloud Map service " + name + "." + ns.Name + " exists with DNS records " + (have.Count == 0 ? "(none)" : string.Join(", ", have)) + ", not " + options.DnsRecordType + ".", svc.Arn,
                            "Use the record type it has, or another discovery name.");
                    context.Verbose("Cloud Map service " + name + " in " + ns.Name + " exists: " + svc.Arn);
                    return svc.Arn!;
                }
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));

            var created = (await api.CallAsync(Sd.ServiceDiscoveryApi.CreateService, new Sd.CreateServiceRequest
            {
                Name = name,
                NamespaceId = ns.Id,
                CreatorRequestId = Guid.NewGuid().ToString("N"),
                DnsConfig = isDns ? new Sd.DnsConfig
                {
                    RoutingPolicy = "MULTIVALUE",
                    DnsRecords = new List<Sd.DnsRecord> { new Sd.DnsRecord { Type = options.DnsRecordType ?? "A", TTL = options.Ttl ?? 60 } },
                } : null,
                HealthCheckCustomConfig = new Sd.HealthCheckCustomConfig { FailureThreshold = 1 },
            }, context.CancellationToken).ConfigureAwait(false)).Service;
            if (created?.Arn is null)
                throw new EcsAdminException("DiscoveryServiceNotCreated", EcsErrorKind.InvalidResult, "Cloud Map CreateService returned no service ARN for " + name + ".", name, "Retry; check the Cloud Map endpoint.");
            context.Verbose("Created Cloud Map service " + name + " in " + ns.Name + ": " + created.Arn);
            return created.Arn;
        }

        private static async Task<List<Sd.NamespaceSummary>> ListAsync(IAwsApi api, string? type, OperationContext context)
        {
            var all = new List<Sd.NamespaceSummary>();
            string? token = null;
            do
            {
                var page = await api.CallAsync(Sd.ServiceDiscoveryApi.ListNamespaces, new Sd.ListNamespacesRequest
                {
                    MaxResults = 100,
                    NextToken = token,
                    Filters = type is null ? null : new List<Sd.NamespaceFilter> { new Sd.NamespaceFilter { Name = "TYPE", Values = new List<string> { type }, Condition = "EQ" } },
                }, context.CancellationToken).ConfigureAwait(false);
                all.AddRange((page.Namespaces ?? new List<Sd.NamespaceSummary>()).Where(n => type is null || n.Type == type));
                token = page.NextToken;
            } while (!string.IsNullOrEmpty(token));
            return all;
        }

        /// <summary>Polls GetOperation until SUCCESS or FAIL (FAIL throws with Cloud Map's message); null wait: one look.</summary>
        private async Task<Sd.Operation?> WaitOperationAsync(IAwsApi api, string operationId, string activity, WaitSettings? wait, OperationContext context)
        {
            var settings = wait ?? new WaitSettings { Timeout = TimeSpan.Zero };
            var start = Clock();
            var interval = PollBackoff.First(settings);
            try
            {
                while (true)
                {
                    var op = (await api.CallAsync(Sd.ServiceDiscoveryApi.GetOperation, new Sd.GetOperationRequest { OperationId = operationId }, context.CancellationToken).ConfigureAwait(false)).Operation;
                    var status = op?.Status ?? "SUBMITTED";
                    context.Progress(new ProgressInfo { ActivityId = ProgressActivityId, Activity = activity, Status = "Cloud Map operation " + operationId + ": " + status });
                    if (status == "SUCCESS") return op;
                    if (status == "FAIL")
                        throw new EcsAdminException("NamespaceOperationFailed", EcsErrorKind.InvalidOperation,
                            activity + " failed: " + (op?.ErrorMessage ?? "no message") + (op?.ErrorCode is null ? "" : " (" + op.ErrorCode + ")") + ".", operationId,
                            "Correct what Cloud Map names (a name in use, a VPC that does not exist, services still in the namespace) and retry.");
                    var elapsed = Clock() - start;
                    if (elapsed >= settings.Timeout)
                    {
                        if (wait != null) context.Warning(activity + ": Cloud Map operation " + operationId + " is still " + status + " after " + settings.Timeout + ".");
                        return op;
                    }
                    await Delay(PollBackoff.Sleep(settings.Timeout - elapsed, interval), context.CancellationToken).ConfigureAwait(false);
                    interval = PollBackoff.Next(interval, settings);
                }
            }
            finally
            {
                context.Progress(new ProgressInfo { ActivityId = ProgressActivityId, Activity = activity, Status = "Done", Completed = true });
            }
        }

        internal static EcsNamespace ToModel(Sd.NamespaceSummary n, string region) => new EcsNamespace
        {
            Region = region, Name = n.Name ?? "", Id = n.Id ?? "", Arn = n.Arn ?? "", Type = n.Type ?? "", Description = n.Description,
            ServiceCount = n.ServiceCount, HostedZoneId = n.Properties?.DnsProperties?.HostedZoneId, HttpName = n.Properties?.HttpProperties?.HttpName,
            CreateDate = n.CreateDate,
        };

        internal static EcsNamespace ToModel(Sd.Namespace n, string region) => new EcsNamespace
        {
            Region = region, Name = n.Name ?? "", Id = n.Id ?? "", Arn = n.Arn ?? "", Type = n.Type ?? "", Description = n.Description,
            ServiceCount = n.ServiceCount, HostedZoneId = n.Properties?.DnsProperties?.HostedZoneId, HttpName = n.Properties?.HttpProperties?.HttpName,
            CreateDate = n.CreateDate,
        };

        internal static EcsAdminException NotFound(string key, string region)
            => new EcsAdminException("NamespaceNotFound", EcsErrorKind.ObjectNotFound,
                "Cloud Map namespace '" + key + "' was not found in " + region + ".", key,
                "List the namespaces with Get-EcsNamespace -Region " + region + ".");
    }
}
