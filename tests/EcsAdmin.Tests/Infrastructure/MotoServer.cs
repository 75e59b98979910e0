using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using Xunit;

namespace EcsAdmin.Tests.Infrastructure
{
    /// <summary>
    /// A real moto_server on a free 127.0.0.1 port, one per test run: every collection that takes this fixture (the
    /// "moto" collection and the session collection) gets the same process. Starting moto costs about a second of
    /// CPU and three of wall time, and the collections' tests never depend on an empty moto (they use their own
    /// names), so a second process bought nothing. The process outlives the collections, which xUnit disposes one by
    /// one, and is stopped when the test process exits.
    /// </summary>
    public sealed class MotoServer
    {
        private static readonly Lazy<MotoProcess> Shared = new Lazy<MotoProcess>(() => new MotoProcess(), LazyThreadSafetyMode.ExecutionAndPublication);
        private readonly MotoProcess _process;

        public MotoServer() => _process = Shared.Value;

        public int Port => _process.Port;
        public string Url => _process.Url;

        public void Reset()
        {
            using var http = new HttpClient();
            http.PostAsync(Url + "/moto-api/reset", new StringContent("")).GetAwaiter().GetResult().EnsureSuccessStatusCode();
        }

        public static int FreePort()
        {
            var l = new TcpListener(IPAddress.Loopback, 0);
            l.Start();
            var port = ((IPEndPoint)l.LocalEndpoint).Port;
            l.Stop();
            return port;
        }
    }

    /// <summary>The moto_server process behind <see cref="MotoServer"/>; stopped (with its children) at process exit.</summary>
    internal sealed class MotoProcess
    {
        private readonly Process _process;
        private readonly string _logPath;

        public MotoProcess()
        {
            Port = MotoServer.FreePort();
            Url = "http://127.0.0.1:" + Port;
            _logPath = Path.Combine(Path.GetTempPath(), "ecsadmin-moto-" + Port + ".log");
            var psi = new ProcessStartInfo("moto_server", "-H 127.0.0.1 -p " + Port)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            psi.Environment["AWS_ACCESS_KEY_ID"] = "testing";
            psi.Environment["AWS_SECRET_ACCESS_KEY"] = "testing";
            // moto's EC2 backend otherwise builds its ~80,000 default images whenever it is created (after every
            // reset); no test reads them, and RunInstances takes any image id.
            psi.Environment["MOTO_EC2_LOAD_DEFAULT_AMIS"] = "false";
            _process = Process.Start(psi) ?? throw new InvalidOperationException("moto_server did not start");
            var log = new StreamWriter(_logPath) { AutoFlush = true };
            _process.OutputDataReceived += (_, e) => { if (e.Data != null) lock (log) log.WriteLine(e.Data); };
            _process.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (log) log.WriteLine(e.Data); };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            WaitUntilReady(TimeSpan.FromSeconds(40));
        }

        public int Port { get; }
        public string Url { get; }

        private void WaitUntilReady(TimeSpan timeout)
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_process.HasExited)
                    throw new InvalidOperationException("moto_server exited with " + _process.ExitCode + "; log: " + SafeLog());
                try
                {
                    var r = http.GetAsync(Url + "/moto-api/").GetAwaiter().GetResult();
                    if (r.StatusCode == HttpStatusCode.OK) return;
                }
                catch (HttpRequestException) { }
                catch (System.Threading.Tasks.TaskCanceledException) { }
                Thread.Sleep(150);
            }
            var log = SafeLog();
            Stop();
            throw new TimeoutException("moto_server did not answer on " + Url + " within " + timeout + "; log: " + log);
        }

        private string SafeLog()
        {
            try { return File.ReadAllText(_logPath); } catch (IOException) { return "(no log)"; }
        }

        private void Stop()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException) { }
            _process.Dispose();
            // The log is read only when moto fails to start (SafeLog); once the run is over it is litter.
            try { File.Delete(_logPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }


    [CollectionDefinition(Name)]
    public sealed class MotoCollection : ICollectionFixture<MotoServer>
    {
        public const string Name = "moto";
    }
}
