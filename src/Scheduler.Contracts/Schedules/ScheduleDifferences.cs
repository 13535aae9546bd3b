using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scheduler.Contracts.Schedules;

/// <summary>
/// Names what differs between a stored schedule's definition and a requested one, field by field, from the same
/// stored texts the create script compared (so what is reported is what was decided on).
/// </summary>
internal static class ScheduleDifferences
{
    // Longer values are cut: a conflict message names the difference, it does not reproduce a whole script.
    private const int MaxValueLength = 200;

    // For display only: quotes and non-ASCII letters stay readable instead of \u0022-escaped.
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The differences between <paramref name="stored"/> and <paramref name="requested"/> in the fields named by
    /// <paramref name="fields"/>: "task" and "options" hold JSON and are compared member by member (nested members
    /// as <c>task.env.HOME</c>), anything else is compared as text. A field whose texts differ but whose JSON is equal
    /// (written by an older version) is still reported, as a whole.
    /// </summary>
    public static IReadOnlyList<ScheduleDifference> Between(
        IReadOnlyDictionary<string, string?> stored, IReadOnlyDictionary<string, string?> requested, IEnumerable<string> fields)
    {
        var result = new List<ScheduleDifference>();
        foreach (var field in fields)
        {
            var before = stored.GetValueOrDefault(field);
            var after = requested.GetValueOrDefault(field);
            if (before == after) continue;
            var found = result.Count;
            if (field is "task" or "options" && Parse(before) is { } b && Parse(after) is { } a)
            {
                if (field == "task" && Member(b, "type") is { } tb && Member(a, "type") is { } ta && !JsonNode.DeepEquals(tb, ta))
                    result.Add(new($"{field}.type", Show(tb), Show(ta)));
                else Compare(field, b, a, result);
            }
            else result.Add(new(field, Quote(before), Quote(after)));
            if (result.Count == found) result.Add(new(field, Cut(before), Cut(after)));
        }
        return result;
    }

    private static void Compare(string path, JsonNode? before, JsonNode? after, List<ScheduleDifference> into)
    {
        if (before is JsonObject b && after is JsonObject a)
        {
            foreach (var name in b.Select(p => p.Key).Concat(a.Select(p => p.Key)).Distinct(StringComparer.Ordinal))
            {
                if (path == "options" && name == "id") continue;
                Compare($"{path}.{name}", Member(b, name), Member(a, name), into);
            }
            return;
        }
        if (!JsonNode.DeepEquals(before, after)) into.Add(new(path, Show(before), Show(after)));
    }

    private static JsonNode? Member(JsonObject node, string name) => node.TryGetPropertyValue(name, out var value) ? value : null;

    private static JsonObject? Parse(string? json)
    {
        if (json is null) return null;
        try { return JsonNode.Parse(json) as JsonObject; }
        catch (JsonException) { return null; }
    }

    private static string? Show(JsonNode? node) => node is null ? null : Cut(node.ToJsonString(Readable));

    private static string? Quote(string? text) => text is null ? null : Cut(JsonSerializer.Serialize(text, Readable));

    private static string? Cut(string? text) => text is { Length: > MaxValueLength } ? text[..(MaxValueLength - 1)] + "…" : text;
}
