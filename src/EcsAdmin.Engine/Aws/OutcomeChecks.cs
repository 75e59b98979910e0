using System;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Engine.Aws.Client;
using Task = System.Threading.Tasks.Task;
using EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Aws
{
    /// <summary>What looking at AWS after a lost reply found.</summary>
    internal sealed class OutcomeCheckResult
    {
        private OutcomeCheckResult(object? output, bool notMade, string detail)
        {
            Output = output;
            NotMade = notMade;
            Detail = detail;
        }

        /// <summary>The change was made: the operation's output, rebuilt from what AWS shows.</summary>
        public object? Output { get; }
        /// <summary>AWS shows no trace of the change: it may be sent again.</summary>
        public bool NotMade { get; }
        public string Detail { get; }

        public static OutcomeCheckResult Made(object output, string detail) => new OutcomeCheckResult(output, false, detail);
        public static OutcomeCheckResult NotFound(string detail) => new OutcomeCheckResult(null, true, detail);
        public static OutcomeCheckResult Unknown(string detail) => new OutcomeCheckResult(null, false, detail);
    }

    /// <summary>
    /// For changes that carry no client token and would be duplicated by a replay: after a lost reply, find out
    /// from AWS whether the change was made. RegisterTaskDefinition: the family's latest ACTIVE revision, registered
    /// since the call began, holds everything we sent (AWS adds defaults, so "holds" is: every member we sent has
    /// the value we sent).
    /// </summary>
    internal static class OutcomeChecks
    {
        public static bool Has(string operation) => operation == "RegisterTaskDefinition";

        public static Task<OutcomeCheckResult> CheckAsync(IAwsApi api, string operation, object input, DateTime started, CancellationToken cancellationToken)
            => operation switch
            {
                "RegisterTaskDefinition" => CheckRegisterTaskDefinition(api, (RegisterTaskDefinitionRequest)input, started, cancellationToken),
                _ => Task.FromResult(OutcomeCheckResult.Unknown("no way to check " + operation)),
            };

        private static async Task<OutcomeCheckResult> CheckRegisterTaskDefinition(IAwsApi api, RegisterTaskDefinitionRequest sent, DateTime started, CancellationToken cancellationToken)
        {
            DescribeTaskDefinitionResponse latest;
            try
            {
                latest = await api.CallAsync(EcsApi.DescribeTaskDefinition,
                    new DescribeTaskDefinitionRequest { TaskDefinition = sent.Family, Include = new System.Collections.Generic.List<string> { "TAGS" } }, cancellationToken).ConfigureAwait(false);
            }
            catch (EcsAdmin.Contracts.EcsAdminException ex) when (ex.AwsErrorCode == "ClientException" || ex.Kind == EcsAdmin.Contracts.EcsErrorKind.ObjectNotFound)
            {
                return OutcomeCheckResult.NotFound("the family '" + sent.Family + "' has no revision");
            }
            var td = latest.TaskDefinition;
            if (td is null) return OutcomeCheckResult.Unknown("DescribeTaskDefinition returned no task definition");
            var revision = td.Family + ":" + td.Revision;
            if (td.RegisteredAt is DateTime at && at < started.AddMinutes(-5))
                return OutcomeCheckResult.NotFound("the latest revision " + revision + " is older than this call");
            var mismatch = FirstDifference(JsonSerializer.SerializeToElement(sent, WireClient.Json), JsonSerializer.SerializeToElement(td, WireClient.Json), "", skip: "tags");
            if (mismatch != null)
                return OutcomeCheckResult.NotFound("the latest revision " + revision + " differs from what was sent (" + mismatch + ")");
            return OutcomeCheckResult.Made(new RegisterTaskDefinitionResponse { TaskDefinition = td, Tags = latest.Tags }, "revision " + revision + " holds what was sent");
        }

        /// <summary>The path of the first member of <paramref name="sent"/> that <paramref name="found"/> lacks or holds otherwise; null when all match.</summary>
        internal static string? FirstDifference(JsonElement sent, JsonElement found, string path, string? skip = null)
        {
            switch (sent.ValueKind)
            {
                case JsonValueKind.Object:
                    if (found.ValueKind != JsonValueKind.Object) return path.Length == 0 ? "(root)" : path;
                    foreach (var p in sent.EnumerateObject())
                    {
                        if (p.Name == skip || p.Value.ValueKind == JsonValueKind.Null) continue;
                        if (!found.TryGetProperty(p.Name, out var f))
                        {
                            // An empty list sent is the same as one AWS leaves out.
                            if (p.Value.ValueKind == JsonValueKind.Array && p.Value.GetArrayLength() == 0) continue;
                            return Join(path, p.Name);
                        }
                        var d = FirstDifference(p.Value, f, Join(path, p.Name));
                        if (d != null) return d;
                    }
                    return null;
                case JsonValueKind.Array:
                    if (found.ValueKind != JsonValueKind.Array || found.GetArrayLength() != sent.GetArrayLength()) return path;
                    var a = sent.EnumerateArray().ToArray();
                    var b = found.EnumerateArray().ToArray();
                    for (int i = 0; i < a.Length; i++)
                    {
                        var d = FirstDifference(a[i], b[i], path + "[" + i + "]");
                        if (d != null) return d;
                    }
                    return null;
                case JsonValueKind.String:
                case JsonValueKind.Number:
                    var left = sent.ValueKind == JsonValueKind.String ? sent.GetString() : sent.GetRawText();
                    var right = found.ValueKind == JsonValueKind.String ? found.GetString() : found.ValueKind == JsonValueKind.Number ? found.GetRawText() : null;
                    if (left == right) return null;
                    // A role or other resource given by name comes back as its ARN.
                    if (left != null && right != null && !left.StartsWith("arn:", StringComparison.Ordinal) && right.StartsWith("arn:", StringComparison.Ordinal)
                        && right.EndsWith("/" + left, StringComparison.Ordinal)) return null;
                    return path;
                case JsonValueKind.True:
                case JsonValueKind.False:
                    return found.ValueKind == sent.ValueKind ? null : path;
                default:
                    return null;
            }
        }

        private static string Join(string path, string name) => path.Length == 0 ? name : path + "." + name;
    }
}
