using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Threading.Tasks;
using Amazon.Runtime;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws.Client;

namespace EcsAdmin.Engine.Aws
{
    /// <summary>
    /// The one map from AWS error codes to error kinds, ErrorIds and advice. Every message is our context (service,
    /// operation, the resource it was about) followed by AWS's own message and the code, status and request id.
    /// </summary>
    internal static class AwsErrorMap
    {
        public static EcsErrorKind KindOf(string? code, int status)
        {
            switch (code)
            {
                case "ClusterNotFoundException":
                case "ServiceNotFoundException":
                case "ResourceNotFoundException":
                case "ObjectNotFoundException":
                case "TargetNotFoundException":
                case "TaskSetNotFoundException":
                case "NamespaceNotFoundException":
                case "TargetGroupNotFound":
                case "TargetGroupNotFoundException":
                case "LoadBalancerNotFound":
                case "ResourceNotFound":
                    return EcsErrorKind.ObjectNotFound;
                case "ServiceNotActiveException":
                case "ClusterContainsServicesException":
                case "ClusterContainsTasksException":
                case "ClusterContainsContainerInstancesException":
                case "UpdateInProgressException":
                case "ConcurrentUpdateException":
                case "ConflictException":
                case "ResourceInUseException":
                case "TargetNotConnectedException":
                    return EcsErrorKind.InvalidOperation;
                case "InvalidParameterException":
                case "ValidationException":
                case "ValidationError":
                case "ClientException":
                case "InvalidParameterValue":
                case "InvalidParameterValueException":
                case "InvalidParameterCombination":
                case "MissingParameter":
                case "InvalidFormat":
                case "InvalidNextToken":
                case "InvalidNextTokenException":
                case "SerializationException":
                case "InvalidTarget":
                    return EcsErrorKind.InvalidArgument;
                case "AccessDeniedException":
                case "AccessDenied":
                case "UnauthorizedOperation":
                case "UnauthorizedException":
                    return EcsErrorKind.PermissionDenied;
                case "UnrecognizedClientException":
                case "InvalidSignatureException":
                case "ExpiredTokenException":
                case "ExpiredToken":
                case "InvalidClientTokenId":
                case "SignatureDoesNotMatch":
                case "IncompleteSignature":
                case "MissingAuthenticationToken":
                case "MissingAuthenticationTokenException":
                case "RequestExpired":
                case "RequestTimeTooSkewed":
                case "AuthFailure":
                    return EcsErrorKind.AuthenticationError;
                case "ThrottlingException":
                case "Throttling":
                case "TooManyRequestsException":
                case "RequestLimitExceeded":
                case "ThrottledException":
                case "RequestThrottled":
                case "RequestThrottledException":
                    return EcsErrorKind.LimitsExceeded;
                case "LimitExceededException":
                case "LimitExceeded":
                case "ServiceQuotaExceededException":
                    return EcsErrorKind.QuotaExceeded;
                case "ServerException":
                case "InternalFailure":
                case "InternalServiceError":
                case "InternalServerError":
                case "InternalServiceFault":
                case "ServiceUnavailable":
                case "ServiceUnavailableException":
                case "ServiceUnavailableError":
                    return EcsErrorKind.ResourceUnavailable;
            }
            if (status == 404 || status == 501) return EcsErrorKind.NotImplemented;
            if (status == 403) return EcsErrorKind.PermissionDenied;
            if (status == 429) return EcsErrorKind.LimitsExceeded;
            if (status >= 500) return EcsErrorKind.ResourceUnavailable;
            if (status >= 400) return EcsErrorKind.InvalidArgument;
            return EcsErrorKind.NotSpecified;
        }

        /// <summary>True when the endpoint answered that it does not know the operation (emulators, old regions).</summary>
        public static bool IsUnknownOperation(EcsAdminException ex)
            => ex.ErrorId == "OperationNotSupportedByEndpoint";

        public static EcsAdminException ToEcsAdminException(Exception ex, string service, string operation, string region)
            => ToEcsAdminException(ex, service, operation, region, null);

