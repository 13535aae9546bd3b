using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Dashboard.Security;

/// <summary>
/// What the read-only viewer does not see of a task's definition: a shell task's environment values and its stdin,
/// the places a secret is passed (a database password, a token). Shown as <see cref="Mask"/>, names kept. Operators
/// see them: they may schedule a task that prints them anyway. Set per request by <see cref="AccessGate"/>.
/// </summary>
internal static class ViewerRedaction
{
    public const string Mask = "*****";

    private static readonly AsyncLocal<bool> Active = new();

    /// <summary>Whether the request being answered came with the viewer's credentials.</summary>
    public static bool ForViewer
    {
        get => Active.Value;
        set => Active.Value = value;
    }

    /// <summary>A <see cref="JsonTypeInfo"/> modifier: a <see cref="ShellTask"/> written for a viewer has its secrets masked.</summary>
    public static void Apply(JsonTypeInfo info)
    {
        if (info.Type != typeof(ShellTask)) return;
        foreach (var property in info.Properties)
        {
            if (property.Get is not { } get) continue;
            if (string.Equals(property.Name, "environment", StringComparison.OrdinalIgnoreCase))
                property.Get = task => ForViewer && get(task) is IReadOnlyDictionary<string, string> environment
                    ? environment.ToDictionary(variable => variable.Key, _ => Mask) : get(task);
            else if (string.Equals(property.Name, "stdin", StringComparison.OrdinalIgnoreCase))
                property.Get = task => ForViewer && get(task) is string ? Mask : get(task);
        }
    }

    /// <summary>The entry as a viewer may see it: the shell tasks in its before and after masked likewise.</summary>
    public static AuditEntry Redacted(AuditEntry entry) =>
        !ForViewer ? entry : entry with { Before = Masked(entry.Before), After = Masked(entry.After) };

    private static JsonObject? Masked(JsonObject? side)
    {
        if (side?.DeepClone() is not JsonObject copy) return null;
        // An entry names a task's members by path ("task.environment"), without its type when that did not change: only
        // a shell task has these two.
        MaskSecrets(copy, "task.environment", "task.stdin");
        MaskShellTasks(copy);
        return copy;
    }

    private static void MaskSecrets(JsonObject obj, string environmentName, string stdinName)
    {
        if (obj[environmentName] is JsonObject environment)
            foreach (var key in environment.Select(v => v.Key).ToList()) environment[key] = Mask;
        if (obj[stdinName] is JsonValue) obj[stdinName] = Mask;
    }

    // A definition is found wherever it sits (a task, a sequence's steps) by its type discriminator.
    private static void MaskShellTasks(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["type"] is JsonValue type && type.TryGetValue<string>(out var name) && name == "shell") MaskSecrets(obj, "environment", "stdin");
                foreach (var (_, child) in obj.ToList()) MaskShellTasks(child);
                break;
            case JsonArray array:
                foreach (var child in array) MaskShellTasks(child);
                break;
        }
    }
}
