using System;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>A port a container exposes.</summary>
    public sealed class EcsPortMapping
    {
        public int ContainerPort { get; set; }
        public int? HostPort { get; set; }
        public string Protocol { get; set; } = "tcp";
        /// <summary>The port name Service Connect refers to.</summary>
        public string? Name { get; set; }
        public string? AppProtocol { get; set; }
        public override string ToString() => (Name is null ? "" : Name + "=") + ContainerPort + "/" + Protocol;
    }

    /// <summary>The log configuration of a container (awslogs: group, region, stream prefix in Options).</summary>
    public sealed class EcsLogConfiguration
    {
        public string LogDriver { get; set; } = "";
        public EcsMap<string> Options { get; set; } = new EcsMap<string>();
        public override string ToString() => LogDriver;
    }

    /// <summary>A container of a task definition.</summary>
    public sealed class EcsContainerDefinition
    {
        public string Name { get; set; } = "";
        public string Image { get; set; } = "";
        public int? Cpu { get; set; }
        public int? Memory { get; set; }
        public int? MemoryReservation { get; set; }
        public bool Essential { get; set; } = true;
        public EcsList<EcsPortMapping> PortMappings { get; set; } = new EcsList<EcsPortMapping>();
        public EcsMap<string> Environment { get; set; } = new EcsMap<string>();
        public EcsLogConfiguration? LogConfiguration { get; set; }
        public EcsList<string>? Command { get; set; }
        public override string ToString() => Name + " (" + Image + ")";
    }

    /// <summary>A task definition revision.</summary>
    public sealed class EcsTaskDefinition
    {
        public string Region { get; set; } = "";
        public string Family { get; set; } = "";
        public int Revision { get; set; }
        public string TaskDefinitionArn { get; set; } = "";
        public string Status { get; set; } = "";
        /// <summary>CPU units as registered (e.g. "256").</summary>
        public string? Cpu { get; set; }
        /// <summary>Memory in MiB as registered (e.g. "512").</summary>
        public string? Memory { get; set; }
        public string? NetworkMode { get; set; }
        public EcsList<string> RequiresCompatibilities { get; set; } = new EcsList<string>();
        public EcsList<string> Compatibilities { get; set; } = new EcsList<string>();
        public string? ExecutionRoleArn { get; set; }
        public string? TaskRoleArn { get; set; }
        public string? OperatingSystemFamily { get; set; }
        public string? CpuArchitecture { get; set; }
        public EcsList<EcsContainerDefinition> ContainerDefinitions { get; set; } = new EcsList<EcsContainerDefinition>();
        public DateTime? RegisteredAt { get; set; }
        public EcsMap<string> Tags { get; set; } = new EcsMap<string>();

        /// <summary>family:revision, the short form every cmdlet accepts.</summary>
        public string FamilyRevision => Family + ":" + Revision;
        public override string ToString() => FamilyRevision;
    }

    /// <summary>A task definition family name (Get-EcsTaskDefinition -ListFamilies).</summary>
    public sealed class EcsTaskDefinitionFamily
    {
        public string Region { get; set; } = "";
        public string Family { get; set; } = "";
        public override string ToString() => Family;
    }
}
