using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>Console entry: prints the bound URL on the first stdout line; serves until stdin closes or the process is
    /// killed. --bench runs the loopback benchmark instead.</summary>
    public static class Program
    {
        const string Usage =
            "usage: EcsAdmin.ExecTestServer [--port N] [--upstream URL] [--duplicate] [--reorder] [--drop-every N] [--corrupt-digest]\n" +
            "       [--short-close] [--drop-socket-after N] [--delay-ms N] [--exit-before-output] [--pause-publication]\n" +
            "       [--handshake] [--kms-key ID] [--ignore-inputs N] [--crlf] [--unknown-messages] [--agent-version V]\n" +
            "       [--image CONTAINER=DIR]... [--path CONTAINER=DIR]... | --bench [MB] | --port-bench [MB]\n" +
            "  --image: sessions for that container name run chrooted in DIR (an image root; needs root)\n" +
            "  --path: sessions for that container name run on this machine with PATH=DIR (only the tools in DIR)";

        public static async Task<int> Main(string[] args)
        {
            var options = new ExecTestServerOptions();
            var f = options.Faults;
            int? benchMb = null, portBenchMb = null;
            try
            {
                for (var i = 0; i < args.Length; i++)
                {
                    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                    int NextInt() => int.Parse(Next(), NumberStyles.Integer, CultureInfo.InvariantCulture);
                    switch (args[i])
                    {
                        case "--port": options.Port = NextInt(); break;
                        case "--upstream": options.Upstream = new Uri(Next()); break;
                        case "--duplicate": f.DuplicateOutput = true; break;
                        case "--reorder": f.ReorderOutput = true; break;
                        case "--drop-every": f.DropOutputEvery = NextInt(); break;
                        case "--corrupt-digest": f.CorruptDigestOnce = true; break;
                        case "--short-close": f.ShortHeaderChannelClosed = true; break;
                        case "--drop-socket-after": f.DropSocketAfterMessages = NextInt(); break;
                        case "--delay-ms": f.AgentDelay = TimeSpan.FromMilliseconds(NextInt()); break;
                        case "--exit-before-output": f.ExitBeforeOutput = true; break;
                        case "--pause-publication": f.PausePublication = true; break;
                        case "--handshake": f.Handshake = true; break;
                        case "--kms-key": f.KmsKeyId = Next(); break;
                        case "--ignore-inputs": f.IgnoreFirstInputs = NextInt(); break;
                        case "--crlf": f.TranslateNewlines = true; break;
                        case "--unknown-messages": f.SendUnknownMessages = true; break;
                        case "--agent-version": f.AgentVersion = Next(); break;
                        case "--image":
                        case "--path":
                            var option = args[i];
                            var spec = Next();
                            var eq = spec.IndexOf('=');
                            if (eq <= 0 || eq == spec.Length - 1) throw new ArgumentException(option + " needs CONTAINER=DIR");
                            (option == "--image" ? options.Images : options.SearchPaths)[spec.Substring(0, eq)] = spec.Substring(eq + 1);
                            break;
                        case "--bench":
                            benchMb = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb) ? mb : 16;
                            if (i + 1 < args.Length && args[i + 1] == benchMb.Value.ToString(CultureInfo.InvariantCulture)) i++;
                            break;
                        case "--port-bench":
                            portBenchMb = i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var pmb) ? pmb : 32;
                            if (i + 1 < args.Length && args[i + 1] == portBenchMb.Value.ToString(CultureInfo.InvariantCulture)) i++;
                            break;
                        case "-h": case "--help": Console.WriteLine(Usage); return 0;
                        default: throw new ArgumentException("unknown argument " + args[i]);
                    }
                }
            }
            catch (Exception ex) when (ex is ArgumentException || ex is FormatException || ex is OverflowException || ex is UriFormatException)
            {
                Console.Error.WriteLine(ex.Message);
                Console.Error.WriteLine(Usage);
                return 2;
            }

            if (portBenchMb is int portMegabytes)
            {
                await PortBench.RunAsync(portMegabytes, Console.Out);
                return 0;
            }
            if (benchMb is int megabytes)
            {
                await ExecBench.RunAsync(megabytes, Console.Out);
                return 0;
            }

            await using var server = await ExecTestServer.StartAsync(options);
            Console.WriteLine(server.BaseUri.ToString());
            Console.Out.Flush();
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
            AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
            var stdin = new Thread(() =>
            {
                try { while (Console.In.ReadLine() != null) { } } catch (Exception) { /* stdin gone: stop */ }
                stop.TrySetResult();
            }) { IsBackground = true, Name = "stdin-watch" };
            stdin.Start();
            await stop.Task;
            Console.Error.WriteLine("exec test server: " + server.Stats);
            return 0;
        }
    }
}
