using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using EcsAdmin.Contracts;

namespace EcsAdmin.Loader
{
    /// <summary>
    /// Loads EcsAdmin.Engine and its AWSSDK dependencies on first use. On PowerShell 7 they go into an
    /// isolated AssemblyLoadContext named "EcsAdmin", so another AWSSDK.Core already in the session (AWS.Tools)
    /// and ours never meet. On Windows PowerShell 5.1 (one AppDomain, no load contexts) they load from the
    /// module's deps folder, with a warning when a different AWSSDK.Core is already loaded.
    /// </summary>
    internal static class EngineLoader
    {
        private const string EngineAssembly = "EcsAdmin.Engine";
        private const string EngineType = "EcsAdmin.Engine.EcsEngine";
        private static readonly object Gate = new object();
        private static IEcsEngine? _engine;
        private static object? _loadContext;

        /// <summary>A warning to show once (a conflicting AWSSDK.Core on Windows PowerShell).</summary>
        internal static string? PendingWarning { get; set; }

        /// <summary>The folder holding the engine and AWSSDK assemblies in a built module.</summary>
        internal static string DepsDirectory => Path.Combine(Path.GetDirectoryName(typeof(EngineLoader).Assembly.Location) ?? ".", "deps");

        /// <summary>The isolated load context's name, or null when the engine loaded without one.</summary>
        internal static string? LoadContextName { get; private set; }

        public static IEcsEngine Engine
        {
            get
            {
                if (_engine != null) return _engine;
                lock (Gate)
                {
                    return _engine ??= Load();
                }
            }
        }

        /// <summary>Tests hosting the engine in-process use this to skip the loader.</summary>
        internal static void Use(IEcsEngine engine)
        {
            lock (Gate) _engine = engine;
        }

        private static IEcsEngine Load()
        {
            Assembly assembly;
            var deps = DepsDirectory;
            var enginePath = Path.Combine(deps, EngineAssembly + ".dll");
            if (!File.Exists(enginePath))
            {
                // Not a built module (xUnit, a debugger): the engine sits beside us.
                assembly = Assembly.Load(new AssemblyName(EngineAssembly));
            }
            else if (IsCoreClr)
            {
                assembly = LoadIsolated(deps, Prefer(enginePath));
            }
            else
            {
                assembly = LoadDesktop(deps, enginePath);
            }
            var type = assembly.GetType(EngineType, throwOnError: true)!;
            return (IEcsEngine)Activator.CreateInstance(type)!;
        }

        private static bool IsCoreClr => Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", false) != null
            && !System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

        // netstandard2.0 cannot name AssemblyLoadContext, so it is driven by reflection: its LoadFromAssemblyPath is
        // bound once to a delegate. Calling it through MethodInfo.Invoke instead made the runtime emit and compile an
        // invoke stub on the first call, on the path every session's first cmdlet takes.
        private static Assembly LoadIsolated(string deps, string enginePath)
        {
            var alcType = Type.GetType("System.Runtime.Loader.AssemblyLoadContext, System.Runtime.Loader", true)!;
            var ctor = alcType.GetConstructor(new[] { typeof(string), typeof(bool) })!;
            var alc = ctor.Invoke(new object[] { "EcsAdmin", false });
            _loadContext = alc;
            LoadContextName = "EcsAdmin";
            var loadFromPath = (Func<string, Assembly>)Delegate.CreateDelegate(typeof(Func<string, Assembly>), alc,
                alcType.GetMethod("LoadFromAssemblyPath", new[] { typeof(string) })!);
            _loadFromPath = loadFromPath;

            var resolving = alcType.GetEvent("Resolving")!;
            var handler = Delegate.CreateDelegate(resolving.EventHandlerType!, typeof(EngineLoader).GetMethod(nameof(ResolveInContext), BindingFlags.NonPublic | BindingFlags.Static)!);
            resolving.AddEventHandler(alc, handler);

            // Our AWSSDK assemblies first, so that the engine binds to them and not to a copy in the default context:
            // the context asks the default one before its Resolving event, and AWSSDK.Core loads the STS and SSO
            // assemblies by name when a profile needs them, so they are loaded here too, not only what the first call
            // runs. Loading one maps the file and reads its metadata; nothing of it runs or is compiled.
            var sdk = Directory.GetFiles(deps, "AWSSDK.*.dll");
            Array.Sort(sdk, StringComparer.Ordinal);
            foreach (var dll in sdk)
                loadFromPath(Prefer(dll));
            return loadFromPath(enginePath);
        }

        private static Func<string, Assembly>? _loadFromPath;

        /// <summary>The isolated context's fallback: our own module assembly, then anything in deps/.</summary>
        private static Assembly? ResolveInContext(object context, AssemblyName name)
        {
            if (string.Equals(name.Name, typeof(EngineLoader).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase))
                return typeof(EngineLoader).Assembly;
            var path = Prefer(Path.Combine(DepsDirectory, name.Name + ".dll"));
            if (!File.Exists(path) || _loadFromPath is null) return null;
            return _loadFromPath(path);
        }

        /// <summary>
        /// deps/r2r/net&lt;major&gt;.0-&lt;os&gt;-&lt;arch&gt;/ holds ReadyToRun copies (compiled ahead of time by the build) of the
        /// assemblies the first call runs, for one runtime: used when this PowerShell 7 runs on it, so that the first
        /// cmdlet call does not JIT-compile the engine and the SDK pipeline.
        /// </summary>
        internal static string? ReadyToRunDirectory
        {
            get
            {
                if (!_readyToRunChecked)
                {
                    var arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
                    var os = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx" : "linux";
                    var dir = Path.Combine(DepsDirectory, "r2r", "net" + Environment.Version.Major + ".0-" + os + "-" + arch);
                    _readyToRun = Directory.Exists(dir) ? dir : null;
                    _readyToRunChecked = true;
                }
                return _readyToRun;
            }
        }

        private static string? _readyToRun;
        private static bool _readyToRunChecked;

        /// <summary>The ReadyToRun copy of a deps/ assembly when there is one for this runtime, else the assembly itself.</summary>
        private static string Prefer(string path)
        {
            var dir = ReadyToRunDirectory;
            if (dir is null) return path;
            var candidate = Path.Combine(dir, Path.GetFileName(path));
            return File.Exists(candidate) ? candidate : path;
        }

        private static Assembly LoadDesktop(string deps, string enginePath)
        {
            var ours = AssemblyName.GetAssemblyName(Path.Combine(deps, "AWSSDK.Core.dll"));
            var loaded = AppDomain.CurrentDomain.GetAssemblies()
                .Select(a => a.GetName())
                .FirstOrDefault(n => n.Name == "AWSSDK.Core");
            if (loaded != null && loaded.Version != ours.Version)
            {
                PendingWarning = "AWSSDK.Core " + loaded.Version + " is already loaded in this session (probably by AWS.Tools); "
                    + "EcsAdmin needs " + ours.Version + ". Windows PowerShell cannot isolate them: start a new session and import EcsAdmin first, or use PowerShell 7.";
            }
            AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
            {
                var name = new AssemblyName(args.Name).Name;
                var candidate = Path.Combine(deps, name + ".dll");
                return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
            };
            return Assembly.LoadFrom(enginePath);
        }
    }
}
