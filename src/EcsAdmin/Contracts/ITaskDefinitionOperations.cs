using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>A task definition to register: JSON text (file or object) or the single-container parameters.</summary>
    internal sealed class RegisterTaskDefinitionOptions
    {
        /// <summary>JSON in the form `aws ecs register-task-definition --cli-input-json` takes (a describe-task-definition reply is accepted too).</summary>
        public string? Json { get; set; }
        /// <summary>A task definition object (from Get-EcsTaskDefinition, or built by the user) to register again, every field kept.</summary>
        public EcsTaskDefinition? Definition { get; set; }
        /// <summary>The file the JSON came from, for error messages.</summary>
        public string? SourcePath { get; set; }

        public string? Family { get; set; }
        public string? ContainerName { get; set; }
        public string? Image { get; set; }
        public string? Cpu { get; set; }
        public string? Memory { get; set; }
        public int[]? Port { get; set; }
        public Dictionary<string, string>? Environment { get; set; }
        public string? ExecutionRoleArn { get; set; }
        public string? TaskRoleArn { get; set; }
        public string? LogGroup { get; set; }
        public string? LogStreamPrefix { get; set; }
        public string? CpuArchitecture { get; set; }
        /// <summary>Overrides of the JSON's family/requiresCompatibilities when given with Json.</summary>
        public bool RequireFargate { get; set; } = true;
        public Dictionary<string, string>? Tags { get; set; }
    }

    internal sealed class GetTaskDefinitionOptions
    {
        /// <summary>family, family:revision or an ARN; null lists.</summary>
        public string[]? TaskDefinition { get; set; }
        /// <summary>Family name pattern for listing (wildcards).</summary>
        public string? FamilyPattern { get; set; }
        public bool AllRevisions { get; set; }
        public bool ListFamilies { get; set; }
        /// <summary>ACTIVE (default), INACTIVE or ALL.</summary>
        public string Status { get; set; } = "ACTIVE";
    }

    internal interface ITaskDefinitionOperations
    {
        /// <summary>Checks the definition locally (JSON, Fargate sizes, awsvpc) and returns the request JSON without sending it.</summary>
        string Validate(RegisterTaskDefinitionOptions options);
        Task RegisterAsync(EcsSession session, RegisterTaskDefinitionOptions options, OperationContext context);
        Task GetAsync(EcsSession session, GetTaskDefinitionOptions options, OperationContext context);
        Task UnregisterAsync(EcsSession session, string taskDefinition, OperationContext context);
    }
}
