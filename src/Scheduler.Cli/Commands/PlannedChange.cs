using Scheduler.Contracts.Client;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Cli.Commands;



/// <summary>One id's change in an apply: its action, the file's item (none for a task --prune cancels), what it holds now and what differs.</summary>
internal sealed record PlannedChange(string Id, ApplyAction Action, ScheduleFileItem? Item, ScheduledTask? Current, IReadOnlyList<ScheduleDifference> Differences)
{
    public static PlannedChange For(ScheduleFileItem item, SchedulePreview preview)
    {
        var action = preview.Current switch
        {
            null => ApplyAction.Created,
            { Status: var s } when ScheduleStatusNames.HasEnded(s) => preview.IsSame ? ApplyAction.LeftEnded : ApplyAction.Rescheduled,
            _ => preview.IsSame ? ApplyAction.Unchanged : ApplyAction.Replaced,
        };
        return new(item.Id!, action, item, preview.Current, preview.Differences);
    }

    public static string Word(ApplyAction action) => action switch
    {
        ApplyAction.LeftEnded => "left ended",
        _ => action.ToString().ToLowerInvariant(),
    };

    /// <summary>One line: the action, the id, and why (the differences, the ended status, not in the file).</summary>
    public string Line(bool dryRun)
    {
        var why = Action switch
        {
            ApplyAction.Created => Item!.Spec,
            ApplyAction.Replaced => string.Join("; ", Differences),
            ApplyAction.Rescheduled => $"was {Status}; " + string.Join("; ", Differences),
            ApplyAction.LeftEnded => $"{Status} and unchanged in the file (change it there, or schedule it by hand, to run it again)",
            ApplyAction.Cancelled => "not in the file (--prune)",
            _ => "",
        };
        return $"{(dryRun ? "would be " : "")}{Word(Action),-11} {Id}{(why is { Length: > 0 } ? "  " + why : "")}";
    }

    public object Json() => new
    {
        id = Id, action = Word(Action), status = Current is null ? null : Status,
        differences = Differences.Select(d => new { field = d.Field, current = d.Current, requested = d.Requested }),
    };

    private string? Status => Current is null ? null : ScheduleStatusNames.Name(Current.Status);
}
