namespace Scheduler.Runtime.Storage;


/// <summary>
/// One firing round's claims: due schedule ids, due trigger members, and the earliest instant still pending; for a small
/// round also the due ids' task records as the claim read them (empty for a vanished one), otherwise null; and the due
/// ids' scores in the due index before this claim, Unix ms (null when not read).
/// </summary>
internal sealed record ClaimedRound(IReadOnlyList<string> DueIds, IReadOnlyList<string> Triggers, DateTimeOffset? Earliest,
    IReadOnlyList<StackExchange.Redis.HashEntry[]>? Records = null, IReadOnlyList<long>? ScoresBefore = null);
