using System.CommandLine;
using System.Globalization;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Housekeeping;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler cleanup history &lt;id&gt;</c>: a registration's newest real runs (at most
/// <see cref="CleanupLastRun.KeptRuns"/>), newest first, with each failed run's errors below the table.
/// </summary>
internal static class CleanupHistoryCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "Cleanup registration id" }.AcceptsIds("cleanup registration id");
        var command = new Command("history", $"Show a cleanup registration's last {CleanupLastRun.KeptRuns} real runs, newest first") { id };
        command.SetAction(context.ConnectedToRead(async (parse, client, ct) =>
        {
            var registrationId = parse.GetValue(id)!;
            var runs = await client.GetCleanupRunsAsync(registrationId, ct)
                ?? throw new CliException(ExitCodes.NotFound, $"no cleanup registration with id \"{registrationId}\"");
            await context.PrintAsync(parse, runs, o => WriteAsync(o, runs));
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task WriteAsync(TextWriter output, IReadOnlyList<CleanupLastRun> runs)
    {
        if (runs.Count == 0)
        {
            await output.WriteLineAsync("no real run yet (dry runs are not recorded)");
            return;
        }
        static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);
        await output.WriteAsync(Formatting.Table(["AT", "BY", "OUTCOME", "EXAMINED", "DELETED", "BYTES", "ERRORS"],
            runs.Select(r => (IReadOnlyList<string>)
            [
                Formatting.Instant(r.At), r.RanBy, r.Succeeded ? "succeeded" : "failed", Number(r.FilesExamined), Number(r.FilesDeleted),
                Number(r.BytesFreed), Number(r.Errors.Count),
            ])));
        foreach (var run in runs)
        foreach (var error in run.Errors)
            await output.WriteLineAsync($"{Formatting.Instant(run.At)}: {error}");
    }
}
