namespace Scheduler.Worker.Plugins;

/// <summary>Where this worker finds plugin assemblies. Bound from <c>Scheduler:Plugins</c>.</summary>
public sealed class PluginOptions
{
    public const string Section = "Scheduler:Plugins";

    /// <summary>
    /// Folder scanned once, on the first plugin task: every <c>*.dll</c> in it, and <c>&lt;sub&gt;/&lt;sub&gt;.dll</c> in
    /// each subfolder (a plugin published with its dependencies). Null or empty: no plugins.
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>
    /// Register the schedules the plugins declare (<c>ISchedulerPlugin.Schedules</c>) when this worker starts; true by
    /// default. False leaves that to other workers that load the same plugins.
    /// </summary>
    public bool RegisterSchedules { get; set; } = true;
}
