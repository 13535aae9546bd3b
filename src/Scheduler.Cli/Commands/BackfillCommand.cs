using System.CommandLine;
using Scheduler.Cli.Output;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler backfill &lt;id&gt; --from … [--to …] [--dry-run]</c>: run the occurrences a schedule had between two
/// instants. Both take a duration back (<c>--from 6h</c>) as <c>audit --since</c> does: "the last six hours" is the
/// usual backfill after an outage.
/// </summary>
internal static class BackfillCommand
{
    public static Command Create(CliContext context)
    {
        var id = IdSymbols.TaskId();
        var from = new Option<string>("--from") { Description = "Start (inclusive): a duration back (2h, 3d), ISO-8601 (UTC unless an offset is given) or e.g. \"yesterday at 6pm\"", Required = true };
        var to = new Option<string?>("--to") { Description = "End (inclusive, not in the future): a duration back or an instant, as --from; default now" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show how many occurrences would run, and the first ones" };
        var command = new Command("backfill", "Run the occurrences a schedule had between two instants (at most 1,000), respecting its overlap policy")
            { id, from, to, dryRun };
        (DateTimeOffset From, DateTimeOffset To) Range(ParseResult parse) =>
            (InstantOption.ReadBack(parse.GetValue(from), "--from", context.Time)!.Value,
             InstantOption.ReadBack(parse.GetValue(to), "--to", context.Time) ?? context.Time.GetUtcNow());
        command.SetAction(context.Connected(Range, async (parse, _, client, ct) =>
        {
            // Read again once connected, so "--from 6h" and the default "now" count from Redis's clock, not this host's.
            var range = Range(parse);
            var taskId = parse.GetValue(id)!;
            var plan = await client.BackfillAsync(taskId, range.From, range.To, parse.GetValue(dryRun), ct) ?? throw await CliContext.NoTaskAsync(client, taskId, ct);
            await context.PrintAsync(parse, plan, async o =>
            {
                var verb = plan.DryRun ? "would run" : "queued";
                await o.WriteLineAsync($"{plan.Occurrences} occurrence(s) of {taskId} from {Formatting.Instant(plan.From)} to {Formatting.Instant(plan.To)}: " +
                    $"{plan.ToRun} {verb}, {plan.AlreadyRun} already ran; {(plan.OneAtATime ? "one at a time" : "all at once")}");
                foreach (var at in plan.First) await o.WriteLineAsync($"  {Formatting.Instant(at)}");
                if (plan.ToRun > plan.First.Count) await o.WriteLineAsync($"  … and {plan.ToRun - plan.First.Count} more");
            });
            return ExitCodes.Ok;
        }));
        return command;
    }
}
