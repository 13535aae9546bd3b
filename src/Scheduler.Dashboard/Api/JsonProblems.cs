using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// System.Text.Json's binding errors in the words of the API: a field of the wrong type, an enum value or a field it
/// does not know, named with what is accepted, rather than the .NET type it could not be bound to or a "$." path.
/// </summary>
internal static partial class JsonProblems
{
    private const string Example = "{\"task\": {\"type\": \"notification\", \"message\": \"hi\"}, \"spec\": \"in 5 minutes\"}";

    /// <summary>Key of <see cref="Exception.Data"/> under which <see cref="ApiBody"/> leaves the type the body was read as.</summary>
    public const string BodyKey = "scheduler.body";

    /// <summary>What was wrong, at which field, and what is accepted; never a .NET type name.</summary>
    public static string Describe(JsonException e)
    {
        var field = Field(e.Path);
        // What the body held at the field, when ApiBody could tell (its words: "the string \"yes\"", "the number 5").
        var given = e.Data[JsonGiven.DataKey] is string words ? $"{words} was given; " : "";
        var expected = Expected(e.Data[BodyKey] as Type);
        // A string whose bytes are not UTF-8 fails while it is read as text; the serializer calls that a conversion.
        if (Contracts.Tasks.InvalidUtf8.Caused(e)) return $"{field ?? "the body"} is not valid UTF-8 text; expected the body encoded in UTF-8";
        if (ConvertedTo().Match(e.Message) is { Success: true } converted)
        {
            if (field is null) return $"the body has the wrong type; expected {expected}";
            // {"schedule": "every 1h"}, as the structured form's name invites: the text form has a field of its own.
            if (field == "schedule" && e.Data[BodyKey] as Type == typeof(ScheduleRequest) && e.Data[JsonGiven.DataKey] is string text && text.StartsWith("the string", StringComparison.Ordinal))
                return $"schedule has the wrong type; {text} was given; \"schedule\" takes the structured form, an object such as {{\"intervalType\": \"hours\", \"intervalValue\": 1}}; a schedule written as text goes in \"spec\", e.g. \"spec\": \"every 1h\"";
            var type = Resolve(converted.Groups["type"].Value.Trim().TrimEnd('.'));
            // For a record bound through its constructor the message names the record, not the field: the field's
            // own type is then read from the record's property the path ends with.
            var leaf = field.Split('.')[^1].Split('[')[0];
            if (type is not null && !IsLeaf(type)
                && type.GetProperty(leaf, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase) is { } property)
                type = property.PropertyType;
            if (type is not null && (Nullable.GetUnderlyingType(type) ?? type) is { IsEnum: true } values)
                return $"{field} is not one of {string.Join(", ", Enum.GetNames(values).Select(JsonNamingPolicy.CamelCase.ConvertName))}"
                    + (given.Length > 0 ? $" ({given.TrimEnd(' ', ';')})" : "");
            if (type is not null && e.Data[JsonGiven.DataKey] is string number && OutOfRange(type, number) is { } bound)
                return $"{field} is out of range; {number} was given; expected a whole number {bound}";
            return $"{field} has the wrong type; {given}expected {(type is null ? "another JSON type" : JsonTypeOf(type))}";
        }
        // An object without a field it requires: the serializer names the fields by their JSON names.
        if (MissingRequired().Match(e.Message) is { Success: true } missing)
        {
            var names = missing.Groups["names"].Captures.Select(c => c.Value);
            var owner = Resolve(missing.Groups["type"].Value);
            return $"{field ?? "the body"} is missing {string.Join(", ", names)}"
                + (owner is null ? "" : $"; expected an object with {string.Join(", ", ApiBody.FieldsOf(owner).Select(f => f.Required ? f.Name + " (required)" : f.Name))}");
        }
        // A field given twice: refused (AllowDuplicateProperties), named by the path the reader stopped at.
        if (e.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            var name = DuplicateMember().Match(e.Message) is { Success: true } duplicate ? duplicate.Groups["name"].Value : field?.Split('.')[^1] ?? "?";
            var parent = field is not null && field.LastIndexOf('.') is > 0 and var at ? $" at {field[..at]}" : "";
            return $"field \"{Echo.Of(name)}\" is given twice{parent}; expected each field once";
        }
        // A converter's own words about a field's value (a duration it cannot read). The reader's errors carry an inner
        // exception, and the serializer's own messages end with the path, which a converter's never do.
        if (field is not null && e.InnerException is null && !e.Message.Contains(" Path: ", StringComparison.Ordinal)
            && UnknownMember().Match(e.Message) is { Success: false } && !e.Message.Contains("discriminator", StringComparison.Ordinal))
            return $"{field}: {e.Message}";
        if (UnknownMember().Match(e.Message) is { Success: true } unknown && Resolve(unknown.Groups["type"].Value) is { } container)
        {
            // Where the unknown field sits, when not at the top of the body ("options.concurrency").
            var parent = field is not null && field.LastIndexOf('.') is > 0 and var dot ? field[..dot] : null;
            var name = unknown.Groups["name"].Value;
            // A field one level too high ("timeZone" beside "options") is named with where it goes.
            var home = ApiBody.HomeOf(container, name) is { } nested ? $"; \"{Echo.Of(name)}\" belongs in {(parent is null ? nested : $"{parent}.{nested}")}" : "";
            return $"unknown field \"{Echo.Of(name)}\"; expected one of {string.Join(", ", ApiBody.FieldsOf(container).Select(f => f.Name))}"
                + (parent is null ? "" : $" at {parent}") + home;
        }
        // Malformed JSON: the reader's own words (they name tokens and characters, not .NET types).
        return e.Message.Split(". Path:")[0].Split(" Path:")[0].TrimEnd('.') + (field is null ? "" : $" at {field}")
            + $"; expected {expected}";
    }

