using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Flow;

/// <summary>
/// Every flow limit set and what it holds now: each concurrency key with the runs holding its slots and waiting for
/// one, each rate budget with its starts in the window and when the next start is allowed, the runs waiting at the
/// gate, the debounced one-shots deferring their run, and the runs queued behind a running one (overlap "queue"). A
/// snapshot read at <see cref="At"/>; see <see cref="FlowOverviewReader.ReadAsync"/>.
/// </summary>
internal sealed partial record FlowOverview(
    DateTimeOffset At,
    IReadOnlyList<FlowOverview.ConcurrencyLine> Concurrency,
    IReadOnlyList<FlowOverview.RateLine> Rates,
    IReadOnlyList<FlowOverview.Waiter> Waiters,
    IReadOnlyList<FlowOverview.DebounceHold> Debounces,
    IReadOnlyList<FlowOverview.QueuedBehind> Queued,
    IReadOnlyList<FlowOverview.Unresolvable> Unresolved)
{
    /// <summary>A task that sets a limit, and the limit it sets (a concurrency limit, or a rate's count).</summary>
    public sealed record TaskLimit(string TaskId, string Name, ScheduleStatus Status, int Limit);

    /// <summary>A run holding a concurrency slot, until its lease ends unless its worker renews it.</summary>
    public sealed record Holder(string RunId, DateTimeOffset LeaseEnds);

    /// <summary>One concurrency key: the tasks that share it (each run is held to its own task's limit), its holders and waiters.</summary>
    public sealed record ConcurrencyLine(string Key, IReadOnlyList<TaskLimit> Tasks, IReadOnlyList<Holder> Holding, int Waiting)
    {
        /// <summary>The smallest limit a task of the key sets: at that many holders, its runs wait.</summary>
        public int Limit => Tasks.Min(t => t.Limit);
        public bool Full => Holding.Count >= Limit;
    }

    /// <summary>
    /// One rate budget (a key with a count and period; tasks sharing a key with other settings have a budget each):
    /// starts within the last period, runs waiting, and while the budget is used up, when the next start is allowed.
    /// </summary>
    public sealed record RateLine(string Key, int Count, TimeSpan Per, IReadOnlyList<TaskLimit> Tasks, int Started, int Waiting, DateTimeOffset? NextStartAt);

    /// <summary>
    /// A run waiting at the flow gate: since when, when its worker last looked, the concurrency key whose line it stands
    /// in (if any), what its task says it waits for, and when a rate limit lets it start (null: when a slot frees).
    /// </summary>
    public sealed record Waiter(string RunId, string TaskId, string? TaskName, DateTimeOffset Since, DateTimeOffset Seen,
        string? ConcurrencyKey, string? WaitingFor, DateTimeOffset? TurnAt);

    /// <summary>A debounced one-shot holding its key: a request with that key within the window moves its run later.</summary>
    public sealed record DebounceHold(string Key, TimeSpan Window, string TaskId, string Name, DateTimeOffset? DueAt);

    /// <summary>A task with a run queued behind its running one (overlap "queue").</summary>
    public sealed record QueuedBehind(string TaskId, string Name, ScheduleStatus Status, long Queued);

    /// <summary>A task whose key template does not resolve against its definition: its runs go unlimited.</summary>
    public sealed record Unresolvable(string TaskId, string Name, string Problem);
}
