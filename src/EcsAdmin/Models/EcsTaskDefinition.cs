using System;
using System.Collections.Generic;
using System.Linq;

namespace EcsAdmin.Models
{
    /// <summary>A task definition revision, with every field ECS keeps for it.</summary>
    public sealed class EcsTaskDefinition
    {
        public string Region { get; set; } = "";
        public string Family { get; set; } = "";
        public int Revision { get; set; }
        public string TaskDefinitionArn { get; set; } = "";
        /// <summary>ACTIVE, INACTIVE or DELETE_IN_PROGRESS.</summary>
        public string Status { get; set; } = "";
        /// <summary>CPU units as registered (e.g. "256").</summary>
        public string? Cpu { get; set; }
        /// <summary>Memory in MiB as registered (e.g. "512").</summary>
        public string? Memory { get; set; }
        public string? NetworkMode { get; set; }
        public EcsList<string> RequiresCompatibilities { get; set; } = new EcsList<string>();
        /// <summary>The launch types ECS found the definition compatible with.</summary>
        public EcsList<string> Compatibilities { get; set; } = new EcsList<string>();
        public string? ExecutionRoleArn { get; set; }
        public string? TaskRoleArn { get; set; }
        public EcsRuntimePlatform? RuntimePlatform { get; set; }

        /// <summary>The operating system of RuntimePlatform (LINUX, WINDOWS_SERVER_2022_CORE, ...).</summary>
        public string? OperatingSystemFamily
        {
            get => RuntimePlatform?.OperatingSystemFamily;
            set => (RuntimePlatform ??= new EcsRuntimePlatform()).OperatingSystemFamily = value;
        }

        /// <summary>The CPU architecture of RuntimePlatform (X86_64 or ARM64).</summary>
        public string? CpuArchitecture
        {
            get => RuntimePlatform?.CpuArchitecture;
            set => (RuntimePlatform ??= new EcsRuntimePlatform()).CpuArchitecture = value;
        }

        public EcsList<EcsContainerDefinition> ContainerDefinitions { get; set; } = new EcsList<EcsContainerDefinition>();
        public EcsList<EcsVolume> Volumes { get; set; } = new EcsList<EcsVolume>();
        public EcsList<EcsPlacementConstraint> PlacementConstraints { get; set; } = new EcsList<EcsPlacementConstraint>();
        /// <summary>The container instance attributes ECS found the definition needs (EC2 launch type).</summary>
        public EcsList<EcsAttribute> RequiresAttributes { get; set; } = new EcsList<EcsAttribute>();
        public EcsList<EcsInferenceAccelerator> InferenceAccelerators { get; set; } = new EcsList<EcsInferenceAccelerator>();
        /// <summary>host or task.</summary>
        public string? PidMode { get; set; }
        /// <summary>host, task or none.</summary>
        public string? IpcMode { get; set; }
        public EcsProxyConfiguration? ProxyConfiguration { get; set; }
        public EcsEphemeralStorage? EphemeralStorage { get; set; }
        public bool? EnableFaultInjection { get; set; }
        public DateTime? RegisteredAt { get; set; }
        /// <summary>The principal that registered the revision.</summary>
        public string? RegisteredBy { get; set; }
        public DateTime? DeregisteredAt { get; set; }
        public DateTime? DeleteRequestedAt { get; set; }
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

    /// <summary>The operating system and CPU architecture a task definition runs on.</summary>
    public sealed class EcsRuntimePlatform
    {
        public string? CpuArchitecture { get; set; }
        public string? OperatingSystemFamily { get; set; }
        public override string ToString() => string.Join("/", new[] { OperatingSystemFamily, CpuArchitecture }.Where(s => !string.IsNullOrEmpty(s)));
    }

    /// <summary>A task volume: a bind mount, a Docker volume, EFS, S3 Files or FSx for Windows File Server.</summary>
    public sealed class EcsVolume
    {
        public string Name { get; set; } = "";
        public EcsHostVolume? Host { get; set; }
        public EcsDockerVolumeConfiguration? DockerVolumeConfiguration { get; set; }
        public EcsEfsVolumeConfiguration? EfsVolumeConfiguration { get; set; }
        public EcsS3FilesVolumeConfiguration? S3filesVolumeConfiguration { get; set; }
        public EcsFsxWindowsFileServerVolumeConfiguration? FsxWindowsFileServerVolumeConfiguration { get; set; }
        /// <summary>True when the volume is configured when a task or service is started (EBS).</summary>
        public bool? ConfiguredAtLaunch { get; set; }

        public override string ToString()
        {
            object? source = (object?)EfsVolumeConfiguration ?? (object?)FsxWindowsFileServerVolumeConfiguration
                             ?? (object?)S3filesVolumeConfiguration ?? (object?)DockerVolumeConfiguration ?? Host;
            var text = Name + (source is null ? "" : " = " + source);
            return ConfiguredAtLaunch == true ? text + " (configured at launch)" : text;
        }
    }