        public static EcsAdminException ToEcsAdminException(Exception ex, string service, string operation, string region, object? input)
        {
            if (ex is EcsAdminException already) return already;
            string? code = (ex as AmazonServiceException)?.ErrorCode;
            var target = ErrorTarget.Find(input, code);
            var context = service + " " + operation + (target is null ? "" : " for " + target.Describe());
            object? targetObject = target?.Value;

            switch (ex)
            {
                case WireOutcomeUnknownException lost:
                    return new EcsAdminException("Aws.OutcomeUnknown", EcsErrorKind.OperationStopped,
                        context + ": the request was sent but its reply was lost (" + (lost.InnerException?.Message ?? "no reply") + "). "
                        + "Whether the change was made is unknown; it was not sent again, so that it cannot be made twice.",
                        targetObject, HowToCheck(operation, target), ex);
                case WireTimeoutException timeout:
                    return new EcsAdminException("Aws.Timeout", EcsErrorKind.OperationTimeout,
                        context + ": " + timeout.Message, targetObject,
                        "Check the network and the endpoint (" + region + "); for a slow link raise Connect-EcsSession -RequestTimeoutSec (now " + (int)timeout.PerAttempt.TotalSeconds + ").", ex);
                case WireBadReplyException bad:
                    return new EcsAdminException("Aws.BadReply", EcsErrorKind.InvalidResult,
                        context + ": " + bad.Message, targetObject,
                        "The endpoint answered with a reply that is not the operation's answer; check the endpoint URL and any proxy in between, then try again.", ex);
            }

            if (ex is AmazonServiceException ase)
            {
                var status = (int)ase.StatusCode;
                var reply = (ase as WireServiceException)?.Reply;
                var message = reply != null ? reply.Message : (ase.Message == code ? null : ase.Message);
                var requestId = string.IsNullOrEmpty(ase.RequestId) ? "" : ", request id " + ase.RequestId;
                if (reply != null && !reply.FromAws)
                {
                    // Not an AWS error document: a proxy, a firewall or a wrong endpoint answered.
                    var unknownOpByStatus = status == 404 || status == 501;
                    if (unknownOpByStatus)
                        return new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented,
                            context + " is not supported by the endpoint (HTTP " + status + ", " + reply.Foreign + ").", targetObject,
                            "The endpoint (an emulator or an older region) does not implement " + operation + ".", ex, null);
                    var kind = status >= 500 ? EcsErrorKind.ResourceUnavailable : EcsErrorKind.ConnectionError;
                    return new EcsAdminException("Aws.UnexpectedReply", kind,
                        context + " failed: the endpoint answered HTTP " + status + " with " + reply.Foreign + ", not an AWS reply.", targetObject,
                        "Something other than AWS answered: check the endpoint URL, and any proxy or firewall (HTTPS_PROXY) between this machine and " + region + ".", ex, null);
                }
                bool unknownOp = status == 404 || status == 501
                    || code == "UnknownOperationException" || code == "InvalidAction"
                    || (message != null && (message.IndexOf("not yet implemented", StringComparison.OrdinalIgnoreCase) >= 0
                        || message.IndexOf("has not been implemented", StringComparison.OrdinalIgnoreCase) >= 0));
                if (unknownOp)
                    return new EcsAdminException("OperationNotSupportedByEndpoint", EcsErrorKind.NotImplemented,
                        context + " is not supported by the endpoint: " + (message ?? code ?? ("HTTP " + status)) + " (" + (code ?? "HTTP " + status) + ").", targetObject,
                        "The endpoint (an emulator or an older region) does not implement " + operation + ".", ex, code);
                var errorKind = KindOf(code, status);
                return new EcsAdminException("Aws." + (string.IsNullOrEmpty(code) ? "Http" + status : code), errorKind,
                    context + " failed: " + (message ?? code ?? "HTTP " + status) + " (" + (code ?? "no error code") + ", HTTP " + status + requestId + ")",
                    targetObject, Advice(errorKind, code, target, region), ex, code);
            }
            if (ex is AmazonClientException ace)
            {
                var authProblem = ace.Message.IndexOf("credential", StringComparison.OrdinalIgnoreCase) >= 0;
                return new EcsAdminException(authProblem ? "CredentialsUnusable" : "Aws.ClientError",
                    authProblem ? EcsErrorKind.AuthenticationError : EcsErrorKind.ConnectionError,
                    context + " could not be sent: " + ace.Message, targetObject,
                    authProblem ? "Check the credentials with Get-EcsSession; refresh SSO with 'aws sso login' or choose another profile."
                        : "Check the network, the endpoint URL and the region (" + region + ").", ex);
            }
            if (ex is TaskCanceledException || ex is TimeoutException)
                return new EcsAdminException("Aws.Timeout", EcsErrorKind.OperationTimeout,
                    context + " timed out.", targetObject, "Check the network and the endpoint; raise Connect-EcsSession -RequestTimeoutSec for a slow link.", ex);
            if (ex is System.Net.Http.HttpRequestException || ex is System.Net.WebException || ex is System.IO.IOException || ex is System.Net.Sockets.SocketException)
                return new EcsAdminException("Aws.ConnectionFailed", EcsErrorKind.ConnectionError,
                    context + " could not reach the endpoint: " + Innermost(ex).Message, targetObject,
                    "Check the network, the endpoint URL and the region (" + region + ").", ex);
            return new EcsAdminException("Aws.UnexpectedError", EcsErrorKind.NotSpecified,
                context + " failed: " + ex.Message, targetObject, null, ex);
        }

