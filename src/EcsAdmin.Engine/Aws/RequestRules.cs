using System.Collections;
using System.Collections.Generic;
using System.Linq;
using EcsAdmin.Contracts;
using EcsAdmin.Validation;
using Ecs = EcsAdmin.Engine.Aws.Generated.Ecs;

namespace EcsAdmin.Engine.Aws
{
    /// <summary>
    /// The input rules (src/EcsAdmin/Validation) applied to whole wire requests, whatever path built them
    /// (parameters, a JSON file, an object): called where a request is built, and once more by SessionAwsApi
    /// before anything is sent.
    /// </summary>
    internal static class RequestRules
    {
        public static void Check(object? input)
        {
            switch (input)
            {
                case Ecs.RegisterTaskDefinitionRequest td:
                    TaskDefinition(td);
                    break;
                case Ecs.CreateServiceRequest cs:
                    InputRules.Throw(InputRules.Tags(Map(cs.Tags)));
                    break;
                case Ecs.CreateClusterRequest cc:
                    InputRules.Throw(InputRules.Tags(Map(cc.Tags)));
                    break;
                case Ecs.TagResourceRequest tr:
                    InputRules.Throw(InputRules.Tags(Map(tr.Tags)));
                    break;
                case Ecs.RunTaskRequest rt:
                    InputRules.Throw(InputRules.Tags(Map(rt.Tags)));
                    break;
            }
        }

        private static void TaskDefinition(Ecs.RegisterTaskDefinitionRequest td)
        {
            InputRules.Throw(InputRules.Family(td.Family));
            InputRules.Throw(InputRules.NoNulls(td.ContainerDefinitions, "containerDefinitions of '" + td.Family + "'"));
            InputRules.Throw(InputRules.Role(td.TaskRoleArn, "task role (taskRoleArn)"));
            InputRules.Throw(InputRules.Role(td.ExecutionRoleArn, "task execution role (executionRoleArn)"));
            InputRules.Throw(InputRules.Tags(Map(td.Tags)));
            InputRules.Throw(InputRules.NoNulls(td.Volumes, "volumes of '" + td.Family + "'"));
            foreach (var c in td.ContainerDefinitions ?? new List<Ecs.ContainerDefinition>())
            {
                InputRules.Throw(InputRules.ContainerName(c.Name));
                InputRules.Throw(InputRules.Image(c.Image));
                InputRules.Throw(InputRules.ContainerMemory(c.Memory, c.Name));
                InputRules.Throw(InputRules.ContainerMemory(c.MemoryReservation, c.Name));
                InputRules.Throw(InputRules.NoNulls(c.PortMappings, "portMappings of container '" + c.Name + "'"));
                foreach (var p in c.PortMappings ?? new List<Ecs.PortMapping>())
                {
                    InputRules.Throw(InputRules.Port(p.ContainerPort, "container port of '" + c.Name + "'"));
                    InputRules.Throw(InputRules.Port(p.HostPort, "host port of '" + c.Name + "'", allowZero: true));
                }
                InputRules.Throw(InputRules.NoNulls(c.Environment, "environment of container '" + c.Name + "'"));
            }
        }

        private static IDictionary? Map(List<Ecs.Tag>? tags)
        {
            if (tags is null) return null;
            var map = new Hashtable();
            foreach (var t in tags)
            {
                if (t is null) throw new EcsAdminException("NullInList", EcsErrorKind.InvalidArgument, "A tag is $null.", "tags", "Remove the empty tag entry.");
                map[t.Key ?? ""] = t.Value;
            }
            return map;
        }
    }
}
