using System.CommandLine;
using Scheduler.Contracts.Plugins;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler export [filters] [--out FILE]</c>: the live schedules (scheduled, paused, running; <c>--status</c> for
/// others) as a file <c>scheduler apply</c> takes, to keep in version control, back up, or move to another Redis.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var filters = new TaskFilterOptions();
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file instead of standard output" };
        var command = new Command("export", "Write the live schedules (or those the filters match) as a file that 'scheduler apply' takes") { output };
        filters.AddTo(command);
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var filter = filters.Read(parse);
            var found = await client.ListLiveAsync(filter, ct);
            // A plugin's schedules are declared by the plugin (a worker registers them at start): in a file applied in
            // CI as well they would have two owners, each undoing the other's changes. Asked for by their tag, they are kept.
            var plugins = filter.Tag?.StartsWith("plugin:", StringComparison.OrdinalIgnoreCase) != true;
            var declared = plugins ? found.Count(t => DeclaredSchedules.PluginOf(t) is not null) : 0;
            found = [.. found.Where(t => !plugins || DeclaredSchedules.PluginOf(t) is null)];
            var tasks = found.Where(t => t.Options.Debounce is null).OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
            var skipped = found.Count(t => t.Options.Debounce is not null);
            var json = ScheduleFile.Write(tasks);
            if (parse.GetValue(output) is { } path)
            {
                try { await File.WriteAllTextAsync(path, json + "\n", ct); }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw new CliException(ExitCodes.BadInput, $"--out \"{path}\" cannot be written: {e.Message}");
                }
                await context.Error.WriteLineAsync($"exported {tasks.Count} schedule(s) to {path}");
            }
            else await context.Out.WriteLineAsync(json);
            // On stderr: stdout is the file. Pending debounced runs are made by events as they come, not declared.
            if (skipped > 0) await context.Error.WriteLineAsync($"{skipped} debounced task(s) left out: they are made by the events that debounce them");
            if (declared > 0) await context.Error.WriteLineAsync($"{declared} plugin-declared schedule(s) left out: their plugins declare them and workers register them at start (--tag plugin:<name> exports them)");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
