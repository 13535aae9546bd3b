using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Beat.Firing;

/// <summary>The state of a schedule at the moment one of its occurrences is claimed.</summary>
internal sealed record FireInput(
    ParsedSchedule Schedule,
    ScheduleOptions Options,
    ScheduleStatus Status,
    DateTimeOffset Due,
    DateTimeOffset Now,
    long FireCount,
    long QueuedRuns = 0);
