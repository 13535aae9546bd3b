using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler dismiss &lt;runId&gt;...</c>: take failed runs off the failed list without running them again.</summary>
internal static class DismissCommand
{
    public static Command Create(CliContext context)
    {
        var runIds = new Argument<string[]>("runId") { Description = "The failed runs' ids, as 'scheduler failed' lists them (taskId:instant)", Arity = ArgumentArity.OneOrMore };
        var command = new Command("dismiss", "Take failed or timed-out runs off the failed list without running them again (their history is kept)") { runIds };
        command.SetAction(context.Connected(parse =>
        {
            var runs = parse.GetValue(runIds)!;
            foreach (var run in runs) RunIds.TaskOf(run, "run id");
            return runs;
        }, async (parse, runs, client, ct) =>
        {
            var dismissed = new List<string>();
            var notListed = new List<string>();
            foreach (var run in runs.Distinct(StringComparer.Ordinal))
                (await client.DismissFailedRunAsync(run, ct) ? dismissed : notListed).Add(run);
            if (parse.GetValue(context.Json)) await context.Out.WriteLineAsync(Formatting.Json(new { dismissed, notListed }));
            else
            {
                foreach (var run in dismissed) await context.Out.WriteLineAsync($"dismissed {run}");
                foreach (var run in notListed)
                    await context.Error.WriteLineAsync($"error: run {run} is not in the failed list (dismissed or retried already, or it did not fail); 'scheduler failed' lists those that are");
            }
            return notListed.Count == 0 ? ExitCodes.Ok : ExitCodes.NotFound;
        }));
        return command;
    }
}
