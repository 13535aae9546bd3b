using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Makes the schedules match <paramref name="declarations"/>, by id, as Hangfire's <c>AddOrUpdate</c> at start-up or
    /// Celery's <c>beat_schedule</c> does: a new id is created, a changed one replaced in place (history kept), the same
    /// one left alone; an ended task held unchanged stays ended, changed it is scheduled anew (see
    /// <see cref="DeclarationOutcome"/>). Every declaration is checked first (spec, task, options, live workers): one
    /// that does not hold refuses them all and nothing is written. With <see cref="ApplyOptions.Prune"/>, the live tasks
    /// that filter matches and no declaration holds are cancelled, except those a plugin declares. Returns one result per id, the declarations' first.
    /// </summary>
    /// <exception cref="InvalidTaskException">A declaration is not valid (each problem named with its index and id), two share an id, or the prune filter names nothing.</exception>
    public async Task<IReadOnlyList<DeclarationResult>> ApplyAsync(IReadOnlyList<ScheduleDeclaration> declarations, ApplyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        options ??= new ApplyOptions();
        var plan = await PlanAsync(declarations, options.Prune, cancellationToken);
        if (!options.DryRun)
        {
            foreach (var (result, declaration) in plan)
            {
                if (result.Outcome is DeclarationOutcome.Created or DeclarationOutcome.Replaced or DeclarationOutcome.Rescheduled)
                {
                    await ScheduleWithResultAsync(declaration!.Task, declaration.Spec, Options(declaration) with { Replace = true }, cancellationToken);
                    // Paused right after it is made: an export of a paused task must not come back running elsewhere.
                    if (declaration.Paused && result.Outcome != DeclarationOutcome.Replaced)
                        await PauseAsync(declaration.Id, new PauseRequest { Note = "declared paused" }, cancellationToken);
                }
                else if (result.Outcome == DeclarationOutcome.Cancelled)
                {
                    // One that ended meanwhile is already what the prune wanted.
                    try { await CancelAsync(result.Id, cancellationToken); }
                    catch (InvalidTransitionException) { }
                }
            }
        }
        return [.. plan.Select(p => p.Result)];
    }

    private static ScheduleOptions Options(ScheduleDeclaration declaration) => (declaration.Options ?? new ScheduleOptions()) with { Id = declaration.Id };

    private async Task<List<(DeclarationResult Result, ScheduleDeclaration? Declaration)>> PlanAsync(IReadOnlyList<ScheduleDeclaration> declarations,
        ScheduleFilter? prune, CancellationToken cancellationToken)
    {
        var problems = DeclarationChecks.Problems(declarations, prune).ToList();
        var plan = new List<(DeclarationResult, ScheduleDeclaration?)>();
        for (var i = 0; i < declarations.Count; i++)
        {
            var declaration = declarations[i];
            if (declaration is null || DeclarationChecks.Incomplete(declaration)) continue;
            try
            {
                var preview = await PreviewAsync(declaration.Task, declaration.Spec, Options(declaration), cancellationToken);
                plan.Add((Outcome(declaration.Id, preview), declaration));
            }
            catch (Exception e) when (e is ScheduleSpecException or InvalidTaskException or Capabilities.TaskNotOfferedException)
            {
                problems.Add($"schedules[{i}] ({declaration.Id}): {e.Message}");
            }
        }
        if (problems.Count > 0) throw new InvalidTaskException(problems);
        if (prune is not null) plan.AddRange(await StrayAsync(declarations, prune, cancellationToken));
        return plan;
    }

    private static DeclarationResult Outcome(string id, SchedulePreview preview)
    {
        var outcome = preview.Current switch
        {
            null => DeclarationOutcome.Created,
            { Status: var s } when ScheduleStatusNames.HasEnded(s) => preview.IsSame ? DeclarationOutcome.LeftEnded : DeclarationOutcome.Rescheduled,
            _ => preview.IsSame ? DeclarationOutcome.Unchanged : DeclarationOutcome.Replaced,
        };
        return new(id, outcome, preview.Current?.Status, preview.Differences);
    }

    private async Task<IEnumerable<(DeclarationResult, ScheduleDeclaration?)>> StrayAsync(IReadOnlyList<ScheduleDeclaration> declarations, ScheduleFilter prune,
        CancellationToken cancellationToken)
    {
        var held = declarations.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var live = await ListLiveAsync(prune, cancellationToken);
        return live.Where(t => !held.Contains(t.Id) && !ScheduleStatusNames.HasEnded(t.Status) && Plugins.DeclaredSchedules.PluginOf(t) is null).OrderBy(t => t.Id, StringComparer.Ordinal)
            .Select(t => (new DeclarationResult(t.Id, DeclarationOutcome.Cancelled, t.Status, []), (ScheduleDeclaration?)null));
    }

    /// <summary>
    /// Every live task (scheduled, paused, running; or those of the filter's own status) <paramref name="filter"/>
    /// matches, however many: what an export writes and a prune looks through. Read by status, so ended tasks do not
    /// crowd out live ones, and a page of 10,000 at a time, so none is left out past the most one read returns (the export's and the
    /// prune's reads stopped there: an export cut short, a prune that left strays).
    /// </summary>
    internal async Task<List<ScheduledTask>> ListLiveAsync(ScheduleFilter filter, CancellationToken cancellationToken = default)
    {
        const int page = 10_000;
        var live = new List<ScheduledTask>();
        foreach (var status in filter.Status is { } given ? [given] : new[] { ScheduleStatus.Scheduled, ScheduleStatus.Paused, ScheduleStatus.Running })
        {
            for (var offset = 0; ; offset += page)
            {
                var found = await ListAsync(filter with { Status = status }, page, offset, cancellationToken);
                live.AddRange(found);
                if (found.Count < page) break;
            }
        }
        // Pages by offset shift when tasks are created meanwhile, and a task may change status between two reads.
        return [.. live.DistinctBy(t => t.Id, StringComparer.Ordinal)];
    }
}
