using Scheduler.Cli.Output;
using Scheduler.Contracts.Runs;

namespace Scheduler.UnitTests.Cli;

/// <summary>
/// <c>scheduler info</c> lists a run parked for its next retry as waiting for it, not as started at the retry's instant, and
/// one its worker claimed but has not started as waiting to start there, not as running since its claim.
/// </summary>
public sealed class InProgressTextTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_run_parked_for_its_retry_is_waiting_for_retry_at_its_instant()
    {
        var parked = new RunInProgress("t1:1", 2, RunDetailStore.WaitingForRetryWorker, At, null);

        Assert.Equal($"t1:1, waiting for retry at {Formatting.Instant(At)} (attempt 2 to come)", InProgressText.Describe(parked));
    }

    [Fact]
    public void A_run_on_a_worker_is_its_attempt_there_since_it_started_and_a_stop_asked_is_said()
    {
        var running = new RunInProgress("t1:1", 1, "worker:h:1:a", At, "alice");

        Assert.Equal($"t1:1, attempt 1 on worker:h:1:a since {Formatting.Instant(At)} (stopped by alice, ending)", InProgressText.Describe(running));
    }

    [Fact]
    public void A_run_claimed_but_not_started_is_waiting_to_start_on_its_worker_since_its_claim()
    {
        var waiting = new RunInProgress("t1:1", 1, "worker:h:1:a", At, null) { WaitingToStart = true };

        Assert.Equal($"t1:1, attempt 1 waiting to start on worker:h:1:a (claimed {Formatting.Instant(At)})", InProgressText.Describe(waiting));
    }
}
