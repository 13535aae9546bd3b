using Scheduler.Contracts.Audit;
using Scheduler.Contracts.Capabilities;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Contracts.Client;

/// <remarks>
/// Housekeeping: cleanup registrations stored in Redis, and running them. <see cref="RunCleanupAsync"/> works on the
/// file system of the calling process (the same engine the worker's <c>cleanup</c> task uses); to clean on a worker,
/// schedule a <see cref="Tasks.CleanupTask"/>. Calls that write or run take the allowed roots the caller's own
/// configuration grants (<see cref="HousekeepingSettings"/>); an empty list refuses every directory.
/// </remarks>
public sealed partial class SchedulerClient
{
    private CleanupStore Cleanups => _cleanups ??= new CleanupStore(_store.Redis, _store.Keys);
    private CleanupStore? _cleanups;

    /// <summary>Registers a cleanup and returns its id.</summary>
    /// <exception cref="InvalidCleanupException">
    /// A field is invalid, the directory is missing or lies outside <paramref name="allowedRoots"/>, or (unless
    /// <see cref="SchedulerClientOptions.VerifyWorkers"/> is false) outside the roots of every live worker.
    /// </exception>
    public Task<string> RegisterCleanupAsync(string directory, string pattern, int? retentionDays, int? maxFiles, double? maxSizeMb,
        string? description, string? moduleId, IReadOnlyList<string> allowedRoots, CancellationToken cancellationToken = default) =>
        RegisterCleanupAsync(new CleanupRequest(directory, pattern, retentionDays, maxFiles, maxSizeMb, description, moduleId),
            allowedRoots, cancellationToken);

    /// <summary>Registers the cleanup <paramref name="request"/> describes and returns its id.</summary>
    /// <exception cref="InvalidCleanupException">
    /// A field is invalid, the directory is missing or lies outside <paramref name="allowedRoots"/>, or (unless
    /// <see cref="SchedulerClientOptions.VerifyWorkers"/> is false) outside the roots of every live worker.
    /// </exception>
    public async Task<string> RegisterCleanupAsync(CleanupRequest request, IReadOnlyList<string> allowedRoots, CancellationToken cancellationToken = default)
    {
        var id = CleanupStore.NewId();
        return (await CreateCleanupAsync(id, request, allowedRoots, cancellationToken))?.Id
            ?? throw new InvalidOperationException($"cleanup id {id} is already taken; retry");
    }

    // The request checked, stored under the id and audited; null when the id holds a registration already.
    private async Task<CleanupRegistration?> CreateCleanupAsync(string id, CleanupRequest request, IReadOnlyList<string> allowedRoots, CancellationToken cancellationToken)
    {
        request = Normalized(request);
        ThrowIfInvalid(request, allowedRoots);
        await ThrowIfNoWorkerCleansAsync(request.Directory, cancellationToken);
        var now = NowToTheMillisecond();
        var registration = CleanupRegistration.From(id, request, now, now);
        if (!await Cleanups.CreateAsync(registration)) return null;
        await RecordAuditAsync(AuditActions.CleanupRegister, id, null, registration);
        return registration;
    }

    /// <summary>The cleanup registration with <paramref name="id"/> and its <see cref="CleanupRegistration.LastRun"/>, or null.</summary>
    public Task<CleanupRegistration?> GetCleanupAsync(string id, CancellationToken cancellationToken = default) => Cleanups.GetAsync(id).WaitAsync(cancellationToken);

    /// <summary>
    /// The newest real runs of cleanup registration <paramref name="id"/> (at most <see cref="CleanupLastRun.KeptRuns"/>),
    /// newest first, whoever ran them; the first is its <see cref="CleanupRegistration.LastRun"/>. Empty until it first
    /// runs; null when there is no such registration.
    /// </summary>
    public Task<IReadOnlyList<CleanupLastRun>?> GetCleanupRunsAsync(string id, CancellationToken cancellationToken = default) =>
        Cleanups.RunsAsync(id).WaitAsync(cancellationToken);

    /// <summary>
    /// When each of the registrations <paramref name="ids"/> is next due to run by itself on a worker; a past time means
    /// due now and not yet run. For the dashboard's cleanup pages.
    /// </summary>
    internal Task<IReadOnlyDictionary<string, DateTimeOffset>> GetCleanupDueTimesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        Cleanups.NextDueAsync(ids).WaitAsync(cancellationToken);

    /// <summary>Every cleanup registration, oldest first; only those of <paramref name="moduleId"/> when it is given.</summary>
    public async Task<IReadOnlyList<CleanupRegistration>> ListCleanupsAsync(string? moduleId = null, CancellationToken cancellationToken = default)
    {
        var all = await Cleanups.ListAsync().WaitAsync(cancellationToken);
        return moduleId is null ? all : [.. all.Where(r => string.Equals(r.ModuleId, moduleId, StringComparison.Ordinal))];
    }

    /// <summary>
    /// Replaces every field of a registration with <paramref name="request"/>; returns the stored registration, or null
    /// when there is none. Its next run stays unless the interval changes (then one new interval from now, or the next
    /// run if that is sooner); a request that changes nothing writes and audits nothing.
    /// </summary>
    /// <exception cref="InvalidCleanupException">
    /// A field is invalid, the directory is missing or lies outside <paramref name="allowedRoots"/>, or (unless
    /// <see cref="SchedulerClientOptions.VerifyWorkers"/> is false) outside the roots of every live worker.
    /// </exception>
    public Task<CleanupRegistration?> UpdateCleanupAsync(string id, CleanupRequest request, IReadOnlyList<string> allowedRoots,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return UpdateCleanupAsync(id, _ => request, allowedRoots, cancellationToken);
    }

