using System;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Observability
{
    /// <summary>
    /// <para type="synopsis">Gets CloudWatch data points of a service metric (CPU, memory or any metric with ClusterName/ServiceName dimensions).</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsServiceMetric", DefaultParameterSetName = WindowSet)]
    [OutputType(typeof(EcsMetricPoint))]
    public sealed class GetEcsServiceMetricCommand : EcsClusterCmdlet
    {
        private const string WindowSet = "Window";
        private const string RangeSet = "Range";

        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Service { get; set; } = "";

        /// <summary>The metrics, by short or CloudWatch name: Cpu/CPUUtilization and Memory/MemoryUtilization (both by default), or a Container Insights metric such as Running/RunningTaskCount or CpuUtilized. An unknown name is an error.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("Metric")]
        public string[] MetricName { get; set; } = MetricNames.Default;

        /// <summary>The CloudWatch namespace; by default each metric's own (AWS/ECS or ECS/ContainerInsights). Any other namespace takes any metric name.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Namespace { get; set; }

        /// <summary>Statistics, one column each: Average and Maximum by default; Minimum, Sum, SampleCount, or a percentile such as p99. One point per metric and period.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[] Statistic { get; set; } = { "Average", "Maximum" };

        /// <summary>The period of each data point in seconds (1, 5, 10, 30 or a multiple of 60; default 60).</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int PeriodSec { get; set; } = 60;

        /// <summary>How far back from now to read (default one hour; a number is minutes).</summary>
        [Parameter(ParameterSetName = WindowSet)]
        [MinutesTimeSpan]
        public TimeSpan Window { get; set; } = TimeSpan.FromHours(1);

        /// <summary>The start of the time range.</summary>
        [Parameter(Mandatory = true, ParameterSetName = RangeSet)]
        public DateTime Since { get; set; }

        /// <summary>The end of the time range (default now).</summary>
        [Parameter(ParameterSetName = RangeSet)]
        public DateTime? Until { get; set; }

        protected override void ProcessRecord()
        {
            var now = DateTime.UtcNow;
            if (ParameterSetName == WindowSet && Window <= TimeSpan.Zero)
            {
                WriteInvalidArgument("InvalidWindow", "-Window must be positive.", Window, "Give a window such as (New-TimeSpan -Hours 3).");
                return;
            }
            var options = new ServiceMetricOptions
            {
                Service = Service?.Trim() ?? "",
                MetricNames = MetricName.Select(m => m?.Trim() ?? "").ToArray(),
                Namespace = Namespace?.Trim(),
                Statistics = Statistic.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).ToArray(),
                PeriodSec = PeriodSec,
                StartTime = ParameterSetName == RangeSet ? Since.ToUniversalTime() : now - Window,
                EndTime = ParameterSetName == RangeSet ? (Until?.ToUniversalTime() ?? now) : now,
            };
            ProcessItem(
                validate: () =>
                {
                    foreach (var metric in options.MetricNames) MetricNames.Resolve(metric, options.Namespace);
                    if (options.EndTime <= options.StartTime)
                        throw new EcsAdminException("InvalidTimeRange", EcsErrorKind.InvalidArgument,
                            "-Until (" + options.EndTime.ToString("u") + ") is not after -Since (" + options.StartTime.ToString("u") + ").", Until, "Give -Since before -Until.");
                },
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.Observability.GetMetricAsync(session, options, ctx);
                });
        }
    }
}
