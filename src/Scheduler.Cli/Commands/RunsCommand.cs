using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler runs &lt;id&gt; [--limit N] [--full]</c>: execution attempts, newest first.</summary>
internal static class RunsCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var limit = new Option<int>("--limit") { Description = "How many attempts (1..1000)", DefaultValueFactory = _ => 20 }.Within(1, 1000);
        var full = Formatting.FullOption();
        var command = new Command("runs", "List a task's execution attempts, newest first") { id, limit, full };
        command.SetAction(context.ConnectedToRead(parse => parse.GetValue(id)!, async (parse, taskId, client, ct) =>
        {
            if (await client.GetAsync(taskId, ct) is null) throw await CliContext.NoTaskAsync(client, taskId, ct);
            var runs = await client.GetRunsAsync(taskId, parse.GetValue(limit), ct);
            await context.PrintAsync(parse, runs, o => o.WriteAsync(Formatting.RunsTable(runs, context.Time.GetUtcNow(), clip: !parse.GetValue(full))));
            return ExitCodes.Ok;
        }));
        return command;
    }
}
