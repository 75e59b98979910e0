using System.Collections;
using System.Management.Automation;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// Lets a name parameter that takes the pipeline by value accept text only. Without it PowerShell converts
    /// any piped object to a string when nothing better binds: a piped cluster became a service name
    /// (Get-EcsCluster | Get-EcsService looked for a service called like the cluster) and a piped service a
    /// task id. Refusing with an invalid-cast reason makes the binder skip the parameter for that object and
    /// bind the object by its properties instead (Cluster, Service, TaskArn...); given on the command line,
    /// the same refusal is an error that says which property to pass.
    /// </summary>
    internal sealed class TextFromPipelineAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = Unwrap(inputData);
            if (value is null || IsText(value)) return inputData;
            // A hashtable is let through: PowerShell cannot bind its keys as properties, and the name check
            // (InputRules, ObjectGivenForName) then says to pipe [pscustomobject] or give the name itself.
            if (value is IDictionary) return inputData;
            if (value is IEnumerable items)
            {
                foreach (var item in items)
                    if (!IsText(Unwrap(item))) throw Refuse(Unwrap(item));
                return inputData;
            }
            throw Refuse(value);
        }

        private static object? Unwrap(object? value) => value is PSObject pso ? pso.BaseObject : value;

        // Numbers count as text: an id typed as 42 is still a name the user wrote.
        private static bool IsText(object? value) => value is null || value is string || value is char || value.GetType().IsPrimitive || value is decimal;

        private static ArgumentTransformationMetadataException Refuse(object? value)
        {
            var type = value?.GetType().Name ?? "null";
            var message = "A " + type + " object is not a name. Pipe the object to bind it by its properties, or pass the property that holds the name (for example $item.Service or $item.TaskArn).";
            return new ArgumentTransformationMetadataException(message, new PSInvalidCastException(message));
        }
    }
}
