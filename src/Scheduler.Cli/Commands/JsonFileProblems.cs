using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// System.Text.Json's errors about a JSON file in plain words: a missing or unknown "type" with the known task types,
/// a field of the wrong type with what it takes, malformed JSON with its line and column; never a .NET type name or a
/// "$." path. (The REST API says the same of a body in the Dashboard's JsonProblems, which the CLI cannot reference.)
/// </summary>
internal static partial class JsonFileProblems
{
    /// <param name="e">What the serializer threw.</param>
    /// <param name="json">The file's bytes, to name what it holds when it is not the expected kind at all.</param>
    /// <param name="root">The name of the file's whole in field names ("steps" makes "steps[0].task"); null for an object whose fields are named alone.</param>
    /// <param name="example">What the file should look like.</param>
    public static string Describe(Exception e, ReadOnlySpan<byte> json, string? root, string example)
    {
        var field = Field(PathOf(e), root);
        var types = "expected one of " + string.Join(", ", TaskTypes.Names);
        if (e.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
            return $"{(field is null ? "a field" : $"field \"{field}\"")} is given twice; expected each field once";
        // A string whose bytes are not UTF-8 fails while it is read as text; the serializer calls that a conversion.
        if (InvalidUtf8.Caused(e))
            return $"{field ?? "the file"} is not valid UTF-8 text; expected the file encoded in UTF-8";
        if (e.Message.Contains("must specify a type discriminator", StringComparison.Ordinal))
            return $"{field ?? "the task"} has no \"type\"; {types}";
        if (UnknownType().Match(e.Message) is { Success: true } unknown)
            return $"{(field is null ? "" : field + ".")}type \"{unknown.Groups["id"].Value}\" is not a task type; {types}";
        if (ConvertedTo().Match(e.Message) is { Success: true } converted)
        {
            if (field is null) return $"the file holds {Kind(json)}; expected e.g. {example}";
            var type = FieldType(converted.Groups["type"].Value, field);
            if (type is { IsEnum: true })
                return $"{field} is not one of {string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName))}";
            return $"{field} has the wrong type" + (type is null ? "" : $"; expected {JsonTypeOf(type)}");
        }
        if (MissingFields().Match(e.Message) is { Success: true } missing)
            return $"{field ?? "the task"} is missing {missing.Groups["names"].Value.Replace('\'', '"')}";
        if (e.InnerException?.GetType().Name == "JsonReaderException" && e is JsonException { LineNumber: { } line, BytePositionInLine: { } column })
            return $"it is not JSON: {Words(e.Message)} (line {line + 1}, column {column + 1}); expected e.g. {example}";
        // A misspelt or misplaced field ("timeout" in a shell task, a task where a step goes): named with the fields its
        // object takes, as the REST API names them.
        if (UnknownMember().Match(e.Message) is { Success: true } member && Resolve(member.Groups["type"].Value) is { } container)
        {
            var at = field is not null && field.LastIndexOf('.') is > 0 and var dot ? field[..dot] : null;
            var name = member.Groups["name"].Value;
            return $"{(at is null ? "" : at + ": ")}unknown field \"{name}\"; expected one of {string.Join(", ", FieldsOf(container))}{HomeOf(container, name, at)}";
        }
        // A converter's own words about a value (a duration it cannot read); they name no .NET type.
        if (e is JsonException && !DotNetName().IsMatch(e.Message)) return (field is null ? "" : field + ": ") + Words(e.Message);
        return $"{field ?? "the file"} does not fit a task definition; expected e.g. {example}";
    }

    // The JSON names an object of this type takes; a task's "type" is the discriminator, not a property of its own.
    private static IEnumerable<string> FieldsOf(Type type) =>
        (typeof(TaskDefinition).IsAssignableFrom(type) ? ["type"] : Array.Empty<string>())
            .Concat(TaskTypes.JsonOptions.GetTypeInfo(type).Properties.Where(p => p.Set is not null || p.AssociatedParameter is not null).Select(p => p.Name));

    /// <summary>"$.execution.maxRetries" → "execution.maxRetries"; "$[0].task" under root "steps" → "steps[0].task"; null for the whole file.</summary>
    internal static string? Field(string? path, string? root)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        var rest = path.TrimStart('$');
        return root is null ? rest.TrimStart('.') : root + rest;
    }

    // The serializer's path: a property of JsonException, or only in the message of the NotSupportedException it wraps.
    private static string? PathOf(Exception e) =>
        (e as JsonException)?.Path ?? (PathInMessage().Match(e.Message) is { Success: true } m ? m.Groups["path"].Value : null);

    /// <summary>The reader's own words, without the " Path: …" and " LineNumber: … | BytePositionInLine: …" it appends.</summary>
    internal static string Words(string message) => message.Split(" Path:")[0].Split(" LineNumber:")[0].Trim().TrimEnd('.');

    // The message names the type the field's value could not become, or the record that holds the field: then the
    // field's own type is that record's property of the field's name.
    private static Type? FieldType(string name, string field)
    {
        var type = Resolve(name);
        var leaf = field.Split('.')[^1].Split('[')[0];
        if (type is not null && type.Namespace?.StartsWith("System", StringComparison.Ordinal) != true
            && type.GetProperty(leaf, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
            type = property.PropertyType;
        return type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
    }

    private static Type? Resolve(string name)
    {
        if (NullableOf().Match(name) is { Success: true } nullable) name = nullable.Groups["inner"].Value;
        return Type.GetType(name) ?? typeof(TaskDefinition).Assembly.GetType(name)
            // A generic over a type outside the core library ("...IReadOnlyDictionary`2[System.String,System.Text.Json.JsonElement]").
            ?? (name.Contains("Dictionary`", StringComparison.Ordinal) ? typeof(IDictionary<string, object>)
                : name.Contains("List`", StringComparison.Ordinal) || name.Contains("Enumerable`", StringComparison.Ordinal) ? typeof(IEnumerable<object>)
                : null);
    }

    internal static string JsonTypeOf(Type type)
    {
        if (type == typeof(string)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long)) return "a whole number";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "an ISO 8601 date and time such as \"2026-12-01T09:00:00Z\"";
        if (type == typeof(TimeSpan)) return "a duration such as \"00:05:00\"";
        var interfaces = type.GetInterfaces().Append(type).Where(i => i.IsGenericType).Select(i => i.GetGenericTypeDefinition()).ToList();
        if (interfaces.Contains(typeof(IDictionary<,>)) || interfaces.Contains(typeof(IReadOnlyDictionary<,>))) return "an object";
        if (type != typeof(string) && interfaces.Contains(typeof(IEnumerable<>)))
            return type.GetInterfaces().Append(type).Any(i => i == typeof(IEnumerable<string>)) ? "an array of strings" : "an array";
        return "an object";
    }

    private static string Kind(ReadOnlySpan<byte> json)
    {
        var start = json.TrimStart(" \t\r\n"u8);
        return start.IsEmpty ? "nothing" : start[0] switch
        {
            (byte)'{' => "an object",
            (byte)'[' => "an array",
            (byte)'"' => "a string",
            (byte)'t' or (byte)'f' => "true or false",
            (byte)'n' => "null",
            _ => "a number",
        };
    }

    [GeneratedRegex(@"could not be converted to (?<type>.+?)\. Path:")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member contained in type '(?<type>[^']+)'")]
    private static partial Regex UnknownMember();

    [GeneratedRegex(@"unrecognized type discriminator id '(?<id>[^']*)'")]
    private static partial Regex UnknownType();

    [GeneratedRegex(@"missing required properties including: (?<names>.+?)\.?( Path:|$)")]
    private static partial Regex MissingFields();

    [GeneratedRegex(@"Path: (?<path>\$\S*)")]
    private static partial Regex PathInMessage();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>.+)\]$")]
    private static partial Regex NullableOf();

    // "System.Int32", "Scheduler.Contracts.Tasks.ShellTask": what the user must never be shown.
    [GeneratedRegex(@"\b(System|Scheduler|Microsoft)\.\w")]
    private static partial Regex DotNetName();
}
