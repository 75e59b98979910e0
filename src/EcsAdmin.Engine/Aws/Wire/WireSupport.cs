using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcsAdmin.Engine.Aws.Wire
{
    /// <summary>Wire protocol of a service, as named in its model's metadata.protocol.</summary>
    public enum WireProtocol
    {
        AwsJson10,
        AwsJson11,
        /// <summary>The query protocol (form-encoded request, XML reply wrapped in &lt;OperationResult&gt;): IAM, ELBv2.</summary>
        Query,
        /// <summary>EC2's variant of the query protocol: lists as Name.N, capitalised names, replies not wrapped.</summary>
        Ec2,
    }

    /// <summary>
    /// The one endpoint a partition has for a service that is not regional (IAM): its host name and the region its
    /// requests are signed for, whatever region the session is in.
    /// </summary>
    public sealed class PartitionEndpoint
    {
        public PartitionEndpoint(string partition, string hostname, string signingRegion)
        {
            Partition = partition;
            Hostname = hostname;
            SigningRegion = signingRegion;
        }

        /// <summary>"aws", "aws-cn", "aws-us-gov", ...</summary>
        public string Partition { get; }
        public string Hostname { get; }
        public string SigningRegion { get; }
    }

    /// <summary>What the wire layer needs to know of one AWS service (from the model's metadata and botocore's endpoints).</summary>
    public sealed class ServiceDescriptor
    {
        public ServiceDescriptor(string serviceId, string endpointPrefix, string signingName, string targetPrefix,
            WireProtocol protocol, string apiVersion, string envName, params PartitionEndpoint[] globalEndpoints)
        {
            GlobalEndpoints = globalEndpoints;
            ServiceId = serviceId;
            EndpointPrefix = endpointPrefix;
            SigningName = signingName;
            TargetPrefix = targetPrefix;
            Protocol = protocol;
            ApiVersion = apiVersion;
            EnvName = envName;
        }

        /// <summary>metadata.serviceId, e.g. "ECS", "CloudWatch".</summary>
        public string ServiceId { get; }
        /// <summary>metadata.endpointPrefix, e.g. "ecs", "monitoring".</summary>
        public string EndpointPrefix { get; }
        /// <summary>metadata.signingName (falls back to endpointPrefix).</summary>
        public string SigningName { get; }
        /// <summary>metadata.targetPrefix, e.g. "AmazonEC2ContainerServiceV20141113".</summary>
        public string TargetPrefix { get; }
        public WireProtocol Protocol { get; }
        public string ApiVersion { get; }
        /// <summary>The serviceId as AWS_ENDPOINT_URL_&lt;NAME&gt; spells it: upper case, spaces to underscores.</summary>
        public string EnvName { get; }

        /// <summary>For a service that is not regional, its endpoint in each partition; empty for regional services.</summary>
        public System.Collections.Generic.IReadOnlyList<PartitionEndpoint> GlobalEndpoints { get; }

        /// <summary>Query and EC2: form-encoded requests and XML replies.</summary>
        public bool IsXml => Protocol == WireProtocol.Query || Protocol == WireProtocol.Ec2;

        public string ContentType => Protocol == WireProtocol.AwsJson10 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    }

    /// <summary>
    /// One operation of a service: its name and its input/output wire types, and for awsJson services the generated
    /// codec of its request and reply (without one, the wire client falls back to reflection-based System.Text.Json).
    /// </summary>
    public sealed class WireOperation<TInput, TOutput>
        where TInput : class, new()
        where TOutput : class, new()
    {
        public WireOperation(ServiceDescriptor service, string name)
        {
            Service = service;
            Name = name;
        }

        public WireOperation(ServiceDescriptor service, string name, Action<Utf8JsonWriter, TInput> writeInput, WireJsonReader<TOutput> readOutput)
            : this(service, name)
        {
            WriteInput = writeInput;
            ReadOutput = readOutput;
        }

        public ServiceDescriptor Service { get; }
        public string Name { get; }
        /// <summary>Writes the request as JSON (generated); null when the service is not awsJson.</summary>
        public Action<Utf8JsonWriter, TInput>? WriteInput { get; }
        /// <summary>Reads the reply from JSON (generated); null when the service is not awsJson.</summary>
        public WireJsonReader<TOutput>? ReadOutput { get; }
        public override string ToString() => Service.ServiceId + ":" + Name;
    }

    /// <summary>Marks a member the service model lists as required.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class WireRequiredAttribute : Attribute
    {
    }

    /// <summary>
    /// awsJson timestamps: epoch seconds as a JSON number (fractions allowed) on the wire; ISO 8601 strings are
    /// accepted when reading, as some emulators send them. The generated codecs read and write them the same way.
    /// </summary>
    public sealed class EpochSecondsConverter : JsonConverter<DateTime?>
    {
        public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => WireJson.ReadTimestamp(ref reader);

        public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
            => WireJson.WriteTimestamp(writer, value);
    }

    /// <summary>A list of awsJson timestamps (e.g. CloudWatch MetricDataResult.Timestamps), each as EpochSecondsConverter reads and writes it.</summary>
    public sealed class EpochSecondsListConverter : JsonConverter<System.Collections.Generic.List<DateTime>>
    {
        public override System.Collections.Generic.List<DateTime>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            => WireJson.ReadTimestampList(ref reader);

        public override void Write(Utf8JsonWriter writer, System.Collections.Generic.List<DateTime> value, JsonSerializerOptions options)
            => WireJson.WriteTimestampList(writer, value);
    }
}
