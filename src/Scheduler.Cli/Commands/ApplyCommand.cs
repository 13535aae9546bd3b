using System.CommandLine;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Cli.Commands;

/// <summary>
/// <c>scheduler apply FILE [--dry-run] [--prune --tag T]</c>: makes the schedules match a file (<see cref="ScheduleFile"/>),
/// by id: new ones are created, changed ones replaced in place (history kept), the same ones left alone. An ended task
/// the file still holds unchanged is left ended, as a plugin's declaration is: a completed one-shot or a cancelled task
/// does not come back because the file was applied again; changed in the file, it is scheduled anew. Every item is
/// checked before anything is written.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("file") { Description = "The schedules file ('-' for standard input), as 'scheduler export' writes it" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would change, and write nothing" };
        var prune = new Option<bool>("--prune") { Description = "Also cancel the live tasks the filters match that the file does not hold (needs a filter: what the file owns)" };
        var filters = new TaskFilterOptions();
        var command = new Command("apply", "Make the schedules match a file, by id: create, replace what changed, leave the rest; --dry-run to see first") { file, dryRun, prune };
        filters.AddTo(command);
        command.SetAction(context.Connected(parse =>
        {
            if (parse.GetValue(prune) && !filters.AnyGiven(parse))
                throw new CliException(ExitCodes.BadInput, "--prune needs a filter naming the tasks the file owns (e.g. --tag team-a or --module billing); without one it would cancel every task not in the file");
            if (!parse.GetValue(prune) && filters.AnyGiven(parse))
                throw new CliException(ExitCodes.BadInput, "--status, --type, --tag, --module, --name and --recurring choose what --prune may cancel; give --prune with them");
            return ScheduleFile.Read(parse.GetValue(file)!);
        }, async (parse, items, client, ct) =>
        {
            var plan = await PlanAsync(client, items, ct);
            if (parse.GetValue(prune)) plan.AddRange(await StrayAsync(client, filters.Read(parse), items, ct));
            var dry = parse.GetValue(dryRun);
            if (!dry) await ApplyAsync(client, plan, ct);
            await context.PrintAsync(parse, new { dryRun = dry, changes = plan.Select(c => c.Json()), counts = Counts(plan) },
                async o =>
                {
                    foreach (var change in plan) await o.WriteLineAsync(change.Line(dry));
                    await o.WriteLineAsync((dry ? "dry run, nothing written: would be " : "applied: ") +
                        string.Join(", ", Counts(plan).Select(c => $"{c.Value} {c.Key}")));
                });
            return ExitCodes.Ok;
        }));
        return command;
    }

    // Every item checked first (spec, task, options, live workers): one that does not hold stops the file before a write.
    private static async Task<List<PlannedChange>> PlanAsync(SchedulerClient client, IReadOnlyList<ScheduleFileItem> items, CancellationToken ct)
    {
        var plan = new List<PlannedChange>();
        var problems = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            try
            {
                var preview = await client.PreviewAsync(item.Task!, item.Spec!, (item.Options ?? new ScheduleOptions()) with { Id = item.Id }, ct);
                plan.Add(PlannedChange.For(item, preview));
            }
            catch (Exception e) when (e is ScheduleSpecException or InvalidTaskException or Contracts.Capabilities.TaskNotOfferedException)
            {
                problems.Add($"schedules[{i}] ({item.Id}): {e.Message}");
            }
        }
        if (problems.Count > 0) throw new CliException(ExitCodes.BadInput, "the file is not applied, nothing was written:\n  " + string.Join("\n  ", problems));
        return plan;
    }

    private static async Task<IEnumerable<PlannedChange>> StrayAsync(SchedulerClient client, ScheduleFilter filter, IReadOnlyList<ScheduleFileItem> items, CancellationToken ct)
    {
        var held = items.Select(i => i.Id!).ToHashSet(StringComparer.Ordinal);
        var live = new List<ScheduledTask>();
        foreach (var status in filter.Status is { } given ? [given] : new[] { ScheduleStatus.Scheduled, ScheduleStatus.Paused, ScheduleStatus.Running })
            live.AddRange(await client.ListAsync(filter with { Status = status }, 10_000, cancellationToken: ct));
        return live.Where(t => !held.Contains(t.Id) && !ScheduleStatusNames.HasEnded(t.Status)).OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => new PlannedChange(t.Id, ApplyAction.Cancelled, null, t, []));
    }

    private static async Task ApplyAsync(SchedulerClient client, List<PlannedChange> plan, CancellationToken ct)
    {
        foreach (var change in plan)
        {
            switch (change.Action)
            {
                case ApplyAction.Created or ApplyAction.Replaced or ApplyAction.Rescheduled:
                    var item = change.Item!;
                    await client.ScheduleWithResultAsync(item.Task!, item.Spec!, (item.Options ?? new ScheduleOptions()) with { Id = item.Id, Replace = true }, ct);
                    break;
                case ApplyAction.Cancelled:
                    // One that ended meanwhile is already what --prune wanted.
                    try { await client.CancelAsync(change.Id, ct); }
                    catch (InvalidTransitionException) { }
                    break;
            }
        }
    }

    private static Dictionary<string, int> Counts(List<PlannedChange> plan) =>
        Enum.GetValues<ApplyAction>().Select(a => (Name: PlannedChange.Word(a), Count: plan.Count(c => c.Action == a)))
            .Where(c => c.Count > 0 || c.Name is "created" or "unchanged").ToDictionary(c => c.Name, c => c.Count);
}
