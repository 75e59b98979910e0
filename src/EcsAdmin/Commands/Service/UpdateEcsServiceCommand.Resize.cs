using System.Globalization;
using System.Management.Automation;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Models;
using EcsAdmin.Validation;

namespace EcsAdmin.Commands.Service
{
    /// <summary>
    /// Update-EcsService -Cpu -Memory: registers a revision of the service's current task definition with the new
    /// task-level size, checked against the Fargate table before any request, and deploys it. Takes
    /// Get-EcsRightSizing output from the pipeline: RecommendedCpu/RecommendedMemory bind to -Cpu/-Memory (they are
    /// empty unless the verdict is a resize, and such a record is skipped with a verbose line).
    /// Kept apart from the rest of the cmdlet; the main file's ProcessItem calls SkipsRecordWithoutSize (before it),
    /// CheckUpdate (its validate step), ResizeAction (its ShouldProcess action) and UpdateWithResizeAsync (its run step).
    /// </summary>
    public sealed partial class UpdateEcsServiceCommand
    {
        /// <summary>The new task-level CPU units: 256, 512, 1024, 2048, 4096, 8192 or 16384.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RecommendedCpu")]
        public int? Cpu { get; set; }

        /// <summary>The new task-level memory in MiB, valid for -Cpu on Fargate.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("RecommendedMemory")]
        public int? Memory { get; set; }

        private bool Resizing => Cpu != null || Memory != null;

        /// <summary>
        /// True for a piped right-sizing record that carries no size (its verdict is not a resize) and asks for
        /// nothing else: there is nothing to do for it, so it is skipped with a verbose line instead of the
        /// NothingToChange error. Everything else goes on to the validate step, which reports what is wrong.
        /// </summary>
        private bool SkipsRecordWithoutSize(UpdateServiceOptions options)
        {
            var bound = MyInvocation.BoundParameters;
            if (Resizing || !(bound.ContainsKey(nameof(Cpu)) || bound.ContainsKey(nameof(Memory)))) return false;
            // -Image, the strategies and the attachments become options only in the validate step; each is a change.
            if (Image != null || CapacityProviderStrategy != null || PlacementStrategy != null || PlacementConstraint != null || LoadBalancer != null || ServiceRegistry != null) return false;
            var saved = options.Cluster;
            try
            {
                options.Cluster = Cluster?.Trim() ?? "default";
                ServiceChecks.UpdateService(options);
                return false;
            }
            catch (EcsAdminException ex) when (ex.ErrorId == "NothingToChange")
            {
                WriteVerbose(options.Service + ": no size to apply (the right-sizing verdict is not a resize); skipped.");
                return true;
            }
            catch (EcsAdminException)
            {
                return false;
            }
            finally
            {
                options.Cluster = saved;
            }
        }

        /// <summary>The validate step: the shared checks, and with -Cpu/-Memory the resize's own (before any request).</summary>
        private void CheckUpdate(UpdateServiceOptions options)
        {
            if (!Resizing)
            {
                ServiceChecks.UpdateService(options);
                return;
            }
            if (Cpu is null || Memory is null)
                throw new EcsAdminException("ResizeNeedsCpuAndMemory", EcsErrorKind.InvalidArgument,
                    "-Cpu and -Memory go together: Fargate sizes are pairs (got " + (Cpu is null ? "-Memory " + Memory : "-Cpu " + Cpu) + " alone).", options.Service,
                    "Give both, e.g. -Cpu 512 -Memory 1024, or pipe Get-EcsRightSizing output.");
            if (options.TaskDefinition != null || options.Images != null)
                throw new EcsAdminException("ResizeWithTaskDefinition", EcsErrorKind.InvalidArgument,
                    "-Cpu/-Memory resize the service's current task definition; they cannot be combined with -TaskDefinition or -Image.", options.Service,
                    "Resize in one call and deploy images in another, or register the revision you want with Register-EcsTaskDefinition.");
            FargateSizes.Check(Cpu.Value.ToString(CultureInfo.InvariantCulture), Memory.Value.ToString(CultureInfo.InvariantCulture), options.Service);
            // The revision the resize registers stands in for -TaskDefinition in the shared checks.
            options.TaskDefinition = "resized-revision";
            try { ServiceChecks.UpdateService(options); }
            finally { options.TaskDefinition = null; }
        }

        private string ResizeAction(string action)
            => !Resizing ? action
                : "Resize to " + EcsRightSizing.SizeText(Cpu, Memory) + ": register a revision of the current task definition with cpu "
                  + Cpu + " and memory " + Memory + ", and deploy it";

        private async Task UpdateWithResizeAsync(EcsSession session, UpdateServiceOptions options, OperationContext ctx)
        {
            if (Resizing)
            {
                var arn = await Engine.RightSizing.RegisterResizedAsync(session, new ResizeServiceOptions
                {
                    Cluster = options.Cluster, Service = options.Service, Cpu = Cpu!.Value, Memory = Memory!.Value,
                }, ctx).ConfigureAwait(false);
                if (arn is null)
                {
                    // Already that size: go on only when something else was asked for.
                    try { ServiceChecks.UpdateService(options); }
                    catch (EcsAdminException ex) when (ex.ErrorId == "NothingToChange") { return; }
                }
                options.TaskDefinition = arn;
            }
            await Engine.Services.UpdateAsync(session, options, ctx).ConfigureAwait(false);
        }
    }
}