        private static Exception Innermost(Exception ex)
        {
            var e = ex;
            while (e.InnerException != null) e = e.InnerException;
            return e.Message == ex.Message || string.IsNullOrEmpty(e.Message) ? ex : e;
        }

        private static string HowToCheck(string operation, ErrorTarget? target)
        {
            var name = target?.Value?.ToString() ?? "<name>";
            return operation switch
            {
                "RegisterTaskDefinition" => "Run Get-EcsTaskDefinition " + name + " and compare its latest revision with what you registered before registering again.",
                "PutScalingPolicy" or "RegisterScalableTarget" or "PutScheduledAction" or "DeleteScalingPolicy" or "DeregisterScalableTarget" or "DeleteScheduledAction"
                    => "Run Get-EcsScaling for the service to see its current scaling before trying again.",
                "PutMetricAlarm" or "DeleteAlarms" => "Run Get-EcsServiceAlarm for the service to see whether the alarm is as you wanted before trying again.",
                "CreateService" or "UpdateService" or "DeleteService" => "Run Get-EcsService " + name + " to see the service's current state before trying again.",
                "DeleteCluster" or "UpdateCluster" or "UpdateClusterSettings" or "PutClusterCapacityProviders" => "Run Get-EcsCluster " + name + " to see the cluster's current state before trying again.",
                "RunTask" => "Run Get-EcsTask to see whether the task was started before trying again.",
                _ => "Look at the resource's current state before trying again.",
            };
        }

