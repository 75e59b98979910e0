using System.Collections.Generic;
using System.Linq;

namespace EcsAdmin.Models
{
    /// <summary>
    /// A container of a task definition, with every field ECS keeps for it, so what a container runs with can be
    /// checked (and re-registered) without the AWS CLI. Lists are empty and settings null when the definition
    /// does not give them.
    /// </summary>
    public sealed class EcsContainerDefinition
    {
        public string Name { get; set; } = "";
        public string Image { get; set; } = "";
        /// <summary>The secret holding the private registry's credentials (its ARN, never its value).</summary>
        public EcsRepositoryCredentials? RepositoryCredentials { get; set; }
        public int? Cpu { get; set; }
        /// <summary>Hard memory limit in MiB.</summary>
        public int? Memory { get; set; }
        /// <summary>Soft memory limit in MiB.</summary>
        public int? MemoryReservation { get; set; }
        public EcsList<string> Links { get; set; } = new EcsList<string>();
        public EcsList<EcsPortMapping> PortMappings { get; set; } = new EcsList<EcsPortMapping>();
        public bool Essential { get; set; } = true;
        public EcsContainerRestartPolicy? RestartPolicy { get; set; }
        public EcsList<string> EntryPoint { get; set; } = new EcsList<string>();
        public EcsList<string> Command { get; set; } = new EcsList<string>();
        public EcsMap<string> Environment { get; set; } = new EcsMap<string>();
        public EcsList<EcsEnvironmentFile> EnvironmentFiles { get; set; } = new EcsList<EcsEnvironmentFile>();
        public EcsList<EcsMountPoint> MountPoints { get; set; } = new EcsList<EcsMountPoint>();
        public EcsList<EcsVolumeFrom> VolumesFrom { get; set; } = new EcsList<EcsVolumeFrom>();
        public EcsLinuxParameters? LinuxParameters { get; set; }
        /// <summary>Secrets injected as environment variables: the name and where the value comes from, never the value.</summary>
        public EcsList<EcsSecret> Secrets { get; set; } = new EcsList<EcsSecret>();
        public EcsList<EcsContainerDependency> DependsOn { get; set; } = new EcsList<EcsContainerDependency>();
        /// <summary>Seconds to wait for the dependencies of this container.</summary>
        public int? StartTimeout { get; set; }
        /// <summary>Seconds between SIGTERM and SIGKILL.</summary>
        public int? StopTimeout { get; set; }
        /// <summary>enabled (the image tag is resolved to a digest at deployment) or disabled.</summary>
        public string? VersionConsistency { get; set; }
        public string? Hostname { get; set; }
        public string? User { get; set; }
        public string? WorkingDirectory { get; set; }
        public bool? DisableNetworking { get; set; }
        public bool? Privileged { get; set; }
        public bool? ReadonlyRootFilesystem { get; set; }
        public EcsList<string> DnsServers { get; set; } = new EcsList<string>();
        public EcsList<string> DnsSearchDomains { get; set; } = new EcsList<string>();
        public EcsList<EcsHostEntry> ExtraHosts { get; set; } = new EcsList<EcsHostEntry>();
        public EcsList<string> DockerSecurityOptions { get; set; } = new EcsList<string>();
        public bool? Interactive { get; set; }
        public bool? PseudoTerminal { get; set; }
        public EcsMap<string> DockerLabels { get; set; } = new EcsMap<string>();
        public EcsList<EcsUlimit> Ulimits { get; set; } = new EcsList<EcsUlimit>();
        public EcsLogConfiguration? LogConfiguration { get; set; }
        public EcsHealthCheck? HealthCheck { get; set; }
        public EcsList<EcsSystemControl> SystemControls { get; set; } = new EcsList<EcsSystemControl>();
        public EcsList<EcsResourceRequirement> ResourceRequirements { get; set; } = new EcsList<EcsResourceRequirement>();
        public EcsFirelensConfiguration? FirelensConfiguration { get; set; }
        public EcsList<string> CredentialSpecs { get; set; } = new EcsList<string>();

        public override string ToString() => Name + " (" + Image + ")";
    }

    /// <summary>A port a container exposes: one port or a range, with the host port where it is mapped.</summary>
    public sealed class EcsPortMapping
    {
        public int ContainerPort { get; set; }
        public int? HostPort { get; set; }
        public string Protocol { get; set; } = "tcp";
        /// <summary>The port name Service Connect refers to.</summary>
        public string? Name { get; set; }
        /// <summary>http, http2 or grpc.</summary>
        public string? AppProtocol { get; set; }
        /// <summary>A range of container ports ("8000-8010"), given instead of ContainerPort.</summary>
        public string? ContainerPortRange { get; set; }

        public override string ToString()
        {
            var port = ContainerPortRange ?? ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var host = HostPort is int h && h != 0 && h != ContainerPort ? " (host " + h + ")" : "";
            return (Name is null ? "" : Name + "=") + port + "/" + Protocol + (AppProtocol is null ? "" : " " + AppProtocol) + host;
        }
    }

