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
            foreach (var x in Parameters().Where(x => x.Property.Name == "Path"))
            {
                var aliases = x.Property.GetCustomAttribute<AliasAttribute>()?.AliasNames ?? Array.Empty<string>();
                if (!x.Parameter.ValueFromPipelineByPropertyName || !aliases.Contains("FullName"))
                    bad.Add(Name(x.Cmdlet) + " -Path does not bind FullName by property name");
            }
            foreach (var x in Parameters().Where(x => x.Property.Name.EndsWith("File", StringComparison.Ordinal) || x.Property.Name == "FilePath" || x.Property.Name == "LiteralPath"))
                bad.Add(Name(x.Cmdlet) + " -" + x.Property.Name + ": a file parameter is -Path");
            Assert.True(bad.Count == 0, string.Join(Environment.NewLine, bad.Distinct()));
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
            var refused = Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, new Models.EcsCluster { Cluster = "prod" }));
            Assert.IsType<PSInvalidCastException>(refused.InnerException);
            Assert.Contains("EcsCluster", refused.Message);
            Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, new object[] { "a", new Models.EcsService() }));
            Assert.Throws<ArgumentTransformationMetadataException>(() => attribute.Transform(null!, new PSObject(new System.IO.FileInfo("x.json"))));
        }
    }
}
