using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using EcsAdmin.Binding;
using Xunit;

namespace EcsAdmin.Tests.Conventions
{
    /// <summary>
    /// The parameter rule of CONTRIBUTING.md ("Parameters"), checked on every cmdlet: -Cluster is never
    /// positional, position 0 is the thing acted on and position 1 the only other one, a name that takes the
    /// pipeline by value takes text only, and a file parameter is -Path with FullName from the pipeline.
    /// </summary>
    public sealed class ParameterRuleTests
    {
        private static IEnumerable<(Type Cmdlet, PropertyInfo Property, ParameterAttribute Parameter)> Parameters()
            => from t in CmdletSkeletonTests.Cmdlets()
               from p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
               from a in p.GetCustomAttributes<ParameterAttribute>(true)
               select (t, p, a);

        private static string Name(Type cmdlet)
        {
            var a = cmdlet.GetCustomAttribute<CmdletAttribute>()!;
            return a.VerbName + "-" + a.NounName;
        }

        [Fact]
        public void Cluster_is_never_positional()
        {
            var bad = Parameters().Where(x => x.Property.Name == "Cluster" && x.Parameter.Position != int.MinValue)
                .Select(x => Name(x.Cmdlet) + " -Cluster at position " + x.Parameter.Position).Distinct().ToArray();
            Assert.True(bad.Length == 0, "-Cluster is named everywhere (CONTRIBUTING.md, Parameters):" + Environment.NewLine + string.Join(Environment.NewLine, bad));
        }

