using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Audit;

/// <summary>
/// What an audit entry says changed: the members of two JSON views of a thing (a task, a cleanup registration) that
/// differ, with nested objects one level deep named by path (<c>options.maxRuns</c>). Pure, so it is unit-tested.
/// </summary>
internal static class AuditDiff
{
    // Longer strings are cut: the log says what changed, it does not keep every script in full.
    internal const int MaxValueLength = 1000;

    // Run state and the change stamp itself: they move on their own or say who, which the entry already holds.
    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "id", "options.id", "createdAt", "createdBy", "changedAt", "changedBy", "updatedAt", "runCount", "lastRunAt", "lastOutcome",
    };

    private static readonly HashSet<string> Nested = new(StringComparer.Ordinal) { "task", "options", "schedule", "pause" };

    /// <summary>The JSON view of <paramref name="value"/> as the REST API shows it (null stays null).</summary>
    public static JsonObject? Of(object? value) => value switch
    {
        null => null,
        JsonObject node => node,
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), TaskTypes.WireJsonOptions) as JsonObject,
    };

    /// <summary>
    /// The changed members: for a new thing (<paramref name="before"/> null) every member after, for a removed one every
    /// member before, otherwise those that differ, on both sides (an absent member is JSON null).
    /// </summary>
    public static (JsonObject? Before, JsonObject? After) Between(JsonObject? before, JsonObject? after)
    {
        var b = before is null ? null : Flatten(before);
        var a = after is null ? null : Flatten(after);
        if (b is null || a is null) return (b is null ? null : Build(b, b.Keys), a is null ? null : Build(a, a.Keys));
        var changed = b.Keys.Union(a.Keys).Where(k => !JsonNode.DeepEquals(b.GetValueOrDefault(k), a.GetValueOrDefault(k))).ToList();
        return (Build(b, changed), Build(a, changed));
    }

    private static Dictionary<string, JsonNode?> Flatten(JsonObject source)
    {
        var flat = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in source)
        {
            if (value is JsonObject inner && Nested.Contains(name))
                foreach (var (member, memberValue) in inner) Add(flat, $"{name}.{member}", memberValue);
            else Add(flat, name, value);
        }
        return flat;
    }

    private static void Add(Dictionary<string, JsonNode?> flat, string name, JsonNode? value)
    {
        if (!Ignored.Contains(name) && value is not null) flat[name] = value;
    }

    private static JsonObject Build(Dictionary<string, JsonNode?> values, IEnumerable<string> names)
    {
        var result = new JsonObject();
        foreach (var name in names.Order(StringComparer.Ordinal)) result[name] = Cut(values.GetValueOrDefault(name));
        return result;
    }

    private static JsonNode? Cut(JsonNode? value)
    {
        if (value is null) return null;
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
            return text.Length > MaxValueLength ? JsonValue.Create(text[..(MaxValueLength - 1)] + "…") : JsonValue.Create(text);
        // A number or a boolean is short: copied, not written out and parsed back as objects and arrays are.
        if (value is JsonValue) return value.DeepClone();
        var json = value.ToJsonString();
        return json.Length > MaxValueLength ? JsonValue.Create(json[..(MaxValueLength - 1)] + "…") : JsonNode.Parse(json);
    }
}
