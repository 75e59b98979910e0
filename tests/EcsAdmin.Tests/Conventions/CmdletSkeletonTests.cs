using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using EcsAdmin.Commands;
using Xunit;

namespace EcsAdmin.Tests.Conventions
{
    /// <summary>
    /// The cmdlet skeleton is the only way in: change cmdlets run through EcsCmdletBase.ProcessItem (which
    /// resolves the session before ShouldProcess) instead of calling ShouldProcess themselves; -Cluster and the
    /// shared parameter groups are declared once, on their bases; Commands/ holds cmdlets and their bases only.
    /// </summary>
    public sealed class CmdletSkeletonTests
    {
        private static readonly Assembly Module = typeof(EcsCmdlet).Assembly;

        /// <summary>
        /// Cmdlets that call ShouldProcess themselves, and why. Set-EcsScaling confirms each change of a plan it
        /// computes from AWS's current state; Invoke-EcsExec collects its targets and runs them together (the
        /// exec work moves it onto the skeleton).
        /// </summary>
        internal static readonly string[] OwnShouldProcess = { "SetEcsScalingCommand", "InvokeEcsExecCommand" };

        /// <summary>
        /// Cmdlets whose -Cluster means something else than "the one cluster this acts on": patterns
        /// (Get-EcsServiceHealth, Get-EcsServiceAlarm, Get-EcsRightSizing), the session default being set
        /// (Connect-EcsSession); and the exec cmdlets, until the exec work moves them onto EcsClusterCmdlet.
        /// </summary>
        internal static readonly string[] OwnClusterParameter =
            { "GetEcsServiceHealthCommand", "GetEcsServiceAlarmCommand", "GetEcsRightSizingCommand", "ConnectEcsSessionCommand", "InvokeEcsExecCommand", "TestEcsExecReadinessCommand" };

        /// <summary>The skeleton's own runtime parts, which live beside the cmdlets.</summary>
        private static readonly string[] CommandsHelpers = { "PerItem", "DefaultSessionStore" };

        internal static IEnumerable<Type> Cmdlets() => Module.GetTypes().Where(t => t.GetCustomAttribute<CmdletAttribute>() != null);

        private static readonly Regex ShouldProcessCall = new Regex(@"\bShouldProcess(UnlessForced)?\s*\(");

        internal static string? CommandFile(string typeName)
            => SourceLayoutTests.SourceFiles("src/EcsAdmin/Commands").FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == typeName);

        [Fact]
        public void Every_cmdlet_that_changes_state_derives_from_the_skeleton()
        {
            var outside = Cmdlets().Where(t => t.GetCustomAttribute<CmdletAttribute>()!.SupportsShouldProcess && !typeof(EcsCmdletBase).IsAssignableFrom(t))
                .Select(t => t.Name).ToArray();
            Assert.True(outside.Length == 0, "Change cmdlets not derived from EcsCmdletBase: " + string.Join(", ", outside));
        }

        [Fact]
        public void No_cmdlet_calls_ShouldProcess_itself()
        {
            var problems = new List<string>();
            foreach (var file in SourceLayoutTests.SourceFiles("src/EcsAdmin/Commands"))
            {
                var name = Path.GetFileNameWithoutExtension(file);
                if (name == "EcsCmdlet" || OwnShouldProcess.Contains(name)) continue;
                if (ShouldProcessCall.IsMatch(File.ReadAllText(file)))
                    problems.Add(name + " calls ShouldProcess itself: pass target/action to ProcessItem (or ProcessTargets) instead");
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        [Fact]
        public void The_ShouldProcess_exceptions_still_exist_and_still_need_it()
        {
            // An exception that no longer applies must leave the list, or the list hides new breakage.
            foreach (var name in OwnShouldProcess)
            {
                var file = CommandFile(name);
                Assert.True(file != null, name + " is listed as an exception but has no file under Commands/");
                Assert.Matches(ShouldProcessCall, File.ReadAllText(file!));
            }
        }

        [Fact]
        public void Cluster_is_declared_only_on_the_cluster_bases()
        {
            var bases = new[] { typeof(EcsClusterCmdlet) };
            var problems = new List<string>();
            foreach (var t in Cmdlets())
            {
                var p = t.GetProperty("Cluster", BindingFlags.Public | BindingFlags.Instance);
                if (p is null || p.GetCustomAttributes<ParameterAttribute>(true).Count() == 0 || OwnClusterParameter.Contains(t.Name)) continue;
                if (!bases.Contains(p.DeclaringType)) problems.Add(t.Name + " declares its own -Cluster (in " + p.DeclaringType!.Name + "): derive from EcsClusterCmdlet");
            }
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        }

        /// <summary>
        /// Cmdlets whose -Subnet and -SecurityGroup are not the task network group: a Managed Instances capacity
        /// provider's subnets and security groups are those of the EC2 instances ECS launches for it (mandatory
        /// in New-EcsCapacityProvider's Managed Instances set only, where a base's declaration cannot follow),
        /// and -CapacityProviderStrategy and -AssignPublicIp mean nothing there.
        /// </summary>
        internal static readonly string[] OwnInstanceNetwork = { "NewEcsCapacityProviderCommand", "SetEcsCapacityProviderCommand" };

        [Theory]
        [InlineData("Subnet", typeof(EcsNetworkCmdlet))]
        [InlineData("SecurityGroup", typeof(EcsNetworkCmdlet))]
        [InlineData("AssignPublicIp", typeof(EcsNetworkCmdlet))]
        [InlineData("CapacityProviderStrategy", typeof(EcsCapacityCmdlet))]
        [InlineData("PlacementStrategy", typeof(EcsPlacementCmdlet))]
        [InlineData("PlacementConstraint", typeof(EcsPlacementCmdlet))]
        [InlineData("Strategy", typeof(EcsServiceChangeCmdlet))]
        [InlineData("LifecycleHook", typeof(EcsServiceChangeCmdlet))]
        [InlineData("LoadBalancer", typeof(EcsServiceChangeCmdlet))]
        public void Shared_parameter_groups_are_declared_once(string parameter, Type owner)
        {
            var users = Cmdlets().Where(t => !(owner == typeof(EcsNetworkCmdlet) && OwnInstanceNetwork.Contains(t.Name))).Select(t => (Type: t, Property: t.GetProperty(parameter, BindingFlags.Public | BindingFlags.Instance))).Where(x => x.Property != null).ToList();
            Assert.NotEmpty(users);
            Assert.All(users, x => Assert.True(x.Property!.DeclaringType == owner, x.Type.Name + " declares -" + parameter + " itself instead of deriving from " + owner.Name));
        }

        [Fact]
        public void Commands_holds_cmdlets_and_their_bases_only()
        {
            var strays = Module.GetTypes()
                .Where(t => t.Namespace != null && (t.Namespace == "EcsAdmin.Commands" || t.Namespace.StartsWith("EcsAdmin.Commands.", StringComparison.Ordinal)))
                .Where(t => !t.IsNested && !t.Name.StartsWith("<", StringComparison.Ordinal))
                .Where(t => !typeof(PSCmdlet).IsAssignableFrom(t) && !CommandsHelpers.Contains(t.Name))
                .Select(t => t.FullName).ToArray();
            Assert.True(strays.Length == 0, "Not cmdlets (binding helpers go to EcsAdmin.Binding, checks to EcsAdmin.Validation): " + string.Join(", ", strays));
        }
    }
}
