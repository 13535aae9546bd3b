using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler failed [--task ID] [--type T] [--limit N] [--offset N] [--full]</c>: failed and timed-out occurrences, newest first.</summary>
internal static class FailedCommand
{
    public static Command Create(CliContext context)
    {
        var task = new Option<string?>("--task") { Description = "Only this task's runs" };
        var type = new Option<string?>("--type") { Description = "Only tasks of this type (shell, notification, …)" };
        var limit = new Option<int>("--limit") { Description = "How many (1..1000)", DefaultValueFactory = _ => 20 }.Within(1, 1000);
        var offset = new Option<int>("--offset") { Description = "Skip this many", DefaultValueFactory = _ => 0 }.Within(0, int.MaxValue);
        var full = Formatting.FullOption();
        var command = new Command("failed", "List failed and timed-out occurrences across all tasks, newest first (retry one with 'scheduler retry <run>')")
            { task, type, limit, offset, full };
        command.SetAction(context.ConnectedToRead(parse =>
        {
            if (parse.GetValue(task) is { } id && !TaskIds.IsValid(id)) throw new CliException(ExitCodes.BadInput, $"--task \"{id}\" is not a task id; expected {TaskIds.Accepted}");
            if (parse.GetValue(type) is { } t && !TaskTypes.Names.Contains(t))
                throw new CliException(ExitCodes.BadInput, $"--type \"{t}\" is not a task type; expected one of {string.Join(", ", TaskTypes.Names)}");
            return (Task: parse.GetValue(task), Type: parse.GetValue(type));
        }, async (parse, filter, client, ct) =>
        {
            var page = await client.GetFailedRunsAsync(filter.Task, filter.Type, parse.GetValue(limit), parse.GetValue(offset), ct);
            var now = context.Time.GetUtcNow();
            await context.PrintAsync(parse, page, async o =>
            {
                await o.WriteAsync(Formatting.Table(["RUN", "TASK", "TYPE", "DUE", "ENDED", "ATTEMPT", "OUTCOME", "ERROR"],
                    page.Runs.Select(f => (IReadOnlyList<string>)
                    [
                        f.Run.RunId, f.TaskName, f.TaskType, Formatting.Instant(f.Run.DueAt), Formatting.Relative(f.Run.FinishedAt, now),
                        f.Run.Attempt.ToString(), Formatting.Outcome(f.Run.Outcome), Formatting.ErrorCell(f.Run.Error, !parse.GetValue(full)),
                    ]), clip: !parse.GetValue(full)));
                await o.WriteLineAsync($"{page.Runs.Count} of {page.Total} failed run(s)");
            });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
