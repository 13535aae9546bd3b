using Scheduler.Contracts.Storage;

namespace Scheduler.Contracts.Client;

/// <summary>Settings of a <see cref="SchedulerClient"/>.</summary>
public sealed record SchedulerClientOptions
{
    /// <summary>Prefix of every Redis key Scheduler writes; all components of one system must agree on it.</summary>
    public string KeyPrefix { get; init; } = RedisKeys.DefaultPrefix;

    /// <summary>IANA time zone used when a schedule does not name one.</summary>
    public string DefaultTimeZone { get; init; } = "UTC";

    /// <summary>
    /// Refuse tasks that no live worker offers (<see cref="Capabilities.TaskNotOfferedException"/>) unless a call's
    /// <see cref="Schedules.ScheduleOptions.Verify"/> says otherwise. True by default.
    /// </summary>
    public bool VerifyWorkers { get; init; } = true;
}
