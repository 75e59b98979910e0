using System.Collections;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.ServiceFile
{
    /// <summary>
    /// <para type="synopsis">Lists the differences between a service folder's files and the live service and task definition.</para>
    /// </summary>
    [Cmdlet(VerbsData.Compare, "EcsService", DefaultParameterSetName = "Path")]
    [OutputType(typeof(EcsServiceDifference))]
    public sealed class CompareEcsServiceCommand : EcsClusterCmdlet
    {
        /// <summary>The folder holding service.json and task-definition.json.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Path", ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("FullName")]
        public string Path { get; set; } = "";

        /// <summary>The folder, taken as written: no wildcard expansion (for names with [ ] * ?).</summary>
        [Parameter(Mandatory = true, ParameterSetName = "LiteralPath")]
        [Alias("PSPath", "LP")]
        public string LiteralPath { get; set; } = "";

        /// <summary>Values for the ${Name} placeholders in the files (the environment is used for the rest).</summary>
        [Parameter]
        public Hashtable? Parameter { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var folder in ServiceFileInput.Folders(ParameterSetName == "LiteralPath" ? LiteralPath : Path, SessionState.Path, literal: ParameterSetName == "LiteralPath"))
            {
                ServiceFileOptions? files = null;
                ProcessItem(
                    validate: () => files = ServiceFileInput.Read(folder, Parameter),
                    perItemErrors: true,
                    operation: (session, ctx) =>
                    {
                        files!.Cluster = ClusterFor(session);
                        return Engine.ServiceFiles.CompareAsync(session, files, ctx);
                    });
            }
        }
    }
}
