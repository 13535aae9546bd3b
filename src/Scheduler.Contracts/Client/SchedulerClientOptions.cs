using Scheduler.Contracts.Audit;
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

    /// <summary>
    /// Who this client acts for: recorded as a task's <c>createdBy</c> when it schedules and <c>changedBy</c> when it
    /// updates, reschedules, pauses, resumes or cancels (at most 200 characters, no control characters). Null records
    /// no one. <see cref="SchedulerClient.As"/> gives a client acting for someone else on the same connection.
    /// </summary>
    public string? Actor { get; init; }

    /// <summary>How much of the audit log Redis keeps (every change this client makes trims it); see <see cref="AuditRetention"/>.</summary>
    public AuditRetention Audit { get; init; } = new();

    /// <summary>
    /// Replicas every change this client makes (create, replace, cancel, pause, resume, update, delete, run now, retry,
    /// dismiss, backfill, publish, the bulk changes) must reach before the call returns (see
    /// <see cref="Client.ReplicaAcknowledgement"/>); none by default. Short of them the call throws
    /// <see cref="ReplicaAcknowledgementException"/>, and so does its repeat until they hold the first call's write.
    /// </summary>
    public ReplicaAcknowledgement ReplicaAcknowledgement { get; init; } = new();
}
