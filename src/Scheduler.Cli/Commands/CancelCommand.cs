using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler cancel &lt;id&gt;</c> and <c>scheduler cancel --all [filters]</c>. Cancelling a task that already ended
/// is not a failure: it prints "already ended" and exits <see cref="ExitCodes.AlreadyEnded"/>.
/// </summary>
internal static class CancelCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string?>("id") { Description = "Task id (omit with --all)", Arity = ArgumentArity.ZeroOrOne }.AcceptsIds("task id");
        var all = new Option<bool>("--all") { Description = "Cancel every scheduled, paused or running task the filters match; prints how many" };
        var filters = new TaskFilterOptions();
        var command = new Command("cancel", "Cancel a task (it never fires again), or every matching task with --all") { id, all };
        filters.AddTo(command);
        command.SetAction(context.Connected(parse =>
        {
            var taskId = parse.GetValue(id);
            var everything = parse.GetValue(all);
            if (taskId is not null && everything) throw new CliException(ExitCodes.BadInput, "give a task id or --all, not both");
            if (taskId is null && !everything) throw new CliException(ExitCodes.BadInput, "give the id of the task to cancel, or --all (with filters) to cancel many");
            if (taskId is not null && filters.AnyGiven(parse))
                throw new CliException(ExitCodes.BadInput, "--status, --type, --tag, --module and --recurring go with --all; a task id names one task");
            return taskId;
        }, async (parse, taskId, client, ct) => taskId is null
            ? await CancelAllAsync(context, parse, client, filters.Read(parse), ct)
            : await CancelOneAsync(context, parse, client, taskId, ct)));
        return command;
    }

    private static async Task<int> CancelOneAsync(CliContext context, ParseResult parse, SchedulerClient client, string taskId, CancellationToken ct)
    {
        var result = await client.CancelWithResultAsync(taskId, ct);
        if (result.Outcome == CancelOutcome.NotFound) throw await CliContext.NoTaskAsync(client, taskId, ct);
        if (result is { Outcome: CancelOutcome.AlreadyEnded, Status: { } ended })
        {
            var status = ScheduleStatusNames.Name(ended);
            await context.PrintAsync(parse, new { id = taskId, cancelled = false, status, reason = "already ended" },
                o => o.WriteLineAsync($"already ended: task {taskId} is {status}; nothing to cancel"));
            return ExitCodes.AlreadyEnded;
        }
        await context.PrintAsync(parse, new { id = taskId, cancelled = true }, o => o.WriteLineAsync($"cancelled {taskId}"));
        return ExitCodes.Ok;
    }

    private static async Task<int> CancelAllAsync(CliContext context, ParseResult parse, SchedulerClient client, ScheduleFilter filter, CancellationToken ct)
    {
        var count = await client.CancelAllAsync(filter, ct);
        await context.PrintAsync(parse, new { cancelled = count }, o => o.WriteLineAsync($"cancelled {count} task(s)"));
        return ExitCodes.Ok;
    }
}
