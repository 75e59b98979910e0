using System;
using System.Collections;
using System.Management.Automation;
using EcsAdmin.Binding;
using EcsAdmin.Contracts;
using EcsAdmin.Models;

namespace EcsAdmin.Commands.ServiceFile
{
    /// <summary>
    /// <para type="synopsis">Makes a service match its folder's files: registers a task definition revision only when it changed, then creates or updates the service.</para>
    /// </summary>
    [Cmdlet("Deploy", "EcsService", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Path")]
    [OutputType(typeof(EcsServiceFileDeployment))]
    public sealed class DeployEcsServiceCommand : EcsClusterCmdlet
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

        /// <summary>Deploy without running Test-EcsServiceReadiness first.</summary>
        [Parameter]
        public SwitchParameter SkipPreflight { get; set; }

        /// <summary>Follow the deployment until it completes, rolls back, fails or times out.</summary>
        [Parameter]
        public SwitchParameter Wait { get; set; }

        /// <summary>With -Wait: give up after this many seconds (outcome TimedOut).</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int TimeoutSec { get; set; } = 1800;

        protected override void ProcessRecord()
        {
            foreach (var folder in ServiceFileInput.Folders(ParameterSetName == "LiteralPath" ? LiteralPath : Path, SessionState.Path, literal: ParameterSetName == "LiteralPath")) Deploy(folder);
        }

        private void Deploy(string folder)
        {
            ServiceFileOptions? files = null;
            bool whatIf = MyInvocation.BoundParameters.TryGetValue("WhatIf", out var w) && w is SwitchParameter sw && sw.IsPresent;
            DeployServiceFileOptions Options(bool planOnly) => new DeployServiceFileOptions
            {
                Files = files!, PlanOnly = planOnly, SkipPreflight = SkipPreflight,
                Wait = Wait ? new WaitSettings { Timeout = TimeSpan.FromSeconds(TimeoutSec) } : null,
            };
            if (whatIf)
            {
                // -WhatIf: read what is live, write the differences and the plan; no change.
                ProcessItem(
                    validate: () => files = ServiceFileInput.Read(folder, Parameter),
                    perItemErrors: true,
                    operation: (session, ctx) =>
                    {
                        files!.Cluster = ClusterFor(session);
                        return Engine.ServiceFiles.DeployAsync(session, Options(true), ctx);
                    });
                return;
            }
            ProcessItem(
                validate: () => files = ServiceFileInput.Read(folder, Parameter),
                target: session => folder + " → cluster " + ClusterFor(session),
                action: "Deploy the service files (register a task definition revision if changed, create or update the service)",
                perItemErrors: true,
                operation: (session, ctx) =>
                {
                    files!.Cluster = ClusterFor(session);
                    return Engine.ServiceFiles.DeployAsync(session, Options(false), ctx);
                });
        }
    }
}
