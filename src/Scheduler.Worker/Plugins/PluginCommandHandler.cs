using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Plugins;

/// <summary>
/// Runs a <see cref="PluginCommandTask"/> on a plugin from <see cref="PluginCatalog"/>. Plugins run inside the worker
/// process: on cancellation or soft timeout they get the cancellation token, but at the hard timeout an attempt that
/// ignores it can only be abandoned (recorded as timed out, left to finish in the background), never killed.
/// </summary>
internal sealed class PluginCommandHandler(PluginCatalog catalog) : ITaskHandler<PluginCommandTask>
{
    public async Task<string?> HandleAsync(PluginCommandTask task, TaskExecutionContext context, CancellationToken cancellationToken)
    {
        if (!catalog.Plugins.TryGetValue(task.PluginName, out var plugin))
        {
            var known = catalog.Plugins.Count == 0 ? "none" : string.Join(", ", catalog.Plugins.Keys.Order(StringComparer.Ordinal));
            throw new NonRetryableTaskException(
                $"plugin \"{task.PluginName}\" is not loaded on this worker (folder \"{catalog.Folder}\"); loaded plugins: {known}");
        }
        var command = plugin.Commands.FirstOrDefault(c => string.Equals(c, task.CommandName, StringComparison.OrdinalIgnoreCase))
            ?? throw new NonRetryableTaskException(
                $"plugin \"{plugin.Name}\" has no command \"{task.CommandName}\"; its commands: {string.Join(", ", plugin.Commands)}");
        // Off the Hangfire worker thread: a plugin that blocks synchronously must not keep the executor from timing it out.
        return await Task.Run(() => plugin.RunAsync(command, task.Arguments ?? new Dictionary<string, string>(), cancellationToken), CancellationToken.None);
    }
}
