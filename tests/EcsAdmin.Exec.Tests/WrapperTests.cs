using System;
using System.Text;
using EcsAdmin.Exec;
using Xunit;

namespace EcsAdmin.Exec.Tests
{
    public class WrapperTests
    {
        const string Marker = "__ECSEXEC_0123456789abcdef__";
        static byte[] B(string s) => Encoding.UTF8.GetBytes(s);
        static string S(byte[] b) => Encoding.UTF8.GetString(b);

        [Theory]
        [InlineData("hello\n\n" + Marker + ":0\n", "hello\n", 0)]
        [InlineData("hello\n" + Marker + ":7\n", "hello", 7)]            // output without a trailing newline
        [InlineData("\n" + Marker + ":3\n", "", 3)]
        [InlineData("a\r\nb\r\n\r\n" + Marker + ":12\r\n", "a\r\nb\r\n", 12)]  // pty onlcr
        [InlineData("x\r\n" + Marker + ":1", "x", 1)]                       // no final newline yet
        [InlineData("before\n\n" + Marker + ":0\nafter\n", "before\nafter\n", 0)]
        public void ExtractStripsTheMarkerLine(string raw, string expected, int code)
        {
            var output = ExecCommandWrapper.Extract(B(raw), Marker, out var exit);
            Assert.Equal(expected, S(output));
            Assert.Equal(code, exit);
        }

        [Fact]
        public void ExtractIgnoresMarkerTextThatIsNotALine()
        {
            var raw = "ps: sh -c ... " + Marker + ":5 trailing\n" + Marker + ":x\n";
            var output = ExecCommandWrapper.Extract(B(raw), Marker, out var exit);
            Assert.Null(exit);
            Assert.Equal(raw, S(output));
            // The last valid line wins over an earlier one.
            var two = "\n" + Marker + ":1\nmore\n\n" + Marker + ":2\n";
            Assert.Equal("\n" + Marker + ":1\nmore\n", S(ExecCommandWrapper.Extract(B(two), Marker, out exit)));
            Assert.Equal(2, exit);
        }

        [Fact]
        public void WrapQuotesAndTheMarkerIsRecoverable()
        {
            var wrapped = ExecCommandWrapper.Wrap("echo 'it''s' \"$HOME\"", Marker);
            Assert.StartsWith("/bin/sh -c '", wrapped);
            Assert.Contains("'echo '\\''it'\\'''\\''s'\\'' \"$HOME\"'", wrapped);
            Assert.EndsWith(" '" + Marker + "'", wrapped);
            Assert.Equal(Marker, ExecCommandWrapper.TryGetMarker(wrapped));
            Assert.Null(ExecCommandWrapper.TryGetMarker("echo hi '" + Marker + "'"));
            Assert.Throws<ArgumentException>(() => ExecCommandWrapper.Wrap("echo", "bad marker'"));
            Assert.Throws<ArgumentException>(() => ExecCommandWrapper.Wrap("  ", Marker));
            var m = ExecCommandWrapper.NewMarker();
            Assert.NotEqual(m, ExecCommandWrapper.NewMarker());
            Assert.Equal(m, ExecCommandWrapper.TryGetMarker(ExecCommandWrapper.Wrap("true", m)));
        }

        [Fact]
        public void NormalizeLineEndings()
        {
            Assert.Equal("a\nb\n\rc\r", S(ExecCommandWrapper.NormalizeLineEndings(B("a\r\nb\r\n\rc\r"))));
            Assert.Equal("", S(ExecCommandWrapper.NormalizeLineEndings(B(""))));
            Assert.Equal("\n\r\n\n", S(ExecCommandWrapper.NormalizeLineEndings(B("\r\n\r\r\n\r\n"))));
            Assert.Equal("no line end", S(ExecCommandWrapper.NormalizeLineEndings(B("no line end"))));
        }

        [Fact]
        public void NormalizeLineEndings_drops_exactly_the_CR_of_each_CRLF_in_long_mixed_output()
        {
            // Bytes drawn mostly from CR, LF and 'x', so CRLFs, lone CRs, CRCRLFs and runs meet at every offset.
            var random = new Random(7);
            foreach (var length in new[] { 1, 2, 3, 31, 32, 33, 1000, 100_000 })
            {
                var raw = new byte[length];
                for (var i = 0; i < length; i++) raw[i] = (byte)"\r\nxx"[random.Next(4)];
                var expected = new System.Collections.Generic.List<byte>(length);
                for (var i = 0; i < length; i++)
                    if (!(raw[i] == (byte)'\r' && i + 1 < length && raw[i + 1] == (byte)'\n')) expected.Add(raw[i]);
                Assert.Equal(expected.ToArray(), ExecCommandWrapper.NormalizeLineEndings(raw));
            }
        }
    }
}
