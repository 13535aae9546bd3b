using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.MethodCalls;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler info &lt;id&gt; [--runs N] [--next N]</c>: the schedule, its next occurrences, its runs in progress and its recent runs.</summary>
internal static class InfoCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var runs = new Option<int>("--runs") { Description = "How many recent attempts to show (1..1000)", DefaultValueFactory = _ => 10 }.Within(1, 1000);
        var next = new Option<int>("--next")
        {
            Description = $"Also list this many upcoming occurrences (1..{SchedulerClient.MaxOccurrences}), from the next run, in the task's zone",
        }.Within(1, SchedulerClient.MaxOccurrences);
        var command = new Command("info", "Show a schedule and its recent runs") { id, runs, next };
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var taskId = parse.GetValue(id)!;
            var task = await client.GetAsync(taskId, ct) ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
            var history = await client.GetRunsAsync(taskId, parse.GetValue(runs), ct);
            var inProgress = await client.GetRunsInProgressAsync(taskId, ct);
            var now = context.Time.GetUtcNow();
            // Read from the task already fetched, so the list starts at the next run shown above it.
            var upcoming = parse.GetResult(next) is null ? null : SchedulerClient.Upcoming(task, parse.GetValue(next), now);
            object json = upcoming is null ? new { task, inProgress, runs = history } : new { task, inProgress, runs = history, occurrences = upcoming };
            await context.PrintAsync(parse, json, async o =>
            {
                await o.WriteLineAsync($"id:          {task.Id}");
                await o.WriteLineAsync($"name:        {task.Name}");
                await o.WriteLineAsync($"type:        {task.Task.TypeName}");
                if (task.Task is MethodCallTask call) await o.WriteLineAsync($"call:        {call.Describe()}");
                await o.WriteLineAsync($"status:      {task.Status.ToString().ToLowerInvariant()}");
                if (task.Pause is { } pause) await o.WriteLineAsync($"pause:       {pause}");
                if (task.Description is { } description) await o.WriteLineAsync($"description: {description}");
                if (task.Options.ModuleId is { } module) await o.WriteLineAsync($"module:      {module}");
                await o.WriteLineAsync($"created:     {Formatting.Instant(task.CreatedAt)} by {task.CreatedBy ?? "-"}");
                if (task.ChangedAt is { } changed) await o.WriteLineAsync($"changed:     {Formatting.Instant(changed)} by {task.ChangedBy ?? "-"}");
                await o.WriteLineAsync($"spec:        {task.Spec}");
                await o.WriteLineAsync($"schedule:    {task.Schedule.Description}");
                // In the zone the schedule line above names, so "at 09:00 (Europe/Berlin)" is followed by 09:00, not 08:00 +00:00.
                await o.WriteLineAsync($"next run:    {Formatting.InZone(task.NextRunAt, task.Schedule.TimeZone)} ({Formatting.NextRun(task, now)})");
                if (upcoming is not null)
                    await o.WriteLineAsync($"upcoming:    {(upcoming.Count == 0 ? "none" : string.Join(Environment.NewLine + "             ", upcoming.Select(at => Formatting.Instant(at))))}");
                await o.WriteLineAsync($"runs:        {task.RunCount}");
                await o.WriteLineAsync($"last run:    {Formatting.Instant(task.LastRunAt)} {(task.LastOutcome is { } last ? Formatting.Outcome(last) : "")}");
                foreach (var run in inProgress) await o.WriteLineAsync($"in progress: {InProgressText.Describe(run)}");
                foreach (var line in OptionsText.Lines(task)) await o.WriteLineAsync(line);
                foreach (var line in FlowText.Lines(task, now)) await o.WriteLineAsync(line);
                await o.WriteLineAsync($"task:        {Formatting.Json(task.Task)}");
                await o.WriteLineAsync();
                await o.WriteAsync(Formatting.RunsTable(history, now));
            });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
