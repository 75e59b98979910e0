using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    /// <summary>Directories that stand for container images (the test server chroots into them; tests run as root).</summary>
    public static class TestImages
    {
        static readonly object Gate = new object();
        static string? _busybox, _noShell;

        /// <summary>An image whose only programs are BusyBox's applets (its /bin/sh is BusyBox ash). Needs busybox-static.</summary>
        public static string BusyBox()
        {
            lock (Gate) return _busybox ??= Build("busybox", withShell: true);
        }

        /// <summary>An image with a few programs and no /bin/sh (like a distroless image).</summary>
        public static string NoShell()
        {
            lock (Gate) return _noShell ??= Build("noshell", withShell: false);
        }

        static string Build(string name, bool withShell)
        {
            const string busybox = "/bin/busybox";
            if (!File.Exists(busybox))
                throw new InvalidOperationException("These tests need a static BusyBox at /bin/busybox: apt-get install -y busybox-static");
            var root = Path.Combine(Path.GetTempPath(), $"ecsadmin-image-{name}-{Environment.ProcessId}");
            if (Directory.Exists(root)) Directory.Delete(root, true);
            // The images live as long as the test process: no test run leaves them in the temp folder.
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try { Directory.Delete(root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            };
            foreach (var d in new[] { "bin", "tmp", "dev", "etc" }) Directory.CreateDirectory(Path.Combine(root, d));
            File.Copy(busybox, Path.Combine(root, "bin/busybox"));
            var list = Process.Start(new ProcessStartInfo(busybox, "--list") { RedirectStandardOutput = true })!;
            var applets = list.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            list.WaitForExit();
            foreach (var applet in applets)
            {
                if (applet == "busybox") continue;
                if (!withShell && applet != "echo" && applet != "cat" && applet != "ls") continue;
                File.CreateSymbolicLink(Path.Combine(root, "bin", applet), "busybox");
            }
            return root;
        }
    }

    public class ImageTests : IClassFixture<ServerFixture>
    {
        readonly ExecTestServer.ExecTestServer _server;
        public ImageTests(ServerFixture f) => _server = f.Server;

        static (byte[] Output, int ExitCode) RunBusyBoxLocally(string command)
        {
            var psi = new ProcessStartInfo("/bin/busybox") { RedirectStandardOutput = true, UseShellExecute = false };
            psi.ArgumentList.Add("sh");
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("exec 2>&1\n" + command);
            using var p = Process.Start(psi)!;
            using var ms = new MemoryStream();
            p.StandardOutput.BaseStream.CopyTo(ms);
            p.WaitForExit();
            return (ms.ToArray(), p.ExitCode);
        }

        [Theory]
        [InlineData("printf '%s|' \"it's\" 'a \"b\"' \\$HOME '\\n'; echo")]
        [InlineData("echo 'x'\\''y' | tr x z; echo \"$((6*7))\" $(echo sub) `echo tick`")]
        [InlineData("for i in 1 2 3; do printf '%s;' \"$i\"; done; echo; false")]
        [InlineData("echo to-stderr >&2; echo 'é ü 漢字 🚀'; exit 42")]
        [InlineData("cat <<'EOF'\nheredoc $HOME 'q'\nEOF\nexit 5")]
        [InlineData("echo line1\necho line2 | sed s/line/LINE/; exit 7")]
        public async Task TheWrapperWorksInABusyBoxImage(string command)
        {
            var local = RunBusyBoxLocally(command);
            var (o, session) = await Exec.RunAsync(_server, command, new ExecFaults { ImageRoot = TestImages.BusyBox() });
            Assert.Equal(Encoding.UTF8.GetString(local.Output), Encoding.UTF8.GetString(o.Output));
            Assert.Equal(local.ExitCode, o.ExitCode);
            Assert.Equal("/bin/sh", session.Argv![0]);
            Assert.Empty(session.Stats.ProtocolViolations);
        }

        [Fact]
        public async Task TheImageIsReallyBusyBox()
        {
            var (o, _) = await Exec.RunAsync(_server, "readlink /bin/sh; ls /bin | grep -c . ; test -e /bin/bash || echo no-bash",
                new ExecFaults { ImageRoot = TestImages.BusyBox() });
            var lines = Encoding.UTF8.GetString(o.Output).Split('\n');
            Assert.Equal("busybox", lines[0]);
            Assert.Equal("no-bash", lines[2]);
        }

        [Fact]
        public async Task AnImageWithoutAShellIsAClearError()
        {
            var ex = await Assert.ThrowsAsync<ExecCommandNotStartedException>(() =>
                Exec.RunAsync(_server, "echo hi", new ExecFaults { ImageRoot = TestImages.NoShell() }));
            Assert.True(ex.ShellMissing);
            Assert.Contains("fork/exec /bin/sh: no such file or directory", ex.Message);

            // A program that is there runs without a shell (and without an exit code).
            var session = _server.CreateSession("echo no shell needed", faults: new ExecFaults { ImageRoot = TestImages.NoShell() });
            var o = await ExecSession.RunCommandAsync(session.ToConnection(), session.Command, null, new CancellationTokenSource(Exec.TestTimeout).Token);
            Assert.Equal("no shell needed\n", Encoding.UTF8.GetString(o.Output));
            Assert.Null(o.ExitCode);

            var missing = _server.CreateSession("bash -c true", faults: new ExecFaults { ImageRoot = TestImages.NoShell() });
            var notFound = await Assert.ThrowsAsync<ExecCommandNotStartedException>(() => ExecSession.RunCommandAsync(missing.ToConnection(), missing.Command, null, default));
            Assert.False(notFound.ShellMissing);
            Assert.Contains("exec: \"bash\": executable file not found in $PATH", notFound.Message);
        }
    }
}