    /// <summary>A bind mount from the host (no SourcePath: a Docker-managed path).</summary>
    public sealed class EcsHostVolume
    {
        public string? SourcePath { get; set; }
        public override string ToString() => "host " + (SourcePath ?? "(managed)");
    }

    /// <summary>A Docker volume.</summary>
    public sealed class EcsDockerVolumeConfiguration
    {
        /// <summary>task or shared.</summary>
        public string? Scope { get; set; }
        public bool? Autoprovision { get; set; }
        public string? Driver { get; set; }
        public EcsMap<string> DriverOpts { get; set; } = new EcsMap<string>();
        public EcsMap<string> Labels { get; set; } = new EcsMap<string>();

        public override string ToString()
        {
            var parts = new List<string>();
            if (Scope != null) parts.Add(Scope);
            if (Autoprovision == true) parts.Add("autoprovision");
            if (DriverOpts.Count > 0) parts.Add(DriverOpts.ToString());
            if (Labels.Count > 0) parts.Add("labels " + Labels);
            return "docker " + (Driver ?? "local") + (parts.Count == 0 ? "" : " (" + string.Join("; ", parts) + ")");
        }
    }

    /// <summary>An Amazon EFS file system.</summary>
    public sealed class EcsEfsVolumeConfiguration
    {
        public string FileSystemId { get; set; } = "";
        public string? RootDirectory { get; set; }
        /// <summary>ENABLED or DISABLED.</summary>
        public string? TransitEncryption { get; set; }
        public int? TransitEncryptionPort { get; set; }
        public EcsEfsAuthorizationConfig? AuthorizationConfig { get; set; }

        public override string ToString()
        {
            var parts = new List<string>();
            if (TransitEncryption != null) parts.Add("encryption " + TransitEncryption + (TransitEncryptionPort is null ? "" : " port " + TransitEncryptionPort));
            if (AuthorizationConfig != null) parts.Add(AuthorizationConfig.ToString());
            return "efs " + FileSystemId + (RootDirectory ?? "") + (parts.Count == 0 ? "" : " (" + string.Join("; ", parts) + ")");
        }
    }

    /// <summary>The access point and IAM authorisation of an EFS volume.</summary>
    public sealed class EcsEfsAuthorizationConfig
    {
        public string? AccessPointId { get; set; }
        /// <summary>ENABLED or DISABLED.</summary>
        public string? Iam { get; set; }
        public override string ToString()
            => string.Join(", ", new[] { AccessPointId is null ? null : "access point " + AccessPointId, Iam is null ? null : "iam " + Iam }.Where(s => s != null));
    }

    /// <summary>An Amazon S3 Files file system.</summary>
    public sealed class EcsS3FilesVolumeConfiguration
    {
        public string FileSystemArn { get; set; } = "";
        public string? RootDirectory { get; set; }
        public int? TransitEncryptionPort { get; set; }
        public string? AccessPointArn { get; set; }
        public override string ToString()
            => "s3files " + FileSystemArn + (RootDirectory ?? "") + (AccessPointArn is null ? "" : " (access point " + AccessPointArn + ")")
               + (TransitEncryptionPort is null ? "" : " port " + TransitEncryptionPort);
    }

    /// <summary>An Amazon FSx for Windows File Server file system.</summary>
    public sealed class EcsFsxWindowsFileServerVolumeConfiguration
    {
        public string FileSystemId { get; set; } = "";
        public string RootDirectory { get; set; } = "";
        public EcsFsxWindowsFileServerAuthorizationConfig? AuthorizationConfig { get; set; }
        public override string ToString()
            => "fsx " + FileSystemId + RootDirectory + (AuthorizationConfig is null ? "" : " (" + AuthorizationConfig + ")");
    }

    /// <summary>The domain and the secret holding the credentials of an FSx volume (the ARN, never the value).</summary>
    public sealed class EcsFsxWindowsFileServerAuthorizationConfig
    {
        public string CredentialsParameter { get; set; } = "";
        public string Domain { get; set; } = "";
        public override string ToString() => Domain + " <- " + CredentialsParameter;
    }

    /// <summary>An Elastic Inference accelerator of a task definition.</summary>
    public sealed class EcsInferenceAccelerator
    {
        public string DeviceName { get; set; } = "";
        public string DeviceType { get; set; } = "";
        public override string ToString() => DeviceName + "=" + DeviceType;
    }

    /// <summary>The App Mesh proxy of a task definition: the proxy container and its settings.</summary>
    public sealed class EcsProxyConfiguration
    {
        /// <summary>APPMESH.</summary>
        public string? Type { get; set; }
        public string ContainerName { get; set; } = "";
        public EcsMap<string> Properties { get; set; } = new EcsMap<string>();
        public override string ToString()
            => (Type ?? "APPMESH") + " via " + ContainerName + (Properties.Count == 0 ? "" : " (" + Properties + ")");
    }

    /// <summary>The ephemeral storage of a Fargate task, in GiB.</summary>
    public sealed class EcsEphemeralStorage
    {
        public int SizeInGiB { get; set; }
        public override string ToString() => SizeInGiB + " GiB";
    }
}
