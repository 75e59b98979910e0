using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    public class EscapeTests : IClassFixture<ServerFixture>
    {
        readonly ExecTestServer.ExecTestServer _server;
        public EscapeTests(ServerFixture f) => _server = f.Server;

        static (string Sent, bool Leave) Run(EscapeFilter f, string typed)
        {
            var bytes = Encoding.ASCII.GetBytes(typed);
            var sent = f.Filter(bytes, bytes.Length, out var leave);
            return (Encoding.ASCII.GetString(sent), leave);
        }

        [Theory]
        [InlineData("~.", "", true)]               // first key of the session
        [InlineData("ls\r~.", "ls\r", true)]       // right after Enter
        [InlineData("a~.", "a~.", false)]          // not at the start of a line
        [InlineData("~~.", "~.", false)]           // ~~ sends one ~
        [InlineData("~x\r", "~x\r", false)]        // any other key sends both
        [InlineData("\r~\r~.", "\r~\r", true)]
        public void TheEscapeIsTildeDotAtTheStartOfALine(string typed, string sent, bool leave)
        {
            var r = Run(new EscapeFilter(), typed);
            Assert.Equal(sent, r.Sent);
            Assert.Equal(leave, r.Leave);
        }

        [Fact]
        public void TheEscapeMaySpanReads()
        {
            var f = new EscapeFilter();
            Assert.Equal(("echo\r", false), Run(f, "echo\r"));
            Assert.Equal(("", false), Run(f, "~"));
            Assert.Equal(("", true), Run(f, "."));
        }

        [Fact]
        public async Task TildeDotLeavesASessionThatIgnoresEverything()
        {
            // The remote ignores SIGINT and never ends; Ctrl+C and Ctrl+D do nothing.
            var session = _server.CreateSession("/bin/sh -c 'trap \"\" INT; stty -icanon -isig; echo stuck; sleep 300'");
            var term = new FakeTerminal();
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var run = ExecSession.RunInteractiveAsync(session.ToConnection(), term, new ExecInteractiveOptions(), cts.Token);
            await term.WaitForOutput("stuck");
            term.Type(0x03);
            term.Type(0x04);
            term.Type("\r~.");
            var outcome = await run;
            Assert.True(outcome.LeftByEscape);
            Assert.StartsWith("\r\nStarting session with SessionId: " + session.SessionId + "\r\n(Type ~. at the start of a line to leave the session.)", term.Output);
            Assert.Contains("Left exec session " + session.SessionId, term.Output);
            await _server.TerminateAsync(session.SessionId);
        }

        [Fact]
        public async Task TildeDotLeavesEvenBeforeTheChannelIsReady()
        {
            var session = _server.CreateSession("sleep 300"); // prints nothing: the channel never becomes ready
            var term = new FakeTerminal();
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var run = ExecSession.RunInteractiveAsync(session.ToConnection(), term, new ExecInteractiveOptions(), cts.Token);
            term.Type("~.");
            var outcome = await run;
            Assert.True(outcome.LeftByEscape);
            await _server.TerminateAsync(session.SessionId);
        }

        [Fact]
        public async Task ARemoteExitEndsTheSessionCleanly()
        {
            var session = _server.CreateSession("env PS1=$\\  /bin/sh");
            var term = new FakeTerminal();
            using var cts = new CancellationTokenSource(Exec.TestTimeout);
            var run = ExecSession.RunInteractiveAsync(session.ToConnection(), term, new ExecInteractiveOptions(), cts.Token);
            await term.WaitForOutput("$ ");
            term.Type(0x04); // Ctrl+D at an empty line: the shell exits
            var outcome = await run;
            Assert.False(outcome.LeftByEscape);
            Assert.Null(outcome.CloseReason);
            Assert.EndsWith("Exiting session with SessionId: " + session.SessionId + ".\r\n", term.Output);
        }
    }
}
