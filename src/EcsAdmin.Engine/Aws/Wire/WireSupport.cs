using System;
using System.Globalization;
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

    /// <summary>One operation of a service: its name and its input/output wire types.</summary>
    public sealed class WireOperation<TInput, TOutput>
        where TInput : class, new()
        where TOutput : class, new()
    {
        public WireOperation(ServiceDescriptor service, string name)
        {
            Service = service;
            Name = name;
        }

        public ServiceDescriptor Service { get; }
        public string Name { get; }
        public override string ToString() => Service.ServiceId + ":" + Name;
    }

    /// <summary>Marks a member the service model lists as required.</summary>
    [AttributeUsage(AttributeTargets.Property)]
    public sealed class WireRequiredAttribute : Attribute
    {
    }

    /// <summary>
    /// awsJson timestamps: epoch seconds as a JSON number (fractions allowed) on the wire; ISO 8601 strings are
    /// accepted when reading, as some emulators send them.
    /// </summary>
    public sealed class EpochSecondsConverter : JsonConverter<DateTime?>
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Null:
                    return null;
                case JsonTokenType.Number:
                    return Epoch.AddTicks((long)Math.Round(reader.GetDouble() * TimeSpan.TicksPerSecond));
                case JsonTokenType.String:
                    var text = reader.GetString();
                    if (string.IsNullOrEmpty(text)) return null;
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
                        return Epoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
                    return DateTime.Parse(text, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
                default:
                    throw new JsonException("Expected a timestamp, found " + reader.TokenType);
            }
        }

        public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                return;
            }
            var utc = value.Value.Kind == DateTimeKind.Local ? value.Value.ToUniversalTime() : value.Value;
            var seconds = (utc - Epoch).Ticks / (double)TimeSpan.TicksPerSecond;
            writer.WriteNumberValue(Math.Round(seconds, 3));
        }
    }

    /// <summary>A list of awsJson timestamps (e.g. CloudWatch MetricDataResult.Timestamps), each as EpochSecondsConverter reads and writes it.</summary>
    public sealed class EpochSecondsListConverter : JsonConverter<System.Collections.Generic.List<DateTime>>
    {
        private static readonly EpochSecondsConverter Item = new EpochSecondsConverter();

        public override System.Collections.Generic.List<DateTime>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("Expected a list of timestamps, found " + reader.TokenType);
            var list = new System.Collections.Generic.List<DateTime>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var value = Item.Read(ref reader, typeof(DateTime?), options);
                if (value is null) throw new JsonException("null in a list of timestamps");
                list.Add(value.Value);
            }
            return list;
        }

        public override void Write(Utf8JsonWriter writer, System.Collections.Generic.List<DateTime> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value) Item.Write(writer, item, options);
            writer.WriteEndArray();
        }
    }
}
