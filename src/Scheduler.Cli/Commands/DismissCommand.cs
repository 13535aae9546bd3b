using System.CommandLine;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler dismiss &lt;runId&gt;...</c>, or <c>dismiss --task ID</c> / <c>--all [--type T]</c>: take failed runs off
/// the failed list without running them again.
/// </summary>
internal static class DismissCommand
{
    // The failed list keeps the last 10,000: a bulk dismissal reads at most that many.
    private const int PageSize = 1000;
    private const int MaxPages = 10;

    public static Command Create(CliContext context)
    {
        var runIds = new Argument<string[]>("runId") { Description = "The failed runs' ids, as 'scheduler failed' lists them (taskId:instant)", Arity = ArgumentArity.ZeroOrMore };
        var task = new Option<string?>("--task") { Description = "Every failed run of this task (as 'scheduler failed --task' lists them)" };
        var all = new Option<bool>("--all") { Description = "Every failed run listed (with --type: of tasks of that type)" };
        var type = new Option<string?>("--type") { Description = "With --all: only tasks of this type (shell, notification, …)" };
        var command = new Command("dismiss", "Take failed or timed-out runs off the failed list without running them again (their history is kept): the runs given, or every one of a task (--task) or of all tasks (--all)")
            { runIds, task, all, type };
        command.SetAction(context.Connected(parse => Check(parse.GetValue(runIds)!, parse.GetValue(task), parse.GetValue(all), parse.GetValue(type)),
            async (parse, input, client, ct) =>
        {
            var bulk = input.Runs.Length == 0;
            if (input.Task is { } id && await client.GetAsync(id, ct) is null) throw await CliContext.NoTaskAsync(client, id, ct);
            var runs = bulk ? await ListedAsync(client, input.Task, input.Type, ct) : input.Runs.Distinct(StringComparer.Ordinal).ToList();
            var dismissed = new List<string>();
            var notListed = new List<string>();
            foreach (var run in runs)
                (await client.DismissFailedRunAsync(run, ct) ? dismissed : notListed).Add(run);
            if (parse.GetValue(context.Json)) await context.Out.WriteLineAsync(Formatting.Json(new { dismissed, notListed }));
            else if (bulk)
                // One that left the list meanwhile (retried or dismissed by someone else) is no failure of this command.
                await context.Out.WriteLineAsync($"dismissed {dismissed.Count} failed run(s){(input.Task is { } of ? $" of {of}" : "")}");
            else
            {
                foreach (var run in dismissed) await context.Out.WriteLineAsync($"dismissed {run}");
                foreach (var run in notListed)
                    await context.Error.WriteLineAsync($"error: run {run} is not in the failed list (dismissed or retried already, or it did not fail); 'scheduler failed' lists those that are");
            }
            return bulk || notListed.Count == 0 ? ExitCodes.Ok : ExitCodes.NotFound;
        }));
        return command;
    }

    private static (string[] Runs, string? Task, string? Type) Check(string[] runs, string? task, bool all, string? type)
    {
        var chosen = (runs.Length > 0 ? 1 : 0) + (task is not null ? 1 : 0) + (all ? 1 : 0);
        if (chosen != 1)
            throw new CliException(ExitCodes.BadInput, chosen == 0
                ? "give the failed runs' ids, --task <id> for every failed run of a task, or --all for every failed run"
                : "give either run ids, --task or --all, not several");
        if (type is not null && !all) throw new CliException(ExitCodes.BadInput, "--type goes with --all; expected --all --type <type>");
        foreach (var run in runs) RunIds.TaskOf(run, "run id");
        if (task is not null && !TaskIds.IsValid(task)) throw new CliException(ExitCodes.BadInput, $"--task \"{task}\" is not a task id; expected {TaskIds.Accepted}");
        if (type is not null && !TaskTypes.Names.Contains(type))
            throw new CliException(ExitCodes.BadInput, $"--type \"{type}\" is not a task type; expected one of {string.Join(", ", TaskTypes.Names)}");
        return (runs, task, type);
    }

    // The ids listed when the command starts, read before any is dismissed (so paging by offset sees each once): a run
    // that fails while the command works is left for the operator to see.
    private static async Task<List<string>> ListedAsync(SchedulerClient client, string? task, string? type, CancellationToken ct)
    {
        var ids = new List<string>();
        for (var page = 0; page < MaxPages; page++)
        {
            var runs = (await client.GetFailedRunsAsync(task, type, PageSize, page * PageSize, ct)).Runs;
            ids.AddRange(runs.Select(r => r.Run.RunId));
            if (runs.Count < PageSize) break;
        }
        return ids.Distinct(StringComparer.Ordinal).ToList();
    }
}
