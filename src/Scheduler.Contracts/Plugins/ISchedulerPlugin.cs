namespace Scheduler.Contracts.Plugins;

/// <summary>
/// A plugin: a set of named commands a worker runs for <see cref="Tasks.PluginCommandTask"/>. Implementations live in
/// an assembly placed in the worker's plugins folder; each plugin assembly is loaded into its own load context, and
/// this interface (Scheduler.Contracts) is shared with the worker. The type needs a public parameterless constructor.
/// </summary>
public interface ISchedulerPlugin
{
    /// <summary>The name tasks use to address this plugin; unique within a worker.</summary>
    string Name { get; }

    /// <summary>The command names this plugin accepts.</summary>
    IReadOnlyList<string> Commands { get; }

    /// <summary>
    /// Schedules this plugin runs by itself, read once when a worker loads it: each worker that loads the plugin
    /// registers them (the same declaration from several workers is stored once; a changed one replaces its schedule,
    /// keeping its history; one no longer declared is paused and reported). None unless the plugin overrides this.
    /// </summary>
    IReadOnlyList<PluginSchedule> Schedules => [];

    /// <summary>
    /// Runs <paramref name="command"/> and returns its result text, or throws to fail the attempt. Stop promptly when
    /// <paramref name="cancellationToken"/> fires (timeout, cancellation, shutdown): a plugin runs inside the worker
    /// process and cannot be killed, only abandoned.
    /// </summary>
    /// <param name="command">One of <see cref="Commands"/>.</param>
    /// <param name="arguments">The task's named arguments.</param>
    /// <param name="cancellationToken">Fires when the attempt must stop.</param>
    Task<string?> RunAsync(string command, IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken);
}
