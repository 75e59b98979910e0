using System;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.ExceptionServices;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// -Debug without a prompt at every message. For a compiled cmdlet, -Debug makes the command's verbose, debug and
    /// warning preferences Inquire (the verbose one even on PowerShell 7.6), so every line asks "Continue with this
    /// operation?", and EcsAdmin writes a verbose and a debug line per request. PowerShell's own Write-Verbose and
    /// Write-Debug avoid this through the command runtime's writers that take "overrideInquire" (Inquire counts as
    /// Continue); with -Debug bound, EcsAdmin writes through the same ones, so the lines are shown (and can be
    /// redirected with 4> and 5>) without asking. Where a PowerShell has no such writer the public one is used. An
    /// explicit $DebugPreference = 'Inquire' without -Debug is the user's choice and stays.
    /// </summary>
    internal static class DebugSwitch
    {
        /// <summary>Whether -Debug (true) was given to the command.</summary>
        public static bool IsBound(PSCmdlet cmdlet)
            => cmdlet.MyInvocation.BoundParameters.TryGetValue("Debug", out var value) && LanguagePrimitives.IsTrue(value);

        /// <summary>The runtime's writer for <paramref name="recordType"/> that takes overrideInquire, or null.</summary>
        public static MethodInfo? Writer(Type runtimeType, string name, Type recordType)
            => runtimeType.GetMethod(name, BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, null, new[] { recordType, typeof(bool) }, null);

        /// <summary>Writes a verbose, debug or warning record without the Inquire prompt; false when the runtime cannot.</summary>
        public static bool WriteWithoutInquire(PSCmdlet cmdlet, InformationalRecord record)
        {
            var runtime = cmdlet.CommandRuntime;
            if (runtime is null) return false;
            string name = record is VerboseRecord ? "WriteVerbose" : record is DebugRecord ? "WriteDebug" : record is WarningRecord ? "WriteWarning" : "";
            var writer = name.Length == 0 ? null : Writer(runtime.GetType(), name, record.GetType());
            if (writer is null) return false;
            try
            {
                writer.Invoke(runtime, new object[] { record, true });
            }
            catch (TargetInvocationException ex) when (ex.InnerException != null)
            {
                // -WarningAction Stop and pipeline stops surface as themselves.
                ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            }
            return true;
        }
    }
}
