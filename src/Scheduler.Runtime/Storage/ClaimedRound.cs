namespace Scheduler.Runtime.Storage;


/// <summary>One firing round's claims: due schedule ids, due trigger members, and the earliest instant still pending.</summary>
internal sealed record ClaimedRound(IReadOnlyList<string> DueIds, IReadOnlyList<string> Triggers, DateTimeOffset? Earliest);
