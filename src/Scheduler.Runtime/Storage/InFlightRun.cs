namespace Scheduler.Runtime.Storage;


/// <summary>A run executing on a worker: the Hangfire job, the worker, the task, the attempt and when it started.</summary>
internal sealed record InFlightRun(string RunId, string Entry, string JobId, string WorkerId, string TaskId, int Attempt, DateTimeOffset StartedAt)
{
    /// <summary>How the entry of attempt <paramref name="attempt"/> by that job and worker begins (attempt numbers are unique per run).</summary>
    public static string OwnerPrefix(string jobId, string workerId, string taskId, int attempt) =>
        $"{jobId}|{workerId}|{taskId}|{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}|";

    /// <summary>
    /// The worker field of a parked retry's entry: no worker holds the run while its job waits in Hangfire's Scheduled
    /// set for the backoff to pass; the run stays in flight (overlap, stop and the reconcilers see it) until the job's
    /// next delivery takes the entry over (<c>RunLedgerScripts.BeginRun</c>).
    /// </summary>
    public const string ParkedWorker = Contracts.Runs.RunDetailStore.WaitingForRetryWorker;

    /// <summary>A parked retry: <see cref="Attempt"/> is the attempt to come, <see cref="StartedAt"/> when it is due.</summary>
    public bool Parked => WorkerId == ParkedWorker;

    /// <summary>The entry of run whose job <paramref name="jobId"/> waits until <paramref name="retryAt"/> to run attempt <paramref name="attempt"/>.</summary>
    public static string ParkedEntry(string jobId, string taskId, int attempt, DateTimeOffset retryAt) =>
        OwnerPrefix(jobId, ParkedWorker, taskId, attempt) + retryAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The entry of attempt <paramref name="attempt"/> running on <paramref name="workerId"/> since <paramref name="startedAt"/>.</summary>
    public static string RunningEntry(string jobId, string workerId, string taskId, int attempt, DateTimeOffset startedAt) =>
        OwnerPrefix(jobId, workerId, taskId, attempt) + startedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static InFlightRun? Parse(string runId, string entry)
    {
        var parts = entry.Split('|');
        return parts.Length == 5 && int.TryParse(parts[3], out var attempt) && long.TryParse(parts[4], out var ms)
            ? new InFlightRun(runId, entry, parts[0], parts[1], parts[2], attempt, DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;
    }
}
