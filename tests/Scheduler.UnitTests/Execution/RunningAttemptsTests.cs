using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;

namespace Scheduler.UnitTests.Execution;

/// <summary>
/// Which registered runs overlap cancelPrevious's replace stops: a claimed run claimed under a lower count, however late
/// the message; a run not yet claimed only at its claim, and only a scheduled one due before the replacing run (a retry
/// or backfill is known to be asked for by hand only by its claim); never a run asked for by hand.
/// </summary>
public sealed class RunningAttemptsTests
{
    private const string TaskId = "t1";
    private const long Older = 1_700_000_000_000, Replacing = 1_700_000_003_000, Newer = 1_700_000_006_000;

    [Fact]
    public void A_replace_before_a_retry_by_hand_is_claimed_leaves_it_running()
    {
        var running = new RunningAttempts();
        using var retry = running.Register(TaskId, $"{TaskId}:{Older}", Older);

        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 1, Replacing));
        retry.Claimed(replacedRuns: 1, byHand: true);

        Assert.False(retry.IsCancelled);
    }

    [Fact]
    public void A_scheduled_run_due_before_the_replacing_one_and_claimed_after_the_replace_is_stopped_at_its_claim()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, $"{TaskId}:{Older}", Older);

        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 1, Replacing));
        Assert.False(older.IsCancelled);
        // It waited at the flow gate: its claim reads the raised count, which alone would make it look like the newer run.
        older.Claimed(replacedRuns: 1, byHand: false);

        Assert.True(older.IsCancelled);
        Assert.True(older.Replaced);
    }

    [Fact]
    public void The_replacing_run_and_a_newer_one_heard_the_replace_before_their_claims_and_go_on()
    {
        var running = new RunningAttempts();
        using var replacing = running.Register(TaskId, $"{TaskId}:{Replacing}", Replacing);
        using var newer = running.Register(TaskId, $"{TaskId}:{Newer}", Newer);

        running.Replace(TaskId, replacedRuns: 1, Replacing);
        replacing.Claimed(replacedRuns: 1, byHand: false);
        newer.Claimed(replacedRuns: 1, byHand: false);

        Assert.False(replacing.IsCancelled);
        Assert.False(newer.IsCancelled);
    }

    [Fact]
    public void A_late_replace_stops_the_run_claimed_before_it_and_not_the_newer_run_claimed_after_it()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, $"{TaskId}:{Older}", Older);
        older.Claimed(replacedRuns: 0, byHand: false);
        using var replacing = running.Register(TaskId, $"{TaskId}:{Replacing}", Replacing);
        replacing.Claimed(replacedRuns: 1, byHand: false);

        Assert.Equal(1, running.Replace(TaskId, replacedRuns: 1, Replacing));

        Assert.True(older.Replaced);
        Assert.False(replacing.IsCancelled);
    }

    [Fact]
    public void A_claimed_run_asked_for_by_hand_is_not_replaced()
    {
        var running = new RunningAttempts();
        using var backfill = running.Register(TaskId, $"{TaskId}:{Older}", Older);
        backfill.Claimed(replacedRuns: 0, byHand: true);

        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 1, Replacing));
        Assert.Equal(0, running.CancelReplaced(TaskId, replacedRuns: 1));

        Assert.False(backfill.IsCancelled);
    }

    [Fact]
    public void A_task_cancel_stops_a_run_not_yet_claimed()
    {
        var running = new RunningAttempts();
        using var run = running.Register(TaskId, $"{TaskId}:{Older}", Older);

        Assert.Equal(1, running.Cancel(TaskId));

        Assert.True(run.IsCancelled);
    }

    [Fact]
    public void The_sweep_replaces_only_runs_claimed_under_a_lower_count()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, $"{TaskId}:{Older}", Older);
        using var newer = running.Register(TaskId, $"{TaskId}:{Replacing}", Replacing);
        using var unclaimed = running.Register(TaskId, $"{TaskId}:{Newer}", Newer);
        older.Claimed(replacedRuns: 0, byHand: false);
        newer.Claimed(replacedRuns: 1, byHand: false);

        Assert.Equal(1, running.CancelReplaced(TaskId, replacedRuns: 1));

        Assert.True(older.Replaced);
        Assert.False(newer.IsCancelled);
        Assert.False(unclaimed.IsCancelled);
    }

    [Theory]
    [InlineData("t1\n3\n1700000003000", "t1", 3L, 1_700_000_003_000L)]
    // A Beat from before the count and instant were sent: every claimed run stops, none not yet claimed.
    [InlineData("t1", "t1", long.MaxValue, long.MinValue)]
    public void A_replace_message_is_read_with_its_count_and_instant(string message, string taskId, long count, long dueMs) =>
        Assert.Equal((taskId, count, dueMs), ReplaceMessage.TryParse(message));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t1\nx\n1700000003000")]
    [InlineData("t1\n3")]
    [InlineData("\n3\n1700000003000")]
    public void A_malformed_replace_message_names_no_task(string? message) => Assert.Null(ReplaceMessage.TryParse(message));
}