        private static string? Advice(EcsErrorKind kind, string? code, ErrorTarget? target, string region)
        {
            switch (code)
            {
                case "ClusterNotFoundException":
                    return "Check the cluster name and the region (" + region + "); list the clusters with Get-EcsCluster.";
                case "ServiceNotFoundException":
                    return "Check the service name, its cluster and the region (" + region + "); list the services with Get-EcsService -Cluster <cluster>.";
                case "ServiceNotActiveException":
                    return "The service is being deleted or is inactive; create it again or choose an active service.";
                case "ExpiredTokenException":
                case "ExpiredToken":
                    return "The session token has expired; refresh the credentials (aws sso login, a new assume-role session) and try again.";
                case "UnrecognizedClientException":
                case "InvalidClientTokenId":
                    return "AWS does not know the access key id (or the session token is invalid); check the credentials with Get-EcsSession and the region's partition.";
                case "InvalidSignatureException":
                case "SignatureDoesNotMatch":
                case "RequestExpired":
                case "RequestTimeTooSkewed":
                    return "The signature was refused: the secret key does not belong to the access key id, or this machine's clock is wrong; check both.";
            }
            return kind switch
            {
                EcsErrorKind.ObjectNotFound => "Check the name and the region (" + region + "); list what exists with the matching Get-Ecs* cmdlet.",
                EcsErrorKind.PermissionDenied => "The identity lacks an IAM permission for this action; check its policies (AWS's message names the action).",
                EcsErrorKind.AuthenticationError => "The credentials were refused; check them with Get-EcsSession, or refresh them (aws sso login).",
                EcsErrorKind.LimitsExceeded => "The API throttled the calls after the configured attempts; try again later or raise -MaxAttempts / max_attempts.",
                EcsErrorKind.QuotaExceeded => "A service quota was reached; request an increase in Service Quotas.",
                EcsErrorKind.ResourceUnavailable => "The service had a transient failure; try again.",
                EcsErrorKind.InvalidArgument => "Correct the value AWS's message names.",
                EcsErrorKind.InvalidOperation => "Wait for the resource to settle, or change what it contains, then retry.",
                _ => null,
            };
        }
    }

    /// <summary>The resource a request was about, read from its input: the cluster, service, task definition...</summary>
    internal sealed class ErrorTarget
    {
        private ErrorTarget(string kind, object value)
        {
            Kind = kind;
            Value = value;
        }

        public string Kind { get; }
        public object Value { get; }

        public string Describe() => Kind + " '" + (Value is IEnumerable e && !(Value is string) ? string.Join("', '", e.Cast<object>()) : Value) + "'";

        // Wire member names (camelCase for ECS/Logs, PascalCase for the others), most specific first.
        private static readonly (string Member, string Kind)[] Order =
        {
            ("service", "service"), ("serviceName", "service"), ("services", "service"),
            ("taskDefinition", "task definition"), ("family", "task definition family"), ("familyPrefix", "task definition family"),
            ("task", "task"), ("tasks", "task"),
            ("PolicyName", "scaling policy"), ("ScheduledActionName", "scheduled action"), ("ResourceId", "scalable target"),
            ("AlarmName", "alarm"), ("AlarmNames", "alarm"),
            ("logGroupName", "log group"), ("logStreamName", "log stream"),
            ("TargetGroupArn", "target group"), ("resourceArn", "resource"), ("sessionId", "session"), ("SessionId", "session"),
            ("cluster", "cluster"), ("clusterName", "cluster"), ("clusters", "cluster"),
        };

        public static ErrorTarget? Find(object? input, string? code)
        {
            if (input is null) return null;
            var values = Members(input);
            if (code != null && code.StartsWith("Cluster", StringComparison.Ordinal))
                return First(values, "cluster", "clusterName", "clusters") ?? Any(values);
            if (code != null && code.StartsWith("Service", StringComparison.Ordinal) && code != "ServiceUnavailable" && code != "ServiceUnavailableException" && code != "ServiceQuotaExceededException")
                return First(values, "service", "serviceName", "services") ?? Any(values);
            return Any(values);
        }

        private static ErrorTarget? Any(Dictionary<string, object> values)
        {
            foreach (var (member, kind) in Order)
                if (values.TryGetValue(member, out var v)) return new ErrorTarget(kind, v);
            return null;
        }

        private static ErrorTarget? First(Dictionary<string, object> values, params string[] members)
        {
            foreach (var m in members)
                if (values.TryGetValue(m, out var v)) return new ErrorTarget(Order.First(o => o.Member == m).Kind, v);
            return null;
        }

        private static Dictionary<string, object> Members(object input)
        {
            var result = new Dictionary<string, object>(StringComparer.Ordinal);
            if (input is IDictionary<string, object> dict)
            {
                foreach (var kv in dict) Add(result, kv.Key, kv.Value);
                return result;
            }
            foreach (var p in input.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (p.GetIndexParameters().Length > 0) continue;
                var wire = p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name;
                Add(result, wire, p.GetValue(input));
            }
            return result;
        }

        private static void Add(Dictionary<string, object> result, string name, object? value)
        {
            switch (value)
            {
                case null:
                    return;
                case string s when s.Length > 0:
                    result[name] = s;
                    return;
                case IEnumerable<string> list:
                    var items = list.Where(x => !string.IsNullOrEmpty(x)).ToArray();
                    if (items.Length == 1) result[name] = items[0];
                    else if (items.Length > 1) result[name] = items;
                    return;
            }
        }
    }
}
