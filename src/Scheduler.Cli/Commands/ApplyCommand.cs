using System.CommandLine;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler apply FILE [--dry-run] [--prune --tag T] [--no-verify]</c>: makes the schedules match a file (<see cref="ScheduleFile"/>)
/// through <see cref="SchedulerClient.ApplyAsync"/>: created, replaced, unchanged, left ended, rescheduled, cancelled; an id
/// another client created or changed between the read and the write is a conflict, left as it is (exit 6, the rest applied).
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The schedules file ('-' for standard input), as 'scheduler export' writes it" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would change, and write nothing" };
        var prune = new Option<bool>("--prune") { Description = "Also cancel the live tasks the filters match that the file does not hold (needs a filter: what the file owns)" };
        // Read by the connection (CliContext.NoVerify), as schedule's and update's are: the client then skips the live-worker check.
        var noVerify = new Option<bool>("--no-verify")
        {
            Description = "Apply even if no live worker offers a task's type, plugin, MCP server, channel or program, or serves its queue (for workers that start later; also SCHEDULER_VERIFY=false)",
        };
        var filters = new TaskFilterOptions();
        var command = new Command("apply", "Make the schedules match a file, by id: create, replace what changed, leave the rest; --dry-run to see first") { file, dryRun, prune, noVerify };
        filters.AddTo(command);
        command.SetAction(context.Connected(parse =>
        {
            if (parse.GetValue(prune) && !filters.AnyGiven(parse))
                throw new CliException(ExitCodes.BadInput, "--prune needs a filter naming the tasks the file owns (e.g. --tag team-a or --module billing); without one it would cancel every task not in the file");
            if (!parse.GetValue(prune) && filters.AnyGiven(parse))
                throw new CliException(ExitCodes.BadInput, "--status, --type, --tag, --module, --name and --recurring choose what --prune may cancel; give --prune with them");
            return ScheduleFile.Read(parse.GetValue(file)!);
        }, async (parse, declarations, client, ct) =>
        {
            var dry = parse.GetValue(dryRun);
            IReadOnlyList<DeclarationResult> results;
            try
            {
                results = await client.ApplyAsync(declarations, new ApplyOptions { DryRun = dry, Prune = parse.GetValue(prune) ? filters.Read(parse) : null }, ct);
            }
            catch (InvalidTaskException e)
            {
                throw new CliException(ExitCodes.BadInput, "the file is not applied, nothing was written:\n  " + string.Join("\n  ", e.Errors));
            }
            // JSON as POST /api/schedules/apply answers it.
            await context.PrintAsync(parse, DeclarationReport.ToDocument(results, dry), async o =>
            {
                foreach (var result in results) await o.WriteLineAsync(Line(result, declarations, dry));
                await o.WriteLineAsync((dry ? "dry run, nothing written: would be " : "applied: ") + string.Join(", ", Counts(results).Select(c => $"{c.Value} {c.Key}")));
            });
            if (results.Where(r => r.Outcome == DeclarationOutcome.Conflict).Select(r => r.Id).ToList() is not { Count: > 0 } conflicts) return ExitCodes.Ok;
            await context.Error.WriteLineAsync("error: " + DeclarationReport.ConflictMessage(conflicts));
            return ExitCodes.Conflict;
        }));
        return command;
    }

    private static string Word(DeclarationOutcome outcome) => outcome == DeclarationOutcome.LeftEnded ? "left ended" : outcome.ToString().ToLowerInvariant();

    private static Dictionary<string, int> Counts(IReadOnlyList<DeclarationResult> results) =>
        Enum.GetValues<DeclarationOutcome>().Select(o => (Name: Word(o), Count: results.Count(r => r.Outcome == o)))
            .Where(c => c.Count > 0 || c.Name is "created" or "unchanged").ToDictionary(c => c.Name, c => c.Count);

    /// <summary>One line: what happened, the id, and why (the differences, the ended status, not in the file).</summary>
    private static string Line(DeclarationResult result, IReadOnlyList<ScheduleDeclaration> declarations, bool dry)
    {
        var status = result.Status is { } s ? ScheduleStatusNames.Name(s) : null;
        var why = result.Outcome switch
        {
            DeclarationOutcome.Created or DeclarationOutcome.Rescheduled when Pause(result, declarations.First(d => d.Id == result.Id)) is { } pause =>
                (result.Outcome == DeclarationOutcome.Created ? "" : $"was {status}; " + string.Join("; ", result.Differences) + "; ")
                + $"{declarations.First(d => d.Id == result.Id).Spec}, {pause}",
            DeclarationOutcome.Created => declarations.First(d => d.Id == result.Id).Spec,
            DeclarationOutcome.Replaced => string.Join("; ", result.Differences),
            DeclarationOutcome.Rescheduled => $"was {status}; " + string.Join("; ", result.Differences),
            DeclarationOutcome.LeftEnded => $"{status} and unchanged in the file (change it there, or schedule it by hand, to run it again)",
            DeclarationOutcome.Cancelled => "not in the file (--prune)",
            DeclarationOutcome.Conflict => "changed by another client since this apply read it; left as it is"
                + (status is null ? " (now gone)" : $" (now {status}{(result.Differences.Count > 0 ? "; " + string.Join("; ", result.Differences) : "")})"),
            _ => "",
        };
        return $"{(dry ? "would be " : "")}{Word(result.Outcome),-11} {result.Id}{(why is { Length: > 0 } ? "  " + why : "")}";
    }

    // As the client decided it (its clock is Redis's): a declared pause whose end had passed is not made.
    private static string? Pause(DeclarationResult result, ScheduleDeclaration declaration) => result.Paused switch
    {
        false => $"not paused: the file's pause ended {Instant(declaration.PauseUntil!.Value)}",
        true when declaration.PauseUntil is { } until => $"paused as the file declares, until {Instant(until)}",
        true => "paused as the file declares",
        null => null,
    };

    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) + "Z";
}
