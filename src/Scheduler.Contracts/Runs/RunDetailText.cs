namespace Scheduler.Contracts.Runs;

/// <summary>How a <see cref="RunDetail"/>'s origin and state read, the same on the dashboard's run page and in <c>scheduler run</c>.</summary>
internal static class RunDetailText
{
    /// <summary>What made the run, and who asked for it by hand; <paramref name="time"/> writes an instant.</summary>
    public static string Origin(RunDetail run, Func<DateTimeOffset?, string> time)
    {
        var made = run.Origin switch { RunOrigin.RunNow => "run now", RunOrigin.Trigger => "trigger", _ => "schedule" };
        return run.Request is { } request
            ? $"{made}; {(request.Kind == RunRequestKind.Retry ? "retry" : "backfill")} asked by {request.By ?? "—"} at {time(request.At)}"
            : made;
    }

    /// <summary>Where the run stands; <paramref name="time"/> writes an instant, <paramref name="outcome"/> an outcome.</summary>
    public static string State(RunDetail run, Func<DateTimeOffset?, string> time, Func<Schedules.RunOutcome, string> outcome) => run.State switch
    {
        RunState.Running => $"running attempt {run.Attempt} on {run.WorkerId} since {time(run.Since)}",
        // Parked: no worker holds it, and Since is when the retry is due; between two attempts on its worker, it is held there.
        RunState.WaitingForRetry when run.WorkerId is null => $"waiting for attempt {run.Attempt + 1}, due {time(run.Since)} (attempt {run.Attempt} failed; no worker holds it meanwhile)",
        RunState.WaitingForRetry => $"waiting for attempt {run.Attempt + 1} on {run.WorkerId} (attempt {run.Attempt} failed)",
        RunState.Ended => $"ended {(run.Outcome is { } ended ? outcome(ended) : "—")}",
        // Claimed, not started: its worker holds it behind the run of its task before it (overlap queue).
        RunState.Waiting when run.WorkerId is not null => $"waiting to start on {run.WorkerId} (behind the run before it)",
        _ => "waiting to start",
    };
}
