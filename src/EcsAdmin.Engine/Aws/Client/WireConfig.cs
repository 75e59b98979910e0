using System;
using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using EcsAdmin.Engine.Aws.Wire;

namespace EcsAdmin.Engine.Aws.Client
{
    /// <summary>Where a client sends its requests, decided by the session layer before the client exists.</summary>
    internal sealed class WireEndpoint
    {
        public WireEndpoint(string region, string? url)
        {
            Region = region;
            Url = string.IsNullOrWhiteSpace(url) ? null : url!.TrimEnd('/');
        }

        public string Region { get; }
        /// <summary>An explicit endpoint URL (parameter, AWS_ENDPOINT_URL*, profile endpoint_url), or null for AWS's own.</summary>
        public string? Url { get; }

        /// <summary>The partition a region belongs to, by the region name patterns of botocore's endpoints.</summary>
        public static string Partition(string region)
        {
            if (region.StartsWith("cn-", StringComparison.Ordinal)) return "aws-cn";
            if (region.StartsWith("us-gov-", StringComparison.Ordinal)) return "aws-us-gov";
            if (region.StartsWith("us-iso-", StringComparison.Ordinal)) return "aws-iso";
            if (region.StartsWith("us-isob-", StringComparison.Ordinal)) return "aws-iso-b";
            if (region.StartsWith("us-isof-", StringComparison.Ordinal)) return "aws-iso-f";
            if (region.StartsWith("eu-isoe-", StringComparison.Ordinal)) return "aws-iso-e";
            if (region.StartsWith("eusc-", StringComparison.Ordinal)) return "aws-eusc";
            return "aws";
        }

        private static string DnsSuffix(string partition) => partition switch
        {
            "aws-cn" => "amazonaws.com.cn",
            "aws-iso" => "c2s.ic.gov",
            "aws-iso-b" => "sc2s.sgov.gov",
            "aws-iso-f" => "csp.hci.ic.gov",
            "aws-iso-e" => "cloud.adc-e.uk",
            "aws-eusc" => "amazonaws.eu",
            _ => "amazonaws.com",
        };

        private static PartitionEndpoint? Global(ServiceDescriptor service, string region)
        {
            var partition = Partition(region);
            foreach (var e in service.GlobalEndpoints) if (e.Partition == partition) return e;
            return null;
        }

        /// <summary>
        /// The AWS endpoint for a service in a region: the partition's one endpoint for a global service (IAM), else
        /// the regional host with the partition's DNS suffix.
        /// </summary>
        public static string DefaultUrl(ServiceDescriptor service, string region)
            => Global(service, region) is PartitionEndpoint global
                ? "https://" + global.Hostname
                : "https://" + service.EndpointPrefix + "." + region + "." + DnsSuffix(Partition(region));

        public string Resolve(ServiceDescriptor service) => Url ?? DefaultUrl(service, Region);

        /// <summary>
        /// The region requests are signed for: a global service's own (IAM in the aws partition signs for us-east-1
        /// from any region), else the session's. An explicit endpoint URL is signed for the session's region.
        /// </summary>
        public string SigningRegion(ServiceDescriptor service)
            => Url is null && Global(service, Region) is PartitionEndpoint global ? global.SigningRegion : Region;
    }

    /// <summary>Retry settings: standard mode by default; attempts include the first try.</summary>
    internal sealed class WireRetrySettings
    {
        public WireRetrySettings(RequestRetryMode mode, int maxAttempts)
        {
            if (maxAttempts < 1) throw new ArgumentOutOfRangeException(nameof(maxAttempts));
            Mode = mode;
            MaxAttempts = maxAttempts;
        }

        public static WireRetrySettings Default { get; } = new WireRetrySettings(RequestRetryMode.Standard, 3);
        public RequestRetryMode Mode { get; }
        public int MaxAttempts { get; }
    }

    /// <summary>
    /// AWSSDK.Core client configuration for one of our generated services: fixed endpoint (no endpoint rules
    /// engine needed for the JSON services we call), SigV4 with the model's signing name, SDK retries.
    /// </summary>
    internal sealed class WireClientConfig : ClientConfig
    {
        private readonly ServiceDescriptor _service;

        public WireClientConfig(ServiceDescriptor service, WireEndpoint endpoint, WireRetrySettings retry, TimeSpan? timeout)
            : base(new DefaultConfigurationProvider(new IDefaultConfiguration[]
            {
                new DefaultConfiguration { Name = DefaultConfigurationMode.Standard, RetryMode = retry.Mode },
            }))
        {
            _service = service;
            base.ServiceId = service.ServiceId;
            AuthenticationServiceName = service.SigningName;
            RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(endpoint.Region);
            AuthenticationRegion = endpoint.SigningRegion(service);
            ServiceURL = endpoint.Resolve(service);
            // Endpoint URLs from the environment and profile were already resolved by the session layer.
            IgnoreConfiguredEndpointUrls = true;
            RetryMode = retry.Mode;
            // WireClient makes the attempts itself (AttemptPolicy): the SDK pipeline sends exactly one request per
            // attempt. Its own retries, stale-connection retries included, would multiply -MaxAttempts and replay
            // creates whose reply was lost.
            MaxErrorRetry = 0;
            MaxStaleConnectionRetries = 0;
            ThrottleRetries = false;
            MaxAttempts = retry.MaxAttempts;
            AttemptTimeout = timeout ?? TimeSpan.FromSeconds(60);
            // The HTTP client's own limit stays above ours, so that a slow attempt ends as our Timeout.
            Timeout = AttemptTimeout + TimeSpan.FromSeconds(5);
            EndpointProvider = new FixedEndpointProvider(ServiceURL);
        }

        /// <summary>Attempts per call, the first try included.</summary>
        public int MaxAttempts { get; }

        /// <summary>How long one attempt may take (connect, send, wait, read).</summary>
        public TimeSpan AttemptTimeout { get; }

        public ServiceDescriptor Service => _service;
        public override string RegionEndpointServiceName => _service.EndpointPrefix;
        public override string ServiceVersion => _service.ApiVersion;
        public override string UserAgent => "EcsAdmin/" + typeof(WireClientConfig).Assembly.GetName().Version;

        public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters)
            => new Endpoint(ServiceURL);

        private sealed class FixedEndpointProvider : IEndpointProvider
        {
            private readonly string _url;
            public FixedEndpointProvider(string url) => _url = url;
            public Endpoint ResolveEndpoint(EndpointParameters parameters) => new Endpoint(_url);
        }
    }
}
