namespace Scheduler.Contracts.Capabilities;

/// <summary>
/// One Hangfire queue runs are sent to (<see cref="Schedules.ScheduleOptions.Queue"/>), as <see cref="Client.SchedulerClient.GetQueuesAsync"/>
/// reads it: what waits there, what workers have taken, and who serves it.
/// </summary>
/// <param name="Name">The queue's name.</param>
/// <param name="Waiting">Runs waiting in it for a worker.</param>
/// <param name="Taken">Runs workers took from it and have not finished yet (running, or held by a worker that died until Beat puts them back).</param>
/// <param name="OldestWaitingSince">When the run waiting longest there was queued; null when none waits (or its job no longer says).</param>
/// <param name="Workers">The live workers that take runs from it; none means its runs wait until one does.</param>
public sealed record QueueState(string Name, long Waiting, long Taken, DateTimeOffset? OldestWaitingSince, IReadOnlyList<string> Workers)
{
    /// <summary>
    /// Of <see cref="Waiting"/> in a queue no live worker serves, the runs of tasks since deleted or cancelled: no worker
    /// is needed for them (one that comes drops them). Counted when at most <see cref="AbandonedLookLimit"/> runs wait; 0 otherwise.
    /// </summary>
    public long Abandoned { get; init; }

    /// <summary>How many waiting runs of a queue no live worker serves are looked at for <see cref="Abandoned"/>.</summary>
    public const int AbandonedLookLimit = 100;
}
