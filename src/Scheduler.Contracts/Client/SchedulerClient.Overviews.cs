using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Client;

/// <summary>
/// The operator's overviews the dashboard and the CLI both show: the task list in another order than creation's, and
/// flow control. Internal: their shapes follow the pages and commands, not a contract callers build on.
/// </summary>
public sealed partial class SchedulerClient
{
    /// <summary>
    /// The tasks matching <paramref name="filter"/> in <paramref name="sort"/>'s order, <paramref name="limit"/> of them
    /// after <paramref name="offset"/>, and how many match in all (<see cref="ScheduleSearchReader.ListSortedAsync"/>).
    /// </summary>
    internal Task<(IReadOnlyList<ScheduledTask> Tasks, long Total)> ListSortedAsync(ScheduleFilter filter, ScheduleSort sort, int limit, int offset,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new ScheduleSearchReader(_store).ListSortedAsync(filter, sort, limit, offset).WaitAsync(cancellationToken);
    }

    /// <summary>Every flow limit set and what it holds at <paramref name="now"/> (default: the client's clock's now); see <see cref="FlowOverview"/>.</summary>
    internal Task<FlowOverview> GetFlowOverviewAsync(DateTimeOffset? now = null, CancellationToken cancellationToken = default) =>
        new FlowOverviewReader(_store).ReadAsync(now ?? _time.GetUtcNow()).WaitAsync(cancellationToken);
}
