using System.Text.Json;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Declarations;

/// <summary>
/// What an apply did, as JSON shows it: one document, so REST's <c>POST /api/schedules/apply</c> and
/// <c>scheduler apply --json</c> agree field for field.
/// </summary>
internal static class DeclarationReport
{
    /// <summary>An outcome's JSON name: <c>created</c>, <c>leftEnded</c>, …</summary>
    public static string Name(DeclarationOutcome outcome) => JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());

    /// <summary>What the CLI and REST say of the ids an apply left as another client had just made them.</summary>
    public static string ConflictMessage(IReadOnlyCollection<string> ids) =>
        $"{ids.Count} schedule(s) not applied: {string.Join(", ", ids)} changed (created, replaced, updated, ended or deleted) by another client "
        + "between this apply's read and its write, and were left as they are; apply again to plan on what they hold now";

    /// <summary><c>{dryRun, changes: [{id, outcome, status, paused, differences}], counts: {created, …, cancelled}}</c>.</summary>
    public static object ToDocument(IReadOnlyList<DeclarationResult> results, bool dryRun) => new
    {
        dryRun,
        changes = results.Select(r => new
        {
            id = r.Id, outcome = Name(r.Outcome), status = r.Status is { } s ? ScheduleStatusNames.Name(s) : null, paused = r.Paused,
            differences = r.Differences.Select(d => new { field = d.Field, current = d.Current, requested = d.Requested }),
        }),
        counts = Enum.GetValues<DeclarationOutcome>().ToDictionary(Name, o => results.Count(r => r.Outcome == o)),
    };
}
