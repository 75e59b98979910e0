using System;
using System.Linq;
using System.Reflection;
using EcsAdmin.Commands;
using EcsAdmin.Models;
using Xunit;

namespace EcsAdmin.Tests.Conventions
{
    /// <summary>
    /// What users can see of EcsAdmin.dll: the cmdlets, their output types and the completers. Everything else
    /// (operation contracts, validation rules, the loader, binding helpers) is internal, so it can change freely.
    /// </summary>
    public sealed class PublicSurfaceTests
    {
        private static readonly Assembly Module = typeof(EcsCmdlet).Assembly;

        internal static bool IsAllowedNamespace(string? ns)
            => ns == "EcsAdmin.Models" || ns == "EcsAdmin.Commands" || ns == "EcsAdmin.Completion"
               || (ns != null && ns.StartsWith("EcsAdmin.Commands.", StringComparison.Ordinal));

        [Fact]
        public void Only_Models_Commands_and_Completion_are_public()
        {
            var outside = Module.GetExportedTypes().Where(t => !IsAllowedNamespace(t.Namespace)).Select(t => t.FullName).OrderBy(n => n).ToArray();
            Assert.True(outside.Length == 0, "Public types outside EcsAdmin.Models, EcsAdmin.Commands(.*) and EcsAdmin.Completion: " + string.Join(", ", outside)
                + ". Make them internal (the engine and the tests see internals).");
        }

        [Theory]
        [InlineData("EcsAdmin.Contracts")]
        [InlineData("EcsAdmin.Validation")]
        [InlineData("EcsAdmin.Loader")]
        [InlineData("EcsAdmin.Binding")]
        public void The_rule_refuses_the_internal_namespaces(string ns) => Assert.False(IsAllowedNamespace(ns));

        [Fact]
        public void The_public_surface_is_not_empty()
        {
            // The rule above must not pass because nothing was found.
            var exported = Module.GetExportedTypes();
            Assert.Contains(typeof(EcsSession), exported);
            Assert.Contains(exported, t => t.Namespace == "EcsAdmin.Completion");
            Assert.Contains(exported, t => t.Namespace != null && t.Namespace.StartsWith("EcsAdmin.Commands.", StringComparison.Ordinal));
        }

        [Fact]
        public void EcsSession_is_read_only_to_users()
        {
            var t = typeof(EcsSession);
            Assert.Empty(t.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
            var settable = t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true).Select(p => p.Name).ToArray();
            Assert.True(settable.Length == 0, "EcsSession properties with a public setter: " + string.Join(", ", settable));
            Assert.Equal(typeof(EcsValueSource), t.GetProperty(nameof(EcsSession.RegionSource))!.PropertyType);
            Assert.Equal(typeof(EcsCredentialSource), t.GetProperty(nameof(EcsSession.CredentialSource))!.PropertyType);
        }
    }
}
