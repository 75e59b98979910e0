using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// The local console as the terminal of an interactive exec session: raw key reads (Ctrl+C is passed to the remote
    /// as 0x03 because TreatControlCAsInput is on), remote output written unchanged to standard output (the remote pty
    /// sends VT sequences; PowerShell 7 enables VT processing), and window-size polling. Dispose restores the console.
    /// </summary>
    internal sealed class ConsoleExecTerminal : IExecTerminal, IDisposable
    {
        private static readonly TimeSpan KeyPoll = TimeSpan.FromMilliseconds(15);
        private static readonly TimeSpan SizePoll = TimeSpan.FromMilliseconds(250);

        private readonly bool _savedTreatControlC;
        private readonly Stream _stdout;
        private readonly Timer _sizeTimer;
        private readonly object _writeGate = new object();
        private TerminalSize _lastSize;
        private int _disposed;

        public ConsoleExecTerminal()
        {
            _savedTreatControlC = Console.TreatControlCAsInput;
            Console.TreatControlCAsInput = true;
            _stdout = Console.OpenStandardOutput();
            _lastSize = GetWindowSize();
            _sizeTimer = new Timer(_ => PollSize(), null, SizePoll, SizePoll);
        }

        public event EventHandler? SizeChanged;

        public async Task<int> ReadInputAsync(byte[] buffer, CancellationToken cancellationToken)
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Volatile.Read(ref _disposed) != 0) return 0;
                if (!Console.KeyAvailable)
                {
                    await Task.Delay(KeyPoll, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var n = 0;
                while (Console.KeyAvailable && n < buffer.Length - 8)
                {
                    var bytes = KeyBytes(Console.ReadKey(intercept: true));
                    Buffer.BlockCopy(bytes, 0, buffer, n, bytes.Length);
                    n += bytes.Length;
                }
                if (n > 0) return n;
            }
        }

        public void WriteOutput(byte[] data)
        {
            if (data.Length == 0) return;
            lock (_writeGate)
            {
                _stdout.Write(data, 0, data.Length);
                _stdout.Flush();
            }
        }

        public TerminalSize GetWindowSize()
        {
            try
            {
                var cols = Console.WindowWidth;
                var rows = Console.WindowHeight;
                if (cols > 0 && rows > 0) return new TerminalSize(cols, rows);
            }
            catch (IOException) { }
            catch (InvalidOperationException) { }
            return new TerminalSize(80, 24);
        }

        private void PollSize()
        {
            if (Volatile.Read(ref _disposed) != 0) return;
            var size = GetWindowSize();
            if (size.Equals(_lastSize)) return;
            _lastSize = size;
            SizeChanged?.Invoke(this, EventArgs.Empty);
        }

        /// <summary>The bytes a VT terminal sends for a key (xterm conventions).</summary>
        internal static byte[] KeyBytes(ConsoleKeyInfo key)
        {
            switch (key.Key)
            {
                case ConsoleKey.UpArrow: return Esc("[A");
                case ConsoleKey.DownArrow: return Esc("[B");
                case ConsoleKey.RightArrow: return Esc("[C");
                case ConsoleKey.LeftArrow: return Esc("[D");
                case ConsoleKey.Home: return Esc("[H");
                case ConsoleKey.End: return Esc("[F");
                case ConsoleKey.Insert: return Esc("[2~");
                case ConsoleKey.Delete: return Esc("[3~");
                case ConsoleKey.PageUp: return Esc("[5~");
                case ConsoleKey.PageDown: return Esc("[6~");
                case ConsoleKey.F1: return Esc("OP");
                case ConsoleKey.F2: return Esc("OQ");
                case ConsoleKey.F3: return Esc("OR");
                case ConsoleKey.F4: return Esc("OS");
                case ConsoleKey.Backspace: return new[] { (byte)0x7f };
                case ConsoleKey.Enter: return new[] { (byte)'\r' };
                case ConsoleKey.Escape: return new[] { (byte)0x1b };
                case ConsoleKey.Tab: return (key.Modifiers & ConsoleModifiers.Shift) != 0 ? Esc("[Z") : new[] { (byte)'\t' };
            }
            if ((key.Modifiers & ConsoleModifiers.Control) != 0 && key.Key >= ConsoleKey.A && key.Key <= ConsoleKey.Z)
                return new[] { (byte)(key.Key - ConsoleKey.A + 1) }; // Ctrl+C → 0x03, Ctrl+D → 0x04, ...
            if (key.KeyChar == '\0') return Array.Empty<byte>();
            return Encoding.UTF8.GetBytes(new[] { key.KeyChar });
        }

        private static byte[] Esc(string rest)
        {
            var b = new byte[rest.Length + 1];
            b[0] = 0x1b;
            Encoding.ASCII.GetBytes(rest, 0, rest.Length, b, 1);
            return b;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            _sizeTimer.Dispose();
            try
            {
                // Reset colours and attributes the remote may have left, and start a fresh line.
                WriteOutput(Encoding.ASCII.GetBytes("\u001b[0m\r\n"));
            }
            catch (IOException) { }
            try { Console.TreatControlCAsInput = _savedTreatControlC; }
            catch (IOException) { }
            catch (InvalidOperationException) { }
        }
    }
}
