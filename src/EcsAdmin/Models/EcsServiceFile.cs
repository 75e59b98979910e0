using System;

namespace EcsAdmin.Models
{
    /// <summary>The files Export-EcsService wrote.</summary>
    public sealed class EcsServiceFileExport
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>family:revision of the exported task definition.</summary>
        public string TaskDefinition { get; set; } = "";
        /// <summary>Path of service.json (create-service --cli-input-json shape).</summary>
        public string ServicePath { get; set; } = "";
        /// <summary>Path of task-definition.json (register-task-definition --cli-input-json shape).</summary>
        public string TaskDefinitionPath { get; set; } = "";
    }

    /// <summary>One difference between the files and what is live (Compare-EcsService).</summary>
    public sealed class EcsServiceDifference
    {
        public string Service { get; set; } = "";
        /// <summary>Service or TaskDefinition.</summary>
        public string Document { get; set; } = "";
        /// <summary>Path of the property in the file's shape, e.g. containerDefinitions[app].image.</summary>
        public string PropertyPath { get; set; } = "";
        /// <summary>The live value as JSON (null when the property is not live).</summary>
        public string? Live { get; set; }
        /// <summary>The file's value as JSON (null when the file leaves it out).</summary>
        public string? File { get; set; }
        /// <summary>Changed, Added (only in the file), Removed (only live), ImageTagVsDigest (the file names a tag, the live one a digest).</summary>
        public string Kind { get; set; } = "";
        public string? Note { get; set; }
    }

    /// <summary>What Deploy-EcsService did (or, with -WhatIf, would do).</summary>
    public sealed class EcsServiceFileDeployment
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Unchanged, Created, Updated, Tagged (tags alone changed) (Planned... with -WhatIf).</summary>
        public string Action { get; set; } = "";
        /// <summary>True when a new task definition revision was (or would be) registered.</summary>
        public bool RegisteredRevision { get; set; }
        /// <summary>family:revision the service runs afterwards (empty with -WhatIf when a revision would be registered).</summary>
        public string TaskDefinition { get; set; } = "";
        public EcsList<string> Plan { get; set; } = new EcsList<string>();
        public EcsList<EcsServiceDifference> Differences { get; set; } = new EcsList<EcsServiceDifference>();
        public EcsDeploymentResult? Deployment { get; set; }
    }

    public enum EcsReadinessStatus
    {
        Pass,
        Warn,
        Fail,
    }

    /// <summary>One row of Test-EcsServiceReadiness.</summary>
    public sealed class EcsReadinessCheck
    {
        public string Service { get; set; } = "";
        public string Check { get; set; } = "";
        public EcsReadinessStatus Status { get; set; }
        public string Detail { get; set; } = "";
        /// <summary>What to do about a Warn or Fail.</summary>
        public string? Fix { get; set; }
    }
}
