using System.IO;
using System.Threading.Tasks;
using EcsAdmin.ExecTestServer;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    public class BenchTests
    {
        [Fact]
        public async Task BenchReportsTtfoAndThroughput()
        {
            var w = new StringWriter();
            var r = await ExecBench.RunAsync(2, w);
            Assert.Matches(@"^exec-bench: ttfo_ms=\d+\.\d throughput_MBps=\d+\.\d\d cpu_ms_per_MB=\d+\.\d bytes=2097152\r?\n$", w.ToString());
            Assert.True(r.TimeToFirstOutputMs > 0 && r.ThroughputMBps > 0 && r.CpuMsPerMB > 0);
        }
    }
}
