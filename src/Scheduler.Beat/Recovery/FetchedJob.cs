using Hangfire.Common;
using Hangfire.States;
using Scheduler.Beat.Hosting;
using Scheduler.Runtime.Hosting;
using Scheduler.Runtime.Storage;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// One job of a queue's fetched list as <see cref="StrandedFetchSweeper"/> read it: its Hangfire state, when a worker
/// fetched it and, once "Processing", which Hangfire server started it and when. A job with no fetch time is dated by
/// <paramref name="CheckedAt"/>: when a sweep first saw it so (the field Hangfire's own watcher used for the same). A
/// job whose hash is gone has no state.
/// </summary>
internal sealed record FetchedJob(string Id, string? State, DateTimeOffset? FetchedAt, string? ServerId = null, DateTimeOffset? StartedAt = null,
    DateTimeOffset? CheckedAt = null)
{
    /// <summary>
    /// Whether a dead worker stranded the job. <paramref name="cutoff"/> is now minus <see cref="BeatOptions.WorkerDeadAfter"/>;
    /// <paramref name="inFlightJobIds"/> are the Hangfire jobs of the in-flight ledger; <paramref name="aliveProcesses"/>
    /// the processes that heart-beat since the cutoff (Hangfire lower-cases server ids: give a case-insensitive set);
    /// <paramref name="hangfireServers"/> the servers in Hangfire's own list, which judges a server that is not one of ours;
    /// <paramref name="holdings"/> what live workers last said they hold, by process.
    /// </summary>
    public FetchVerdict Judge(DateTimeOffset cutoff, IReadOnlySet<string> inFlightJobIds, IReadOnlySet<string> aliveProcesses,
        IReadOnlySet<string> hangfireServers, IReadOnlyDictionary<string, WorkerHolding>? holdings = null)
    {
        if (State is null) return FetchVerdict.Gone;
        // No fetch time: the fetch's reply never reached its worker (Redis went away between the pop and the reply), the
        // worker died inside the fetch, or its fetch time was lost with the connection. Nobody will date it but a sweep;
        // once dated before the cutoff, it is judged as if fetched then.
        if ((FetchedAt ?? CheckedAt) is not { } fetched) return FetchVerdict.Untimed;
        // A live worker moves a fetched job on within milliseconds; one fetched or started since the cutoff may be on its way.
        if (fetched > cutoff || StartedAt > cutoff) return FetchVerdict.Recent;
        if (State == EnqueuedState.StateName) return FetchVerdict.NeverStarted;
        if (State != ProcessingState.StateName) return FetchVerdict.Leftover;
        if (inFlightJobIds.Contains(Id)) return FetchVerdict.InFlight;
        // "Processing" naming no server: a stopping worker of ours handed it back (SchedulerFetchedJob.Requeue clears the
        // name), and the worker that fetched it since died before moving it to Processing under its own.
        if (string.IsNullOrEmpty(ServerId)) return FetchVerdict.Abandoned;
        if (ProcessIdentity.OfHangfireServer(ServerId) is not { } process)
            return hangfireServers.Contains(ServerId) ? FetchVerdict.WorkerAlive : FetchVerdict.Abandoned;
        if (!aliveProcesses.Contains(process)) return FetchVerdict.Abandoned;
        // After a failover that lost writes, the state may name an earlier delivery's worker while another delivery, whose
        // Processing was lost too, runs the job: any worker that lists the job holds it.
        return holdings?.GetValueOrDefault(process) is { JobIds: { } held } holding && holding.At - fetched >= HeldSince && !held.Contains(Id)
            && !holdings.Values.Any(other => other.JobIds?.Contains(Id) == true)
            ? FetchVerdict.Unheld
            : FetchVerdict.WorkerAlive;
    }

    // How long after its fetch time an advertisement must be to count a job missing from it as not held. The worker holds
    // a job before it takes the fetch time, by the same clock as the advertisement's; the margin covers that clock (shifted
    // to Redis's) moving when it is sampled again. A larger jump (a failover to a Redis with another clock, a step of the
    // host's) can make one advertisement wrong; the sweep acts only on a job two sweeps apart found unheld, and the
    // worker advertises again every 2 s.
    private static readonly TimeSpan HeldSince = TimeSpan.FromSeconds(5);

    /// <summary>A time as Hangfire stores it (ISO 8601 or a Unix timestamp); null when absent or unreadable.</summary>
    public static DateTimeOffset? ParseTime(string? value)
    {
        if (string.IsNullOrEmpty(value)) return null;
        try
        {
            var at = JobHelper.DeserializeDateTime(value);
            // Hangfire writes UTC with no zone (Kind "Unspecified") and compares it with DateTime.UtcNow as it is.
            return new DateTimeOffset(at.Kind == DateTimeKind.Local ? at.ToUniversalTime() : DateTime.SpecifyKind(at, DateTimeKind.Utc));
        }
        catch (Exception e) when (e is FormatException or ArgumentOutOfRangeException) { return null; }
    }
}
