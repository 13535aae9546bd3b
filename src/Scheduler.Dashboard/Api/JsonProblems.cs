using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// System.Text.Json's binding errors in the words of the API: an enum value or a field it does not know, named with
/// what is accepted, rather than the .NET type it could not be bound to.
/// </summary>
internal static partial class JsonProblems
{
    /// <summary>What was wrong and what is accepted, or null when the error is of another kind.</summary>
    public static string? Accepted(JsonException e)
    {
        if (ConvertedTo().Match(e.Message) is { Success: true } converted && ContractType(converted.Groups["type"].Value) is { IsEnum: true } values)
            return $"the value is not one of {string.Join(", ", Enum.GetNames(values).Select(JsonNamingPolicy.CamelCase.ConvertName))}";
        if (UnknownMember().Match(e.Message) is { Success: true } unknown && ContractType(unknown.Groups["type"].Value) is { } owner)
        {
            var names = owner.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.CanWrite || p.SetMethod is not null).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
            return $"unknown field \"{unknown.Groups["name"].Value}\"; expected one of {string.Join(", ", names)}";
        }
        return null;
    }

    // A type of the contracts named in the message ("System.Nullable`1[Scheduler.Contracts.Schedules.MisfirePolicy]" too).
    private static Type? ContractType(string name)
    {
        // The message ends the name with its sentence's full stop.
        name = name.Trim().TrimEnd('.');
        var inner = NullableOf().Match(name) is { Success: true } nullable ? nullable.Groups["inner"].Value : name;
        return typeof(ScheduleOptions).Assembly.GetType(inner);
    }

    [GeneratedRegex(@"could not be converted to (?<type>[\w.`\[\]]+)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member contained in type '(?<type>[^']+)'")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^\]]+)\]$")]
    private static partial Regex NullableOf();
}
