using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Validation;
using Xunit;

namespace EcsAdmin.Tests.Foundation
{
    public sealed class FargateSizeTests
    {
        [Theory]
        [InlineData("256", "512")]
        [InlineData("256", "2048")]
        [InlineData("512", "4096")]
        [InlineData("1024", "8192")]
        [InlineData("2048", "16384")]
        [InlineData("4096", "30720")]
        [InlineData("8192", "61440")]
        [InlineData("16384", "122880")]
        [InlineData("0.25 vCPU", "0.5GB")]
        [InlineData("1 vcpu", "2 GB")]
        public void Accepts_the_documented_combinations(string cpu, string memory)
            => FargateSizes.Check(cpu, memory, "t");

        [Theory]
        [InlineData("256", "4096", "InvalidFargateSize")]
        [InlineData("256", "1536", "InvalidFargateSize")]
        [InlineData("512", "512", "InvalidFargateSize")]
        [InlineData("2048", "4608", "InvalidFargateSize")]
        [InlineData("4096", "31744", "InvalidFargateSize")]
        [InlineData("8192", "17408", "InvalidFargateSize")]
        [InlineData("16384", "36864", "InvalidFargateSize")]
        [InlineData("300", "1024", "InvalidFargateCpu")]
        [InlineData("", "1024", "InvalidFargateCpu")]
        [InlineData("1024", "lots", "InvalidFargateMemory")]
        public void Rejects_anything_else_with_a_typed_error(string cpu, string memory, string errorId)
        {
            var ex = Assert.Throws<EcsAdminException>(() => FargateSizes.Check(cpu, memory, "t"));
            Assert.Equal(errorId, ex.ErrorId);
            Assert.Equal(EcsErrorKind.InvalidArgument, ex.Kind);
            Assert.False(string.IsNullOrEmpty(ex.RecommendedAction));
        }

        [Fact]
        public void Every_step_of_every_range_is_allowed_and_nothing_between()
        {
            int allowed = 0;
            foreach (var cpu in FargateSizes.CpuValues)
            {
                var memories = FargateSizes.MemoryFor(cpu);
                for (int m = 512; m <= 122880; m += 512)
                {
                    bool ok;
                    try { FargateSizes.Check(cpu.ToString(), m.ToString(), null); ok = true; }
                    catch (EcsAdminException) { ok = false; }
                    Assert.Equal(memories.Contains(m), ok);
                    if (ok) allowed++;
                }
            }
            // 3 + 4 + 7 + 13 + 23 + 12 + 12 combinations.
            Assert.Equal(74, allowed);
        }
    }
}
