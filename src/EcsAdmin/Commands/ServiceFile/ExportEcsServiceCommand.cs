using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.ServiceFile
{
    /// <summary>
    /// <para type="synopsis">Writes a service and its task definition as two JSON files (create-service and register-task-definition --cli-input-json shapes) for keeping in git.</para>
    /// </summary>
    [Cmdlet(VerbsData.Export, "EcsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(EcsServiceFileExport))]
    public sealed class ExportEcsServiceCommand : EcsClusterCmdlet
    {
        /// <summary>The service name or ARN.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [TextFromPipeline]
        [Alias("Service", "ServiceName")]
        [ArgumentCompleter(typeof(EcsAdmin.Completion.ServiceNameCompleter))]
        public string Name { get; set; } = "";

        /// <summary>The folder to write service.json and task-definition.json to (created when missing).</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        protected override void ProcessRecord()
        {
            var options = new ExportServiceFileOptions { Service = Name?.Trim() ?? "", Folder = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path) };
            ProcessItem(
                validate: () => PreflightChecks.Reference(options.Service, "service", "InvalidServiceName"),
                target: session => options.Folder,
                actionFor: session => "Write " + ServiceFileInput.ServiceFileName + " and " + ServiceFileInput.TaskDefinitionFileName + " of service " + options.Service + " (cluster " + ClusterFor(session) + ")",
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    return Engine.ServiceFiles.ExportAsync(session, options, ctx);
                });
        }
    }
}
