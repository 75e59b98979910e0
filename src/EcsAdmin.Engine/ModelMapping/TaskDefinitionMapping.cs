using System;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Models;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.ModelMapping
{
    /// <summary>
    /// Task definitions between the wire and the public model, both ways and field for field: what Get-EcsTaskDefinition
    /// shows is everything ECS keeps, and an EcsTaskDefinition registered again sends all of it back. Empty lists and
    /// maps of the model are absent on the wire, which is how ECS treats them too.
    /// </summary>
    internal static class TaskDefinitionMapping
    {
        public static EcsTaskDefinition FromWire(Ecs.TaskDefinition t, IEnumerable<Ecs.Tag>? tags, string region)
            => new EcsTaskDefinition
            {
                Region = region,
                Family = t.Family ?? "",
                Revision = t.Revision ?? 0,
                TaskDefinitionArn = t.TaskDefinitionArn ?? "",
                Status = t.Status ?? "",
                Cpu = t.Cpu,
                Memory = t.Memory,
                NetworkMode = t.NetworkMode,
                RequiresCompatibilities = List(t.RequiresCompatibilities),
                Compatibilities = List(t.Compatibilities),
                ExecutionRoleArn = t.ExecutionRoleArn,
                TaskRoleArn = t.TaskRoleArn,
                RuntimePlatform = t.RuntimePlatform is null ? null : new EcsRuntimePlatform
                {
                    CpuArchitecture = t.RuntimePlatform.CpuArchitecture,
                    OperatingSystemFamily = t.RuntimePlatform.OperatingSystemFamily,
                },
                ContainerDefinitions = List(t.ContainerDefinitions, Container),
                Volumes = List(t.Volumes, Volume),
                PlacementConstraints = List(t.PlacementConstraints, p => new EcsPlacementConstraint { Type = p.Type ?? "", Expression = p.Expression }),
                RequiresAttributes = List(t.RequiresAttributes, a => new EcsAttribute { Region = region, Name = a.Name ?? "", Value = a.Value, TargetType = a.TargetType ?? "container-instance", TargetId = a.TargetId }),
                InferenceAccelerators = List(t.InferenceAccelerators, a => new EcsInferenceAccelerator { DeviceName = a.DeviceName ?? "", DeviceType = a.DeviceType ?? "" }),
                PidMode = t.PidMode,
                IpcMode = t.IpcMode,
                ProxyConfiguration = t.ProxyConfiguration is null ? null : new EcsProxyConfiguration
                {
                    Type = t.ProxyConfiguration.Type,
                    ContainerName = t.ProxyConfiguration.ContainerName ?? "",
                    Properties = Map(t.ProxyConfiguration.Properties),
                },
                EphemeralStorage = t.EphemeralStorage is null ? null : new EcsEphemeralStorage { SizeInGiB = t.EphemeralStorage.SizeInGiB ?? 0 },
                EnableFaultInjection = t.EnableFaultInjection,
                RegisteredAt = t.RegisteredAt,
                RegisteredBy = t.RegisteredBy,
                DeregisteredAt = t.DeregisteredAt,
                DeleteRequestedAt = t.DeleteRequestedAt,
                Tags = new EcsMap<string>(Mapping.Tags(tags)),
            };

        public static EcsContainerDefinition Container(Ecs.ContainerDefinition c)
            => new EcsContainerDefinition
            {
                Name = c.Name ?? "",
                Image = c.Image ?? "",
                RepositoryCredentials = c.RepositoryCredentials is null ? null : new EcsRepositoryCredentials { CredentialsParameter = c.RepositoryCredentials.CredentialsParameter ?? "" },
                Cpu = c.Cpu,
                Memory = c.Memory,
                MemoryReservation = c.MemoryReservation,
                Links = List(c.Links),
                PortMappings = List(c.PortMappings, p => new EcsPortMapping
                {
                    ContainerPort = p.ContainerPort ?? 0,
                    HostPort = p.HostPort,
                    Protocol = p.Protocol ?? "tcp",
                    Name = p.Name,
                    AppProtocol = p.AppProtocol,
                    ContainerPortRange = p.ContainerPortRange,
                }),
                Essential = c.Essential ?? true,
                RestartPolicy = c.RestartPolicy is null ? null : new EcsContainerRestartPolicy
                {
                    Enabled = c.RestartPolicy.Enabled ?? false,
                    IgnoredExitCodes = List(c.RestartPolicy.IgnoredExitCodes),
                    RestartAttemptPeriod = c.RestartPolicy.RestartAttemptPeriod,
                },
                EntryPoint = List(c.EntryPoint),
                Command = List(c.Command),
                Environment = Map(c.Environment),
                EnvironmentFiles = List(c.EnvironmentFiles, f => new EcsEnvironmentFile { Type = f.Type ?? "", Value = f.Value ?? "" }),
                MountPoints = List(c.MountPoints, m => new EcsMountPoint { SourceVolume = m.SourceVolume, ContainerPath = m.ContainerPath, ReadOnly = m.ReadOnly }),
                VolumesFrom = List(c.VolumesFrom, v => new EcsVolumeFrom { SourceContainer = v.SourceContainer, ReadOnly = v.ReadOnly }),
                LinuxParameters = c.LinuxParameters is null ? null : Linux(c.LinuxParameters),
                Secrets = Secrets(c.Secrets),
                DependsOn = List(c.DependsOn, d => new EcsContainerDependency { ContainerName = d.ContainerName ?? "", Condition = d.Condition ?? "" }),
                StartTimeout = c.StartTimeout,
                StopTimeout = c.StopTimeout,
                VersionConsistency = c.VersionConsistency,
                Hostname = c.Hostname,
                User = c.User,
                WorkingDirectory = c.WorkingDirectory,
                DisableNetworking = c.DisableNetworking,
                Privileged = c.Privileged,
                ReadonlyRootFilesystem = c.ReadonlyRootFilesystem,
                DnsServers = List(c.DnsServers),
                DnsSearchDomains = List(c.DnsSearchDomains),
                ExtraHosts = List(c.ExtraHosts, h => new EcsHostEntry { Hostname = h.Hostname ?? "", IpAddress = h.IpAddress ?? "" }),
                DockerSecurityOptions = List(c.DockerSecurityOptions),
                Interactive = c.Interactive,
                PseudoTerminal = c.PseudoTerminal,
                DockerLabels = new EcsMap<string>(c.DockerLabels),
                Ulimits = List(c.Ulimits, u => new EcsUlimit { Name = u.Name ?? "", SoftLimit = u.SoftLimit ?? 0, HardLimit = u.HardLimit ?? 0 }),
                LogConfiguration = c.LogConfiguration is null ? null : new EcsLogConfiguration
                {
                    LogDriver = c.LogConfiguration.LogDriver ?? "",
                    Options = new EcsMap<string>(c.LogConfiguration.Options),
                    SecretOptions = Secrets(c.LogConfiguration.SecretOptions),
                },
                HealthCheck = c.HealthCheck is null ? null : new EcsHealthCheck
                {
                    Command = List(c.HealthCheck.Command),
                    Interval = c.HealthCheck.Interval,
                    Timeout = c.HealthCheck.Timeout,
                    Retries = c.HealthCheck.Retries,
                    StartPeriod = c.HealthCheck.StartPeriod,
                },
                SystemControls = List(c.SystemControls, s => new EcsSystemControl { Namespace = s.Namespace, Value = s.Value }),
                ResourceRequirements = List(c.ResourceRequirements, r => new EcsResourceRequirement { Type = r.Type ?? "", Value = r.Value ?? "" }),
                FirelensConfiguration = c.FirelensConfiguration is null ? null : new EcsFirelensConfiguration
                {
                    Type = c.FirelensConfiguration.Type ?? "",
                    Options = new EcsMap<string>(c.FirelensConfiguration.Options),
                },
                CredentialSpecs = List(c.CredentialSpecs),
            };

        private static EcsLinuxParameters Linux(Ecs.LinuxParameters l)
            => new EcsLinuxParameters
            {
                Capabilities = l.Capabilities is null ? null : new EcsKernelCapabilities { Add = List(l.Capabilities.Add), Drop = List(l.Capabilities.Drop) },
                Devices = List(l.Devices, d => new EcsDevice { HostPath = d.HostPath ?? "", ContainerPath = d.ContainerPath, Permissions = List(d.Permissions) }),
                InitProcessEnabled = l.InitProcessEnabled,
                SharedMemorySize = l.SharedMemorySize,
                Tmpfs = List(l.Tmpfs, t => new EcsTmpfs { ContainerPath = t.ContainerPath ?? "", Size = t.Size ?? 0, MountOptions = List(t.MountOptions) }),
                MaxSwap = l.MaxSwap,
                Swappiness = l.Swappiness,
            };

        private static EcsVolume Volume(Ecs.Volume v)
            => new EcsVolume
            {
                Name = v.Name ?? "",
                Host = v.Host is null ? null : new EcsHostVolume { SourcePath = v.Host.SourcePath },
                DockerVolumeConfiguration = v.DockerVolumeConfiguration is null ? null : new EcsDockerVolumeConfiguration
                {
                    Scope = v.DockerVolumeConfiguration.Scope,
                    Autoprovision = v.DockerVolumeConfiguration.Autoprovision,
                    Driver = v.DockerVolumeConfiguration.Driver,
                    DriverOpts = new EcsMap<string>(v.DockerVolumeConfiguration.DriverOpts),
                    Labels = new EcsMap<string>(v.DockerVolumeConfiguration.Labels),
                },
                EfsVolumeConfiguration = v.EfsVolumeConfiguration is null ? null : new EcsEfsVolumeConfiguration
                {
                    FileSystemId = v.EfsVolumeConfiguration.FileSystemId ?? "",
                    RootDirectory = v.EfsVolumeConfiguration.RootDirectory,
                    TransitEncryption = v.EfsVolumeConfiguration.TransitEncryption,
                    TransitEncryptionPort = v.EfsVolumeConfiguration.TransitEncryptionPort,
                    AuthorizationConfig = v.EfsVolumeConfiguration.AuthorizationConfig is null ? null : new EcsEfsAuthorizationConfig
                    {
                        AccessPointId = v.EfsVolumeConfiguration.AuthorizationConfig.AccessPointId,
                        Iam = v.EfsVolumeConfiguration.AuthorizationConfig.Iam,
                    },
                },
                S3filesVolumeConfiguration = v.S3filesVolumeConfiguration is null ? null : new EcsS3FilesVolumeConfiguration
                {
                    FileSystemArn = v.S3filesVolumeConfiguration.FileSystemArn ?? "",
                    RootDirectory = v.S3filesVolumeConfiguration.RootDirectory,
                    TransitEncryptionPort = v.S3filesVolumeConfiguration.TransitEncryptionPort,
                    AccessPointArn = v.S3filesVolumeConfiguration.AccessPointArn,
                },
                FsxWindowsFileServerVolumeConfiguration = v.FsxWindowsFileServerVolumeConfiguration is null ? null : new EcsFsxWindowsFileServerVolumeConfiguration
                {
                    FileSystemId = v.FsxWindowsFileServerVolumeConfiguration.FileSystemId ?? "",
                    RootDirectory = v.FsxWindowsFileServerVolumeConfiguration.RootDirectory ?? "",
                    AuthorizationConfig = v.FsxWindowsFileServerVolumeConfiguration.AuthorizationConfig is null ? null : new EcsFsxWindowsFileServerAuthorizationConfig
                    {
                        CredentialsParameter = v.FsxWindowsFileServerVolumeConfiguration.AuthorizationConfig.CredentialsParameter ?? "",
                        Domain = v.FsxWindowsFileServerVolumeConfiguration.AuthorizationConfig.Domain ?? "",
                    },
                },
                ConfiguredAtLaunch = v.ConfiguredAtLaunch,
            };

        /// <summary>
        /// The RegisterTaskDefinition request that registers <paramref name="t"/> again: every field registration takes.
        /// What ECS sets itself (ARN, revision, status, compatibilities, required attributes, dates) is not sent.
        /// </summary>
        public static Ecs.RegisterTaskDefinitionRequest ToWire(EcsTaskDefinition t)
            => new Ecs.RegisterTaskDefinitionRequest
            {
                Family = t.Family,
                TaskRoleArn = t.TaskRoleArn,
                ExecutionRoleArn = t.ExecutionRoleArn,
                NetworkMode = t.NetworkMode,
                ContainerDefinitions = Wire(t.ContainerDefinitions, ToWire),
                Volumes = Wire(t.Volumes, ToWire),
                PlacementConstraints = Wire(t.PlacementConstraints, p => new Ecs.TaskDefinitionPlacementConstraint { Type = p.Type, Expression = p.Expression }),
                RequiresCompatibilities = Wire(t.RequiresCompatibilities, s => s),
                Cpu = t.Cpu,
                Memory = t.Memory,
                Tags = Mapping.ToWireTags(t.Tags),
                PidMode = t.PidMode,
                IpcMode = t.IpcMode,
                ProxyConfiguration = t.ProxyConfiguration is null ? null : new Ecs.ProxyConfiguration
                {
                    Type = t.ProxyConfiguration.Type,
                    ContainerName = t.ProxyConfiguration.ContainerName,
                    Properties = WirePairs(t.ProxyConfiguration.Properties),
                },
                InferenceAccelerators = Wire(t.InferenceAccelerators, a => new Ecs.InferenceAccelerator { DeviceName = a.DeviceName, DeviceType = a.DeviceType }),
                EphemeralStorage = t.EphemeralStorage is null ? null : new Ecs.EphemeralStorage { SizeInGiB = t.EphemeralStorage.SizeInGiB },
                RuntimePlatform = t.RuntimePlatform is null || (t.RuntimePlatform.CpuArchitecture is null && t.RuntimePlatform.OperatingSystemFamily is null) ? null : new Ecs.RuntimePlatform
                {
                    CpuArchitecture = t.RuntimePlatform.CpuArchitecture,
                    OperatingSystemFamily = t.RuntimePlatform.OperatingSystemFamily,
                },
                EnableFaultInjection = t.EnableFaultInjection,
            };

        public static Ecs.ContainerDefinition ToWire(EcsContainerDefinition c)
            => new Ecs.ContainerDefinition
            {
                Name = c.Name,
                Image = c.Image,
                RepositoryCredentials = c.RepositoryCredentials is null ? null : new Ecs.RepositoryCredentials { CredentialsParameter = c.RepositoryCredentials.CredentialsParameter },
                Cpu = c.Cpu,
                Memory = c.Memory,
                MemoryReservation = c.MemoryReservation,
                Links = Wire(c.Links, s => s),
                PortMappings = Wire(c.PortMappings, p => new Ecs.PortMapping
                {
                    // A range is given instead of a single port; 0 is never a port ECS accepts.
                    ContainerPort = p.ContainerPort == 0 ? (int?)null : p.ContainerPort,
                    HostPort = p.HostPort,
                    Protocol = p.Protocol,
                    Name = p.Name,
                    AppProtocol = p.AppProtocol,
                    ContainerPortRange = p.ContainerPortRange,
                }),
                Essential = c.Essential,
                RestartPolicy = c.RestartPolicy is null ? null : new Ecs.ContainerRestartPolicy
                {
                    Enabled = c.RestartPolicy.Enabled,
                    IgnoredExitCodes = Wire(c.RestartPolicy.IgnoredExitCodes, i => i),
                    RestartAttemptPeriod = c.RestartPolicy.RestartAttemptPeriod,
                },
                EntryPoint = Wire(c.EntryPoint, s => s),
                Command = Wire(c.Command, s => s),
                Environment = WirePairs(c.Environment),
                EnvironmentFiles = Wire(c.EnvironmentFiles, f => new Ecs.EnvironmentFile { Type = f.Type, Value = f.Value }),
                MountPoints = Wire(c.MountPoints, m => new Ecs.MountPoint { SourceVolume = m.SourceVolume, ContainerPath = m.ContainerPath, ReadOnly = m.ReadOnly }),
                VolumesFrom = Wire(c.VolumesFrom, v => new Ecs.VolumeFrom { SourceContainer = v.SourceContainer, ReadOnly = v.ReadOnly }),
                LinuxParameters = c.LinuxParameters is null ? null : ToWire(c.LinuxParameters),
                Secrets = WireSecrets(c.Secrets),
                DependsOn = Wire(c.DependsOn, d => new Ecs.ContainerDependency { ContainerName = d.ContainerName, Condition = d.Condition }),
                StartTimeout = c.StartTimeout,
                StopTimeout = c.StopTimeout,
                VersionConsistency = c.VersionConsistency,
                Hostname = c.Hostname,
                User = c.User,
                WorkingDirectory = c.WorkingDirectory,
                DisableNetworking = c.DisableNetworking,
                Privileged = c.Privileged,
                ReadonlyRootFilesystem = c.ReadonlyRootFilesystem,
                DnsServers = Wire(c.DnsServers, s => s),
                DnsSearchDomains = Wire(c.DnsSearchDomains, s => s),
                ExtraHosts = Wire(c.ExtraHosts, h => new Ecs.HostEntry { Hostname = h.Hostname, IpAddress = h.IpAddress }),
                DockerSecurityOptions = Wire(c.DockerSecurityOptions, s => s),
                Interactive = c.Interactive,
                PseudoTerminal = c.PseudoTerminal,
                DockerLabels = WireMap(c.DockerLabels),
                Ulimits = Wire(c.Ulimits, u => new Ecs.Ulimit { Name = u.Name, SoftLimit = u.SoftLimit, HardLimit = u.HardLimit }),
                LogConfiguration = c.LogConfiguration is null ? null : new Ecs.LogConfiguration
                {
                    LogDriver = c.LogConfiguration.LogDriver,
                    Options = WireMap(c.LogConfiguration.Options),
                    SecretOptions = WireSecrets(c.LogConfiguration.SecretOptions),
                },
                HealthCheck = c.HealthCheck is null ? null : new Ecs.HealthCheck
                {
                    Command = Wire(c.HealthCheck.Command, s => s),
                    Interval = c.HealthCheck.Interval,
                    Timeout = c.HealthCheck.Timeout,
                    Retries = c.HealthCheck.Retries,
                    StartPeriod = c.HealthCheck.StartPeriod,
                },
                SystemControls = Wire(c.SystemControls, s => new Ecs.SystemControl { Namespace = s.Namespace, Value = s.Value }),
                ResourceRequirements = Wire(c.ResourceRequirements, r => new Ecs.ResourceRequirement { Type = r.Type, Value = r.Value }),
                FirelensConfiguration = c.FirelensConfiguration is null ? null : new Ecs.FirelensConfiguration
                {
                    Type = c.FirelensConfiguration.Type,
                    Options = WireMap(c.FirelensConfiguration.Options),
                },
                CredentialSpecs = Wire(c.CredentialSpecs, s => s),
            };

        private static Ecs.LinuxParameters ToWire(EcsLinuxParameters l)
            => new Ecs.LinuxParameters
            {
                Capabilities = l.Capabilities is null ? null : new Ecs.KernelCapabilities { Add = Wire(l.Capabilities.Add, s => s), Drop = Wire(l.Capabilities.Drop, s => s) },
                Devices = Wire(l.Devices, d => new Ecs.Device { HostPath = d.HostPath, ContainerPath = d.ContainerPath, Permissions = Wire(d.Permissions, s => s) }),
                InitProcessEnabled = l.InitProcessEnabled,
                SharedMemorySize = l.SharedMemorySize,
                Tmpfs = Wire(l.Tmpfs, t => new Ecs.Tmpfs { ContainerPath = t.ContainerPath, Size = t.Size, MountOptions = Wire(t.MountOptions, s => s) }),
                MaxSwap = l.MaxSwap,
                Swappiness = l.Swappiness,
            };

        private static Ecs.Volume ToWire(EcsVolume v)
        {
            var docker = v.DockerVolumeConfiguration;
            var efs = v.EfsVolumeConfiguration;
            var s3 = v.S3filesVolumeConfiguration;
            var fsx = v.FsxWindowsFileServerVolumeConfiguration;
            return new Ecs.Volume
            {
                Name = v.Name,
                Host = v.Host is null ? null : new Ecs.HostVolumeProperties { SourcePath = v.Host.SourcePath },
                DockerVolumeConfiguration = docker is null ? null : new Ecs.DockerVolumeConfiguration
                {
                    Scope = docker.Scope,
                    Autoprovision = docker.Autoprovision,
                    Driver = docker.Driver,
                    DriverOpts = WireMap(docker.DriverOpts),
                    Labels = WireMap(docker.Labels),
                },
                EfsVolumeConfiguration = efs is null ? null : new Ecs.EFSVolumeConfiguration
                {
                    FileSystemId = efs.FileSystemId,
                    RootDirectory = efs.RootDirectory,
                    TransitEncryption = efs.TransitEncryption,
                    TransitEncryptionPort = efs.TransitEncryptionPort,
                    AuthorizationConfig = efs.AuthorizationConfig is null ? null : new Ecs.EFSAuthorizationConfig
                    {
                        AccessPointId = efs.AuthorizationConfig.AccessPointId,
                        Iam = efs.AuthorizationConfig.Iam,
                    },
                },
                S3filesVolumeConfiguration = s3 is null ? null : new Ecs.S3FilesVolumeConfiguration
                {
                    FileSystemArn = s3.FileSystemArn,
                    RootDirectory = s3.RootDirectory,
                    TransitEncryptionPort = s3.TransitEncryptionPort,
                    AccessPointArn = s3.AccessPointArn,
                },
                FsxWindowsFileServerVolumeConfiguration = fsx is null ? null : new Ecs.FSxWindowsFileServerVolumeConfiguration
                {
                    FileSystemId = fsx.FileSystemId,
                    RootDirectory = fsx.RootDirectory,
                    AuthorizationConfig = fsx.AuthorizationConfig is null ? null : new Ecs.FSxWindowsFileServerAuthorizationConfig
                    {
                        CredentialsParameter = fsx.AuthorizationConfig.CredentialsParameter,
                        Domain = fsx.AuthorizationConfig.Domain,
                    },
                },
                ConfiguredAtLaunch = v.ConfiguredAtLaunch,
            };
        }

        private static EcsList<T> List<T>(IEnumerable<T>? items) => new EcsList<T>(items ?? Enumerable.Empty<T>());

        private static EcsList<TOut> List<TIn, TOut>(IEnumerable<TIn>? items, Func<TIn, TOut> map) where TIn : class
            => new EcsList<TOut>(items?.Where(i => i != null).Select(map) ?? Enumerable.Empty<TOut>());

        /// <summary>Name/value pairs (environment, proxy properties) as a map; a name given twice keeps its last value, as Docker does.</summary>
        private static EcsMap<string> Map(IEnumerable<Ecs.KeyValuePair>? pairs)
        {
            var map = new EcsMap<string>();
            if (pairs != null) foreach (var p in pairs) if (p?.Name != null) map[p.Name] = p.Value ?? "";
            return map;
        }

        private static EcsList<EcsSecret> Secrets(IEnumerable<Ecs.Secret>? secrets)
            => List(secrets, s => new EcsSecret { Name = s.Name ?? "", ValueFrom = s.ValueFrom ?? "" });

        private static List<TOut>? Wire<TIn, TOut>(ICollection<TIn>? items, Func<TIn, TOut> map)
            => items is null || items.Count == 0 ? null : items.Select(map).ToList();

        private static Dictionary<string, string>? WireMap(IDictionary<string, string>? map)
            => map is null || map.Count == 0 ? null : new Dictionary<string, string>(map, StringComparer.Ordinal);

        private static List<Ecs.KeyValuePair>? WirePairs(IDictionary<string, string>? map)
            => map is null || map.Count == 0 ? null : map.Select(kv => new Ecs.KeyValuePair { Name = kv.Key, Value = kv.Value }).ToList();

        private static List<Ecs.Secret>? WireSecrets(ICollection<EcsSecret>? secrets)
            => Wire(secrets, s => new Ecs.Secret { Name = s.Name, ValueFrom = s.ValueFrom });
    }
}
