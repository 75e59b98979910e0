using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using EcsAdmin.Tests.Contracts;
using Xunit;

namespace EcsAdmin.Tests.Conventions
{
    /// <summary>
    /// The folder tells the layer: a file's namespace is its project's root namespace plus its folder path, a
    /// command file holds one cmdlet named as the file, and no comment sends the reader outside the repository.
    /// Checked on the source tree, so a rule broken anywhere fails here.
    /// </summary>
    public sealed class SourceLayoutTests
    {
        /// <summary>Project folder (from the repo root) and its root namespace.</summary>
        private static readonly (string Folder, string Namespace)[] Projects =
        {
            ("src/EcsAdmin", "EcsAdmin"),
            ("src/EcsAdmin.Engine", "EcsAdmin.Engine"),
            ("src/EcsAdmin.Exec", "EcsAdmin.Exec"),
            ("tests/EcsAdmin.Tests", "EcsAdmin.Tests"),
            ("tests/EcsAdmin.Exec.Tests", "EcsAdmin.Exec.Tests"),
            ("tests/EcsAdmin.ExecTestServer", "EcsAdmin.ExecTestServer"),
            ("tools/EcsAdmin.Generator", "EcsAdmin.Generator"),
        };

        private static readonly Regex NamespaceLine = new Regex(@"^namespace\s+([\w.]+)", RegexOptions.Multiline);

        internal static IEnumerable<string> SourceFiles(string folder)
            => Directory.EnumerateFiles(Path.Combine(GeneratorReproducibilityTests.RepoRoot(), folder), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar)
                            && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar));

        private static string Relative(string path) => Path.GetRelativePath(GeneratorReproducibilityTests.RepoRoot(), path).Replace('\\', '/');

        /// <summary>The namespaces a file may declare: its folder's, or (generated wire code only) one level below it.</summary>
        internal static string? Mismatch(string projectNamespace, string relativeDirectory, IReadOnlyList<string> declared, bool generated)
        {
            var expected = relativeDirectory.Length == 0 ? projectNamespace : projectNamespace + "." + relativeDirectory.Replace('/', '.');
            if (declared.Count == 0) return "declares no namespace (expected " + expected + ")";
            foreach (var ns in declared)
                if (ns != expected && !(generated && ns.StartsWith(expected + ".", StringComparison.Ordinal)))
                    return "declares namespace " + ns + ", its folder says " + expected;
            return null;
        }

        [Fact]
        public void Every_namespace_matches_its_folder()
        {
            var problems = new List<string>();
            foreach (var (folder, rootNs) in Projects)
            {
                var projectDir = Path.Combine(GeneratorReproducibilityTests.RepoRoot(), folder);
                foreach (var file in SourceFiles(folder))
                {
                    var dir = Path.GetRelativePath(projectDir, Path.GetDirectoryName(file)!).Replace('\\', '/');
                    if (dir == ".") dir = "";
                    var declared = NamespaceLine.Matches(File.ReadAllText(file)).Select(m => m.Groups[1].Value).ToList();
                    var problem = Mismatch(rootNs, dir, declared, generated: file.EndsWith(".g.cs", StringComparison.Ordinal));
                    if (problem != null) problems.Add(Relative(file) + " " + problem);
                }
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Theory]
        [InlineData("EcsAdmin", "Commands/Service", "EcsAdmin.Commands.Service", false, true)]
        [InlineData("EcsAdmin", "", "EcsAdmin", false, true)]
        [InlineData("EcsAdmin", "Commands/Task", "EcsAdmin.Commands.Tasks", false, false)]
        [InlineData("EcsAdmin.Engine", "Operations", "EcsAdmin.Engine.Rules", false, false)]
        [InlineData("EcsAdmin.Engine", "Aws/Generated", "EcsAdmin.Engine.Aws.Generated.Ecs", true, true)]
        [InlineData("EcsAdmin.Engine", "Aws/Generated", "EcsAdmin.Engine.Aws.Generated.Ecs", false, false)]
        public void The_namespace_rule_accepts_and_refuses(string root, string dir, string declared, bool generated, bool ok)
            => Assert.Equal(ok, Mismatch(root, dir, new[] { declared }, generated) is null);

        [Fact]
        public void A_command_file_holds_one_cmdlet_named_as_the_file()
        {
            var cmdlet = new Regex(@"^\s*\[Cmdlet\(", RegexOptions.Multiline);
            var typeDecl = new Regex(@"^\s*(?:public|internal)\s[^\n]*?\b(?:class|interface|enum|struct)\s+(\w+)", RegexOptions.Multiline);
            var problems = new List<string>();
            foreach (var file in SourceFiles("src/EcsAdmin/Commands"))
            {
                var text = File.ReadAllText(file);
                var types = typeDecl.Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
                var cmdlets = cmdlet.Matches(text).Count;
                if (cmdlets > 1) problems.Add(Relative(file) + " declares " + cmdlets + " cmdlets");
                // A cmdlet file is named as its cmdlet; the skeleton's base files hold the bases together.
                if (cmdlets > 0 && types.Count > 0 && types[0] != Path.GetFileNameWithoutExtension(file))
                    problems.Add(Relative(file) + " is named differently from its cmdlet " + types[0]);
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        /// <summary>Pointers a reader cannot follow from a clone: the issue tracker, design notes kept elsewhere, machine paths.</summary>
        internal static readonly Regex OutsidePointer = new Regex(@"\(issues? \d+\)|\bissue #?\d+\b|DESIGN\.md|shared/design|/work/", RegexOptions.IgnoreCase);

        [Fact]
        public void No_comment_points_outside_the_repository()
        {
            var root = GeneratorReproducibilityTests.RepoRoot();
            var files = SourceFiles("src").Concat(SourceFiles("tests"))
                .Concat(Directory.EnumerateFiles(Path.Combine(root, "tests", "pester"), "*.ps*1", SearchOption.AllDirectories));
            var problems = new List<string>();
            foreach (var file in files.Distinct())
            {
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    var line = lines[i];
                    var at = line.IndexOf("//", StringComparison.Ordinal);
                    var hash = file.EndsWith(".cs", StringComparison.Ordinal) ? -1 : line.IndexOf('#');
                    var start = at >= 0 ? at : hash;
                    if (start < 0) continue;
                    if (OutsidePointer.IsMatch(line.Substring(start))) problems.Add(Relative(file) + ":" + (i + 1) + ": " + line.Trim());
                }
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Theory]
        [InlineData("// Tasks: list, describe, run, stop (iss" + "ue 3).", true)]
        [InlineData("# House-style conventions (DESI" + "GN.md section 4)", true)]
        [InlineData("// see docs/ARCHITECTURE.md", false)]
        [InlineData("// ECS sends the issue back as a 400", false)]
        public void The_pointer_rule_accepts_and_refuses(string comment, bool flagged)
            => Assert.Equal(flagged, OutsidePointer.IsMatch(comment));
    }
}
