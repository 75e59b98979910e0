using System;
using System.IO;

namespace EcsAdmin.Generator
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            string? outDir = null;
            string? botocore = null;
            string? config = null;
            for (var i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException(args[i] + " needs a value");
                switch (args[i])
                {
                    case "--out": outDir = Next(); break;
                    case "--botocore": botocore = Next(); break;
                    case "--config": config = Next(); break;
                    case "-h":
                    case "--help":
                        Console.WriteLine("EcsAdmin.Generator --out <dir> [--botocore <botocore package or data dir>] [--config <services.json>]");
                        return 0;
                    default:
                        Console.Error.WriteLine("Unknown argument: " + args[i]);
                        return 2;
                }
            }

            if (outDir == null)
            {
                Console.Error.WriteLine("--out <dir> is required");
                return 2;
            }

            config ??= DefaultConfigPath();
            try
            {
                var written = WireGenerator.Run(new GeneratorOptions(config, outDir, botocore));
                foreach (var file in written) Console.WriteLine("wrote " + file);
                return 0;
            }
            catch (Exception ex) when (ex is GeneratorException || ex is IOException)
            {
                Console.Error.WriteLine("error: " + ex.Message);
                return 1;
            }
        }

        /// <summary>services.json next to the project (when run with dotnet run) or next to the binary.</summary>
        private static string DefaultConfigPath()
        {
            var here = Path.Combine(Directory.GetCurrentDirectory(), "tools", "EcsAdmin.Generator", "services.json");
            if (File.Exists(here)) return here;
            return Path.Combine(AppContext.BaseDirectory, "services.json");
        }
    }
}