    /// <summary>
    /// Changes a registration to what <paramref name="change"/> makes of its current fields (e.g. one policy), as
    /// <see cref="UpdateCleanupAsync(string, CleanupRequest, IReadOnlyList{string}, CancellationToken)"/> does. When another
    /// update lands between the read and the write, the registration is read and changed again, so two partial updates at
    /// once both take effect; null when there is no registration.
    /// </summary>
    /// <exception cref="InvalidCleanupException">As for a whole replacement.</exception>
    /// <exception cref="ConcurrentUpdateException">Others changed it at every one of 10 tries; nothing was written.</exception>
    public async Task<CleanupRegistration?> UpdateCleanupAsync(string id, Func<CleanupRequest, CleanupRequest> change, IReadOnlyList<string> allowedRoots,
        CancellationToken cancellationToken = default) =>
        (await ChangeCleanupAsync(id, change, allowedRoots, cancellationToken)).Registration;

    // The registration as changed, and whether the change wrote it (false: it already held what was asked).
    private async Task<(CleanupRegistration? Registration, bool Wrote)> ChangeCleanupAsync(string id, Func<CleanupRequest, CleanupRequest> change,
        IReadOnlyList<string> allowedRoots, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var (existing, stored) = await Cleanups.GetForUpdateAsync(id).WaitAsync(cancellationToken);
            if (existing is null) return (null, false);
            var request = Normalized(change(existing.ToRequest()));
            ThrowIfInvalid(request, allowedRoots);
            await ThrowIfNoWorkerCleansAsync(request.Directory, cancellationToken);
            var updated = CleanupRegistration.From(id, request, existing.CreatedAt, NowToTheMillisecond());
            // Nothing changed (a form saved as it was, an update naming the stored values): nothing written, nothing audited.
            if (updated with { UpdatedAt = existing.UpdatedAt } == existing with { LastRun = null }) return (existing, false);
            switch (await Cleanups.ReplaceAsync(updated, stored, intervalChanged: updated.Interval != existing.Interval))
            {
                case CleanupStore.Replacement.Gone:
                    return (null, false);
                case CleanupStore.Replacement.Changed when attempt < UpdateTries:
                    continue;
                case CleanupStore.Replacement.Changed:
                    throw new ConcurrentUpdateException("cleanup registration", id, UpdateTries);
            }
            // The last run is what ran, not what the update changed: left out of the audit's before and after alike.
            await RecordAuditAsync(AuditActions.CleanupUpdate, id, existing with { LastRun = null }, updated);
            return (updated, true);
        }
    }

    private const int UpdateTries = 10;

    /// <summary>Deletes a registration (never any file); false when there was none.</summary>
    public async Task<bool> RemoveCleanupAsync(string id, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var before = await Cleanups.GetAsync(id);
        if (!await Cleanups.RemoveAsync(id)) return false;
        await RecordAuditAsync(AuditActions.CleanupRemove, id, before is null ? null : before with { LastRun = null }, null);
        return true;
    }

    /// <summary>
    /// Runs registration <paramref name="registrationId"/> (or every registration when null) in this process and reports
    /// per-registration counts; with <paramref name="dryRun"/> nothing is deleted. Null when the registration does not
    /// exist. A registration outside <paramref name="allowedRoots"/> is reported with an error and left untouched. A real
    /// run is recorded as each registration's <see cref="CleanupRegistration.LastRun"/>.
    /// </summary>
    public Task<CleanupReport?> RunCleanupAsync(string? registrationId, bool dryRun, IReadOnlyList<string> allowedRoots,
        CancellationToken cancellationToken = default) =>
        // The engine is synchronous file I/O; keep it off the caller's thread (a UI or request thread).
        Task.Run(() => CleanupEngine.RunAsync(Cleanups, registrationId, dryRun, allowedRoots, _time.GetUtcNow(), _options.Actor ?? "client",
            cancellationToken), cancellationToken);

    // A registration no live worker may clean would be accepted and then never cleaned; refused the way scheduling
    // refuses a task no live worker offers, with the same opt-out.
    private async Task ThrowIfNoWorkerCleansAsync(string directory, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_options.VerifyWorkers) return;
        if (CapabilityCheck.CleanupProblem(directory, await GetWorkerCapabilitiesAsync(cancellationToken)) is { } problem)
            throw new InvalidCleanupException([problem]);
    }

    // "/var/log/./app", "/var/log//app" and "/var/log/app/" are one directory: stored as one, so they read, list and
    // compare as one.
    private static CleanupRequest Normalized(CleanupRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // An empty description is none, as a task's is (cleanup update --description "" removes it).
        return request with { Directory = CleanupPaths.Normalize(request.Directory), Description = string.IsNullOrEmpty(request.Description) ? null : request.Description };
    }

    private static void ThrowIfInvalid(CleanupRequest request, IReadOnlyList<string> allowedRoots)
    {
        ArgumentNullException.ThrowIfNull(allowedRoots);
        var errors = CleanupValidation.Validate(request).ToList();
        if (errors.Count == 0) errors.AddRange(CleanupPaths.ValidateLocation(request.Directory, allowedRoots));
        if (errors.Count > 0) throw new InvalidCleanupException(errors);
    }
}
