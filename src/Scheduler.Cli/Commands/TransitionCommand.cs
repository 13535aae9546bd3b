using System.CommandLine;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler pause &lt;id&gt; [--note TEXT] [--until INSTANT]</c>, <c>scheduler resume &lt;id&gt;</c>, and both with
/// <c>--all [filters]</c> for every matching task, as <c>cancel --all</c> (cancel: <see cref="CancelCommand"/>).
/// </summary>
internal static class TransitionCommand
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var note = new Option<string?>("--note") { Description = "Why it is paused; shown with the task and kept in the audit log" };
        var until = new Option<string?>("--until") { Description = "When the pause lifts itself, e.g. 2h (from now), 2026-12-01T09:00 (UTC unless an offset is given) or \"tomorrow at 9am\"" };
        yield return Build(context, "pause", "Pause a schedule until it is resumed (or until --until), or every matching one with --all", "paused",
            [note, until], (parse, ct) => (c, id) => c.PauseAsync(id, Request(context, parse, note, until), ct),
            (parse, ct) => (c, filter) => c.PauseAllAsync(filter, Request(context, parse, note, until), ct),
            // Read before connecting too, so a bad --until is exit 2 with Redis down; read again once connected, by Redis's clock.
            check: parse => Request(context, parse, note, until));
        var pausedWith = new Option<string?>("--note") { Description = "With --all: only tasks paused with this note (any case), as a pause --all --note gave it; tasks paused for other reasons stay paused" };
        yield return Build(context, "resume", "Resume a paused schedule (missed runs follow its misfire policy), or every matching one with --all", "resumed",
            [pausedWith], (_, ct) => (c, id) => c.ResumeAsync(id, ct),
            (parse, ct) => async (c, filter) =>
            {
                var note = parse.GetValue(pausedWith);
                var count = await c.ResumeAllAsync(filter with { PauseNote = note }, ct);
                if (note is not null) await SayWhoStaysPausedAsync(context, c, filter, ct);
                return count;
            }, allOnly: pausedWith);
    }

    private static PauseRequest? Request(CliContext context, ParseResult parse, Option<string?> note, Option<string?> until)
    {
        var text = parse.GetValue(note);
        var end = InstantOption.ReadAhead(parse.GetValue(until), "--until", null, context.Time);
        return text is null && end is null ? null : new PauseRequest { Note = text, Until = end };
    }

    // On stderr, so that stdout stays "resumed N task(s)" for scripts: a mistyped note resumes nothing, and says so here.
    private static async Task SayWhoStaysPausedAsync(CliContext context, SchedulerClient client, ScheduleFilter filter, CancellationToken ct)
    {
        var left = await client.ListAsync(filter with { Status = ScheduleStatus.Paused }, limit: 1000, cancellationToken: ct);
        if (left.Count == 0) return;
        var notes = left.GroupBy(t => t.Pause?.Note ?? "(no note)", StringComparer.OrdinalIgnoreCase).OrderByDescending(g => g.Count())
            .Select(g => $"\"{g.Key}\" ({g.Count()})");
        await context.Error.WriteLineAsync($"{left.Count}{(left.Count == 1000 ? "+" : "")} matching task(s) stay paused with another note: {string.Join(", ", notes.Take(5))}");
    }

    private static Command Build(CliContext context, string name, string description, string done, Option[] extra,
        Func<ParseResult, CancellationToken, Func<SchedulerClient, string, Task<bool>>> one,
        Func<ParseResult, CancellationToken, Func<SchedulerClient, ScheduleFilter, Task<int>>> many, Option? allOnly = null,
        Action<ParseResult>? check = null)
    {
        var id = new Argument<string?>("id") { Description = "Task id (omit with --all)", Arity = ArgumentArity.ZeroOrOne }.AcceptsIds("task id");
        var all = new Option<bool>("--all") { Description = $"Every task the filters match; prints how many were {done}" };
        var filters = new TaskFilterOptions();
        var command = new Command(name, description) { id, all };
        foreach (var option in extra) command.Options.Add(option);
        filters.AddTo(command);
        command.SetAction(context.Connected(parse =>
        {
            var taskId = parse.GetValue(id);
            var everything = parse.GetValue(all);
            if (taskId is not null && everything) throw new CliException(ExitCodes.BadInput, "give a task id or --all, not both");
            if (taskId is null && !everything) throw new CliException(ExitCodes.BadInput, $"give the id of the task to {name}, or --all (with filters) to {name} many");
            if (taskId is not null && filters.AnyGiven(parse))
                throw new CliException(ExitCodes.BadInput, "--status, --type, --tag, --module and --recurring go with --all; a task id names one task");
            if (taskId is not null && allOnly is not null && parse.GetResult(allOnly) is not null)
                throw new CliException(ExitCodes.BadInput, $"{allOnly.Name} goes with --all on {name}; a task id names one task");
            check?.Invoke(parse);
            return taskId;
        }, async (parse, taskId, client, ct) =>
        {
            if (taskId is null)
            {
                var count = await many(parse, ct)(client, filters.Read(parse));
                await context.PrintAsync(parse, new Dictionary<string, int> { [done] = count }, o => o.WriteLineAsync($"{done} {count} task(s)"));
                return ExitCodes.Ok;
            }
            if (!await one(parse, ct)(client, taskId)) throw await CliContext.NoTaskAsync(client, taskId, ct);
            var pause = name == "pause" ? (await client.GetAsync(taskId, ct))?.Pause : null;
            await context.PrintAsync(parse, new Dictionary<string, object?> { [done] = taskId, ["pause"] = pause },
                o => o.WriteLineAsync(pause is { Note: not null } or { Until: not null } ? $"{done} {taskId}: {pause}" : $"{done} {taskId}"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
