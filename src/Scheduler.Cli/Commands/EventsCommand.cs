using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Events;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler events [--follow] [--after ID] [--task ID] [--type PATTERN]</c>: the event stream.</summary>
internal static class EventsCommand
{
    public static Command Create(CliContext context)
    {
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new events until Ctrl-C" };
        var after = new Option<string?>("--after") { Description = "Start after this event id ('0' = from the oldest retained); without it and --follow, the newest events are shown" };
        var task = new Option<string?>("--task") { Description = "Only events of this task (an existing task's id; exit 3 when there is none, as runs and info do)" }.AcceptsIds("--task");
        var type = new Option<string?>("--type") { Description = "Only events whose type matches, e.g. 'task.*', 'task.success,task.failure' (the scheduler. prefix is optional)" };
        var limit = new Option<int>("--limit") { Description = "Without --follow: at most this many events (the newest, or the first after --after)", DefaultValueFactory = _ => 50 }.Within(1, int.MaxValue);
        var command = new Command("events", "Print lifecycle and execution events") { follow, after, task, type, limit };
        command.SetAction(context.ConnectedToRead(
            parse =>
            {
                // The client would refuse it too, but only once connected: exit 4 with Redis down, not 2.
                if (parse.GetValue(after) is { } start && !SchedulerEvent.IsId(start))
                    throw new CliException(ExitCodes.BadInput,
                        $"--after \"{(start.Length > 40 ? start[..40] + "…" : start)}\" is not accepted; expected an event id as events prints it, such as 1732363200000-0, or 0 (from the oldest retained)");
                try { return parse.GetValue(type) is { } pattern ? EventTypePattern.Parse(pattern) : EventTypePattern.All; }
                catch (FormatException e) { throw new CliException(ExitCodes.BadInput, e.Message); }
            },
            async (parse, types, client, ct) =>
        {
            var following = parse.GetValue(follow);
            // A mistyped id would otherwise list nothing (or follow forever) and exit 0; REST's /api/tasks/{id}/events says 404.
            if (parse.GetValue(task) is { } taskId && await client.GetAsync(taskId, ct) is null) throw await CliContext.NoTaskAsync(client, taskId, ct);
            // A look without --follow or --after is at what happened last: the newest events, not the oldest retained.
            if (!following && parse.GetValue(after) is null)
            {
                foreach (var e in await client.GetRecentEventsAsync(types, parse.GetValue(limit), parse.GetValue(task), ct))
                    await context.Out.WriteLineAsync(Line(e, parse.GetValue(context.Json)));
                return ExitCodes.Ok;
            }
            var start = parse.GetValue(after) ?? (following ? null : "0");
            var printed = 0;
            // Without --follow the listing ends after 500 ms without a new event, measured on the CLI's clock.
            using var quiet = new CancellationTokenSource(Timeout.InfiniteTimeSpan, context.Time);
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct, quiet.Token);
            if (!following) quiet.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                await foreach (var e in client.SubscribeAsync(types, start, idle.Token))
                {
                    if (parse.GetValue(task) is { } only && e.TaskId != only) continue;
                    await context.Out.WriteLineAsync(Line(e, parse.GetValue(context.Json)));
                    if (!following && ++printed >= parse.GetValue(limit)) break;
                    if (!following) quiet.CancelAfter(TimeSpan.FromMilliseconds(500));
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static string Line(SchedulerEvent e, bool json) => json
        ? Formatting.Json(e)
        : $"{Formatting.Instant(e.At)}  {e.Id,-16}  {e.Type,-28} {e.TaskId}  {string.Join(" ", e.Data.Select(d => $"{d.Key}={d.Value}"))}";
}
