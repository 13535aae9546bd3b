using Scheduler.Contracts.Audit;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// The audit log, newest first: every change made through a client (schedule, replace, update, reschedule, pause,
    /// resume, cancel, delete, trigger, cleanup registrations) and pauses lifted by Beat, with who, when and the changed
    /// fields before and after. Kept as <see cref="SchedulerClientOptions.Audit"/> says.
    /// </summary>
    /// <exception cref="ArgumentException">The filter is not usable (the message says why).</exception>
    public Task<AuditPage> GetAuditAsync(AuditFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new AuditFilter();
        if (filter.Problem() is { } problem) throw new ArgumentException(problem, nameof(filter));
        return _audit.ReadAsync(filter).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Records a change this client's actor made (see <see cref="AuditLog.RecordAsync"/>): the one line every change
    /// calls after it is stored, e.g. <c>await RecordAuditAsync(AuditActions.Retry, id, null, new { runId })</c>.
    /// </summary>
    internal Task RecordAuditAsync(string action, string? taskId, object? before, object? after, string? note = null) =>
        _audit.RecordAsync(_options.Actor, action, taskId, before, after, note);
}
