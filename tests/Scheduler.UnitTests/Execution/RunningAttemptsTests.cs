using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;

namespace Scheduler.UnitTests.Execution;

/// <summary>
/// Which registered runs overlap cancelPrevious's replace stops: a claimed run claimed under a lower count, however late
/// the message, or under the replace's own count when it is not the replacing run; a run not yet claimed only at its
/// claim (a retry or backfill is known to be asked for by hand only by its claim); never a run asked for by hand. A run
/// claimed with no message heard is stopped at its claim when its ledger says it was fired under a lower count than the
/// task's now and it is not the task's replacing run. The replacing run is never stopped by its own replace, even claimed
/// before Beat's commit raised the count for it.
/// </summary>
public sealed class RunningAttemptsTests
{
    private const string TaskId = "t1";
    private const long Older = 1_700_000_000_000, Replacing = 1_700_000_003_000, Newer = 1_700_000_006_000;
    private static readonly string OlderRun = $"{TaskId}:{Older}", ReplacingRun = $"{TaskId}:{Replacing}", NewerRun = $"{TaskId}:{Newer}";

    [Fact]
    public void A_task_cancel_counts_only_the_runs_it_stops_now_not_those_a_cancel_already_reached()
    {
        var running = new RunningAttempts();
        using var first = running.Register(TaskId, OlderRun);

        Assert.Equal(1, running.Cancel(TaskId));
        using var second = running.Register(TaskId, NewerRun);

        // The sweep after the message, while the first run is still in its stop grace: only the second is news.
        Assert.Equal(1, running.Cancel(TaskId));
        Assert.Equal(0, running.Cancel(TaskId));
        Assert.True(first.IsCancelled && second.IsCancelled);
    }

