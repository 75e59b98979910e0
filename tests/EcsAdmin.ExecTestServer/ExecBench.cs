using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;

namespace EcsAdmin.ExecTestServer
{
    public sealed class ExecBenchResult
    {
        public double TimeToFirstOutputMs { get; set; }
        public double ThroughputMBps { get; set; }
        public long Bytes { get; set; }
        /// <summary>CPU of this process (client and agent side both) per MB of output.</summary>
        public double CpuMsPerMB { get; set; }
        public override string ToString() =>
            FormattableString.Invariant($"exec-bench: ttfo_ms={TimeToFirstOutputMs:0.0} throughput_MBps={ThroughputMBps:0.00} cpu_ms_per_MB={CpuMsPerMB:0.0} bytes={Bytes}");
    }

    /// <summary>Loopback benchmark: time to first output (median of small runs) and throughput of a large output.</summary>
    public static class ExecBench
    {
        public static async Task<ExecBenchResult> RunAsync(int megabytes = 16, TextWriter? output = null, CancellationToken cancellationToken = default)
        {
            await using var server = await ExecTestServer.StartAsync(new ExecTestServerOptions(), cancellationToken);
            var ttfo = new double[5];
            for (var i = 0; i < ttfo.Length; i++)
            {
                var small = await RunAsync(server, "echo ready", cancellationToken);
                ttfo[i] = small.TimeToFirstOutput.TotalMilliseconds;
            }
            Array.Sort(ttfo);
            var bytes = (long)megabytes * 1024 * 1024;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var big = await RunAsync(server, $"head -c {bytes} /dev/zero | tr '\\0' 'x'", cancellationToken);
            var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
            if (big.Output.LongLength != bytes) throw new InvalidOperationException($"bench: expected {bytes} bytes, got {big.Output.LongLength}");
            var transfer = big.Duration - big.TimeToFirstOutput;
            var result = new ExecBenchResult
            {
                TimeToFirstOutputMs = ttfo[ttfo.Length / 2],
                ThroughputMBps = bytes / 1048576.0 / Math.Max(0.001, transfer.TotalSeconds),
                Bytes = bytes,
                CpuMsPerMB = cpuMs / (bytes / 1048576.0),
            };
            output?.WriteLine(result.ToString());
            return result;
        }

        static async Task<ExecOutcome> RunAsync(ExecTestServer server, string command, CancellationToken ct)
        {
            var marker = ExecCommandWrapper.NewMarker();
            var session = server.CreateSession(ExecCommandWrapper.Wrap(command, marker));
            return await ExecSession.RunCommandAsync(session.ToConnection(), session.Command,
                new ExecRunOptions { Timeout = TimeSpan.FromMinutes(2) }, ct);
        }
    }
}
