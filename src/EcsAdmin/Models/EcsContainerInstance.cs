using System;
using System.Collections.Generic;

namespace EcsAdmin.Models
{
    /// <summary>
    /// A container instance of a cluster: an EC2 instance or an external (ECS Anywhere) host running the ECS agent.
    /// </summary>
    public sealed class EcsContainerInstance
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string ContainerInstanceArn { get; set; } = "";
        /// <summary>The id at the end of the ARN (pipes into -ContainerInstance).</summary>
        public string ContainerInstanceId { get; set; } = "";
        /// <summary>The EC2 instance id (i-...), or the SSM managed instance id (mi-...) of an external instance.</summary>
        public string? Ec2InstanceId { get; set; }
        /// <summary>True for an ECS Anywhere (EXTERNAL) instance: registered through SSM, not EC2.</summary>
        public bool IsExternal { get; set; }
        public string? CapacityProvider { get; set; }
        /// <summary>ACTIVE, DRAINING, REGISTERING, DEREGISTERING, INACTIVE, REGISTRATION_FAILED.</summary>
        public string Status { get; set; } = "";
        public string? StatusReason { get; set; }
        public bool AgentConnected { get; set; }
        public string? AgentVersion { get; set; }
        public string? DockerVersion { get; set; }
        /// <summary>The state of the last agent update (PENDING, STAGING, STAGED, UPDATING, UPDATED, FAILED), if any.</summary>
        public string? AgentUpdateStatus { get; set; }
        public string? InstanceType { get; set; }
        public string? AvailabilityZone { get; set; }
        public string? OsType { get; set; }
        public int RunningTasksCount { get; set; }
        public int PendingTasksCount { get; set; }
        /// <summary>CPU units the instance registered (1024 per vCPU).</summary>
        public int? RegisteredCpu { get; set; }
        public int? RegisteredMemory { get; set; }
        public int? RemainingCpu { get; set; }
        public int? RemainingMemory { get; set; }
        /// <summary>TCP ports reserved on the instance (by the agent and by running tasks).</summary>
        public EcsList<string> RegisteredPorts { get; set; } = new EcsList<string>();
        public EcsList<string> RemainingPorts { get; set; } = new EcsList<string>();
        /// <summary>Attributes by name (value null for a name-only attribute): ecs.instance-type, custom ones set with Set-EcsAttribute...</summary>
        public EcsMap<string?> Attributes { get; set; } = new EcsMap<string?>();
        public DateTime? RegisteredAt { get; set; }
        public EcsMap<string> Tags { get; set; } = new EcsMap<string>();

        public override string ToString() => ContainerInstanceId;
    }

    /// <summary>An attribute of a container instance (used by memberOf placement constraints).</summary>
    public sealed class EcsAttribute
    {
        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string Name { get; set; } = "";
        /// <summary>The value; null for an attribute that is only a name.</summary>
        public string? Value { get; set; }
        /// <summary>container-instance.</summary>
        public string TargetType { get; set; } = "container-instance";
        /// <summary>The container instance ARN the attribute is on.</summary>
        public string? TargetId { get; set; }
        /// <summary>The id at the end of TargetId (pipes into -ContainerInstance).</summary>
        public string? ContainerInstance { get; set; }

        public override string ToString() => Value is null ? Name : Name + "=" + Value;
    }

    /// <summary>
    /// An SSM activation for ECS Anywhere hosts, with the commands that register a Linux or Windows host in the
    /// cluster. The activation code is a credential: it is kept as a SecureString, and the commands that contain it
    /// are produced only on request (GetLinuxCommand, GetWindowsCommand), never shown by the default view.
    /// </summary>
    public sealed class EcsAnywhereActivation
    {
        public const string LinuxScriptUrl = "https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh";
        public const string WindowsScriptUrl = "https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install.ps1";

        public string Region { get; set; } = "";
        public string Cluster { get; set; } = "";
        public string ActivationId { get; set; } = "";
        public System.Security.SecureString? ActivationCode { get; set; }
        public string IamRole { get; set; } = "";
        public int RegistrationLimit { get; set; }
        public DateTime? ExpirationDate { get; set; }
        public string? Description { get; set; }

        /// <summary>The exact commands (download, then install and register) to run as root on a Linux host.</summary>
        public string GetLinuxCommand()
            => "curl --proto \"https\" -o \"/tmp/ecs-anywhere-install.sh\" \"" + LinuxScriptUrl + "\" && "
               + "bash /tmp/ecs-anywhere-install.sh --region \"" + Region + "\" --cluster \"" + Cluster + "\" --activation-id \"" + ActivationId
               + "\" --activation-code \"" + Code() + "\"";

        /// <summary>The exact commands to run in an elevated PowerShell on a Windows host.</summary>
        public string GetWindowsCommand()
            => "Invoke-RestMethod -URI \"" + WindowsScriptUrl + "\" -OutFile \"ecs-anywhere-install.ps1\"; "
               + ".\\ecs-anywhere-install.ps1 -Region \"" + Region + "\" -Cluster \"" + Cluster + "\" -ActivationID \"" + ActivationId
               + "\" -ActivationCode \"" + Code() + "\"";

        private string Code()
        {
            if (ActivationCode is null) return "";
            var ptr = System.Runtime.InteropServices.Marshal.SecureStringToGlobalAllocUnicode(ActivationCode);
            try
            {
                return System.Runtime.InteropServices.Marshal.PtrToStringUni(ptr) ?? "";
            }
            finally
            {
                System.Runtime.InteropServices.Marshal.ZeroFreeGlobalAllocUnicode(ptr);
            }
        }

        public override string ToString() => ActivationId;
    }
}
