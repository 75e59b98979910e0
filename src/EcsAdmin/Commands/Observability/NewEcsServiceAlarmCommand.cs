using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.Observability
{
    /// <summary>
    /// <para type="synopsis">Creates (or updates) a CloudWatch alarm on a service's CPU or memory utilization.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.New, "EcsServiceAlarm", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsServiceAlarm))]
    public sealed class NewEcsServiceAlarmCommand : EcsClusterCmdlet
    {
        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Service { get; set; } = "";

        /// <summary>Cpu or CPUUtilization (default), Memory or MemoryUtilization.</summary>
        [Parameter]
        [ValidateSet("Cpu", "Memory", "CPUUtilization", "MemoryUtilization", IgnoreCase = true)]
        public string Metric { get; set; } = "Cpu";

        /// <summary>The alarm goes off above this percentage (default 80).</summary>
        [Parameter]
        [ValidateRange(0.0, 100.0)]
        public double Threshold { get; set; } = 80;

        /// <summary>How many consecutive periods above the threshold raise the alarm (default 3).</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int EvaluationPeriods { get; set; } = 3;

        /// <summary>The period in seconds (10, 30 or a multiple of 60; default 60).</summary>
        [Parameter]
        [ValidateRange(10, 86400)]
        public int PeriodSec { get; set; } = 60;

        /// <summary>The statistic compared with the threshold: Average (default) or Maximum.</summary>
        [Parameter]
        [ValidateSet("Average", "Maximum", "Minimum", IgnoreCase = true)]
        public string Statistic { get; set; } = "Average";

        /// <summary>ARNs to notify when the alarm goes off (SNS topics, Auto Scaling policies).</summary>
        [Parameter]
        public string[]? AlarmAction { get; set; }

        /// <summary>The alarm name (default EcsAdmin-&lt;cluster&gt;-&lt;service&gt;-cpu-high or -memory-high).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [Alias("AlarmName")]
        public string? Name { get; set; }

        /// <summary>The alarm description.</summary>
        [Parameter]
        public string? Description { get; set; }

        protected override void ProcessRecord()
        {
            var service = Service?.Trim() ?? "";
            ProcessItem(
                validate: () =>
                {
                    if (service.Length == 0)
                        throw new EcsAdminException("InvalidServiceName", EcsErrorKind.InvalidArgument, "A cluster and a service name are needed.", service, "Give -Cluster and -Service.");
                    if (PeriodSec < 60 ? PeriodSec != 10 && PeriodSec != 30 : PeriodSec % 60 != 0)
                        throw new EcsAdminException("InvalidPeriod", EcsErrorKind.InvalidArgument, "-PeriodSec " + PeriodSec + " is not an alarm period.", PeriodSec, "Use 10, 30 or a multiple of 60 seconds.");
                },
                target: session => Options(session).EffectiveName,
                actionFor: session =>
                {
                    var o = Options(session);
                    return "Create CloudWatch alarm on " + o.MetricName + " > " + Threshold + "% of " + o.Cluster + "/" + o.Service;
                },
                operation: (session, ctx) => Engine.Observability.NewAlarmAsync(session, Options(session), ctx));

            NewServiceAlarmOptions Options(EcsSession session)
            {
                var cluster = ClusterFor(session);
                return new NewServiceAlarmOptions
                {
                    Cluster = cluster.StartsWith("arn:") ? cluster.Substring(cluster.LastIndexOf('/') + 1) : cluster,
                    Service = service.StartsWith("arn:") ? service.Substring(service.LastIndexOf('/') + 1) : service,
                    Metric = Metric,
                    Threshold = Threshold,
                    EvaluationPeriods = EvaluationPeriods,
                    PeriodSec = PeriodSec,
                    Statistic = Statistic,
                    AlarmActions = AlarmAction,
                    Name = Name,
                    Description = Description,
                };
            }
        }
    }
}
