namespace Scheduler.Contracts.Audit;

/// <summary>Narrows <see cref="Client.SchedulerClient.GetAuditAsync"/>; unset members match everything.</summary>
public sealed record AuditFilter
{
    /// <summary>Most entries returned at once.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Only changes of this task (or cleanup registration).</summary>
    public string? TaskId { get; init; }
    /// <summary>Only changes by this actor (case-insensitive).</summary>
    public string? Actor { get; init; }
    /// <summary>Only this action (one of <see cref="AuditActions"/>, case-insensitive).</summary>
    public string? Action { get; init; }
    /// <summary>Only changes at or after this instant.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>Only changes at or before this instant.</summary>
    public DateTimeOffset? To { get; init; }
    /// <summary>At most this many entries (1..<see cref="MaxLimit"/>), newest first.</summary>
    public int Limit { get; init; } = 50;
    /// <summary>Continue after this entry id (a previous page's <see cref="AuditPage.Next"/>): only older entries.</summary>
    public string? After { get; init; }

    /// <summary>True when <paramref name="entry"/> passes the task, actor and action conditions (the time range is applied by the read).</summary>
    public bool Matches(AuditEntry entry) =>
        (TaskId is null || string.Equals(entry.TaskId, TaskId, StringComparison.Ordinal))
        && (Actor is null || string.Equals(entry.Actor, Actor, StringComparison.OrdinalIgnoreCase))
        && (Action is null || string.Equals(entry.Action, Action, StringComparison.OrdinalIgnoreCase))
        && (From is null || entry.At >= From)
        && (To is null || entry.At <= To);

    /// <summary>What is wrong with this filter, or null when it is usable.</summary>
    public string? Problem() => this switch
    {
        { Limit: < 1 or > MaxLimit } => $"limit {Limit} is out of range; expected 1..{MaxLimit}",
        // Stream entry ids count milliseconds from 1970: an earlier bound names no id (Redis refuses it).
        { From: { } from } when from < DateTimeOffset.UnixEpoch => $"from ({from:O}) is before {Epoch}; expected an instant from {Epoch} on",
        { To: { } to } when to < DateTimeOffset.UnixEpoch => $"to ({to:O}) is before {Epoch}; expected an instant from {Epoch} on",
        { From: { } from, To: { } to } when from > to => $"from ({from:O}) is after to ({to:O})",
        { After: { } after } when !AuditLog.IsEntryId(after) =>
            $"after \"{Shorten(after)}\" is not an audit entry id; expected an entry's id or a page's next, \"<ms>-<seq>\" such as 1700000000000-0 "
            + "(each part a whole number up to 18446744073709551615, and not 0-0)",
        { Action: { } action } when !AuditActions.All.Contains(action, StringComparer.OrdinalIgnoreCase) =>
            $"unknown action \"{Shorten(action)}\"; expected one of {string.Join(", ", AuditActions.All)}",
        _ => null,
    };

    private const string Epoch = "1970-01-01T00:00:00Z";

    // A refused value is quoted back only so far: it may be as long as the request allows.
    private static string Shorten(string text) => text.Length > 100 ? text[..100] + "…" : text;
}
