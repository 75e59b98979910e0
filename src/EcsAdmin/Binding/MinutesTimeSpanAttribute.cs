using System;
using System.Globalization;
using System.Management.Automation;

namespace EcsAdmin.Binding
{
    /// <summary>
    /// Lets a TimeSpan parameter take a plain number as minutes (-Window 30), besides a TimeSpan or a string
    /// such as '01:30:00'. Without it PowerShell would read 30 as 30 ticks.
    /// </summary>
    internal sealed class MinutesTimeSpanAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            switch (value)
            {
                case TimeSpan t: return t;
                case int i: return TimeSpan.FromMinutes(i);
                case long l: return TimeSpan.FromMinutes(l);
                case double d: return TimeSpan.FromMinutes(d);
                case decimal m: return TimeSpan.FromMinutes((double)m);
                case string s:
                    if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes)) return TimeSpan.FromMinutes(minutes);
                    if (TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out var span)) return span;
                    throw new ArgumentTransformationMetadataException("'" + s + "' is neither a number of minutes nor a time span such as '01:30:00'.");
                default: return inputData;
            }
        }
    }
}
