using System;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Observability
{
    /// <summary>
    /// <para type="synopsis">Gets a service's or a task's container logs from CloudWatch Logs (awslogs), optionally following them.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "EcsLog")]
    [OutputType(typeof(EcsLogEvent))]
    public sealed class GetEcsLogCommand : EcsClusterCmdlet
    {
        /// <summary>The service whose containers' logs to read (streams of every task of the service).</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string? Service { get; set; }

        /// <summary>The task (id or ARN) whose containers' logs to read; wins over -Service when both are given (a piped task).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("TaskArn", "Task")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.TaskIdCompleter))]
        public string? TaskId { get; set; }

        /// <summary>Only these containers (wildcards allowed); all containers that log with awslogs when left out.</summary>
        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ContainerNameCompleter))]
        public string[]? Container { get; set; }

        /// <summary>Events from this time on (default: one hour ago; with -Follow, five minutes ago).</summary>
        [Parameter]
        public DateTime? Since { get; set; }

        /// <summary>Events up to this time (default: now; with -Follow, until stopped).</summary>
        [Parameter]
        public DateTime? Until { get; set; }

        /// <summary>A CloudWatch Logs filter pattern, e.g. ERROR or '{ $.level = "error" }'.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? FilterPattern { get; set; }

        /// <summary>Keep polling for new events until Ctrl+C.</summary>
        [Parameter]
        public SwitchParameter Follow { get; set; }

        /// <summary>Seconds between polls with -Follow (default 2).</summary>
        [Parameter]
        [ValidateRange(1, 300)]
        public int PollIntervalSec { get; set; } = 2;

        protected override void ProcessRecord()
        {
            var now = DateTime.UtcNow;
            var since = Since?.ToUniversalTime() ?? (Follow ? now.AddMinutes(-5) : now.AddHours(-1));
            var until = Until?.ToUniversalTime();
            var options = new ServiceLogOptions
            {
                Service = string.IsNullOrWhiteSpace(Service) ? null : Service!.Trim(),
                TaskId = string.IsNullOrWhiteSpace(TaskId) ? null : TaskId!.Trim(),
                Containers = Container,
                Since = since,
                Until = until,
                FilterPattern = FilterPattern,
                Follow = Follow,
                PollInterval = TimeSpan.FromSeconds(PollIntervalSec),
            };
            ProcessItem(
                validate: () =>
                {
                    if (until.HasValue && until.Value <= since)
                        throw new EcsAdminException("InvalidTimeRange", EcsErrorKind.InvalidArgument, "-Until is not after -Since.", Until, "Give -Since before -Until.");
                    if (options.Service is null && options.TaskId is null)
                        throw new EcsAdminException("LogSourceMissing", EcsErrorKind.InvalidArgument, "Get-EcsLog needs a cluster and a service or a task.", (object?)TaskId ?? Service,
                            "Give -Cluster with -Service or -TaskId, or pipe Get-EcsService / Get-EcsTask output.");
                },
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    // ARNs must name this session's region; that needs the resolved session, so it is checked
                    // here, still before any request.
                    ArnRules.ThrowIfElsewhere(session.Region, "cluster", options.Cluster);
                    ArnRules.ThrowIfElsewhere(session.Region, "service", options.Service);
                    ArnRules.ThrowIfElsewhere(session.Region, "task", options.TaskId);
                    return Engine.Observability.GetLogAsync(session, options, ctx);
                });
        }
    }
}
