using System.Text.Json;
using System.Text.Json.Nodes;
using Scheduler.Contracts.Client;

namespace Scheduler.Contracts.Tasks;

/// <summary>
/// A task definition given without <c>"type"</c> to an update (REST PATCH, <c>scheduler update --definition</c>): the
/// fields to change in the stored definition, the others kept, as the Scheduler Module's <c>update_event(…,
/// {"parameters": …})</c> changed one parameter. A field given replaces that field whole (an <c>environment</c> object
/// is replaced, not merged key by key).
/// </summary>
internal static class TaskChanges
{
    /// <summary>True when <paramref name="task"/> is an object without <c>"type"</c>: fields to change, not a whole definition.</summary>
    public static bool AreFieldsOnly(JsonElement task) =>
        task.ValueKind == JsonValueKind.Object && !task.EnumerateObject().Any(p => string.Equals(p.Name, "type", StringComparison.OrdinalIgnoreCase));

    /// <summary>The JSON of <paramref name="current"/> with the fields of <paramref name="changes"/> in place of its own.</summary>
    /// <exception cref="InvalidTaskException">A field is given twice.</exception>
    public static JsonObject Apply(TaskDefinition current, JsonElement changes)
    {
        var merged = JsonSerializer.SerializeToNode(current, TaskTypes.JsonOptions)!.AsObject();
        var given = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in changes.EnumerateObject())
        {
            if (!given.Add(field.Name)) throw new InvalidTaskException([$"task field \"{field.Name}\" is given twice; expected each field once"]);
            // The stored JSON is camelCase; a field given in another case replaces it rather than standing beside it.
            if (merged.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, field.Name, StringComparison.OrdinalIgnoreCase)) is { } stored)
                merged.Remove(stored);
            merged[field.Name] = JsonNode.Parse(field.Value.GetRawText());
        }
        return merged;
    }
}
