using Scheduler.Contracts.Schedules;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Execution;

/// <summary>What one attempt came to: the outcome recorded, its error or result, and whether it ends the run.</summary>
internal sealed record AttemptVerdict(RunOutcome Outcome, string? Error, string? Result, bool Final)
{
    /// <summary>
    /// Judges an attempt that ran its <see cref="AttemptCourse"/>. Null means the job's token fired first (host shutdown,
    /// or Hangfire took the job): no verdict of the handler's; the caller records the attempt as cut short. A cluster-wide cancel is final and never retried; a failure is final when
    /// non-retryable or when <paramref name="attempt"/> used the last retry. A handler cancelled by none of the
    /// run's own tokens (<paramref name="softTimedOut"/> false: e.g. an HttpClient's timeout inside it) failed: its
    /// error is what it said, not a soft timeout that never happened. An attempt cut short (timed out or cancelled)
    /// keeps as its result what the handler had produced: the partial result it threw, else what it left in
    /// <paramref name="soFar"/> (all there is of a handler abandoned while still running).
    /// </summary>
    public static AttemptVerdict? Judge(Task<string?> handling, bool abandoned, bool softTimedOut, bool cancelled, bool shuttingDown, int attempt,
        EffectivePolicy policy, Func<string?, string?> cap, PartialResultSlot? soFar = null)
    {
        var succeeded = !abandoned && handling.IsCompletedSuccessfully;
        if (shuttingDown && !cancelled && !succeeded) return null;
        AttemptVerdict verdict;
        if (abandoned)
        {
            verdict = cancelled
                ? new(RunOutcome.Cancelled, $"cancelled; the handler did not stop within {policy.StopGrace.TotalSeconds:0.#} s and was abandoned (its code may still be running)", cap(soFar?.Read()), true)
                : new(RunOutcome.TimedOut, $"hard timeout: abandoned after {policy.HardTimeout}", cap(soFar?.Read()), false);
        }
        else if (succeeded)
            verdict = new(RunOutcome.Succeeded, null, cap(handling.Result), true);
        else if (cancelled)
            verdict = new(RunOutcome.Cancelled, "cancelled while running", cap(TaskInterruptedException.PartialResultOf(handling) ?? soFar?.Read()), true);
        else if (handling.Exception?.InnerException is { } failure && failure is not OperationCanceledException)
            verdict = new(RunOutcome.Failed, cap(failure.Message), null, failure is NonRetryableTaskException);
        else if (softTimedOut)
            verdict = new(RunOutcome.TimedOut, $"soft timeout: cancelled after {policy.SoftTimeout}", cap(TaskInterruptedException.PartialResultOf(handling) ?? soFar?.Read()), false);
        else
            verdict = new(RunOutcome.Failed, cap($"cancelled by the handler's own code, not by a timeout or cancel of the run: {CancelledBecause(handling)}"),
                null, false);
        return verdict.Final || attempt <= policy.MaxRetries ? verdict : verdict with { Final = true };
    }

    private static string CancelledBecause(Task handling) => handling.Exception?.InnerException?.Message ?? "its task was cancelled";
}
