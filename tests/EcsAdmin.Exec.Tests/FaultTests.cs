using System;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Exec;
using EcsAdmin.ExecTestServer;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    public class FaultTests : IClassFixture<PatientServerFixture>
    {
        const string Command = "seq 1 30000; exit 6"; // ~170 KB: a few hundred messages
        readonly ExecTestServer.ExecTestServer _server;
        readonly string _expected;
        public FaultTests(PatientServerFixture f)
        {
            _server = f.Server;
            _expected = Exec.Sha(Exec.RunLocal("seq 1 30000").Output);
        }

        async Task<ExecTestSession> AssertCorrect(ExecFaults faults)
        {
            var (o, session) = await Exec.RunAsync(_server, Command, faults);
            Assert.Equal(_expected, Exec.Sha(o.Output));
            Assert.Equal(6, o.ExitCode);
            Assert.Empty(session.Stats.ProtocolViolations);
            return session;
        }

        [Fact]
        public async Task DuplicatesAreDroppedAndReacked()
        {
            var s = await AssertCorrect(new ExecFaults { DuplicateOutput = true });
            Assert.True(s.Stats.DuplicatesSent > 100);
            Assert.True(s.Stats.AcksReceived > s.Stats.MessagesSent, s.Stats.ToString()); // duplicates are acked again
        }

        [Fact]
        public async Task ReorderedOutputIsDeliveredInOrder()
        {
            var s = await AssertCorrect(new ExecFaults { ReorderOutput = true });
            Assert.True(s.Stats.MessagesSent > 100);
        }

        [Fact]
        public async Task DroppedOutputIsRecoveredByRetransmission()
        {
            var s = await AssertCorrect(new ExecFaults { DropOutputEvery = 7 });
            Assert.True(s.Stats.DroppedOnPurpose > 10);
            Assert.True(s.Stats.Retransmits >= s.Stats.DroppedOnPurpose, s.Stats.ToString());
        }

        [Fact]
        public async Task CorruptDigestIsNotAckedAndIsResent()
        {
            var s = await AssertCorrect(new ExecFaults { CorruptDigestOnce = true });
            Assert.True(s.Stats.Retransmits >= 1);
        }

        [Fact]
        public async Task ShortHeaderChannelClosed() => await AssertCorrect(new ExecFaults { ShortHeaderChannelClosed = true });

        [Fact]
        public async Task PausePublicationAndUnknownMessagesAndHandshake() =>
            await AssertCorrect(new ExecFaults { PausePublication = true, SendUnknownMessages = true, Handshake = true });

        [Fact]
        public async Task AllSurvivableFaultsAtOnce()
        {
            var s = await AssertCorrect(new ExecFaults
            {
                DuplicateOutput = true, ReorderOutput = true, DropOutputEvery = 5, CorruptDigestOnce = true,
                ShortHeaderChannelClosed = true, PausePublication = true, Handshake = true, IgnoreFirstInputs = 2,
                AgentDelay = TimeSpan.FromMilliseconds(1),
            });
            Assert.True(s.Stats.Retransmits > 0);
        }

        [Fact]
        public async Task SlowAgentStillDeliversEverything()
        {
            var (o, _) = await Exec.RunAsync(_server, "seq 1 5; exit 2", new ExecFaults { AgentDelay = TimeSpan.FromMilliseconds(150) });
            Assert.Equal("1\n2\n3\n4\n5\n", Encoding.ASCII.GetString(o.Output));
            Assert.Equal(2, o.ExitCode);
        }

        [Fact]
        public async Task UnackedInputIsRetransmitted()
        {
            // The agent's "handler not ready" window: the first inputs (the Size message) get no ack. The command runs
            // long enough (3 s) for the back-off retransmissions to land even on a loaded machine.
            var (o, s) = await Exec.RunAsync(_server, "echo start; sleep 3; echo end", new ExecFaults { IgnoreFirstInputs = 2 });
            Assert.Equal("start\nend\n", Encoding.ASCII.GetString(o.Output));
            Assert.Contains(new TerminalSize(500, 100), s.Stats.SizeMessages);
            Assert.True(s.Stats.InputMessagesReceived >= 3, s.Stats.ToString());
            Assert.Empty(s.Stats.ProtocolViolations);
        }

        [Fact]
        public async Task DroppedSocketIsAClearErrorNotAHang()
        {
            // A hang guard: a hang ends in a TimeoutException, not the session error.
            var ex = await Assert.ThrowsAsync<ExecSessionException>(() => Exec.RunAsync(_server, "seq 1 100000", new ExecFaults { DropSocketAfterMessages = 5 }).WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Contains("ended before the session did", ex.Message);
        }

        [Fact]
        public async Task ExitBeforeOutputGivesEmptyOutputAndUnknownExitCode()
        {
            var (o, s) = await Exec.RunAsync(_server, "echo never", new ExecFaults { ExitBeforeOutput = true });
            Assert.Empty(o.Output);
            Assert.Null(o.ExitCode);
            Assert.False(o.MarkerFound);
            Assert.Equal(0, s.Stats.MessagesSent);
        }

        [Fact]
        public async Task KmsRequestIsRefusedWithAClearError()
        {
            var ex = await Assert.ThrowsAsync<ExecSessionException>(() => Exec.RunAsync(_server, "echo hi", new ExecFaults { KmsKeyId = "arn:aws:kms:us-east-1:1:key/k" }));
            Assert.Contains("KMS", ex.Message);
            Assert.Contains("status 3", ex.Message); // the agent's channel_closed Output is surfaced
        }
    }
}
