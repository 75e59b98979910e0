using System;

namespace EcsAdmin.Generator
{
    /// <summary>Inputs of one generator run.</summary>
    public sealed class GeneratorOptions
    {
        public GeneratorOptions(string configPath, string outputDirectory, string? botocoreDirectory)
        {
            ConfigPath = configPath ?? throw new ArgumentNullException(nameof(configPath));
            OutputDirectory = outputDirectory ?? throw new ArgumentNullException(nameof(outputDirectory));
            BotocoreDirectory = botocoreDirectory;
        }

        /// <summary>services.json: which services and operations to generate.</summary>
        public string ConfigPath { get; }
        /// <summary>Where &lt;Ns&gt;.g.cs and models/&lt;service&gt;.json go.</summary>
        public string OutputDirectory { get; }
        /// <summary>botocore's package folder (or its data folder); null: ask python3.</summary>
        public string? BotocoreDirectory { get; }
    }

    /// <summary>A problem with the inputs (missing model, unknown operation, unsupported shape).</summary>
    public sealed class GeneratorException : Exception
    {
        public GeneratorException(string message) : base(message)
        {
        }
    }
}
