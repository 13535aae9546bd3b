using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

internal static partial class JsonFileProblems
{
    // The schedule options whose command-line option is not the field's name in kebab case.
    private static readonly Dictionary<string, string> OptionFlags = new(StringComparer.OrdinalIgnoreCase)
    {
        ["timeZone"] = "--tz", ["moduleId"] = "--module", ["tags"] = "--tag", ["verify"] = "--no-verify",
    };

    /// <summary>
    /// Where a field <paramref name="name"/>, unknown in an object of <paramref name="container"/>, goes instead: in one
    /// of that object's own objects ("maxRetries" in "execution"), or, for a schedule option written into the task
    /// ("timeZone"), on the command line. Empty when it is no such field.
    /// </summary>
    private static string HomeOf(Type container, string name, string? parent)
    {
        foreach (var property in TaskTypes.JsonOptions.GetTypeInfo(container).Properties)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(string) || TaskTypes.JsonOptions.GetTypeInfo(type).Kind != JsonTypeInfoKind.Object) continue;
            if (FieldsOf(type).FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase)) is { } found)
                return $"; \"{name}\" belongs in {(parent is null ? "" : parent + ".")}{property.Name}.{found}";
        }
        if (!typeof(TaskDefinition).IsAssignableFrom(container)) return "";
        var option = TaskTypes.JsonOptions.GetTypeInfo(typeof(ScheduleOptions)).Properties
            .FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
        return option is null ? ""
            : $"; \"{name}\" is a schedule option, not a field of the task: on the command line it is {OptionFlags.GetValueOrDefault(option.Name, Kebab(option.Name))}";
    }

    private static string Kebab(string name) => "--" + JsonNamingPolicy.KebabCaseLower.ConvertName(name);
}
