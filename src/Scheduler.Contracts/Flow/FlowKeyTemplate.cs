using System.Globalization;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Flow;

/// <summary>
/// Resolves a flow key against a task: each <c>{name}</c> is replaced by the value of that field of the task as its
/// JSON shows it (camelCase; <c>{a.b}</c> for a nested field; <c>{type}</c> is the task type). Keys are resolved
/// when an occurrence is about to start, from the definition it runs, so an update that moves the task to another
/// server moves its key too.
/// </summary>
internal static class FlowKeyTemplate
{
    public const int MaxLength = 200;

    /// <summary>The key for <paramref name="task"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static string Resolve(string template, TaskDefinition task)
    {
        if (template.IndexOf('{') < 0)
        {
            if (template.IndexOf('}') >= 0) throw new FormatException($"key \"{template}\" has a '}}' without '{{'");
            return Checked(template, template);
        }
        var json = JsonSerializer.SerializeToElement(task, TaskTypes.JsonOptions);
        var key = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var c = template[i];
            if (c == '}') throw new FormatException($"key \"{template}\" has a '}}' without '{{'");
            if (c != '{')
            {
                key.Append(c);
                i++;
                continue;
            }
            var end = template.IndexOf('}', i + 1);
            if (end < 0) throw new FormatException($"key \"{template}\" has a '{{' without '}}'");
            var path = template[(i + 1)..end];
            key.Append(Field(json, path, template));
            i = end + 1;
        }
        return Checked(key.ToString(), template);
    }

    private static string Field(JsonElement json, string path, string template)
    {
        if (path.Length == 0 || path.Contains('{')) throw new FormatException($"key \"{template}\" has an empty or nested placeholder");
        var node = json;
        foreach (var part in path.Split('.'))
        {
            if (node.ValueKind != JsonValueKind.Object || !TryProperty(node, part, out node))
                throw new FormatException($"key \"{template}\": the task has no field \"{path}\"; fields: {string.Join(", ", Names(json))}");
        }
        return node.ValueKind switch
        {
            JsonValueKind.String => node.GetString()!,
            JsonValueKind.Number => node.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => throw new FormatException($"key \"{template}\": field \"{path}\" is {Describe(node.ValueKind)}; expected a text, number or true/false field"),
        };
    }

    private static bool TryProperty(JsonElement node, string name, out JsonElement value)
    {
        foreach (var property in node.EnumerateObject())
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        value = default;
        return false;
    }

    private static IEnumerable<string> Names(JsonElement json) =>
        json.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False)
            .Select(p => p.Name);

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => "empty",
    };

    private static string Checked(string key, string template)
    {
        if (key.Length == 0) throw new FormatException($"key \"{template}\" resolves to an empty text");
        if (key.Length > MaxLength) throw new FormatException($"key \"{template}\" resolves to more than {MaxLength.ToString(CultureInfo.InvariantCulture)} characters");
        return key;
    }
}
