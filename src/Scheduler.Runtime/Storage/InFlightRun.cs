namespace Scheduler.Runtime.Storage;


/// <summary>A run executing on a worker: the Hangfire job, the worker, the task, the attempt and when it started.</summary>
internal sealed record InFlightRun(string RunId, string Entry, string JobId, string WorkerId, string TaskId, int Attempt, DateTimeOffset StartedAt)
{
    /// <summary>How the entry of attempt <paramref name="attempt"/> by that job and worker begins (attempt numbers are unique per run).</summary>
    public static string OwnerPrefix(string jobId, string workerId, string taskId, int attempt) =>
        $"{jobId}|{workerId}|{taskId}|{attempt.ToString(System.Globalization.CultureInfo.InvariantCulture)}|";

    public static InFlightRun? Parse(string runId, string entry)
    {
        var parts = entry.Split('|');
        return parts.Length == 5 && int.TryParse(parts[3], out var attempt) && long.TryParse(parts[4], out var ms)
            ? new InFlightRun(runId, entry, parts[0], parts[1], parts[2], attempt, DateTimeOffset.FromUnixTimeMilliseconds(ms))
            : null;
    }
}
