using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// Turns what users pass to the service and task cmdlets (hashtables, PSCustomObjects, strings) into the
    /// option types; a malformed item is a typed EcsAdminException naming an example of the right form.
    /// </summary>
    internal static class ServiceBinding
    {
        private static EcsAdminException Bad(string id, string message, object? target, string action)
            => new EcsAdminException(id, EcsErrorKind.InvalidArgument, message, target, action);

        private static object? Unwrap(object? o) => o is PSObject p ? p.BaseObject : o;

        private static object? Get(IDictionary d, string key)
        {
            foreach (var k in d.Keys)
                if (string.Equals(k?.ToString(), key, StringComparison.OrdinalIgnoreCase)) return Unwrap(d[k!]);
            return null;
        }

        private static int? Int(object? value, string what)
        {
            if (value is null) return null;
            if (value is int i) return i;
            if (int.TryParse(value.ToString(), out var v)) return v;
            throw Bad("InvalidArgumentValue", "'" + value + "' is not a whole number (" + what + ").", value, "Give " + what + " as a number.");
        }

        private static IDictionary AsTable(object? raw, string errorId, string example)
        {
            var item = Unwrap(raw);
            if (item is IDictionary d) return d;
            if (item is PSObject || item != null)
            {
                // A PSCustomObject: read its properties as a table.
                var pso = raw as PSObject ?? new PSObject(item);
                var table = new Hashtable(StringComparer.OrdinalIgnoreCase);
                foreach (var p in pso.Properties) table[p.Name] = p.Value;
                if (table.Count > 0 && !(item is string)) return table;
            }
            throw Bad(errorId, "Expected a hashtable, not " + (item?.GetType().Name ?? "null") + ".", item, "Write " + example + ".");
        }

        public static EcsLoadBalancer[]? ToLoadBalancers(object[]? items)
        {
            if (items is null) return null;
            const string example = "@{TargetGroupArn='arn:aws:elasticloadbalancing:...'; ContainerName='web'; ContainerPort=8080}";
            return items.Select(raw =>
            {
                if (Unwrap(raw) is EcsLoadBalancer lb) return lb;
                var d = AsTable(raw, "InvalidLoadBalancer", example);
                return new EcsLoadBalancer
                {
                    TargetGroupArn = Get(d, "TargetGroupArn")?.ToString(),
                    LoadBalancerName = Get(d, "LoadBalancerName")?.ToString(),
                    ContainerName = Get(d, "ContainerName")?.ToString() ?? "",
                    ContainerPort = Int(Get(d, "ContainerPort"), "ContainerPort") ?? 0,
                };
            }).ToArray();
        }

        public static ServiceRegistryOptions[]? ToRegistries(object[]? items)
        {
            if (items is null) return null;
            const string example = "@{RegistryArn='arn:aws:servicediscovery:...'; ContainerName='web'; ContainerPort=8080}";
            return items.Select(raw =>
            {
                var item = Unwrap(raw);
                if (item is string arn) return new ServiceRegistryOptions { RegistryArn = arn };
                var d = AsTable(raw, "InvalidServiceRegistry", example);
                return new ServiceRegistryOptions
                {
                    RegistryArn = Get(d, "RegistryArn")?.ToString() ?? "",
                    Port = Int(Get(d, "Port"), "Port"),
                    ContainerName = Get(d, "ContainerName")?.ToString(),
                    ContainerPort = Int(Get(d, "ContainerPort"), "ContainerPort"),
                };
            }).ToArray();
        }

        /// <summary>8080, '8080', 'api.internal:8080' or @{Port=8080; DnsName='api.internal'}.</summary>
        public static ServiceConnectAliasOptions[]? ToAliases(object[]? items)
        {
            if (items is null) return null;
            return items.Select(raw =>
            {
                var item = Unwrap(raw);
                switch (item)
                {
                    case int p: return new ServiceConnectAliasOptions { Port = p };
                    case string s:
                        var colon = s.LastIndexOf(':');
                        var portText = colon >= 0 ? s.Substring(colon + 1) : s;
                        if (!int.TryParse(portText, out var port))
                            throw Bad("InvalidServiceConnectAlias", "'" + s + "' is not a client alias: write PORT or DNSNAME:PORT.", s, "Write 8080 or 'api.internal:8080'.");
                        return new ServiceConnectAliasOptions { Port = port, DnsName = colon > 0 ? s.Substring(0, colon) : null };
                    default:
                        var d = AsTable(raw, "InvalidServiceConnectAlias", "@{Port=8080; DnsName='api.internal'}");
                        return new ServiceConnectAliasOptions { Port = Int(Get(d, "Port"), "Port") ?? 0, DnsName = Get(d, "DnsName")?.ToString() };
                }
            }).ToArray();
        }

        public static Dictionary<string, string>? ToImages(object? value)
        {
            value = Unwrap(value);
            if (value is null) return null;
            // A plain string is the image of the task definition's only container; the engine checks there is one.
            if (value is string image) return new Dictionary<string, string>(StringComparer.Ordinal) { [UpdateServiceOptions.OnlyContainer] = image.Trim() };
            if (!(value is IDictionary table))
                throw new EcsAdminException("InvalidImage", EcsErrorKind.InvalidArgument, "-Image takes an image or a table of container names and images, not a " + value.GetType().Name + ".", value,
                    "Write -Image 'repo/web:1.2.3' for a single-container task definition, or -Image @{web='repo/web:1.2.3'}.");
            var d = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (DictionaryEntry e in table) d[e.Key?.ToString()?.Trim() ?? ""] = Unwrap(e.Value)?.ToString()?.Trim() ?? "";
            return d;
        }

        /// <summary>@{Name='app'; Command='a','b'; Environment=@{K='V'}} items.</summary>
        public static ContainerOverrideOptions[]? ToOverrides(object[]? items)
        {
            if (items is null) return null;
            const string example = "@{Name='app'; Command='npm','run','migrate'; Environment=@{STAGE='prod'}}";
            return items.Select(raw =>
            {
                var d = AsTable(raw, "InvalidOverride", example);
                var name = Get(d, "Name") ?? Get(d, "ContainerName");
                var cmd = Get(d, "Command");
                string[]? command = cmd switch
                {
                    null => null,
                    string s => new[] { s },
                    IEnumerable e => e.Cast<object>().Select(x => Unwrap(x)?.ToString() ?? "").ToArray(),
                    _ => new[] { cmd.ToString() ?? "" },
                };
                Dictionary<string, string>? env = null;
                var envRaw = Get(d, "Environment");
                if (envRaw != null)
                {
                    var envTable = AsTable(envRaw, "InvalidOverride", example);
                    env = new Dictionary<string, string>(StringComparer.Ordinal);
                    foreach (DictionaryEntry e in envTable) env[e.Key?.ToString() ?? ""] = Unwrap(e.Value)?.ToString() ?? "";
                }
                return new ContainerOverrideOptions { Name = name?.ToString() ?? "", Command = command, Environment = env };
            }).ToArray();
        }
    }
}
