using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// What every -Path that reads files shares: a wildcard expands to the provider paths it matches (those the
    /// caller keeps), a plain path resolves against the current location without having to exist yet, so the
    /// caller's own check can say whether it is missing, a directory or unreadable.
    /// </summary>
    internal static class ProviderPaths
    {
        public static bool IsPattern(string given) => WildcardPattern.ContainsWildcardCharacters(given);

        /// <summary>The paths a wildcard matches and <paramref name="keep"/> accepts; empty when none (or the drive is unknown).</summary>
        public static List<string> Expand(string given, PathIntrinsics paths, Func<string, bool> keep)
        {
            try
            {
                return paths.GetResolvedProviderPathFromPSPath(given, out _).Where(keep).ToList();
            }
            catch (Exception ex) when (IsPathError(ex))
            {
                return new List<string>();
            }
        }

        /// <summary>The file system path a plain path names, or null with the reason when PowerShell cannot resolve it.</summary>
        public static string? Unresolved(string given, PathIntrinsics paths, out Exception? error)
        {
            error = null;
            try
            {
                return paths.GetUnresolvedProviderPathFromPSPath(given);
            }
            catch (Exception ex) when (IsPathError(ex))
            {
                error = ex;
                return null;
            }
        }

        public static bool IsPathError(Exception ex)
            => ex is SessionStateException || ex is IOException || ex is NotSupportedException || ex is ArgumentException || ex is ProviderInvocationException;
    }
}
