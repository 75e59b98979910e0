using System;

namespace EcsAdmin.Models
{
    /// <summary>One file copied into or out of an ECS task by Copy-EcsFile.</summary>
    public sealed class EcsFileCopyResult
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string TaskId { get; set; } = "";
        public string Container { get; set; } = "";
        /// <summary>ToTask or FromTask.</summary>
        public string Direction { get; set; } = "";
        /// <summary>Where the file came from (a local path, or a path in the container).</summary>
        public string Source { get; set; } = "";
        /// <summary>Where it was written.</summary>
        public string Destination { get; set; } = "";
        /// <summary>Size in bytes.</summary>
        public long Length { get; set; }
        /// <summary>The SHA-256 both ends computed (lowercase hex).</summary>
        public string Sha256 { get; set; } = "";
        /// <summary>Exec sessions used (a probe, one per piece, and the check).</summary>
        public int Sessions { get; set; }
        public TimeSpan Duration { get; set; }

        public override string ToString() => Source + " -> " + Destination + " (" + Length + " bytes)";
    }
}
