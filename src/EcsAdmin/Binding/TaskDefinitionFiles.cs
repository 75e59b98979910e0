using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Validation;

namespace EcsAdmin.Binding
{
    /// <summary>One task definition file as the user named it, resolved, or the reason it cannot be used.</summary>
    internal sealed class TaskDefinitionFile
    {
        public TaskDefinitionFile(string given, string? resolved, EcsAdminException? error)
        {
            Given = given;
            Resolved = resolved;
            Error = error;
        }

        public string Given { get; }
        public string? Resolved { get; }
        public EcsAdminException? Error { get; }

        /// <summary>The file's text; throws the typed error when the file cannot be used or read. Returns the resolved path.</summary>
        public string Read(out string json)
        {
            if (Error != null) throw Error;
            try
            {
                json = File.ReadAllText(Resolved!);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                throw TaskDefinitionFiles.Unreadable(Given, "Cannot read the task definition file '" + Given + "': " + ex.Message, "Check that the file is readable by this user.", ex);
            }
            return Resolved!;
        }
    }

    /// <summary>
    /// Turns what the user gave Register-EcsTaskDefinition (-Path, a positional argument, a piped FileInfo) into
    /// files: wildcards expand to the files they match, a directory or a missing file is a typed error that says so.
    /// </summary>
    internal static class TaskDefinitionFiles
    {
        public static IEnumerable<TaskDefinitionFile> Resolve(string given, PathIntrinsics paths)
        {
            if (ProviderPaths.IsPattern(given))
            {
                var matched = ProviderPaths.Expand(given, paths, File.Exists);
                if (matched.Count == 0)
                    return new[] { new TaskDefinitionFile(given, null, Unreadable(given, "No file matches '" + given + "'.", "Check the pattern with Get-ChildItem " + given + ".", null)) };
                return matched.Select(m => new TaskDefinitionFile(m, m, null)).ToList();
            }
            var resolved = ProviderPaths.Unresolved(given, paths, out var pathError);
            if (resolved is null)
                return new[] { new TaskDefinitionFile(given, null, Unreadable(given, "Cannot read the task definition file '" + given + "': " + pathError!.Message, "Give the path of a JSON file.", pathError)) };
            var notAFile = InputRules.FilePath(given, resolved);
            if (notAFile != null) return new[] { new TaskDefinitionFile(given, resolved, notAFile) };
            if (!File.Exists(resolved))
            {
                var advice = given.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                    ? "Check the path: Get-ChildItem *.json lists the JSON files here."
                    : "Give the path of a JSON file, or register from parameters with -Image: Register-EcsTaskDefinition -Family " + given + " -Image nginx.";
                return new[] { new TaskDefinitionFile(given, resolved, Unreadable(given, "Cannot read the task definition file '" + given + "': it does not exist.", advice, null)) };
            }
            return new[] { new TaskDefinitionFile(given, resolved, null) };
        }

        /// <summary>True when a string given as the task definition itself names a file rather than holding JSON text.</summary>
        public static bool LooksLikePath(string text, Func<string, string> resolve)
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.IndexOf('\n') >= 0) return false;
            if (trimmed.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) return true;
            try
            {
                return File.Exists(resolve(trimmed));
            }
            catch (Exception ex) when (ProviderPaths.IsPathError(ex))
            {
                return false;
            }
        }

        internal static EcsAdminException Unreadable(string given, string message, string advice, Exception? inner)
            => new EcsAdminException("TaskDefinitionFileUnreadable", EcsErrorKind.ReadError, message, given, advice, inner);
    }

    /// <summary>
    /// Keeps a file or folder piped to Register-EcsTaskDefinition out of -InputObject (which takes any object):
    /// refused as an invalid cast, PowerShell binds the FileInfo's FullName to -Path instead of serialising it.
    /// </summary>
    internal sealed class NotAFileFromPipelineAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is FileSystemInfo info)
            {
                var message = "'" + info.FullName + "' is a " + (info is DirectoryInfo ? "directory" : "file") + ", not a task definition: give it to -Path.";
                throw new ArgumentTransformationMetadataException(message, new PSInvalidCastException(message));
            }
            return inputData;
        }
    }
}