        [Fact]
        public void Only_positions_0_and_1_are_used_and_position_1_never_without_0()
        {
            var bad = new List<string>();
            foreach (var group in Parameters().Where(x => x.Parameter.Position != int.MinValue).GroupBy(x => (x.Cmdlet, x.Parameter.ParameterSetName)))
            {
                var positions = group.Select(x => x.Parameter.Position).ToList();
                var all = Parameters().Where(x => x.Cmdlet == group.Key.Cmdlet && x.Parameter.Position == 0
                    && (x.Parameter.ParameterSetName == group.Key.ParameterSetName || x.Parameter.ParameterSetName == ParameterAttribute.AllParameterSets
                        || group.Key.ParameterSetName == ParameterAttribute.AllParameterSets));
                foreach (var x in group.Where(x => x.Parameter.Position > 1))
                    bad.Add(Name(x.Cmdlet) + " -" + x.Property.Name + " at position " + x.Parameter.Position);
                if (positions.Contains(1) && !all.Any())
                    bad.Add(Name(group.Key.Cmdlet) + " has a position 1 but no position 0 in set " + group.Key.ParameterSetName);
            }
            Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad.Distinct()));
        }

        [Fact]
        public void A_name_taken_from_the_pipeline_by_value_takes_text_only()
        {
            var bad = Parameters()
                .Where(x => x.Parameter.ValueFromPipeline && (x.Property.PropertyType == typeof(string) || x.Property.PropertyType == typeof(string[])))
                .Where(x => x.Property.GetCustomAttribute<TextFromPipelineAttribute>() == null)
                .Select(x => Name(x.Cmdlet) + " -" + x.Property.Name).Distinct().ToArray();
            Assert.True(bad.Length == 0, "Add [TextFromPipeline], or PowerShell binds any piped object as this name:" + Environment.NewLine + string.Join(Environment.NewLine, bad));
        }

        [Fact]
        public void A_file_parameter_is_Path_and_takes_FullName_from_the_pipeline()
        {
            var bad = new List<string>();
            // A -Path that reads from the pipeline (a file or folder to read); Export-EcsService's -Path is where to write.
            foreach (var x in Parameters().Where(x => x.Property.Name == "Path" && (x.Parameter.ValueFromPipeline || x.Parameter.ValueFromPipelineByPropertyName)))
            {
                var aliases = x.Property.GetCustomAttribute<AliasAttribute>()?.AliasNames ?? Array.Empty<string>();
                if (!x.Parameter.ValueFromPipelineByPropertyName || !aliases.Contains("FullName"))
                    bad.Add(Name(x.Cmdlet) + " -Path does not bind FullName by property name");
            }
            foreach (var x in Parameters().Where(x => x.Property.Name.EndsWith("File", StringComparison.Ordinal) || x.Property.Name == "FilePath"))
                bad.Add(Name(x.Cmdlet) + " -" + x.Property.Name + ": a file parameter is -Path");
            Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad.Distinct()));
        }

        /// <summary>Cmdlets whose -Task only filters what they list (the forwards into a task), so it stays named.</summary>
        private static readonly string[] TaskAsFilter = { "GetEcsPortForwardCommand" };

        [Fact]
        public void Task_is_at_position_0_wherever_a_task_is_acted_on()
        {
            var takers = Parameters().Where(x => x.Property.Name == "Task" && !TaskAsFilter.Contains(x.Cmdlet.Name)).ToList();
            Assert.Contains(takers, x => x.Cmdlet == typeof(Commands.Files.CopyEcsFileCommand));
            Assert.Contains(takers, x => x.Cmdlet == typeof(Commands.PortForward.StartEcsPortForwardCommand));
            var bad = takers.Where(x => x.Parameter.Position != 0)
                .Select(x => Name(x.Cmdlet) + " -Task at " + (x.Parameter.Position == int.MinValue ? "no position" : "position " + x.Parameter.Position)).Distinct().ToArray();
            Assert.True(bad.Length == 0, "-Task is position 0 (CONTRIBUTING.md, Parameters):" + Environment.NewLine + string.Join(Environment.NewLine, bad));
        }

        [Theory]
        [InlineData(typeof(Commands.Files.CopyEcsFileCommand))]
        [InlineData(typeof(Commands.PortForward.StartEcsPortForwardCommand))]
        public void The_task_target_pair_is_declared_once(Type cmdlet)
        {
            foreach (var name in new[] { "Task", "Container" })
                Assert.Equal(typeof(Commands.EcsTaskTargetCmdlet), cmdlet.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!.DeclaringType);
        }

        /// <summary>The noun a New/Update/Set cmdlet is about, so New-EcsFargateService pairs with Update-EcsService.</summary>
        private static string Subject(Type cmdlet) => cmdlet.GetCustomAttribute<CmdletAttribute>()!.NounName.Replace("Fargate", "");

        [Fact]
        public void New_and_Update_take_the_same_switches()
        {
            // A setting that New and Update (or Set) both take has one name and one type: a switch on both, with
            // -Name:$false to turn it off, never -DisableX on one and a [bool] on the other.
            var bad = new List<string>();
            var creators = CmdletSkeletonTests.Cmdlets().Where(t => t.GetCustomAttribute<CmdletAttribute>()!.VerbName == VerbsCommon.New).ToList();
            var changers = CmdletSkeletonTests.Cmdlets().Where(t => t.GetCustomAttribute<CmdletAttribute>()!.VerbName is VerbsData.Update or VerbsCommon.Set).ToList();
            foreach (var n in creators)
                foreach (var u in changers.Where(u => Subject(u) == Subject(n)))
                {
                    var np = n.GetProperties().Where(p => p.GetCustomAttributes<ParameterAttribute>(true).Any()).ToDictionary(p => p.Name);
                    var up = u.GetProperties().Where(p => p.GetCustomAttributes<ParameterAttribute>(true).Any()).ToDictionary(p => p.Name);
                    foreach (var name in np.Keys.Intersect(up.Keys))
                        if (np[name].PropertyType != up[name].PropertyType && (np[name].PropertyType == typeof(SwitchParameter) || up[name].PropertyType == typeof(SwitchParameter)))
                            bad.Add(Name(n) + " -" + name + " is " + np[name].PropertyType.Name + " but " + Name(u) + " -" + name + " is " + up[name].PropertyType.Name);
                    foreach (var (a, b) in new[] { (np, up), (up, np) })
                        foreach (var name in a.Keys.Where(k => k.StartsWith("Disable", StringComparison.Ordinal)))
                        {
                            var positive = name.Substring("Disable".Length);
                            if (b.ContainsKey(positive) || b.ContainsKey("Enable" + positive))
                                bad.Add("-" + name + " on one of " + Name(n) + "/" + Name(u) + " and -" + positive + " on the other: use one switch");
                        }
                }
            Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad));
        }

        private static readonly string[] NamesThatComplete = { "Cluster", "Service", "TaskDefinition", "Family", "Task", "TaskId", "Container", "LogGroup", "ContainerInstance" };
        private static readonly string[] AliasesThatComplete = { "Service", "ServiceName", "Cluster", "ClusterName", "AlarmName", "CapacityProvider" };

        [Fact]
        public void Every_name_of_something_that_exists_completes()
        {
            // New-* cmdlets name what does not exist yet, so their own -Name has nothing to complete from.
            var bad = Parameters()
                .Where(x => x.Property.PropertyType == typeof(string) || x.Property.PropertyType == typeof(string[]))
                .Where(x =>
                {
                    var aliases = x.Property.GetCustomAttribute<AliasAttribute>()?.AliasNames ?? Array.Empty<string>();
                    if (NamesThatComplete.Contains(x.Property.Name)) return !(x.Property.Name == "Family" && x.Cmdlet.Name.StartsWith("Register", StringComparison.Ordinal));
                    return x.Property.Name == "Name" && aliases.Any(AliasesThatComplete.Contains) && !x.Cmdlet.Name.StartsWith("New", StringComparison.Ordinal);
                })
                .Where(x => x.Property.GetCustomAttribute<ArgumentCompleterAttribute>() == null)
                .Select(x => Name(x.Cmdlet) + " -" + x.Property.Name).Distinct().ToArray();
            Assert.True(bad.Length == 0, "Add an [ArgumentCompleter] (src/EcsAdmin/Completion):" + Environment.NewLine + string.Join(Environment.NewLine, bad));
        }

        [Fact]
        public void TextFromPipeline_lets_text_through_and_refuses_objects_as_an_invalid_cast()
        {
            // The invalid cast is what makes PowerShell skip the parameter for a piped object instead of failing.
            var attribute = new TextFromPipelineAttribute();
            Assert.Equal("web", attribute.Transform(null!, "web"));
            var names = new[] { "a", "b" };
            Assert.Same(names, attribute.Transform(null!, names));
            Assert.Equal(42, attribute.Transform(null!, 42));
            var table = new System.Collections.Hashtable { ["Cluster"] = "prod" };
            Assert.Same(table, attribute.Transform(null!, table));
            var refused = Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, new Models.EcsCluster { Cluster = "prod" }));
            Assert.IsType<PSInvalidCastException>(refused.InnerException);
            Assert.Contains("EcsCluster", refused.Message);
            Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, new object[] { "a", new Models.EcsService() }));
            Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, new PSObject(new System.IO.FileInfo("x.json"))));
        }
    }
}
