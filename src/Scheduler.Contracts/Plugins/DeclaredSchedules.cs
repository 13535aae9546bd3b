using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Plugins;

/// <summary>
/// How the schedules plugins declare (<see cref="PluginSchedule"/>) are named and marked, so they can be found,
/// listed (<c>scheduler list --tag plugin:&lt;name&gt;</c>) and told apart from schedules people made.
/// </summary>
public static class DeclaredSchedules
{
    /// <summary>
    /// The tag a worker adds to a declared schedule that its plugin no longer declares; the worker pauses it when it
    /// first finds it so (resume it to keep it, or delete it).
    /// </summary>
    public const string OrphanedTag = "plugin-orphaned";

    private const string IdPrefix = "plugin.";

    /// <summary>The task id of schedule <paramref name="scheduleId"/> declared by plugin <paramref name="pluginName"/>: <c>plugin.&lt;plugin&gt;.&lt;id&gt;</c>.</summary>
    public static string TaskId(string pluginName, string scheduleId) => $"{IdPrefix}{pluginName}.{scheduleId}";

    /// <summary>The tag every schedule declared by plugin <paramref name="pluginName"/> carries: <c>plugin:&lt;plugin&gt;</c>.</summary>
    public static string Tag(string pluginName) => $"plugin:{pluginName}";

    /// <summary>True when <paramref name="task"/> was registered from a declaration of plugin <paramref name="pluginName"/>.</summary>
    public static bool IsDeclaredBy(ScheduledTask task, string pluginName)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Id.StartsWith(IdPrefix + pluginName + ".", StringComparison.Ordinal)
            && task.Options.Tags?.Contains(Tag(pluginName), StringComparer.OrdinalIgnoreCase) == true;
    }

    /// <summary>True when <paramref name="task"/> is a declared schedule whose plugin no longer declares it.</summary>
    public static bool IsOrphaned(ScheduledTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.Options.Tags?.Contains(OrphanedTag, StringComparer.OrdinalIgnoreCase) == true;
    }

    /// <summary>The plugin that declared <paramref name="task"/> (from its <c>plugin:</c> tag), or null for other tasks.</summary>
    public static string? PluginOf(ScheduledTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var name = task.Options.Tags?.FirstOrDefault(t => t.StartsWith("plugin:", StringComparison.OrdinalIgnoreCase))?["plugin:".Length..];
        return name is { Length: > 0 } && IsDeclaredBy(task, name) ? name : null;
    }
}
