namespace Scheduler.Contracts.Tasks;

/// <summary>
/// Runs a command of a plugin loaded by the worker from its plugins folder (worker configuration
/// <c>Scheduler:Plugins:Folder</c>); see <see cref="Plugins.ISchedulerPlugin"/>.
/// </summary>
/// <param name="PluginName">The plugin's <see cref="Plugins.ISchedulerPlugin.Name"/>.</param>
/// <param name="CommandName">One of the plugin's <see cref="Plugins.ISchedulerPlugin.Commands"/>.</param>
/// <param name="Arguments">Named string arguments for the command; none when null.</param>
[TaskType("plugin")]
public sealed record PluginCommandTask(
    string PluginName,
    string CommandName,
    IReadOnlyDictionary<string, string>? Arguments = null) : TaskDefinition
{
    /// <inheritdoc />
    public override IEnumerable<string> Validate()
    {
        foreach (var error in base.Validate()) yield return error;
        if (!TaskNames.IsValid(PluginName)) yield return $"plugin \"pluginName\" is {TaskNames.Describe(PluginName)}; expected {TaskNames.Shape}";
        if (!TaskNames.IsValid(CommandName)) yield return $"plugin \"commandName\" is {TaskNames.Describe(CommandName)}; expected {TaskNames.Shape}";
        if (Arguments is not null && Arguments.Any(a => string.IsNullOrEmpty(a.Key) || a.Value is null))
            yield return "plugin \"arguments\" has an empty name or a null value; expected name → text pairs";
    }
}
