using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;

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
    /// Each write is made on what the plan read: an id another client created or changed in between is not overwritten
    /// but reported <see cref="DeclarationOutcome.Conflict"/> (applying again plans on what it holds now); so is a task
    /// the prune would cancel that another client replaced, updated or created anew in between (it is left live).
    /// </summary>
    /// <exception cref="InvalidTaskException">A declaration is not valid (each problem named with its index and id), two share an id, or the prune filter names nothing.</exception>
    public async Task<IReadOnlyList<DeclarationResult>> ApplyAsync(IReadOnlyList<ScheduleDeclaration> declarations, ApplyOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        options ??= new ApplyOptions();
        var plan = await PlanAsync(declarations, options.Prune, cancellationToken);
        return options.DryRun ? [.. plan.Select(p => p.Result)] : await WriteAsync(plan, cancellationToken);
    }

    /// <summary>
    /// Writes what <see cref="PlanAsync"/> planned, each item only onto what the plan read under its id: a create only
    /// where nothing is, a replace only of the very record read (its creation time and definition revision).
    /// </summary>
    internal async Task<IReadOnlyList<DeclarationResult>> WriteAsync(IReadOnlyList<(DeclarationResult Result, ScheduleDeclaration? Declaration, string? Held)> plan,
        CancellationToken cancellationToken)
    {
        var results = new List<DeclarationResult>(plan.Count);
        foreach (var (result, declaration, held) in plan)
        {
            if (result.Outcome is DeclarationOutcome.Created or DeclarationOutcome.Replaced or DeclarationOutcome.Rescheduled)
                results.Add(await WriteDeclaredAsync(result, declaration!, held!, cancellationToken));
            else if (result.Outcome == DeclarationOutcome.Cancelled)
            {
                // Cancelled only if still the task the plan read: one another client replaced, updated or created anew
                // meanwhile is theirs now, not a stray. One that ended or went meanwhile is already what the prune wanted.
                results.Add(await CancelIfHeldAsync(result.Id, held, acknowledged: true, cancellationToken) is null
                    ? new DeclarationResult(result.Id, DeclarationOutcome.Conflict, (await _store.GetAsync(result.Id))?.Status, [])
                    : result);
            }
            else results.Add(result);
        }
        return results;
    }

    private async Task<DeclarationResult> WriteDeclaredAsync(DeclarationResult planned, ScheduleDeclaration declaration, string held, CancellationToken cancellationToken)
    {
        var pause = DeclaredPause(declaration, _time.GetUtcNow());
        try
        {
            return await WriteDeclaredAsync(planned, declaration, held, pause, cancellationToken);
        }
        // The end passed between the clock read above and the create's own check of the pause: it would have lifted.
        catch (InvalidTaskException) when (pause?.Until is { } until && until <= _time.GetUtcNow())
        {
            return await WriteDeclaredAsync(planned, declaration, held, pause: null, cancellationToken);
        }
    }

    private async Task<DeclarationResult> WriteDeclaredAsync(DeclarationResult planned, ScheduleDeclaration declaration, string held, PauseRequest? pause,
        CancellationToken cancellationToken)
    {
        // Created paused in the same write: an export of a paused task must not come back running elsewhere, not even
        // for the moment between a create and a pause (a one-shot due then would fire). A live task replaced keeps its own status.
        var options = Options(declaration) with { Replace = true, Paused = pause };
        try
        {
            if (await ScheduleIfHeldAsync(declaration.Task, declaration.Spec, options, held, cancellationToken) is { } written)
            {
                var outcome = written.Outcome switch
                {
                    ScheduleOutcome.Created => DeclarationOutcome.Created,
                    ScheduleOutcome.Replaced => DeclarationOutcome.Replaced,
                    ScheduleOutcome.Rescheduled => DeclarationOutcome.Rescheduled,
                    // Another client wrote this very definition meanwhile: what the declaration asks is there.
                    _ => DeclarationOutcome.Unchanged,
                };
                return planned with { Outcome = outcome, Paused = PausedAsDeclared(declaration, outcome, pause) };
            }
            // Ended or gone since the plan read it: left as it is.
            return new DeclarationResult(declaration.Id, DeclarationOutcome.Conflict, (await _store.GetAsync(declaration.Id))?.Status, []);
        }
        catch (ScheduleConflictException e)
        {
            return new DeclarationResult(declaration.Id, DeclarationOutcome.Conflict, e.Current, e.Differences);
        }
    }

    private static ScheduleOptions Options(ScheduleDeclaration declaration) => (declaration.Options ?? new ScheduleOptions()) with { Id = declaration.Id };

    /// <summary>
    /// The pause a created task gets: the declared note and end (an export of a task paused until an instant), or a note
    /// saying it was declared paused. An end already past by the apply is a pause that would have lifted: none.
    /// </summary>
    private static PauseRequest? DeclaredPause(ScheduleDeclaration declaration, DateTimeOffset now) =>
        !declaration.Paused || declaration.PauseUntil <= now ? null
            : new PauseRequest { Note = string.IsNullOrWhiteSpace(declaration.PauseNote) ? ScheduleDeclaration.DeclaredPausedNote : declaration.PauseNote, Until = declaration.PauseUntil };

    // Said only of a task the apply creates or schedules anew: a live task replaced keeps its own status.
    private static bool? PausedAsDeclared(ScheduleDeclaration declaration, DeclarationOutcome outcome, PauseRequest? pause) =>
        declaration.Paused && outcome is DeclarationOutcome.Created or DeclarationOutcome.Rescheduled ? pause is not null : null;

    /// <summary>
    /// What applying <paramref name="declarations"/> would do, read without writing: each item with the declaration and
    /// what its id held when read (<see cref="Storage.CreateReply.Held"/>), which <see cref="WriteAsync"/> writes onto.
    /// </summary>
    internal async Task<List<(DeclarationResult Result, ScheduleDeclaration? Declaration, string? Held)>> PlanAsync(IReadOnlyList<ScheduleDeclaration> declarations,
        ScheduleFilter? prune, CancellationToken cancellationToken)
    {
        var problems = DeclarationChecks.Problems(declarations, prune).ToList();
        var plan = new List<(DeclarationResult, ScheduleDeclaration?, string?)>();
        for (var i = 0; i < declarations.Count; i++)
        {
            var declaration = declarations[i];
            if (declaration is null || DeclarationChecks.Incomplete(declaration)) continue;
            try
            {
                var preview = await PreviewAsync(declaration.Task, declaration.Spec, Options(declaration), cancellationToken);
                var planned = Outcome(declaration.Id, preview);
                plan.Add((planned with { Paused = PausedAsDeclared(declaration, planned.Outcome, DeclaredPause(declaration, _time.GetUtcNow())) }, declaration, preview.Held));
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

    private async Task<IEnumerable<(DeclarationResult, ScheduleDeclaration?, string?)>> StrayAsync(IReadOnlyList<ScheduleDeclaration> declarations, ScheduleFilter prune,
        CancellationToken cancellationToken)
    {
        var declared = declarations.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        // Each stray with what its record was (creation time and definition revision) as the listing read it, in the
        // same read: the cancel is made on that record only, the one the plan reports. Read apart, a task replaced
        // between the listing and that read was taken as held, and cancelled.
        var live = await ListLiveHeldAsync(prune, cancellationToken);
        return live.Where(t => !declared.Contains(t.Task.Id) && !ScheduleStatusNames.HasEnded(t.Task.Status) && Plugins.DeclaredSchedules.PluginOf(t.Task) is null)
            .OrderBy(t => t.Task.Id, StringComparer.Ordinal)
            .Select(t => (new DeclarationResult(t.Task.Id, DeclarationOutcome.Cancelled, t.Task.Status, []), (ScheduleDeclaration?)null, (string?)t.Held));
    }

    /// <summary>
    /// Every live task (scheduled, paused, running; or those of the filter's own status) <paramref name="filter"/>
    /// matches, however many: what an export writes and a prune looks through. Read by status, so ended tasks do not
    /// crowd out live ones, and a page of 10,000 at a time, so none is left out past the most one read returns (the export's and the
    /// prune's reads stopped there: an export cut short, a prune that left strays).
    /// </summary>
    internal async Task<List<ScheduledTask>> ListLiveAsync(ScheduleFilter filter, CancellationToken cancellationToken = default) =>
        [.. (await ListLiveHeldAsync(filter, cancellationToken)).Select(t => t.Task)];

    /// <summary><see cref="ListLiveAsync"/>, each task with what its record was when listed (<see cref="CreateReply.Held"/>).</summary>
    private async Task<List<(ScheduledTask Task, string Held)>> ListLiveHeldAsync(ScheduleFilter filter, CancellationToken cancellationToken)
    {
        const int page = 10_000;
        var live = new List<(ScheduledTask Task, string Held)>();
        var reader = new ScheduleSearchReader(_store);
        foreach (var status in filter.Status is { } given ? [given] : new[] { ScheduleStatus.Scheduled, ScheduleStatus.Paused, ScheduleStatus.Running })
        {
            for (var offset = 0; ; offset += page)
            {
                var found = await reader.SearchHeldAsync(filter with { Status = status }, page, offset).WaitAsync(cancellationToken);
                live.AddRange(found);
                if (found.Count < page) break;
            }
        }
        // Pages by offset shift when tasks are created meanwhile, and a task may change status between two reads.
        return [.. live.DistinctBy(t => t.Task.Id, StringComparer.Ordinal)];
    }
}
