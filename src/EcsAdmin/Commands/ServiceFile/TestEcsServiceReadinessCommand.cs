using System.Collections;
using System.Management.Automation;
using EcsAdmin.Completion;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.ServiceFile
{
    /// <summary>
    /// <para type="synopsis">Checks beforehand what would make a deployment fail: roles and their policies, images, secrets, log groups, subnets, security groups, target groups, namespaces.</para>
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "EcsServiceReadiness", DefaultParameterSetName = "Files")]
    [OutputType(typeof(EcsReadinessCheck))]
    public sealed class TestEcsServiceReadinessCommand : EcsClusterCmdlet
    {
        /// <summary>The folder holding service.json and task-definition.json.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Files", ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        public string Path { get; set; } = "";

        /// <summary>Values for the ${Name} placeholders in the files (the environment is used for the rest).</summary>
        [Parameter(ParameterSetName = "Files")]
        public Hashtable? Parameter { get; set; }

        /// <summary>A live service to check instead of files.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Service", ValueFromPipelineByPropertyName = true)]
        [Alias("ServiceName")]
        [ArgumentCompleter(typeof(ServiceNameCompleter))]
        public string Service { get; set; } = "";

        protected override void ProcessRecord()
        {
            if (ParameterSetName != "Files") { Check(null); return; }
            foreach (var folder in ServiceFileInput.Folders(Path, SessionState.Path)) Check(folder);
        }

        private void Check(string? folder)
        {
            var options = new ReadinessOptions();
            ProcessItem(
                validate: () =>
                {
                    if (folder != null) options.Files = ServiceFileInput.Read(folder, Parameter);
                    else PreflightChecks.Reference(Service, "service", "InvalidServiceName");
                },
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    options.Cluster = ClusterFor(session);
                    if (options.Files != null) options.Files.Cluster = options.Cluster;
                    else options.Service = Service.Trim();
                    return Engine.ServiceFiles.TestReadinessAsync(session, options, ctx);
                });
        }
    }
}
