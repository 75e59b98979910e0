using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Operations;
using EcsAdmin.Models;
using EcsAdmin.Tests.Infrastructure;
using Xunit;
using Cw = EcsAdmin.Engine.Aws.Generated.CloudWatch;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;
using Logs = EcsAdmin.Engine.Aws.Generated.Logs;

namespace EcsAdmin.Tests.Observability
{
    public sealed class LogAndAlarmTests
    {
        private static Ecs.TaskDefinition TaskDef() => new Ecs.TaskDefinition
        {
            Family = "web",
            TaskDefinitionArn = "arn:aws:ecs:us-east-1:1:task-definition/web:3",
            ContainerDefinitions = new List<Ecs.ContainerDefinition>
            {
                new Ecs.ContainerDefinition { Name = "app", LogConfiguration = new Ecs.LogConfiguration { LogDriver = "awslogs", Options = new Dictionary<string, string> { ["awslogs-group"] = "/ecs/web", ["awslogs-stream-prefix"] = "ecs" } } },
                new Ecs.ContainerDefinition { Name = "sidecar", LogConfiguration = new Ecs.LogConfiguration { LogDriver = "awslogs", Options = new Dictionary<string, string> { ["awslogs-group"] = "/ecs/web", ["awslogs-stream-prefix"] = "ecs" } } },
                new Ecs.ContainerDefinition { Name = "nolog" },
            },
        };

        private static FakeAwsApi LogAccount(Func<Logs.FilterLogEventsRequest, Logs.FilterLogEventsResponse> filter)
            => new FakeAwsApi()
                .Handle(Ecs.EcsApi.DescribeServices, r => new Ecs.DescribeServicesResponse { Services = new List<Ecs.Service> { new Ecs.Service { ServiceName = "web", TaskDefinition = "web:3",
                    Deployments = new List<Ecs.Deployment> { new Ecs.Deployment { Status = "PRIMARY", TaskDefinition = "web:3" } } } } })
                .Handle(Ecs.EcsApi.DescribeTasks, r => new Ecs.DescribeTasksResponse { Tasks = new List<Ecs.Task> { new Ecs.Task { TaskArn = "arn:aws:ecs:us-east-1:1:task/prod/abc123", TaskDefinitionArn = "web:3", Group = "service:web" } } })
                .Handle(Ecs.EcsApi.DescribeTaskDefinition, r => new Ecs.DescribeTaskDefinitionResponse { TaskDefinition = TaskDef() })
                .Handle(Logs.LogsApi.FilterLogEvents, filter);

        private static Logs.FilteredLogEvent Ev(string id, long ts, string stream = "ecs/app/abc123") => new Logs.FilteredLogEvent { EventId = id, Timestamp = ts, LogStreamName = stream, Message = "line " + id + "\n" };

        [Fact]
        public async Task A_task_reads_the_exact_streams_of_its_containers_in_one_query_per_group()
        {
            var api = LogAccount(r => new Logs.FilterLogEventsResponse { Events = new List<Logs.FilteredLogEvent> { Ev("1", 1000), Ev("2", 2000, "ecs/sidecar/abc123") } });
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).GetLogAsync(CollectingSink.Session(), new ServiceLogOptions { Cluster = "prod", TaskId = "abc123" }, sink.Context());
            var call = (Logs.FilterLogEventsRequest)Assert.Single(api.Calls, c => c.Operation == "FilterLogEvents").Input;
            Assert.Equal("/ecs/web", call.LogGroupName);
            Assert.Equal(new[] { "ecs/app/abc123", "ecs/sidecar/abc123" }, call.LogStreamNames);
            var events = sink.Outputs<EcsLogEvent>().ToList();
            Assert.Equal(2, events.Count);
            Assert.Equal("app", events[0].Container);
            Assert.Equal("sidecar", events[1].Container);
            Assert.Equal("abc123", events[0].TaskId);
            Assert.Equal("web", events[0].Service);
            Assert.Equal("line 1", events[0].Message);
            Assert.Equal(new DateTime(1970, 1, 1, 0, 0, 1, DateTimeKind.Utc), events[0].Timestamp);
        }

