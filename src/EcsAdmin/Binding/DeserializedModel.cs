using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using EcsAdmin.Contracts;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// Rebuilds one of the module's output objects from its deserialized copy (Import-Clixml, a remoting or job
    /// result: a property bag whose first type name is "Deserialized." + the model's type), property by property.
    /// </summary>
    internal static class DeserializedModel
    {
        private const string Prefix = "Deserialized.";

        /// <summary>True when <paramref name="input"/> is a deserialized <typeparamref name="T"/>.</summary>
        public static bool Is<T>(object? input) =>
            input is PSObject pso && pso.TypeNames.Count > 0 && pso.TypeNames[0] == Prefix + typeof(T).FullName;

        /// <summary>The live object with every property the copy holds. A nested object the serializer wrote as
        /// text (it went deeper than Export-Clixml's -Depth) is an error naming the property: guessing it would lose
        /// fields.</summary>
        public static T Rebuild<T>(PSObject copy) where T : class, new() => (T)Model(copy, typeof(T), typeof(T).Name, copy);

        private static object Model(PSObject copy, Type type, string path, PSObject root)
        {
            var model = Activator.CreateInstance(type)!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (!property.CanWrite || property.GetSetMethod() is null || property.GetIndexParameters().Length > 0) continue;
                var value = copy.Properties[property.Name]?.Value;
                if (value is null) continue;
                property.SetValue(model, Value(value, property.PropertyType, path + "." + property.Name, root));
            }
            return model;
        }

        private static object? Value(object value, Type type, string path, PSObject root)
        {
            var bare = value is PSObject pso ? pso.BaseObject : value;
            var target = Nullable.GetUnderlyingType(type) ?? type;
            if (target == typeof(string) || target.IsPrimitive || target.IsEnum || target == typeof(decimal) || target == typeof(DateTime) || target == typeof(DateTimeOffset) || target == typeof(TimeSpan))
                return Convert(bare, target, path, root);
            if (bare is string text) throw TooShallow(path, text, root);
            var dictionary = Generic(target, typeof(IDictionary<,>));
            if (dictionary != null && bare is IDictionary entries)
            {
                var map = (IDictionary)Activator.CreateInstance(target)!;
                foreach (DictionaryEntry e in entries)
                {
                    var key = e.Key is PSObject k ? k.BaseObject : e.Key;
                    map[key?.ToString() ?? ""] = e.Value is null ? null : Value(e.Value, dictionary[1], path + "[" + key + "]", root);
                }
                return map;
            }
            var list = Generic(target, typeof(IList<>));
            if (list != null && bare is IEnumerable items)
            {
                var collection = (IList)Activator.CreateInstance(target)!;
                var i = 0;
                foreach (var item in items)
                {
                    collection.Add(item is null ? null : Value(item, list[0], path + "[" + i + "]", root));
                    i++;
                }
                return collection;
            }
            if (value is PSObject bag && target.IsClass && target.GetConstructor(Type.EmptyTypes) != null)
                return Model(bag, target, path, root);
            return Convert(bare, target, path, root);
        }

        private static object? Convert(object value, Type target, string path, PSObject root)
        {
            try
            {
                return LanguagePrimitives.ConvertTo(value, target, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (PSInvalidCastException)
            {
                throw new EcsAdminException("DeserializedObjectInvalid", EcsErrorKind.InvalidData,
                    path + " holds '" + value + "', which cannot be read as " + target.Name + ".", root,
                    "Correct that property, or export the task definition again from Get-EcsTaskDefinition.");
            }
        }

        private static Type[]? Generic(Type type, Type definition) =>
            type.GetInterfaces().Concat(new[] { type })
                .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == definition)
                .Select(i => i.GetGenericArguments()).FirstOrDefault();

        private static EcsAdminException TooShallow(string path, string text, PSObject root) =>
            new EcsAdminException("DeserializedObjectTooShallow", EcsErrorKind.InvalidData,
                path + " was exported as the text '" + text + "', not as an object: the export stopped at its -Depth, and the fields under it are lost.",
                root, "Export it again with more depth (Export-Clixml -Depth 10), or register from a JSON file.");
    }
}