    /// <summary>The log configuration of a container: the driver, its options and the options read from secrets.</summary>
    public sealed class EcsLogConfiguration
    {
        public string LogDriver { get; set; } = "";
        public EcsMap<string> Options { get; set; } = new EcsMap<string>();
        /// <summary>Driver options whose values come from secrets (name and source only).</summary>
        public EcsList<EcsSecret> SecretOptions { get; set; } = new EcsList<EcsSecret>();

        public override string ToString()
        {
            var parts = new List<string>();
            if (Options.Count > 0) parts.Add(Options.ToString());
            if (SecretOptions.Count > 0) parts.Add(string.Join("; ", SecretOptions));
            return parts.Count == 0 ? LogDriver : LogDriver + " (" + string.Join("; ", parts) + ")";
        }
    }

    /// <summary>Where the credentials of a private registry are kept.</summary>
    public sealed class EcsRepositoryCredentials
    {
        /// <summary>The ARN of the Secrets Manager secret.</summary>
        public string CredentialsParameter { get; set; } = "";
        public override string ToString() => CredentialsParameter;
    }

    /// <summary>Whether ECS restarts the container in place when it exits.</summary>
    public sealed class EcsContainerRestartPolicy
    {
        public bool Enabled { get; set; }
        /// <summary>Exit codes that do not restart the container.</summary>
        public EcsList<int> IgnoredExitCodes { get; set; } = new EcsList<int>();
        /// <summary>Seconds the container must run before a restart is attempted.</summary>
        public int? RestartAttemptPeriod { get; set; }

        public override string ToString()
        {
            if (!Enabled) return "disabled";
            var parts = new List<string>();
            if (IgnoredExitCodes.Count > 0) parts.Add("except exit " + IgnoredExitCodes);
            if (RestartAttemptPeriod != null) parts.Add("after " + RestartAttemptPeriod + "s");
            return parts.Count == 0 ? "enabled" : "enabled (" + string.Join(", ", parts) + ")";
        }
    }

    /// <summary>A file of environment variables (in S3) a container loads.</summary>
    public sealed class EcsEnvironmentFile
    {
        /// <summary>s3.</summary>
        public string Type { get; set; } = "s3";
        /// <summary>The file's ARN.</summary>
        public string Value { get; set; } = "";
        public override string ToString() => Type + ":" + Value;
    }

    /// <summary>A task volume mounted into a container.</summary>
    public sealed class EcsMountPoint
    {
        public string? SourceVolume { get; set; }
        public string? ContainerPath { get; set; }
        public bool? ReadOnly { get; set; }
        public override string ToString() => SourceVolume + ":" + ContainerPath + (ReadOnly == true ? " (read-only)" : "");
    }

    /// <summary>The volumes of another container mounted into this one.</summary>
    public sealed class EcsVolumeFrom
    {
        public string? SourceContainer { get; set; }
        public bool? ReadOnly { get; set; }
        public override string ToString() => SourceContainer + (ReadOnly == true ? " (read-only)" : "");
    }

    /// <summary>Linux settings of a container: capabilities, devices, init process, shared memory, tmpfs, swap.</summary>
    public sealed class EcsLinuxParameters
    {
        public EcsKernelCapabilities? Capabilities { get; set; }
        public EcsList<EcsDevice> Devices { get; set; } = new EcsList<EcsDevice>();
        public bool? InitProcessEnabled { get; set; }
        /// <summary>/dev/shm size in MiB.</summary>
        public int? SharedMemorySize { get; set; }
        public EcsList<EcsTmpfs> Tmpfs { get; set; } = new EcsList<EcsTmpfs>();
        /// <summary>Swap the container may use, in MiB.</summary>
        public int? MaxSwap { get; set; }
        /// <summary>0 to 100.</summary>
        public int? Swappiness { get; set; }

        public override string ToString()
        {
            var parts = new List<string>();
            if (InitProcessEnabled == true) parts.Add("init process");
            if (Capabilities != null && Capabilities.ToString().Length > 0) parts.Add(Capabilities.ToString());
            if (Devices.Count > 0) parts.Add("devices " + Devices);
            if (SharedMemorySize != null) parts.Add("shm " + SharedMemorySize + " MiB");
            if (Tmpfs.Count > 0) parts.Add("tmpfs " + Tmpfs);
            if (MaxSwap != null) parts.Add("swap " + MaxSwap + " MiB");
            if (Swappiness != null) parts.Add("swappiness " + Swappiness);
            return string.Join("; ", parts);
        }
    }

    /// <summary>Linux capabilities added to or dropped from Docker's default set.</summary>
    public sealed class EcsKernelCapabilities
    {
        public EcsList<string> Add { get; set; } = new EcsList<string>();
        public EcsList<string> Drop { get; set; } = new EcsList<string>();

