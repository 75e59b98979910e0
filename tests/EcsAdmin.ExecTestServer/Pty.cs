using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace EcsAdmin.ExecTestServer
{
    /// <summary>
    /// A process on a pseudo-terminal, as the SSM agent starts commands in ECS (container mode): argv is executed
    /// directly (no shell), in a new session whose controlling terminal is the pty slave. Linux/glibc only.
    /// </summary>
    /// <remarks>
    /// How, without fork in managed code: posix_openpt (O_CLOEXEC, so no other child inherits the master), then
    /// posix_spawnp with POSIX_SPAWN_SETSID and a file action that opens the slave by path as fd 0. glibc runs setsid
    /// before the file actions, so that open makes the slave the child's controlling terminal; fd 1 and 2 are dup2'd
    /// from it. Signal dispositions (.NET ignores SIGPIPE) and the signal mask are reset to defaults. The parent
    /// never opens the slave, so a read on the master fails (EIO) once every process holding the slave has exited.
    /// Line discipline, echo, CRLF (onlcr) and SIGINT to the foreground process group on 0x03 are the kernel's.
    /// </remarks>
    public sealed class PtyProcess : IDisposable
    {
        const int O_RDWR = 2, O_NOCTTY = 0x100, O_CLOEXEC = 0x80000;
        const short POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08, POSIX_SPAWN_SETSID = 0x80;
        const ulong TIOCSWINSZ = 0x5414;
        const short POLLIN = 0x001, POLLERR = 0x008, POLLHUP = 0x010;
        const int EINTR = 4, EAGAIN = 11, EIO = 5;
        public const int SIGINT = 2, SIGKILL = 9, SIGTERM = 15, SIGHUP = 1;

        [StructLayout(LayoutKind.Sequential)]
        struct WinSize { public ushort Rows, Cols, XPixel, YPixel; }

        [StructLayout(LayoutKind.Sequential)]
        struct PollFd { public int Fd; public short Events; public short Revents; }

        [DllImport("libc", SetLastError = true)] static extern int posix_openpt(int flags);
        [DllImport("libc", SetLastError = true)] static extern int grantpt(int fd);
        [DllImport("libc", SetLastError = true)] static extern int unlockpt(int fd);
        [DllImport("libc", SetLastError = true)] static extern int ptsname_r(int fd, byte[] buf, UIntPtr len);
        [DllImport("libc", SetLastError = true)] static extern int close(int fd);
        [DllImport("libc", SetLastError = true)] static extern IntPtr read(int fd, byte[] buf, UIntPtr count);
        [DllImport("libc", SetLastError = true)] static extern unsafe IntPtr write(int fd, byte* buf, UIntPtr count);
        [DllImport("libc", SetLastError = true)] static extern int poll(ref PollFd fds, ulong nfds, int timeout);
        [DllImport("libc", SetLastError = true)] static extern int ioctl(int fd, ulong request, ref WinSize size);
        [DllImport("libc", SetLastError = true)] static extern int kill(int pid, int sig);
        [DllImport("libc", SetLastError = true)] static extern int waitpid(int pid, out int status, int options);
        [DllImport("libc")] static extern int posix_spawn_file_actions_init(IntPtr fa);
        [DllImport("libc")] static extern int posix_spawn_file_actions_destroy(IntPtr fa);
        [DllImport("libc")] static extern int posix_spawn_file_actions_addopen(IntPtr fa, int fd, byte[] path, int oflag, uint mode);
        [DllImport("libc")] static extern int posix_spawn_file_actions_adddup2(IntPtr fa, int fd, int newfd);
        [DllImport("libc")] static extern int posix_spawnattr_init(IntPtr attr);
        [DllImport("libc")] static extern int posix_spawnattr_destroy(IntPtr attr);
        [DllImport("libc")] static extern int posix_spawnattr_setflags(IntPtr attr, short flags);
        [DllImport("libc")] static extern int posix_spawnattr_setsigmask(IntPtr attr, IntPtr sigset);
        [DllImport("libc")] static extern int posix_spawnattr_setsigdefault(IntPtr attr, IntPtr sigset);
        [DllImport("libc")] static extern int sigemptyset(IntPtr set);
        [DllImport("libc")] static extern int sigfillset(IntPtr set);
        [DllImport("libc")] static extern int posix_spawnp(out int pid, byte[] file, IntPtr fileActions, IntPtr attr, IntPtr[] argv, IntPtr[] envp);
        [DllImport("libc")] static extern IntPtr strerror(int errnum);

        readonly object _writeGate = new object();
        int _master;
        int _exitReaped;

        PtyProcess(int master, int pid, string slavePath) { _master = master; Pid = pid; SlavePath = slavePath; }

        public int Pid { get; }
        public string SlavePath { get; }

        /// <summary>Why a start failed, worded like the agent's message ("fork/exec …: no such file or directory").</summary>
        public sealed class StartException : Exception
        {
            public StartException(string message, int errno) : base(message) { Errno = errno; }
            public int Errno { get; }
        }

        /// <summary>Starts argv[0] (searched in PATH when it has no slash) with argv on a new pty.</summary>
        public static PtyProcess Start(IReadOnlyList<string> argv, IDictionary<string, string> environment, TerminalSizeCells? size = null)
        {
            if (argv.Count == 0) throw new ArgumentException("argv is empty", nameof(argv));
            var master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
            if (master < 0) throw new InvalidOperationException("posix_openpt failed: errno " + Marshal.GetLastWin32Error());
            try
            {
                if (grantpt(master) != 0 || unlockpt(master) != 0)
                    throw new InvalidOperationException("grantpt/unlockpt failed: errno " + Marshal.GetLastWin32Error());
                var name = new byte[128];
                if (ptsname_r(master, name, (UIntPtr)name.Length) != 0) throw new InvalidOperationException("ptsname_r failed");
                var slavePath = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
                if (size is TerminalSizeCells s) SetSize(master, s.Columns, s.Rows);
                var pid = Spawn(argv, environment, slavePath);
                return new PtyProcess(master, pid, slavePath);
            }
            catch
            {
                close(master);
                throw;
            }
        }

        static int Spawn(IReadOnlyList<string> argv, IDictionary<string, string> environment, string slavePath)
        {
            // Generous buffers: glibc's posix_spawn_file_actions_t is 80 bytes, posix_spawnattr_t 336, sigset_t 128.
            var fa = Marshal.AllocHGlobal(1024);
            var attr = Marshal.AllocHGlobal(1024);
            var sigs = Marshal.AllocHGlobal(256);
            var strings = new List<IntPtr>();
            IntPtr Utf8(string value)
            {
                var bytes = Encoding.UTF8.GetBytes(value + "\0");
                var p = Marshal.AllocHGlobal(bytes.Length);
                Marshal.Copy(bytes, 0, p, bytes.Length);
                strings.Add(p);
                return p;
            }
            try
            {
                posix_spawn_file_actions_init(fa);
                posix_spawnattr_init(attr);
                posix_spawn_file_actions_addopen(fa, 0, Encoding.UTF8.GetBytes(slavePath + "\0"), O_RDWR, 0);
                posix_spawn_file_actions_adddup2(fa, 0, 1);
                posix_spawn_file_actions_adddup2(fa, 0, 2);
                posix_spawnattr_setflags(attr, (short)(POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK));
                sigemptyset(sigs);
                posix_spawnattr_setsigmask(attr, sigs);
                sigfillset(sigs);
                posix_spawnattr_setsigdefault(attr, sigs);

                var args = new IntPtr[argv.Count + 1];
                for (var i = 0; i < argv.Count; i++) args[i] = Utf8(argv[i]);
                var env = new List<IntPtr>();
                foreach (var kv in environment) env.Add(Utf8(kv.Key + "=" + kv.Value));
                env.Add(IntPtr.Zero);
                var rc = posix_spawnp(out var pid, Encoding.UTF8.GetBytes(argv[0] + "\0"), fa, attr, args, env.ToArray());
                if (rc != 0)
                {
                    var reason = (Marshal.PtrToStringAnsi(strerror(rc)) ?? "errno " + rc).ToLowerInvariant();
                    // The agent (Go) words it "fork/exec <path>: <reason>", or for a bare name not found in PATH
                    // `exec: "<name>": executable file not found in $PATH`.
                    var message = argv[0].Contains('/') || rc != 2
                        ? $"fork/exec {argv[0]}: {reason}"
                        : $"exec: \"{argv[0]}\": executable file not found in $PATH";
                    throw new StartException(message, rc);
                }
                return pid;
            }
            finally
            {
                posix_spawn_file_actions_destroy(fa);
                posix_spawnattr_destroy(attr);
                Marshal.FreeHGlobal(fa);
                Marshal.FreeHGlobal(attr);
                Marshal.FreeHGlobal(sigs);
                foreach (var p in strings) Marshal.FreeHGlobal(p);
            }
        }

        static void SetSize(int fd, int columns, int rows)
        {
            var ws = new WinSize { Cols = (ushort)Math.Clamp(columns, 0, ushort.MaxValue), Rows = (ushort)Math.Clamp(rows, 0, ushort.MaxValue) };
            ioctl(fd, TIOCSWINSZ, ref ws);
        }

        /// <summary>TIOCSWINSZ on the master: the kernel sends SIGWINCH to the foreground process group.</summary>
        public void Resize(int columns, int rows)
        {
            var fd = Volatile.Read(ref _master);
            if (fd >= 0) SetSize(fd, columns, rows);
        }

        /// <summary>Blocking read of terminal output. Returns 0 when the terminal is gone (every slave holder exited),
        /// or when <paramref name="stop"/> is set and nothing is buffered.</summary>
        public int Read(byte[] buffer, Func<bool> stop)
        {
            while (true)
            {
                var fd = Volatile.Read(ref _master);
                if (fd < 0) { EndReason = "master closed"; return 0; }
                var p = new PollFd { Fd = fd, Events = POLLIN };
                var n = poll(ref p, 1, 100);
                if (n < 0)
                {
                    var pollErrno = Marshal.GetLastWin32Error();
                    if (pollErrno == EINTR) continue;
                    EndReason = "poll errno " + pollErrno;
                    return 0;
                }
                if (n == 0) { if (stop()) { EndReason = "stopped"; return 0; } continue; }
                var r = (long)read(fd, buffer, (UIntPtr)buffer.Length);
                if (r > 0) return (int)r;
                if (r == 0) { EndReason = "end of file"; return 0; }
                var errno = Marshal.GetLastWin32Error();
                if (errno == EINTR || errno == EAGAIN) continue;
                EndReason = "read errno " + errno + " (poll revents " + p.Revents + ")";
                return 0; // EIO: the slave side is closed
            }
        }

        /// <summary>Why <see cref="Read"/> last returned 0 (for diagnostics).</summary>
        public string? EndReason { get; private set; }

        /// <summary>Writes keystrokes to the terminal (the line discipline echoes them, and turns 0x03 into SIGINT).</summary>
        public unsafe void Write(byte[] data)
        {
            lock (_writeGate)
            {
                var fd = Volatile.Read(ref _master);
                if (fd < 0) return;
                fixed (byte* b = data)
                {
                    var done = 0;
                    while (done < data.Length)
                    {
                        var r = (long)write(fd, b + done, (UIntPtr)(data.Length - done));
                        if (r < 0)
                        {
                            var errno = Marshal.GetLastWin32Error();
                            if (errno == EINTR) continue;
                            return;
                        }
                        done += (int)r;
                    }
                }
            }
        }

        /// <summary>Signals the child's process group (its session).</summary>
        public void Signal(int signal) => kill(-Pid, signal);

        /// <summary>Reaps the child if it has exited; its exit status (the raw wait status), or null.</summary>
        public int? TryReap()
        {
            if (Volatile.Read(ref _exitReaped) != 0) return null;
            var r = waitpid(Pid, out var status, 1 /* WNOHANG */);
            if (r == Pid) { Interlocked.Exchange(ref _exitReaped, 1); return status; }
            return null;
        }

        public void Dispose()
        {
            var fd = Interlocked.Exchange(ref _master, -1);
            if (fd < 0) return;
            Signal(SIGKILL);
            close(fd); // hang-up for anything else still on the slave
            TryReap();
        }
    }

    /// <summary>Columns × rows.</summary>
    public readonly struct TerminalSizeCells
    {
        public TerminalSizeCells(int columns, int rows) { Columns = columns; Rows = rows; }
        public int Columns { get; }
        public int Rows { get; }
    }
}
