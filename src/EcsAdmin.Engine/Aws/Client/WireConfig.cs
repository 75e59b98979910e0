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

        /// <summary>The AWS endpoint for a service in a region: the partition decides the DNS suffix.</summary>
        public static string DefaultUrl(ServiceDescriptor service, string region)
        {
            string suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn"
                : region.StartsWith("us-iso-", StringComparison.Ordinal) ? "c2s.ic.gov"
                : region.StartsWith("us-isob-", StringComparison.Ordinal) ? "sc2s.sgov.gov"
                : "amazonaws.com";
            return "https://" + service.EndpointPrefix + "." + region + "." + suffix;
        }

        public string Resolve(ServiceDescriptor service) => Url ?? DefaultUrl(service, Region);
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
            AuthenticationRegion = endpoint.Region;
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
