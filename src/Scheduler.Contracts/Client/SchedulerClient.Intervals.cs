using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling.Intervals;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Schedules <paramref name="task"/> on a structured <paramref name="schedule"/> (interval type, value and next
    /// execution): the first run is at its next execution, the later ones every interval from it. It is stored as the
    /// text spec it compiles to (see <see cref="IntervalSchedule"/>), with <see cref="ScheduleOptions.StartAt"/> set
    /// to the first execution.
    /// </summary>
    /// <exception cref="ScheduleSpecException">A field of <paramref name="schedule"/> is missing or out of range.</exception>
    /// <exception cref="InvalidTaskException">The task or options are not valid, or <paramref name="options"/> also sets startAt.</exception>
    public Task<ScheduledTask> ScheduleAsync(TaskDefinition task, IntervalSchedule schedule, ScheduleOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (spec, startAt) = ToSpec(schedule, options);
        return ScheduleAsync(task, spec, (options ?? new ScheduleOptions()) with { StartAt = startAt }, cancellationToken);
    }

    // The text spec and first execution a structured schedule stands for, in the zone the options name.
    private (string Spec, DateTimeOffset? StartAt) ToSpec(IntervalSchedule schedule, ScheduleOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (options?.StartAt is not null)
            throw new InvalidTaskException(["startAt and a structured schedule's nextExecution both set the first run; give only nextExecution"]);
        return IntervalScheduleSpec.Compile(schedule, options?.TimeZone ?? _options.DefaultTimeZone, NowToTheMillisecond());
    }
}