    /// <summary>What a body read as <paramref name="body"/> takes: the schedule example, or its fields by their JSON names.</summary>
    internal static string Expected(Type? body) =>
        body is null || body == typeof(ScheduleRequest) ? $"a JSON object such as {Example}"
            : $"a JSON object with the fields {string.Join(", ", ApiBody.FieldsOf(body).Select(f => f.Name))}";

    /// <summary>Whether <paramref name="e"/> is about a field its object does not have ("options.bogus").</summary>
    internal static bool IsUnknownField(JsonException e) => UnknownMember().IsMatch(e.Message);

    /// <summary>"$.options.maxRuns" → "options.maxRuns"; null for the whole body.</summary>
    internal static string? Field(string? path) =>
        string.IsNullOrEmpty(path) || path == "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    /// <summary>The JSON <paramref name="type"/> takes, in words.</summary>
    internal static string JsonTypeOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string) || type == typeof(char)) return "a string";
        if (type == typeof(bool)) return "true or false";
        if (type == typeof(int) || type == typeof(long) || type == typeof(short) || type == typeof(byte) || type == typeof(sbyte)
            || type == typeof(uint) || type == typeof(ulong) || type == typeof(ushort)) return "a whole number";
        if (type == typeof(double) || type == typeof(float) || type == typeof(decimal)) return "a number";
        if (type == typeof(DateTimeOffset) || type == typeof(DateTime)) return "a date and time, an ISO 8601 string such as \"2026-12-01T09:00:00Z\"";
        if (type == typeof(DateOnly)) return "a date, a string such as \"2026-12-01\"";
        if (type == typeof(TimeSpan)) return "a duration, a string such as \"5m\", \"30s\" or \"00:05:00\"";
        if (type == typeof(Guid)) return "a GUID string";
        if (type.IsEnum) return "one of " + string.Join(", ", Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName));
        if (type.GetInterfaces().Append(type).Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))) return "an object";
        if (type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>)) is { } items)
            return items.GetGenericArguments()[0] == typeof(string) ? "an array of strings" : "an array";
        return "an object";
    }

    /// <summary>
    /// For a whole number too large or too small for <paramref name="type"/> ("the number 99999999999" for an int), the
    /// bound it passes in words ("of at most 2147483647"); null when <paramref name="given"/> is no such number (a
    /// string, a fraction), which is then a wrong type.
    /// </summary>
    private static string? OutOfRange(Type type, string given)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        const string prefix = "the number ";
        if (!type.IsPrimitive || JsonTypeOf(type) != "a whole number" || !given.StartsWith(prefix, StringComparison.Ordinal)) return null;
        // JsonGiven cuts a long number with "…": its leading digits still say which side of the range it is on.
        var text = given[prefix.Length..].TrimEnd('…');
        if (!BigInteger.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)) return null;
        var min = BigInteger.Parse(Convert.ToString(type.GetField("MinValue")!.GetValue(null), CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
        var max = BigInteger.Parse(Convert.ToString(type.GetField("MaxValue")!.GetValue(null), CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
        return value > max ? $"of at most {max}" : value < min ? $"of at least {min}" : null;
    }

    private static bool IsLeaf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type.IsPrimitive || type.IsEnum || type == typeof(string) || type.Namespace?.StartsWith("System", StringComparison.Ordinal) == true;
    }

    // A type named in the message: .NET's own ("System.Nullable`1[System.Int32]") or one of the contracts' or the API's
    // (a nested record as "Scheduler.Dashboard.Api.RunsApi+BackfillRequest"). Type.GetType cannot find a Nullable of a
    // type outside the core library ("System.Nullable`1[Scheduler.Contracts.Schedules.OverlapPolicy]"): the inner type
    // is what the words are about anyway. Nor a list of one ("…IReadOnlyList`1[Scheduler.Contracts.Declarations.
    // ScheduleDeclaration]", the apply's schedules, a sequence's steps): the list is built from its parts, so the field
    // is named as the array it takes.
    private static Type? Resolve(string name) =>
        // A name that ends a sentence in the message carries its full stop.
        name.EndsWith('.') ? Resolve(name.TrimEnd('.')) : NullableOf().Match(name) is { Success: true } nullable ? Resolve(nullable.Groups["inner"].Value)
            : Type.GetType(name) ?? typeof(ScheduleOptions).Assembly.GetType(name) ?? typeof(JsonProblems).Assembly.GetType(name) ?? GenericOf(name);

    private static Type? GenericOf(string name)
    {
        if (GenericWithOneArgument().Match(name) is not { Success: true } generic
            || Type.GetType(generic.Groups["definition"].Value) is not { IsGenericTypeDefinition: true } definition
            || Resolve(generic.Groups["argument"].Value) is not { } argument) return null;
        try { return definition.MakeGenericType(argument); }
        catch (ArgumentException) { return null; }
    }

    [GeneratedRegex(@"could not be converted to (?<type>[\w.`\[\]+]+)")]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"The JSON property '(?<name>[^']*)' could not be mapped to any \.NET member contained in type '(?<type>[^']+)'")]
    private static partial Regex UnknownMember();
    [GeneratedRegex("Duplicate property '(?<name>[^']*)'")]
    private static partial Regex DuplicateMember();


    [GeneratedRegex(@"JSON deserialization for type '(?<type>[^']+)' was missing required properties including: (?:'(?<names>[^']+)'(?:, )?)+")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^\]]+)\]$")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"^(?<definition>[\w.]+`1)\[(?<argument>[^\[\],]+)\]$")]
    private static partial Regex GenericWithOneArgument();

}
