using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EcsAdmin.Generator
{
    /// <summary>One service entry of services.json.</summary>
    public sealed class ServiceConfig
    {
        public ServiceConfig(string folder, string ns, IReadOnlyList<string> operations, string? protocol, string? targetPrefix)
        {
            Folder = folder;
            Namespace = ns;
            Operations = operations;
            Protocol = protocol;
            TargetPrefix = targetPrefix;
        }

        /// <summary>botocore data folder name, e.g. "application-autoscaling".</summary>
        public string Folder { get; }
        /// <summary>C# namespace suffix, e.g. "AutoScaling".</summary>
        public string Namespace { get; }
        public IReadOnlyList<string> Operations { get; }
        /// <summary>Optional override: "AwsJson10" or "AwsJson11".</summary>
        public string? Protocol { get; }
        /// <summary>Optional override of metadata.targetPrefix.</summary>
        public string? TargetPrefix { get; }
    }

    /// <summary>A loaded botocore model restricted to what the chosen operations reach.</summary>
    public sealed class LoadedModel
    {
        public LoadedModel(ServiceConfig config, string modelVersion, string botocoreVersion, JsonElement root)
        {
            Config = config;
            ModelVersion = modelVersion;
            BotocoreVersion = botocoreVersion;
            Root = root;
            Metadata = root.GetProperty("metadata");
            Shapes = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var shape in root.GetProperty("shapes").EnumerateObject()) Shapes[shape.Name] = shape.Value;
            var allOps = root.GetProperty("operations");
            Operations = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var name in config.Operations)
            {
                if (!allOps.TryGetProperty(name, out var op))
                    throw new GeneratorException($"model {config.Folder} {modelVersion} has no operation {name}");
                Operations[name] = op;
            }
            Reached = Reach();
        }

        public ServiceConfig Config { get; }
        /// <summary>The model folder name, e.g. "2014-11-13".</summary>
        public string ModelVersion { get; }
        public string BotocoreVersion { get; }
        public JsonElement Root { get; }
        public JsonElement Metadata { get; }
        public Dictionary<string, JsonElement> Shapes { get; }
        public SortedDictionary<string, JsonElement> Operations { get; }
        /// <summary>Every shape the operations' inputs and outputs reach, sorted by name.</summary>
        public SortedSet<string> Reached { get; }

        public string ApiVersion => Metadata.GetProperty("apiVersion").GetString()!;

        /// <summary>For a service that is not regional: per partition, its one host name and signing region.</summary>
        public List<(string Partition, string Hostname, string SigningRegion)> GlobalEndpoints { get; } =
            new List<(string Partition, string Hostname, string SigningRegion)>();

        public static string? ShapeRef(JsonElement op, string which) =>
            op.TryGetProperty(which, out var io) && io.TryGetProperty("shape", out var s) ? s.GetString() : null;

        public JsonElement Shape(string name) =>
            Shapes.TryGetValue(name, out var s) ? s : throw new GeneratorException($"model {Config.Folder} has no shape {name}");

        private SortedSet<string> Reach()
        {
            var seen = new SortedSet<string>(StringComparer.Ordinal);
            var stack = new Stack<string>();
            foreach (var op in Operations.Values)
            {
                foreach (var which in new[] { "input", "output" })
                {
                    var name = ShapeRef(op, which);
                    if (name != null) stack.Push(name);
                }
            }
            while (stack.Count > 0)
            {
                var name = stack.Pop();
                if (!seen.Add(name)) continue;
                var shape = Shape(name);
                switch (shape.GetProperty("type").GetString())
                {
                    case "structure":
                        foreach (var member in shape.GetProperty("members").EnumerateObject())
                            stack.Push(member.Value.GetProperty("shape").GetString()!);
                        break;
                    case "list":
                        stack.Push(shape.GetProperty("member").GetProperty("shape").GetString()!);
                        break;
                    case "map":
                        stack.Push(shape.GetProperty("key").GetProperty("shape").GetString()!);
                        stack.Push(shape.GetProperty("value").GetProperty("shape").GetString()!);
                        break;
                }
            }
            return seen;
        }
    }

    /// <summary>Reads services.json and the botocore models, writes the C# wire types and trimmed models.</summary>
    public static class WireGenerator
    {
        /// <summary>Generates every file and writes it under options.OutputDirectory. Returns the paths written.</summary>
        public static IReadOnlyList<string> Run(GeneratorOptions options)
        {
            var files = Generate(options);
            var written = new List<string>();
            foreach (var file in files)
            {
                var path = Path.Combine(options.OutputDirectory, file.Key.Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var bytes = new UTF8Encoding(false).GetBytes(file.Value);
                if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
                    File.WriteAllBytes(path, bytes);
                written.Add(path);
            }
            return written;
        }

        /// <summary>Generates every file in memory: relative path (with '/') to content.</summary>
        public static SortedDictionary<string, string> Generate(GeneratorOptions options)
        {
            var configs = ReadConfig(options.ConfigPath);
            var (package, data) = LocateBotocore(options.BotocoreDirectory);
            var botocoreVersion = ReadBotocoreVersion(package);
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var endpointsPath = Path.Combine(data, "endpoints.json");
            using var endpoints = File.Exists(endpointsPath) ? JsonDocument.Parse(File.ReadAllText(endpointsPath)) : null;
            foreach (var config in configs)
            {
                var model = LoadModel(config, data, botocoreVersion);
                if (endpoints != null) ReadGlobalEndpoints(model, endpoints.RootElement);
                files[config.Namespace + ".g.cs"] = CSharpEmitter.Emit(model);
                files["models/" + config.Folder + ".json"] = ModelTrimmer.Trim(model);
            }
            return files;
        }

        /// <summary>
        /// botocore's endpoints.json marks services that have one endpoint per partition (isRegionalized false, a
        /// partitionEndpoint): their host name and credential scope region are what a client must use.
        /// </summary>
        public static void ReadGlobalEndpoints(LoadedModel model, JsonElement endpoints)
        {
            var prefix = model.Metadata.GetProperty("endpointPrefix").GetString()!;
            foreach (var partition in endpoints.GetProperty("partitions").EnumerateArray())
            {
                if (!partition.GetProperty("services").TryGetProperty(prefix, out var service)) continue;
                if (!service.TryGetProperty("isRegionalized", out var regional) || regional.GetBoolean()) continue;
                if (!service.TryGetProperty("partitionEndpoint", out var pe)) continue;
                var name = pe.GetString()!;
                var partitionName = partition.GetProperty("partition").GetString()!;
                var endpoint = service.GetProperty("endpoints").GetProperty(name);
                var host = endpoint.TryGetProperty("hostname", out var h) ? h.GetString()!
                    : partition.GetProperty("defaults").GetProperty("hostname").GetString()!
                        .Replace("{service}", prefix).Replace("{region}", name).Replace("{dnsSuffix}", partition.GetProperty("dnsSuffix").GetString()!);
                string? region = null;
                if (endpoint.TryGetProperty("credentialScope", out var scope) && scope.TryGetProperty("region", out var r)) region = r.GetString();
                else if (service.TryGetProperty("defaults", out var d) && d.TryGetProperty("credentialScope", out var ds) && ds.TryGetProperty("region", out var dr)) region = dr.GetString();
                if (region is null)
                    throw new GeneratorException($"{model.Config.Folder}: the {partitionName} endpoint {name} has no credential scope region");
                model.GlobalEndpoints.Add((partitionName, host, region));
            }
        }

        public static IReadOnlyList<ServiceConfig> ReadConfig(string path)
        {
            if (!File.Exists(path)) throw new GeneratorException("config not found: " + path);
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var list = new List<ServiceConfig>();
            foreach (var s in doc.RootElement.GetProperty("services").EnumerateArray())
            {
                string? Opt(string name) => s.TryGetProperty(name, out var v) ? v.GetString() : null;
                var ops = s.GetProperty("operations").EnumerateArray().Select(o => o.GetString()!).ToList();
                var protocol = Opt("protocol");
                if (protocol != null && protocol != "AwsJson10" && protocol != "AwsJson11")
                    throw new GeneratorException("protocol must be AwsJson10 or AwsJson11, not " + protocol);
                list.Add(new ServiceConfig(s.GetProperty("folder").GetString()!, s.GetProperty("namespace").GetString()!,
                    ops, protocol, Opt("targetPrefix")));
            }
            return list;
        }

        /// <summary>Returns (package folder, data folder).</summary>
        public static (string Package, string Data) LocateBotocore(string? given)
        {
            var dir = given ?? AskPython();
            dir = Path.GetFullPath(dir);
            if (Directory.Exists(Path.Combine(dir, "data"))) return (dir, Path.Combine(dir, "data"));
            if (Directory.Exists(dir) && Path.GetFileName(dir.TrimEnd(Path.DirectorySeparatorChar)) == "data")
                return (Path.GetDirectoryName(dir.TrimEnd(Path.DirectorySeparatorChar))!, dir);
            throw new GeneratorException("no botocore data folder under " + dir);
        }

        private static string AskPython()
        {
            var psi = new ProcessStartInfo("python3")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import botocore,os;print(os.path.dirname(botocore.__file__))");
            Process process;
            try
            {
                process = Process.Start(psi) ?? throw new GeneratorException("could not start python3");
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                throw new GeneratorException("python3 not found (" + ex.Message + "); pass --botocore <dir>");
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                if (!process.WaitForExit(60000))
                {
                    process.Kill();
                    throw new GeneratorException("python3 did not answer within 60 s");
                }
                if (process.ExitCode != 0)
                    throw new GeneratorException("python3 could not import botocore: " + stderr.Result.Trim());
                return stdout.Result.Trim();
            }
        }

        private static string ReadBotocoreVersion(string package)
        {
            var init = Path.Combine(package, "__init__.py");
            if (File.Exists(init))
            {
                var m = Regex.Match(File.ReadAllText(init), @"__version__\s*=\s*['""]([^'""]+)['""]");
                if (m.Success) return m.Groups[1].Value;
            }
            return "unknown";
        }

        public static LoadedModel LoadModel(ServiceConfig config, string data, string botocoreVersion)
        {
            var serviceDir = Path.Combine(data, config.Folder);
            if (!Directory.Exists(serviceDir)) throw new GeneratorException("no botocore model folder " + serviceDir);
            var versions = Directory.GetDirectories(serviceDir)
                .Where(d => File.Exists(Path.Combine(d, "service-2.json.gz")) || File.Exists(Path.Combine(d, "service-2.json")))
                .Select(Path.GetFileName)
                .OrderByDescending(v => v, StringComparer.Ordinal)
                .ToList();
            if (versions.Count == 0) throw new GeneratorException("no service-2.json in " + serviceDir);
            var version = versions[0]!;
            var gz = Path.Combine(serviceDir, version, "service-2.json.gz");
            string text;
            if (File.Exists(gz))
            {
                using var file = File.OpenRead(gz);
                using var unzip = new GZipStream(file, CompressionMode.Decompress);
                using var reader = new StreamReader(unzip, Encoding.UTF8);
                text = reader.ReadToEnd();
            }
            else
            {
                text = File.ReadAllText(Path.Combine(serviceDir, version, "service-2.json"));
            }
            var root = JsonDocument.Parse(text).RootElement.Clone();
            return new LoadedModel(config, version, botocoreVersion, root);
        }
    }
}
