using System.Globalization;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Schedules <paramref name="task"/> to run once at <paramref name="at"/>, as Hangfire's
    /// <c>BackgroundJob.Schedule(…, DateTimeOffset)</c> does: an instant that is not in the future (a
    /// <c>DateTimeOffset.UtcNow</c> taken just before the call) runs at once. Stored as its ISO-8601 instant, or as <c>"now"</c> (its spec and name say so) when it is not in the future.
    /// </summary>
    /// <exception cref="InvalidTaskException">The task or options are not valid.</exception>
    /// <exception cref="Capabilities.TaskNotOfferedException">No live worker offers what the task names (see <see cref="ScheduleOptions.Verify"/>).</exception>
    /// <exception cref="ScheduleConflictException">A live task holds the id with a different definition (and <see cref="ScheduleOptions.Replace"/> is not set).</exception>
    public Task<ScheduledTask> ScheduleAsync(TaskDefinition task, DateTimeOffset at, ScheduleOptions? options = null, CancellationToken cancellationToken = default) =>
        ScheduleAsync(task, at > NowToTheMillisecond() ? at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) : "now", options, cancellationToken);

    /// <summary>
    /// Schedules <paramref name="task"/> to run once <paramref name="delay"/> from now, as Hangfire's
    /// <c>BackgroundJob.Schedule(…, TimeSpan)</c> does; <see cref="TimeSpan.Zero"/> runs it at once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delay"/> is negative.</exception>
    /// <exception cref="InvalidTaskException">The task or options are not valid.</exception>
    /// <exception cref="Capabilities.TaskNotOfferedException">No live worker offers what the task names (see <see cref="ScheduleOptions.Verify"/>).</exception>
    /// <exception cref="ScheduleConflictException">A live task holds the id with a different definition (and <see cref="ScheduleOptions.Replace"/> is not set).</exception>
    public Task<ScheduledTask> ScheduleAsync(TaskDefinition task, TimeSpan delay, ScheduleOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        return ScheduleAsync(task, NowToTheMillisecond() + delay, options, cancellationToken);
    }
}
