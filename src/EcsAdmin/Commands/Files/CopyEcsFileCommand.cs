using System.IO;
using System.Management.Automation;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Files
{
    /// <summary>
    /// <para type="synopsis">Copies a file into or out of a container of an ECS task over ECS Exec, without the session-manager-plugin.</para>
    /// </summary>
    [Cmdlet(VerbsCommon.Copy, "EcsFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(EcsFileCopyResult))]
    public sealed class CopyEcsFileCommand : EcsTaskTargetCmdlet
    {
        /// <summary>What to copy: a local file, or with -FromTask an absolute path in the container.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Where to write it: an absolute path in the container, or with -FromTask a local path.</summary>
        [Parameter(Mandatory = true)]
        [ValidateNotNullOrEmpty]
        public string Destination { get; set; } = "";

        /// <summary>Copy out of the task: -Path is in the container, -Destination on this machine.</summary>
        [Parameter]
        public SwitchParameter FromTask { get; set; }

        /// <summary>Megabytes of the file per exec session.</summary>
        [Parameter]
        [ValidateRange(1, 32)]
        public int ChunkSizeMB { get; set; } = 8;

        protected override void ProcessRecord()
        {
            var task = TaskGiven;
            var container = ContainerGiven;
            var remote = (FromTask ? Path : Destination).Trim();
            var localGiven = FromTask ? Destination : Path;
            string local;
            try { local = SessionState.Path.GetUnresolvedProviderPathFromPSPath(localGiven); }
            catch (System.Exception ex) when (ex is ItemNotFoundException || ex is System.Management.Automation.DriveNotFoundException || ex is ProviderNotFoundException || ex is System.NotSupportedException || ex is PSInvalidOperationException)
            {
                WriteInvalidArgument("InvalidLocalPath", "'" + localGiven + "' is not a path of this machine's file system: " + ex.Message, localGiven,
                    "Give a file system path, e.g. ./app.log.");
                return;
            }
            if (FromTask && Directory.Exists(local)) local = System.IO.Path.Combine(local, RemoteName(remote));
            if (!FromTask && remote.EndsWith("/", System.StringComparison.Ordinal)) remote += System.IO.Path.GetFileName(local);
            var request = new FileCopyRequest
            {
                Task = task,
                Container = container,
                FromTask = FromTask,
                RemotePath = remote,
                LocalPath = local,
                ChunkBytes = ChunkSizeMB * 1024 * 1024,
            };
            var where = " in task " + task + (container is null ? "" : " container " + container);
            ProcessItem(
                validate: () =>
                {
                    PreflightChecks.Reference(task, "task", "InvalidTaskId");
                    if (!remote.StartsWith("/", System.StringComparison.Ordinal) || remote.EndsWith("/", System.StringComparison.Ordinal) || remote.IndexOf('\0') >= 0)
                        throw new EcsAdminException("InvalidRemotePath", EcsErrorKind.InvalidArgument,
                            "'" + remote + "' is not an absolute file path in the container.", remote,
                            "Give the container path from the root, e.g. " + (FromTask ? "-Path /var/log/app.log -FromTask" : "-Destination /tmp/" + System.IO.Path.GetFileName(local)) + ".");
                    if (!FromTask && !File.Exists(local))
                        throw new EcsAdminException("LocalFileNotFound", EcsErrorKind.ObjectNotFound, "'" + localGiven + "' is not a file.", localGiven,
                            "Give an existing local file with -Path (a folder is not copied).");
                    if (FromTask && !Directory.Exists(System.IO.Path.GetDirectoryName(local)))
                        throw new EcsAdminException("LocalDirectoryNotFound", EcsErrorKind.ObjectNotFound,
                            "The folder of '" + localGiven + "' does not exist.", localGiven, "Create the folder first, or give an existing one with -Destination.");
                },
                target: session => FromTask
                    ? local
                    : remote + where + " (cluster " + ClusterFor(session) + ")",
                actionFor: session => FromTask
                    ? "Copy " + remote + where + " (cluster " + ClusterFor(session) + ") to"
                    : "Copy " + local + " to",
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    request.Cluster = ClusterFor(session);
                    return Engine.Transfers.CopyFileAsync(session, request, ctx);
                });
        }

        private static string RemoteName(string remote)
        {
            var slash = remote.LastIndexOf('/');
            return slash >= 0 ? remote.Substring(slash + 1) : remote;
        }
    }
}
