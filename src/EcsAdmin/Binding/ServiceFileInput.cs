using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using System.Text.RegularExpressions;
using EcsAdmin.Contracts;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// Reads a service folder (service.json + task-definition.json) and fills its ${Name} placeholders from
    /// -Parameter, then the environment, before any request: an unresolved placeholder is an error naming it.
    /// </summary>
    internal static class ServiceFileInput
    {
        public const string ServiceFileName = "service.json";
        public const string TaskDefinitionFileName = "task-definition.json";
        private static readonly Regex Placeholder = new Regex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", RegexOptions.CultureInvariant);

        /// <summary>
        /// The service folders -Path names: a wildcard expands to every folder it matches (or folder of a matched
        /// service.json or task-definition.json), each once; a plain path (or any -LiteralPath) is resolved and
        /// checked when read. A pattern that matches nothing is kept as given, so reading it reports that no folder
        /// matches.
        /// </summary>
        public static IReadOnlyList<string> Folders(string given, PathIntrinsics paths, bool literal = false)
        {
            if (!literal && ProviderPaths.IsPattern(given))
            {
                var matched = ProviderPaths.Expand(given, paths, p => Directory.Exists(p) || IsServiceFile(p))
                    .Select(FolderOf).Distinct(StringComparer.Ordinal).ToList();
                return matched.Count > 0 ? matched : new List<string> { given };
            }
            return new List<string> { ProviderPaths.Unresolved(given, paths, out _) ?? given };
        }

        public static ServiceFileOptions Read(string folder, IDictionary? parameters, Func<string, string?>? environment = null)
        {
            folder = FolderOf(folder);
            if (!Directory.Exists(folder))
                throw new EcsAdminException("ServiceFolderNotFound", EcsErrorKind.ObjectNotFound,
                    ProviderPaths.IsPattern(folder) ? "No folder matches '" + folder + "'." : "Folder '" + folder + "' does not exist.", folder,
                    "Give -Path the folder Export-EcsService wrote (with " + ServiceFileName + " and " + TaskDefinitionFileName + ").");
            return new ServiceFileOptions
            {
                Folder = folder,
                ServiceJson = Fill(ReadFile(folder, ServiceFileName), ServiceFileName, parameters, environment),
                TaskDefinitionJson = Fill(ReadFile(folder, TaskDefinitionFileName), TaskDefinitionFileName, parameters, environment),
            };
        }

        /// <summary>
        /// The service folder a path names: the folder itself, or the folder of its service.json or
        /// task-definition.json (so a piped or tab-completed file works); any other file is a typed error.
        /// </summary>
        public static string FolderOf(string path)
        {
            if (Directory.Exists(path) || !File.Exists(path)) return path;
            if (IsServiceFile(path))
                return Path.GetDirectoryName(Path.GetFullPath(path)) ?? path;
            throw new EcsAdminException("ServiceFolderExpected", EcsErrorKind.InvalidArgument,
                "'" + path + "' is a file; -Path takes the folder that holds " + ServiceFileName + " and " + TaskDefinitionFileName + ".", path,
                "Give the folder (Export-EcsService writes one), or its " + ServiceFileName + ".");
        }

        private static bool IsServiceFile(string path)
        {
            var name = Path.GetFileName(path);
            return File.Exists(path)
                && (string.Equals(name, ServiceFileName, StringComparison.OrdinalIgnoreCase) || string.Equals(name, TaskDefinitionFileName, StringComparison.OrdinalIgnoreCase));
        }

        private static string ReadFile(string folder, string name)
        {
            var path = Path.Combine(folder, name);
            if (Directory.Exists(path))
                throw new EcsAdminException("ServiceFileNotFound", EcsErrorKind.ObjectNotFound, "'" + path + "' is a directory, not the file " + name + ".", path,
                    "Replace the directory with the file (Export-EcsService -Path " + folder + " writes both files from a live service).");
            if (!File.Exists(path))
                throw new EcsAdminException("ServiceFileNotFound", EcsErrorKind.ObjectNotFound, "'" + path + "' does not exist.", path,
                    "Write the file (Export-EcsService -Path " + folder + " writes both files from a live service).");
            try
            {
                return File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException || ex is System.Security.SecurityException)
            {
                throw new EcsAdminException("ServiceFileUnreadable", EcsErrorKind.ReadError, "Cannot read '" + path + "': " + ex.Message, path,
                    "Check that the file is readable by this user.", ex);
            }
        }

        /// <summary>Replaces ${Name} with -Parameter's value, else the environment variable's; values are JSON-escaped.</summary>
        public static string Fill(string text, string fileName, IDictionary? parameters, Func<string, string?>? environment = null)
        {
            environment ??= Environment.GetEnvironmentVariable;
            var missing = new List<string>();
            var result = Placeholder.Replace(text, m =>
            {
                var name = m.Groups[1].Value;
                string? value = null;
                if (parameters != null)
                    foreach (DictionaryEntry e in parameters)
                        if (string.Equals(e.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase)) { value = e.Value?.ToString(); break; }
                value ??= environment(name);
                if (value is null)
                {
                    if (!missing.Contains(name)) missing.Add(name);
                    return m.Value;
                }
                return Escape(value);
            });
            if (missing.Count > 0)
                throw new EcsAdminException("UnresolvedPlaceholder", EcsErrorKind.InvalidArgument,
                    fileName + " uses " + string.Join(", ", missing.ConvertAll(n => "${" + n + "}")) + " but neither -Parameter nor the environment has a value for "
                    + (missing.Count == 1 ? "it" : "them") + ".", missing[0],
                    "Pass -Parameter @{ " + missing[0] + " = '...' } or set the environment variable " + missing[0] + ".");
            return result;
        }

        private static string Escape(string value)
        {
            var sb = new StringBuilder(value.Length);
            foreach (var c in value)
            {
                switch (c)
                {
                    case '"': sb.Append("\\\""); break;
                    case '\\': sb.Append("\\\\"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (c < ' ') sb.Append("\\u").Append(((int)c).ToString("x4")); else sb.Append(c);
                        break;
                }
            }
            return sb.ToString();
        }
    }
}
