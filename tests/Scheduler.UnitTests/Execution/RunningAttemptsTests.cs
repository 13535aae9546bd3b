using Scheduler.Worker.Execution;

namespace Scheduler.UnitTests.Execution;

/// <summary>
/// Which registered runs a task's cancel and overlap cancelPrevious's replace messages stop: a run asked for by hand is
/// spared by a replace, and a run not yet claimed (a retry or backfill is known to be asked for by hand only then) is
/// left to its claim, which reads the task's record.
/// </summary>
public sealed class RunningAttemptsTests
{
    private const string TaskId = "t1";

    // A retry by hand keeps its run's id, which says nothing of who asked for it.
    private const string RetriedRunId = "t1:1700000000000";

    [Fact]
    public void A_replace_message_before_a_retry_is_claimed_leaves_it_running_for_its_claim_to_check()
    {
        var running = new RunningAttempts();
        using var retry = running.Register(TaskId, RetriedRunId);

        Assert.Equal(0, running.Cancel(TaskId, replaced: true));
        Assert.Equal(0, running.Cancel(TaskId, sparingByHand: true));

        Assert.False(retry.IsCancelled);
        Assert.True(retry.Claimed(replacedRuns: 1, byHand: true));
        Assert.False(retry.IsCancelled);
        Assert.True(retry.ByHand);
    }

    [Fact]
    public void A_claimed_scheduled_run_is_still_stopped_by_a_replace_message_and_a_run_asked_for_by_hand_is_not()
    {
        var running = new RunningAttempts();
        using var scheduled = running.Register(TaskId, RetriedRunId);
        using var retried = running.Register(TaskId, "t1:1700000001000");
        Assert.False(scheduled.Claimed(replacedRuns: 0, byHand: false));
        Assert.False(retried.Claimed(replacedRuns: 0, byHand: true));

        Assert.Equal(1, running.Cancel(TaskId, replaced: true));

        Assert.True(scheduled.IsCancelled);
        Assert.True(scheduled.Replaced);
        Assert.False(retried.IsCancelled);
    }

    [Fact]
    public void A_claim_with_no_message_before_it_has_nothing_to_check()
    {
        var running = new RunningAttempts();
        using var run = running.Register(TaskId, RetriedRunId);

        Assert.False(run.Claimed(replacedRuns: 3, byHand: false));
        Assert.Equal(3, run.ReplacedRuns);
    }

    [Fact]
    public void A_task_cancel_read_from_its_record_stops_a_run_not_yet_claimed()
    {
        var running = new RunningAttempts();
        using var run = running.Register(TaskId, RetriedRunId);

        Assert.Equal(1, running.Cancel(TaskId));

        Assert.True(run.IsCancelled);
    }

    [Fact]
    public void The_sweep_replaces_only_runs_claimed_under_a_lower_count()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, RetriedRunId);
        using var newer = running.Register(TaskId, "t1:1700000001000");
        using var unclaimed = running.Register(TaskId, "t1:1700000002000");
        older.Claimed(replacedRuns: 0, byHand: false);
        newer.Claimed(replacedRuns: 1, byHand: false);

        Assert.Equal(1, running.CancelReplaced(TaskId, replacedRuns: 1));

        Assert.True(older.Replaced);
        Assert.False(newer.IsCancelled);
        Assert.False(unclaimed.IsCancelled);
    }
}
