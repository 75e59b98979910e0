using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;

namespace EcsAdmin.Engine.Operations
{
    /// <summary>
    /// The local console as the terminal of an interactive exec session. On Linux and macOS the terminal is put in raw
    /// mode (cfmakeraw: no echo, no line editing, no signals, no output processing) and the bytes the terminal sends are
    /// forwarded exactly as typed (arrows, Tab, Ctrl+C as 0x03, Ctrl+D as 0x04, UTF-8); on Windows keys are read with
    /// ReadKey (TreatControlCAsInput) and turned into the bytes a VT terminal sends. Remote output is written unchanged
    /// (the remote pty sends VT sequences and CRLF). The window size is polled. Dispose restores the terminal settings
    /// exactly as they were.
    /// </summary>
    internal sealed class ConsoleExecTerminal : IExecTerminal, IDisposable
    {
        private static readonly TimeSpan KeyPoll = TimeSpan.FromMilliseconds(15);
        private static readonly TimeSpan SizePoll = TimeSpan.FromMilliseconds(250);

        private readonly bool _savedTreatControlC;
        private readonly byte[]? _savedTermios; // Unix: the settings to restore; null when not a terminal or on Windows
        private readonly Stream _stdout;
        private readonly Timer _sizeTimer;
        private readonly object _writeGate = new object();
        private TerminalSize _lastSize;
        private int _disposed;

        public ConsoleExecTerminal()
        {
            _savedTreatControlC = Console.TreatControlCAsInput;
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows)) Console.TreatControlCAsInput = true;
            else _savedTermios = Unix.EnterRawMode();
            _stdout = Console.OpenStandardOutput();
            _lastSize = GetWindowSize();
            _sizeTimer = new Timer(_ => PollSize(), null, SizePoll, SizePoll);
        }

        public event EventHandler? SizeChanged;

        public async Task<int> ReadInputAsync(byte[] buffer, CancellationToken cancellationToken)
        {
            if (_savedTermios != null)
            {
                // Raw bytes from the terminal; poll so that cancellation and Dispose end the read.
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (Volatile.Read(ref _disposed) != 0) return 0;
                    var n = await Task.Run(() => Unix.ReadStdin(buffer, 50, () => cancellationToken.IsCancellationRequested || Volatile.Read(ref _disposed) != 0), cancellationToken).ConfigureAwait(false);
                    if (n < 0) return 0; // end of input
                    if (n > 0) return n;
                }
            }
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
            if (_savedTermios != null) Unix.Restore(_savedTermios);
            else
            {
                try { Console.TreatControlCAsInput = _savedTreatControlC; }
                catch (IOException) { }
                catch (InvalidOperationException) { }
            }
        }

        /// <summary>libc termios calls on fd 0. The termios struct is handled as an opaque buffer (its layout differs
        /// between Linux and macOS); cfmakeraw fills it in.</summary>
        private static class Unix
        {
            private const int StdinFd = 0, TcsaNow = 0, PollIn = 0x001;

            [StructLayout(LayoutKind.Sequential)]
            private struct PollFd { public int Fd; public short Events; public short Revents; }

            [DllImport("libc", SetLastError = true)] private static extern int isatty(int fd);
            [DllImport("libc", SetLastError = true)] private static extern int tcgetattr(int fd, byte[] termios);
            [DllImport("libc", SetLastError = true)] private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);
            [DllImport("libc")] private static extern void cfmakeraw(byte[] termios);
            [DllImport("libc", SetLastError = true)] private static extern int poll(ref PollFd fds, ulong nfds, int timeout);
            [DllImport("libc", SetLastError = true)] private static extern IntPtr read(int fd, byte[] buffer, UIntPtr count);

            public static byte[]? EnterRawMode()
            {
                try
                {
                    if (isatty(StdinFd) != 1) return null;
                    var saved = new byte[256];
                    if (tcgetattr(StdinFd, saved) != 0) return null;
                    var raw = (byte[])saved.Clone();
                    cfmakeraw(raw);
                    return tcsetattr(StdinFd, TcsaNow, raw) == 0 ? saved : null;
                }
                catch (DllNotFoundException) { return null; }
                catch (EntryPointNotFoundException) { return null; }
            }

            public static void Restore(byte[] saved) => tcsetattr(StdinFd, TcsaNow, saved);

            /// <summary>Bytes read (0 when nothing arrived within the timeout), or -1 at end of input.</summary>
            /// <param name="stop">Checked after the wait: when the session is over, the bytes are left for the local shell.</param>
            public static int ReadStdin(byte[] buffer, int timeoutMs, Func<bool> stop)
            {
                var p = new PollFd { Fd = StdinFd, Events = PollIn };
                var ready = poll(ref p, 1, timeoutMs);
                if (ready < 0) return Marshal.GetLastWin32Error() == 4 /* EINTR */ ? 0 : -1;
                if (ready == 0 || stop()) return 0;
                var n = (long)read(StdinFd, buffer, (UIntPtr)buffer.Length);
                if (n < 0) return Marshal.GetLastWin32Error() == 4 || Marshal.GetLastWin32Error() == 11 ? 0 : -1;
                return n == 0 ? -1 : (int)n;
            }
        }
    }
}