        [Fact]
        public async Task A_missing_task_is_a_per_item_error_and_reads_no_logs()
        {
            var api = LogAccount(r => new Logs.FilterLogEventsResponse());
            api.Handle(Ecs.EcsApi.DescribeTasks, r => new Ecs.DescribeTasksResponse { Tasks = new List<Ecs.Task>(), Failures = new List<Ecs.Failure> { new Ecs.Failure { Arn = r.Tasks[0], Reason = "MISSING" } } });
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).GetLogAsync(CollectingSink.Session(), new ServiceLogOptions { Cluster = "prod", TaskId = "gone", Service = "web" }, sink.Context());
            Assert.Equal("TaskNotFound", Assert.Single(sink.Errors).ErrorId);
            Assert.Equal(0, api.Count("DescribeServices"));
            Assert.Equal(0, api.Count("FilterLogEvents"));
        }

        [Fact]
        public async Task A_service_reads_one_stream_prefix_per_container_and_pages()
        {
            var api = LogAccount(r => r.NextToken is null
                ? new Logs.FilterLogEventsResponse { Events = new List<Logs.FilteredLogEvent> { Ev(r.LogStreamNamePrefix + "1", 1000, r.LogStreamNamePrefix + "t1") }, NextToken = "p2" }
                : new Logs.FilterLogEventsResponse { Events = new List<Logs.FilteredLogEvent> { Ev(r.LogStreamNamePrefix + "2", 3000, r.LogStreamNamePrefix + "t2") } });
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).GetLogAsync(CollectingSink.Session(), new ServiceLogOptions { Cluster = "prod", Service = "web", FilterPattern = "ERROR", Containers = new[] { "a*", "side*" } }, sink.Context());
            var calls = api.Calls.Where(c => c.Operation == "FilterLogEvents").Select(c => (Logs.FilterLogEventsRequest)c.Input).ToList();
            Assert.Equal(4, calls.Count);
            Assert.Equal(new[] { "ecs/app/", "ecs/sidecar/" }, calls.Select(c => c.LogStreamNamePrefix).Distinct().ToArray());
            Assert.All(calls, c => Assert.Equal("ERROR", c.FilterPattern));
            Assert.Equal(new long[] { 1000, 1000, 3000, 3000 }, sink.Outputs<EcsLogEvent>().Select(e => (long)(e.Timestamp - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalMilliseconds).ToArray());
        }

        [Fact]
        public async Task A_task_definition_without_awslogs_is_a_clear_per_item_error()
        {
            var api = LogAccount(r => new Logs.FilterLogEventsResponse());
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).GetLogAsync(CollectingSink.Session(),
                new ServiceLogOptions { Cluster = "prod", Service = "web", Containers = new[] { "nolog" } }, sink.Context());
            Assert.Equal("NoAwslogsConfiguration", Assert.Single(sink.Errors).ErrorId);
            Assert.Equal(0, api.Count("FilterLogEvents"));
        }

        [Fact]
        public void Follow_deduplicates_by_event_id_and_moves_the_start_forward()
        {
            int poll = 0;
            var cts = new CancellationTokenSource();
            var api = LogAccount(r =>
            {
                var n = Interlocked.Increment(ref poll);
                // Each poll repeats the newest event of the previous one (same millisecond) and adds one.
                var events = new List<Logs.FilteredLogEvent>();
                if (n >= 1) events.Add(Ev("e" + n, 1000L * n));
                if (n >= 2) events.Insert(0, Ev("e" + (n - 1), 1000L * (n - 1)));
                if (n == 4) cts.Cancel();
                return new Logs.FilterLogEventsResponse { Events = events };
            });
            var sink = new CollectingSink();
            var run = new ObservabilityOperations(api.Factory).GetLogAsync(CollectingSink.Session(),
                new ServiceLogOptions { Cluster = "prod", TaskId = "abc123", Containers = new[] { "app" }, Follow = true, PollInterval = TimeSpan.FromMilliseconds(10), Since = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc) }, sink.Context(cts.Token));
            Assert.ThrowsAny<OperationCanceledException>(() => run.GetAwaiter().GetResult());
            Assert.Equal(new[] { "e1", "e2", "e3", "e4" }, sink.Outputs<EcsLogEvent>().Select(e => e.EventId).ToArray());
            var starts = api.Calls.Where(c => c.Operation == "FilterLogEvents").Select(c => ((Logs.FilterLogEventsRequest)c.Input).StartTime).ToArray();
            Assert.Equal(new long?[] { 0, 1000, 2000, 3000 }, starts);
        }

        [Fact]
        public void Cancelling_a_follow_stops_it_at_once_even_during_a_long_poll_interval()
        {
            var api = LogAccount(r => new Logs.FilterLogEventsResponse { Events = new List<Logs.FilteredLogEvent> { Ev("x", 5000) } });
            var sink = new CollectingSink();
            var cts = new CancellationTokenSource();
            var run = new ObservabilityOperations(api.Factory).GetLogAsync(CollectingSink.Session(),
                new ServiceLogOptions { Cluster = "prod", Service = "web", Containers = new[] { "app" }, Follow = true, PollInterval = TimeSpan.FromMinutes(10) }, sink.Context(cts.Token));
            SpinWait.SpinUntil(() => sink.Outputs<EcsLogEvent>().Any(), TimeSpan.FromSeconds(5));
            cts.Cancel();
            // A hang guard, well inside the 10-minute poll interval that only the cancellation can cut short.
            Assert.True(((IAsyncResult)run).AsyncWaitHandle.WaitOne(TimeSpan.FromMinutes(1)), "the follow waited for its poll interval");
            Assert.ThrowsAny<OperationCanceledException>(() => run.GetAwaiter().GetResult());
            Assert.Equal(1, api.Count("FilterLogEvents"));
        }

        [Fact]
        public async Task New_alarm_puts_a_service_alarm_with_the_default_name_and_reads_it_back()
        {
            var api = new FakeAwsApi()
                .Handle(Cw.CloudWatchApi.PutMetricAlarm, r => new Cw.PutMetricAlarmResponse())
                .Handle(Cw.CloudWatchApi.DescribeAlarms, r => new Cw.DescribeAlarmsOutput { MetricAlarms = new List<Cw.MetricAlarm> { new Cw.MetricAlarm {
                    AlarmName = r.AlarmNames[0], MetricName = "MemoryUtilization", Namespace = "AWS/ECS", Threshold = 75, StateValue = "INSUFFICIENT_DATA",
                    Dimensions = new List<Cw.Dimension> { new Cw.Dimension { Name = "ClusterName", Value = "prod" }, new Cw.Dimension { Name = "ServiceName", Value = "web" } } } } });
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).NewAlarmAsync(CollectingSink.Session(), new NewServiceAlarmOptions { Cluster = "prod", Service = "web", Metric = "Memory", Threshold = 75, AlarmActions = new[] { "arn:aws:sns:us-east-1:1:ops" } }, sink.Context());
            var put = (Cw.PutMetricAlarmInput)Assert.Single(api.Calls, c => c.Operation == "PutMetricAlarm").Input;
            Assert.Equal("EcsAdmin-prod-web-memory-high", put.AlarmName);
            Assert.Equal("MemoryUtilization", put.MetricName);
            Assert.Equal("GreaterThanThreshold", put.ComparisonOperator);
            Assert.Equal(new[] { "ClusterName=prod", "ServiceName=web" }, put.Dimensions.Select(d => d.Name + "=" + d.Value).ToArray());
            Assert.Equal(new[] { "arn:aws:sns:us-east-1:1:ops" }, put.AlarmActions);
            var alarm = Assert.Single(sink.Outputs<EcsServiceAlarm>());
            Assert.Equal("web", alarm.Service);
            Assert.Equal(75, alarm.Threshold);
        }

        [Fact]
        public async Task Get_alarm_keeps_only_service_alarms_matching_cluster_service_and_name()
        {
            Cw.MetricAlarm A(string name, string? cluster, string? service) => new Cw.MetricAlarm
            {
                AlarmName = name, MetricName = "CPUUtilization", Namespace = "AWS/ECS", StateValue = "OK",
                Dimensions = cluster is null ? new List<Cw.Dimension> { new Cw.Dimension { Name = "InstanceId", Value = "i-1" } }
                    : new List<Cw.Dimension> { new Cw.Dimension { Name = "ClusterName", Value = cluster }, new Cw.Dimension { Name = "ServiceName", Value = service! } },
            };
            var api = new FakeAwsApi().Handle(Cw.CloudWatchApi.DescribeAlarms, r => r.NextToken is null
                ? new Cw.DescribeAlarmsOutput { MetricAlarms = new List<Cw.MetricAlarm> { A("EcsAdmin-prod-web-cpu-high", "prod", "web"), A("ec2", null, null) }, NextToken = "2" }
                : new Cw.DescribeAlarmsOutput { MetricAlarms = new List<Cw.MetricAlarm> { A("EcsAdmin-prod-api-cpu-high", "prod", "api"), A("EcsAdmin-test-web-cpu-high", "test", "web") } });
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).GetAlarmAsync(CollectingSink.Session(), new GetServiceAlarmOptions { Cluster = "prod", Name = "EcsAdmin-*" }, sink.Context());
            Assert.Equal(new[] { "EcsAdmin-prod-web-cpu-high", "EcsAdmin-prod-api-cpu-high" }, sink.Outputs<EcsServiceAlarm>().Select(a => a.AlarmName).ToArray());
            Assert.All(api.Calls, c => Assert.Equal("EcsAdmin-", ((Cw.DescribeAlarmsInput)c.Input).AlarmNamePrefix));
            Assert.Equal(2, api.Calls.Count);
        }

        [Fact]
        public async Task Remove_alarm_batches_100_names_and_reports_missing_ones()
        {
            var names = Enumerable.Range(0, 150).Select(i => "a" + i).ToArray();
            var api = new FakeAwsApi()
                .Handle(Cw.CloudWatchApi.DescribeAlarms, r => new Cw.DescribeAlarmsOutput { MetricAlarms = r.AlarmNames.Where(n => n != "a7").Select(n => new Cw.MetricAlarm { AlarmName = n, MetricName = "CPUUtilization",
                    Dimensions = new List<Cw.Dimension> { new Cw.Dimension { Name = "ClusterName", Value = "prod" }, new Cw.Dimension { Name = "ServiceName", Value = "web" } } }).ToList() })
                .Handle(Cw.CloudWatchApi.DeleteAlarms, r => { Assert.InRange(r.AlarmNames.Count, 1, 100); Assert.DoesNotContain("a7", r.AlarmNames); return new Cw.DeleteAlarmsResponse(); });
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).RemoveAlarmAsync(CollectingSink.Session(), names, false, sink.Context());
            Assert.Equal(2, api.Count("DeleteAlarms"));
            Assert.Equal(2, api.Count("DescribeAlarms"));
            Assert.Equal(149, sink.Outputs<EcsServiceAlarm>().Count());
            Assert.Equal("AlarmNotFound", Assert.Single(sink.Errors).ErrorId);
        }

        private static Cw.MetricAlarm Owned(string name, params string[] actions) => new Cw.MetricAlarm
        {
            AlarmName = name, MetricName = "CPUUtilization", Namespace = "AWS/ECS", AlarmActions = actions.ToList(),
            Dimensions = new List<Cw.Dimension> { new Cw.Dimension { Name = "ClusterName", Value = "prod" }, new Cw.Dimension { Name = "ServiceName", Value = "web" } },
        };

        private const string StepPolicy = "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:6d8972f3-efc8-437c-92d1-6270f29a66e7:resource/ecs/service/prod/web:policyName/step-out";

        [Fact]
        public async Task Alarms_Application_Auto_Scaling_owns_are_marked_and_kept_without_force()
        {
            var alarms = new List<Cw.MetricAlarm>
            {
                Owned("TargetTracking-service/prod/web-AlarmHigh-1a2b", "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x:resource/ecs/service/prod/web:policyName/cpu"),
                Owned("step-alarm", StepPolicy),
                Owned("mine", "arn:aws:sns:us-east-1:123456789012:oncall"),
            };
            var deleted = new List<string>();
            var api = new FakeAwsApi()
                .Handle(Cw.CloudWatchApi.DescribeAlarms, r => new Cw.DescribeAlarmsOutput { MetricAlarms = alarms.Where(a => r.AlarmNames == null || r.AlarmNames.Contains(a.AlarmName!)).ToList() })
                .Handle(Cw.CloudWatchApi.DeleteAlarms, r => { deleted.AddRange(r.AlarmNames); return new Cw.DeleteAlarmsResponse(); });
            var ops = new ObservabilityOperations(api.Factory);

            var listed = new CollectingSink();
            await ops.GetAlarmAsync(CollectingSink.Session(), new GetServiceAlarmOptions { Cluster = "prod" }, listed.Context());
            Assert.Equal(new[] { true, true, false }, listed.Outputs<EcsServiceAlarm>().Select(a => a.IsManaged).ToArray());
            Assert.Equal("ApplicationAutoScaling", listed.Outputs<EcsServiceAlarm>().First().ManagedBy);

            var sink = new CollectingSink();
            await ops.RemoveAlarmAsync(CollectingSink.Session(), alarms.Select(a => a.AlarmName!).ToArray(), false, sink.Context());
            Assert.Equal(new[] { "mine" }, deleted);
            Assert.Equal(new[] { "AlarmManagedByAutoScaling", "AlarmManagedByAutoScaling" }, sink.Errors.Select(e => e.ErrorId).ToArray());
            Assert.Equal("step-alarm", sink.Errors.Last().Target);

            deleted.Clear();
            await ops.RemoveAlarmAsync(CollectingSink.Session(), new[] { "step-alarm" }, true, new CollectingSink().Context());
            Assert.Equal(new[] { "step-alarm" }, deleted);
        }

        [Theory]
        [InlineData("TargetTracking-service/prod/web-AlarmLow-9f", null, true)]
        [InlineData("targettracking-lookalike", null, false)]
        [InlineData("high-cpu", StepPolicy, true)]
        [InlineData("high-cpu", "arn:aws:autoscaling:us-east-1:123456789012:scalingPolicy:x:autoScalingGroupName/asg:policyName/p", false)]
        [InlineData("high-cpu", "arn:aws:sns:us-east-1:123456789012:topic", false)]
        public void Managed_alarms_are_recognised_by_name_or_scaling_action(string name, string? action, bool managed)
            => Assert.Equal(managed, EcsAdmin.Engine.Rules.ManagedAlarmRules.ManagedBy(name, action is null ? null : new[] { action }) != null);

        [Fact]
        public async Task Get_metric_returns_one_point_per_metric_and_timestamp_with_statistics_as_columns()
        {
            var t0 = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            var api = new FakeAwsApi().Handle(Cw.CloudWatchApi.GetMetricData, r => new Cw.GetMetricDataOutput
            {
                MetricDataResults = r.MetricDataQueries.Select(q => new Cw.MetricDataResult { Id = q.Id, Timestamps = new List<DateTime> { t0.AddMinutes(1), t0 }, Values = new List<double> { q.MetricStat.Stat == "Maximum" ? 9 : 4, q.MetricStat.Stat == "Maximum" ? 7 : 2 } }).ToList(),
            });
            var sink = new CollectingSink();
            await new ObservabilityOperations(api.Factory).GetMetricAsync(CollectingSink.Session(), new ServiceMetricOptions
            {
                Cluster = "prod", Service = "web", MetricNames = new[] { "cpu", "MemoryUtilization" }, Statistics = new[] { "Average", "Maximum", "p99" }, PeriodSec = 60, StartTime = t0, EndTime = t0.AddHours(1),
            }, sink.Context());
            var points = sink.Outputs<EcsMetricPoint>().ToList();
            Assert.Equal(new[] { "CPUUtilization@0 avg=2 max=7", "MemoryUtilization@0 avg=2 max=7", "CPUUtilization@1 avg=4 max=9", "MemoryUtilization@1 avg=4 max=9" },
                points.Select(p => p.MetricName + "@" + (p.Timestamp - t0).TotalMinutes + " avg=" + p.Average + " max=" + p.Maximum).ToArray());
            Assert.All(points, p => Assert.Equal("Percent", p.Unit));
            Assert.All(points, p => Assert.Null(p.Minimum));
            Assert.Equal("Average=2; Maximum=7; p99=2", points[0].Statistics.ToString());
            Assert.Equal("Average", points[0].Statistic);
            Assert.Equal(2, points[0].Value);
            Assert.Single(api.Calls);
            var queries = ((Cw.GetMetricDataInput)api.Calls[0].Input).MetricDataQueries;
            Assert.Equal(6, queries.Count);
            Assert.Equal(new[] { "CPUUtilization", "MemoryUtilization" }, queries.Select(q => q.MetricStat.Metric.MetricName).Distinct());
            Assert.All(queries, q => Assert.Equal("AWS/ECS", q.MetricStat.Metric.Namespace));
            Assert.Equal(60, queries[0].MetricStat.Period);
        }

        [Theory]
        [InlineData("Cpu", null, "AWS/ECS", "CPUUtilization")]
        [InlineData("CPUUtilization", null, "AWS/ECS", "CPUUtilization")]
        [InlineData("memory", null, "AWS/ECS", "MemoryUtilization")]
        [InlineData("Running", null, "ECS/ContainerInsights", "RunningTaskCount")]
        [InlineData("runningtaskcount", "ECS/ContainerInsights", "ECS/ContainerInsights", "RunningTaskCount")]
        [InlineData("QueueDepth", "MyApp", "MyApp", "QueueDepth")]
        public void Metric_names_accept_short_and_CloudWatch_names(string name, string? ns, string expectedNs, string expected)
            => Assert.Equal((expectedNs, expected), EcsAdmin.Validation.MetricNames.Resolve(name, ns));

        [Theory]
        [InlineData("CPU Utilisation", null)]
        [InlineData("RunningTaskCount", "AWS/ECS")]
        public void An_unknown_metric_is_a_typed_error_before_any_request(string name, string? ns)
        {
            var api = new FakeAwsApi();
            var ex = Assert.Throws<EcsAdminException>(() => new ObservabilityOperations(api.Factory).GetMetricAsync(CollectingSink.Session(), new ServiceMetricOptions
            {
                Cluster = "prod", Service = "web", MetricNames = new[] { name }, Namespace = ns, StartTime = DateTime.UtcNow.AddHours(-1), EndTime = DateTime.UtcNow,
            }, new CollectingSink().Context()).GetAwaiter().GetResult());
            Assert.Equal("UnknownMetric", ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidArgument, ex.Kind);
            Assert.Contains("Cpu", ex.Message + ex.RecommendedAction);
            Assert.Empty(api.Calls);
        }

        [Fact]
        public void Get_metric_rejects_a_period_cloudwatch_does_not_have()
        {
            var api = new FakeAwsApi();
            var ex = Assert.Throws<EcsAdminException>(() => new ObservabilityOperations(api.Factory).GetMetricAsync(CollectingSink.Session(), new ServiceMetricOptions
            {
                Cluster = "prod", Service = "web", PeriodSec = 90, StartTime = DateTime.UtcNow.AddHours(-1), EndTime = DateTime.UtcNow,
            }, new CollectingSink().Context()).GetAwaiter().GetResult());
            Assert.Equal("InvalidPeriod", ex.ErrorId);
            Assert.Empty(api.Calls);
        }
    }
}
