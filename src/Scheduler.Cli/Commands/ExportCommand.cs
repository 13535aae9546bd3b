using System.CommandLine;
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
            // Live ones by status: ended tasks, however many, do not crowd them out of the 10,000 one read returns.
            var found = new List<ScheduledTask>();
            foreach (var status in filter.Status is { } given ? [given] : Live)
                found.AddRange(await client.ListAsync(filter with { Status = status }, 10_000, cancellationToken: ct));
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
            if (found.Count >= 10_000) await context.Error.WriteLineAsync("warning: 10000 tasks matched, the most one export reads; narrow it with --tag, --module or --type");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static readonly ScheduleStatus[] Live = [ScheduleStatus.Scheduled, ScheduleStatus.Paused, ScheduleStatus.Running];
}
