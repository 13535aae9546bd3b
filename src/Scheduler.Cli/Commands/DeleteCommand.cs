using System.CommandLine;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler delete &lt;id&gt;</c>: removes a task for good, with its history and index entries; a running run is
/// cancelled first. <c>cancel</c> is the one that keeps the task (status cancelled) and its history.
/// </summary>
internal static class DeleteCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var command = new Command("delete", "Delete a task for good: its record, run history and index entries (a running run is cancelled first); 'cancel' keeps them") { id };
        command.SetAction(context.Connected(async (parse, client, ct) =>
        {
            var taskId = parse.GetValue(id)!;
            if (!await client.DeleteAsync(taskId, ct)) throw await CliContext.NoTaskAsync(client, taskId, ct);
            await context.PrintAsync(parse, new { deleted = taskId }, o => o.WriteLineAsync($"deleted {taskId}"));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