    [Fact]
    public void A_replace_before_a_retry_by_hand_is_claimed_leaves_it_running()
    {
        var running = new RunningAttempts();
        using var retry = running.Register(TaskId, OlderRun);

        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 1, ReplacingRun));
        retry.Claimed(replacedRuns: 1, byHand: true);

        Assert.False(retry.IsCancelled);
    }

    [Fact]
    public void A_scheduled_run_due_before_the_replacing_one_and_claimed_after_the_replace_is_stopped_at_its_claim()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, OlderRun);

        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 1, ReplacingRun));
        Assert.False(older.IsCancelled);
        // It waited at the flow gate: its claim reads the raised count, which alone would make it look like the newer run.
        older.Claimed(replacedRuns: 1, byHand: false);

        Assert.True(older.IsCancelled);
        Assert.True(older.Replaced);
    }

    [Fact]
    public void The_replacing_run_heard_its_own_replace_before_its_claim_and_goes_on()
    {
        var running = new RunningAttempts();
        using var replacing = running.Register(TaskId, ReplacingRun);

        running.Replace(TaskId, replacedRuns: 1, ReplacingRun);
        replacing.Claimed(replacedRuns: 1, byHand: false);

        Assert.False(replacing.IsCancelled);
    }

    [Fact]
    public void A_run_that_heard_an_older_replace_late_and_its_own_after_its_claim_goes_on()
    {
        var running = new RunningAttempts();
        using var newer = running.Register(TaskId, NewerRun);

        // The replace before its own (count 1, for the run it replaces in turn) reaches the worker only now.
        running.Replace(TaskId, replacedRuns: 1, ReplacingRun);
        newer.Claimed(replacedRuns: 2, byHand: false);
        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 2, NewerRun));

        Assert.False(newer.IsCancelled);
    }

    [Fact]
    public void A_trigger_run_fired_before_an_earlier_triggers_run_that_replaces_it_is_stopped_at_its_claim()
    {
        var running = new RunningAttempts();
        // Two triggers fired side by side in one Beat round: the later one's run (due when its trigger happened) was fired
        // first, heard its own replace and waited at the flow gate; the earlier one's run, fired next, replaces it.
        using var later = running.Register(TaskId, $"{TaskId}:e2");

        running.Replace(TaskId, replacedRuns: 1, $"{TaskId}:e2");
        running.Replace(TaskId, replacedRuns: 2, $"{TaskId}:e1");
        later.Claimed(replacedRuns: 2, byHand: false);

        Assert.True(later.Replaced);
    }

    [Fact]
    public void A_run_claimed_under_the_count_of_a_replace_for_another_run_is_stopped_when_its_message_comes()
    {
        var running = new RunningAttempts();
        // Claimed just after the raise (its claim was quicker than the message), yet fired before the replacing run.
        using var older = running.Register(TaskId, OlderRun);
        older.Claimed(replacedRuns: 1, byHand: false);

        Assert.Equal(1, running.Replace(TaskId, replacedRuns: 1, ReplacingRun));

        Assert.True(older.Replaced);
    }

    [Fact]
    public void A_late_replace_stops_the_run_claimed_before_it_and_not_the_newer_run_claimed_after_it()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, OlderRun);
        older.Claimed(replacedRuns: 0, byHand: false);
        using var replacing = running.Register(TaskId, ReplacingRun);
        replacing.Claimed(replacedRuns: 1, byHand: false);

        Assert.Equal(1, running.Replace(TaskId, replacedRuns: 1, ReplacingRun));

        Assert.True(older.Replaced);
        Assert.False(replacing.IsCancelled);
    }

    [Fact]
    public void A_claimed_run_asked_for_by_hand_is_not_replaced()
    {
        var running = new RunningAttempts();
        using var backfill = running.Register(TaskId, OlderRun);
        backfill.Claimed(replacedRuns: 0, byHand: true);

        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 1, ReplacingRun));
        Assert.Equal(0, running.CancelReplaced(TaskId, replacedRuns: 1, ReplacingRun));

        Assert.False(backfill.IsCancelled);
    }

    [Fact]
    public void A_run_fired_under_a_lower_count_and_claimed_with_no_message_heard_is_stopped_at_its_claim()
    {
        var running = new RunningAttempts();
        // Re-delivered after its worker died, or queued while no worker ran: the replace's message reached no one.
        using var older = running.Register(TaskId, OlderRun);

        older.Claimed(replacedRuns: 1, byHand: false, firedUnder: 0, replacingRunId: ReplacingRun);

        Assert.True(older.Replaced);
    }

    [Fact]
    public void A_trigger_run_fired_before_its_own_replace_raised_the_count_goes_on_at_its_claim()
    {
        var running = new RunningAttempts();
        // A trigger's replace comes after its fire: its run was fired under the count before it, and is the replacing run.
        using var replacing = running.Register(TaskId, $"{TaskId}:e2");

        replacing.Claimed(replacedRuns: 1, byHand: false, firedUnder: 0, replacingRunId: $"{TaskId}:e2");

        Assert.False(replacing.IsCancelled);
    }

    [Fact]
    public void A_run_fired_under_the_count_it_is_claimed_under_goes_on()
    {
        var running = new RunningAttempts();
        // An occurrence's replace comes before its fire: the replacing run is fired under the raised count.
        using var replacing = running.Register(TaskId, ReplacingRun);
        using var later = running.Register(TaskId, NewerRun);

        replacing.Claimed(replacedRuns: 1, byHand: false, firedUnder: 1, replacingRunId: ReplacingRun);
        later.Claimed(replacedRuns: 1, byHand: false, firedUnder: 1, replacingRunId: ReplacingRun);

        Assert.False(replacing.IsCancelled);
        Assert.False(later.IsCancelled);
    }

    [Fact]
    public void A_run_fired_under_the_count_of_a_replace_for_another_run_goes_on_when_that_replace_is_heard_before_its_claim()
    {
        var running = new RunningAttempts();
        // A trigger reserved after an earlier trigger's replace, with nothing running then: it replaces nothing and is
        // fired under that replace's count. The earlier trigger's message reaches this worker only after its job started.
        using var later = running.Register(TaskId, $"{TaskId}:e2");

        running.Replace(TaskId, replacedRuns: 1, $"{TaskId}:e1");
        later.Claimed(replacedRuns: 1, byHand: false, firedUnder: 1, replacingRunId: $"{TaskId}:e1");

        Assert.False(later.IsCancelled);
    }

    [Fact]
    public void A_run_fired_under_the_count_of_a_replace_for_another_run_goes_on_when_that_replace_is_heard_after_its_claim()
    {
        var running = new RunningAttempts();
        using var later = running.Register(TaskId, $"{TaskId}:e2");
        later.Claimed(replacedRuns: 1, byHand: false, firedUnder: 1, replacingRunId: $"{TaskId}:e1");

        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 1, $"{TaskId}:e1"));

        Assert.False(later.IsCancelled);
    }

    [Fact]
    public void A_run_fired_under_a_count_is_stopped_by_a_later_replace()
    {
        var running = new RunningAttempts();
        using var run = running.Register(TaskId, $"{TaskId}:e2");
        run.Claimed(replacedRuns: 1, byHand: false, firedUnder: 1, replacingRunId: $"{TaskId}:e1");

        Assert.Equal(1, running.Replace(TaskId, replacedRuns: 2, $"{TaskId}:e3"));

        Assert.True(run.Replaced);
    }

    [Fact]
    public void A_retry_asked_for_by_hand_of_a_run_fired_under_a_lower_count_goes_on()
    {
        var running = new RunningAttempts();
        using var retry = running.Register(TaskId, OlderRun);

        retry.Claimed(replacedRuns: 1, byHand: true, firedUnder: 0, replacingRunId: ReplacingRun);

        Assert.False(retry.IsCancelled);
    }

    [Fact]
    public void A_run_whose_ledger_does_not_say_what_it_was_fired_under_is_judged_as_before()
    {
        var running = new RunningAttempts();
        // Fired by a Beat from before the note, or before the task's overlap was cancelPrevious: a rolling upgrade
        // cancels no current run.
        using var run = running.Register(TaskId, OlderRun);

        run.Claimed(replacedRuns: 1, byHand: false, firedUnder: null, replacingRunId: ReplacingRun);

        Assert.False(run.IsCancelled);
    }

    [Fact]
    public void A_task_cancel_stops_a_run_not_yet_claimed()
    {
        var running = new RunningAttempts();
        using var run = running.Register(TaskId, OlderRun);

        Assert.Equal(1, running.Cancel(TaskId));

        Assert.True(run.IsCancelled);
    }

    [Fact]
    public void The_sweep_replaces_only_runs_claimed_under_a_lower_count()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, OlderRun);
        using var newer = running.Register(TaskId, ReplacingRun);
        using var unclaimed = running.Register(TaskId, NewerRun);
        older.Claimed(replacedRuns: 0, byHand: false);
        newer.Claimed(replacedRuns: 1, byHand: false);

        Assert.Equal(1, running.CancelReplaced(TaskId, replacedRuns: 1, ReplacingRun));

        Assert.True(older.Replaced);
        Assert.False(newer.IsCancelled);
        Assert.False(unclaimed.IsCancelled);
    }

    [Fact]
    public void The_replacing_run_claimed_before_its_own_replace_raised_the_count_goes_on_when_its_message_comes()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, OlderRun);
        older.Claimed(replacedRuns: 0, byHand: false);
        // Beat raises the count with the fire's commit, after making its job: a worker may claim the run first.
        using var replacing = running.Register(TaskId, ReplacingRun);
        replacing.Claimed(replacedRuns: 0, byHand: false);

        Assert.Equal(1, running.Replace(TaskId, replacedRuns: 1, ReplacingRun));

        Assert.True(older.Replaced);
        Assert.False(replacing.IsCancelled);
    }

    [Fact]
    public void The_sweep_spares_the_replacing_run_claimed_before_its_own_replace_raised_the_count()
    {
        var running = new RunningAttempts();
        using var older = running.Register(TaskId, OlderRun);
        using var replacing = running.Register(TaskId, ReplacingRun);
        older.Claimed(replacedRuns: 0, byHand: false);
        replacing.Claimed(replacedRuns: 0, byHand: false);

        Assert.Equal(1, running.CancelReplaced(TaskId, replacedRuns: 1, ReplacingRun));

        Assert.True(older.Replaced);
        Assert.False(replacing.IsCancelled);
    }

    [Fact]
    public void A_later_replace_stops_the_run_that_replaced_before_even_when_it_was_claimed_before_its_own_raise()
    {
        var running = new RunningAttempts();
        using var replacing = running.Register(TaskId, ReplacingRun);
        replacing.Claimed(replacedRuns: 0, byHand: false);
        running.Replace(TaskId, replacedRuns: 1, ReplacingRun);

        Assert.Equal(1, running.Replace(TaskId, replacedRuns: 2, NewerRun));

        Assert.True(replacing.Replaced);
    }

    [Fact]
    public void A_run_claimed_before_its_fire_was_written_is_not_stopped_by_a_late_replace_its_claim_count_holds()
    {
        var running = new RunningAttempts();
        using var newer = running.Register(TaskId, NewerRun);
        // Claimed under count 1 (the replace for the run before it) before Beat's commit raised the count for it.
        newer.Claimed(replacedRuns: 1, byHand: false, claimedBeforeFire: true);

        // That replace's message reaches the worker only now.
        Assert.Equal(0, running.Replace(TaskId, replacedRuns: 1, ReplacingRun));

        Assert.False(newer.IsCancelled);
    }

    [Fact]
    public void A_run_claimed_before_its_fire_was_written_goes_on_when_it_heard_the_replace_before_it_at_its_claim()
    {
        var running = new RunningAttempts();
        using var newer = running.Register(TaskId, NewerRun);

        running.Replace(TaskId, replacedRuns: 1, ReplacingRun);
        newer.Claimed(replacedRuns: 1, byHand: false, claimedBeforeFire: true);

        Assert.False(newer.IsCancelled);
    }

    [Fact]
    public void A_run_claimed_before_its_fire_was_written_is_stopped_by_a_replace_counted_after_its_claim()
    {
        var running = new RunningAttempts();
        using var replacing = running.Register(TaskId, ReplacingRun);
        replacing.Claimed(replacedRuns: 0, byHand: false, claimedBeforeFire: true);

        Assert.Equal(1, running.Replace(TaskId, replacedRuns: 2, NewerRun));

        Assert.True(replacing.Replaced);
    }

    [Theory]
    [InlineData("t1\n3\nt1:1700000003000", "t1", 3L, "t1:1700000003000")]
    // A Beat from before the count and run were sent: every claimed run stops, none not yet claimed.
    [InlineData("t1", "t1", long.MaxValue, null)]
    public void A_replace_message_is_read_with_its_count_and_replacing_run(string message, string taskId, long count, string? replacingRunId) =>
        Assert.Equal((taskId, count, replacingRunId), ReplaceMessage.TryParse(message));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("t1\nx\nt1:1700000003000")]
    [InlineData("t1\n3")]
    [InlineData("t1\n3\n")]
    [InlineData("\n3\nt1:1700000003000")]
    public void A_malformed_replace_message_names_no_task(string? message) => Assert.Null(ReplaceMessage.TryParse(message));
}
