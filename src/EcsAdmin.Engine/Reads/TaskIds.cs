using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EcsAdmin.Contracts;
using EcsAdmin.Engine.Aws;
using EcsAdmin.Engine.ModelMapping;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Reads
{
    /// <summary>
    /// Views show a task by a short id (its first characters); a short id is accepted wherever a task is taken when it is
    /// a unique prefix of a task in the cluster. Whole ids and ARNs pass through untouched (no extra call).
    /// </summary>
    internal static class TaskIds
    {
        /// <summary>Whole task ids are 32 hex digits (older tasks: a 36-character UUID).</summary>
        private const int WholeIdLength = 32;

        /// <summary>True when <paramref name="task"/> may be a shortened id: hex digits (and dashes), shorter than a whole id.</summary>
        public static bool IsShortId(string task)
        {
            var t = task.Trim();
            if (t.Length == 0 || t.Length >= WholeIdLength) return false;
            foreach (var ch in t)
                if (!(ch == '-' || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F'))) return false;
            return true;
        }

        /// <summary>
        /// The whole id of the one task in <paramref name="cluster"/> (running or stopped) whose id starts with
        /// <paramref name="task"/>; the input itself when it is not a short id or nothing matches (the caller's
        /// DescribeTasks then reports the task as not found, or the error a failed listing would have given).
        /// Several matches: a typed error naming them.
        /// </summary>
        public static async Task<string> ResolveAsync(IAwsApi api, string cluster, string task, OperationContext context)
        {
            if (!IsShortId(task)) return task;
            var prefix = task.Trim();
            var ct = context.CancellationToken;
            var ids = new List<string>();
            try
            {
                foreach (var status in new[] { "RUNNING", "STOPPED" })
                {
                    var arns = await Paging.AllAsync(token => api.CallAsync(Ecs.EcsApi.ListTasks, new Ecs.ListTasksRequest
                        {
                            Cluster = cluster, DesiredStatus = status, NextToken = token, MaxResults = 100,
                        }, ct), r => r.TaskArns, r => r.NextToken, ct).ConfigureAwait(false);
                    ids.AddRange(arns.Select(Mapping.NameFromArn).Where(id => id.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)));
                }
            }
            catch (EcsAdminException ex)
            {
                context.Verbose("Could not list the tasks of cluster " + Mapping.NameFromArn(cluster) + " to complete the short task id '" + prefix + "' (" + ex.Message + "); it is used as given.");
                return task;
            }
            ids = ids.Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
            if (ids.Count == 0) return task;
            if (ids.Count == 1) return ids[0];
            throw new EcsAdminException("TaskIdAmbiguous", EcsErrorKind.InvalidArgument,
                "Task id '" + prefix + "' matches " + ids.Count + " tasks in cluster " + Mapping.NameFromArn(cluster) + ": " + string.Join(", ", ids) + ".", task,
                "Give more characters of the task id (or the whole id) so that it names one task.");
        }
    }
}
