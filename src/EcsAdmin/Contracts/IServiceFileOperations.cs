using System.Collections.Generic;
using System.Threading.Tasks;
using EcsAdmin.Models;

namespace EcsAdmin.Contracts
{
    /// <summary>Export-EcsService: where to write the two files.</summary>
    internal sealed class ExportServiceFileOptions
    {
        public string Cluster { get; set; } = "";
        public string Service { get; set; } = "";
        /// <summary>Full path of the folder (created when missing).</summary>
        public string Folder { get; set; } = "";
    }

    /// <summary>The two files of a service, read and with their placeholders filled (by the cmdlet, before any call).</summary>
    internal sealed class ServiceFileOptions
    {
        public string Cluster { get; set; } = "";
        public string Folder { get; set; } = "";
        /// <summary>service.json text, placeholders filled.</summary>
        public string ServiceJson { get; set; } = "";
        /// <summary>task-definition.json text, placeholders filled.</summary>
        public string TaskDefinitionJson { get; set; } = "";
    }

    internal sealed class DeployServiceFileOptions
    {
        public ServiceFileOptions Files { get; set; } = new ServiceFileOptions();
        /// <summary>Only write the differences and the plan (-WhatIf); no change.</summary>
        public bool PlanOnly { get; set; }
        public bool SkipPreflight { get; set; }
        /// <summary>Follow the deployment (null: do not wait).</summary>
        public WaitSettings? Wait { get; set; }
    }

    internal sealed class ReadinessOptions
    {
        /// <summary>From files (Path given) ...</summary>
        public ServiceFileOptions? Files { get; set; }
        /// <summary>... or a live service in Cluster.</summary>
        public string? Service { get; set; }
        public string Cluster { get; set; } = "";
    }

    internal interface IServiceFileOperations
    {
        Task ExportAsync(EcsSession session, ExportServiceFileOptions options, OperationContext context);
        Task CompareAsync(EcsSession session, ServiceFileOptions options, OperationContext context);
        Task DeployAsync(EcsSession session, DeployServiceFileOptions options, OperationContext context);
        Task TestReadinessAsync(EcsSession session, ReadinessOptions options, OperationContext context);
    }
}
