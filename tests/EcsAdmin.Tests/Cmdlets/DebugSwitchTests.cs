using System;
using System.Management.Automation;
using EcsAdmin.Binding;
using Xunit;

namespace EcsAdmin.Tests.Cmdlets
{
    public class DebugSwitchTests
    {
        [Theory]
        [InlineData("WriteVerbose", typeof(VerboseRecord))]
        [InlineData("WriteDebug", typeof(DebugRecord))]
        [InlineData("WriteWarning", typeof(WarningRecord))]
        public void The_command_runtime_has_the_writers_that_skip_the_inquire_prompt(string name, Type record)
        {
            // The writers PowerShell's own Write-Verbose/-Debug/-Warning use; without them -Debug falls back to prompting.
            var runtime = typeof(PSCmdlet).Assembly.GetType("System.Management.Automation.MshCommandRuntime", throwOnError: true)!;
            Assert.NotNull(DebugSwitch.Writer(runtime, name, record));
        }
    }
}
