using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Beat.Firing;

/// <summary>
/// The state of a schedule at the moment one of its occurrences is claimed; <see cref="FirstClaimedAt"/>: when an earlier
/// claim of the same occurrence was made that lapsed (its Beat died, or Redis failed the fire), if one did;
/// <see cref="BehindReplays"/>: the runs in flight are all replays of missed occurrences (<c>RunAllReplays</c>).
/// </summary>
internal sealed record FireInput(
    ParsedSchedule Schedule,
    ScheduleOptions Options,
    ScheduleStatus Status,
    DateTimeOffset Due,
    DateTimeOffset Now,
    long FireCount,
    long QueuedRuns = 0,
    DateTimeOffset? FirstClaimedAt = null,
    bool BehindReplays = false);