        public override string ToString()
        {
            var parts = new List<string>();
            if (Add.Count > 0) parts.Add("add " + Add);
            if (Drop.Count > 0) parts.Add("drop " + Drop);
            return string.Join("; ", parts);
        }
    }

    /// <summary>A host device exposed to a container.</summary>
    public sealed class EcsDevice
    {
        public string HostPath { get; set; } = "";
        public string? ContainerPath { get; set; }
        /// <summary>read, write, mknod.</summary>
        public EcsList<string> Permissions { get; set; } = new EcsList<string>();

        public override string ToString()
            => HostPath + (ContainerPath is null || ContainerPath == HostPath ? "" : ":" + ContainerPath)
               + (Permissions.Count == 0 ? "" : " (" + string.Join("/", Permissions) + ")");
    }

    /// <summary>A tmpfs mount.</summary>
    public sealed class EcsTmpfs
    {
        public string ContainerPath { get; set; } = "";
        /// <summary>Size in MiB.</summary>
        public int Size { get; set; }
        public EcsList<string> MountOptions { get; set; } = new EcsList<string>();

        public override string ToString()
            => ContainerPath + " " + Size + " MiB" + (MountOptions.Count == 0 ? "" : " (" + string.Join(",", MountOptions) + ")");
    }

    /// <summary>A secret given to a container: the variable name and the Secrets Manager or SSM parameter ARN it comes from.</summary>
    public sealed class EcsSecret
    {
        public string Name { get; set; } = "";
        /// <summary>The ARN (or SSM parameter name) of the secret. EcsAdmin never reads the secret's value.</summary>
        public string ValueFrom { get; set; } = "";
        public override string ToString() => Name + " <- " + ValueFrom;
    }

    /// <summary>A container this one waits for, and the state it waits for (START, COMPLETE, SUCCESS, HEALTHY).</summary>
    public sealed class EcsContainerDependency
    {
        public string ContainerName { get; set; } = "";
        public string Condition { get; set; } = "";
        public override string ToString() => ContainerName + ":" + Condition;
    }

    /// <summary>An /etc/hosts entry.</summary>
    public sealed class EcsHostEntry
    {
        public string Hostname { get; set; } = "";
        public string IpAddress { get; set; } = "";
        public override string ToString() => Hostname + "=" + IpAddress;
    }

    /// <summary>A resource limit (nofile, nproc, ...): soft and hard.</summary>
    public sealed class EcsUlimit
    {
        public string Name { get; set; } = "";
        public int SoftLimit { get; set; }
        public int HardLimit { get; set; }
        public override string ToString() => Name + "=" + SoftLimit + ":" + HardLimit;
    }

    /// <summary>A container health check: the command and how often, how long and how many times it runs.</summary>
    public sealed class EcsHealthCheck
    {
        /// <summary>The command, starting with CMD or CMD-SHELL.</summary>
        public EcsList<string> Command { get; set; } = new EcsList<string>();
        /// <summary>Seconds between checks (ECS's default: 30).</summary>
        public int? Interval { get; set; }
        /// <summary>Seconds a check may take (default 5).</summary>
        public int? Timeout { get; set; }
        /// <summary>Failures before the container is unhealthy (default 3).</summary>
        public int? Retries { get; set; }
        /// <summary>Seconds after start during which failures do not count.</summary>
        public int? StartPeriod { get; set; }

        public override string ToString()
        {
            var parts = new List<string>();
            if (Interval != null) parts.Add("every " + Interval + "s");
            if (Timeout != null) parts.Add("timeout " + Timeout + "s");
            if (Retries != null) parts.Add(Retries + (Retries == 1 ? " retry" : " retries"));
            if (StartPeriod != null) parts.Add("start period " + StartPeriod + "s");
            var command = string.Join(" ", Command);
            return parts.Count == 0 ? command : command + " (" + string.Join(", ", parts) + ")";
        }
    }

    /// <summary>A namespaced kernel parameter (sysctl).</summary>
    public sealed class EcsSystemControl
    {
        public string? Namespace { get; set; }
        public string? Value { get; set; }
        public override string ToString() => Namespace + "=" + Value;
    }

    /// <summary>A GPU or inference accelerator the container needs.</summary>
    public sealed class EcsResourceRequirement
    {
        /// <summary>GPU or InferenceAccelerator.</summary>
        public string Type { get; set; } = "";
        public string Value { get; set; } = "";
        public override string ToString() => Type + "=" + Value;
    }

    /// <summary>The FireLens log router settings of a container.</summary>
    public sealed class EcsFirelensConfiguration
    {
        /// <summary>fluentd or fluentbit.</summary>
        public string Type { get; set; } = "";
        public EcsMap<string> Options { get; set; } = new EcsMap<string>();
        public override string ToString() => Options.Count == 0 ? Type : Type + " (" + Options + ")";
    }
}
