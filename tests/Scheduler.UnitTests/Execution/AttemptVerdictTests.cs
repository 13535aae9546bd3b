using Microsoft.Extensions.Time.Testing;
using Scheduler.Contracts.Schedules;
using Scheduler.Worker.Execution;
using Scheduler.Worker.Handlers;

namespace Scheduler.UnitTests.Execution;

/// <summary>The executor's decisions for one attempt, driven by a fake clock: nothing here waits on real time.</summary>
public sealed class AttemptVerdictTests
{
    private static readonly EffectivePolicy Policy = new(MaxRetries: 2, BackoffBase: TimeSpan.FromSeconds(1), BackoffMax: TimeSpan.FromSeconds(5),
        SoftTimeout: TimeSpan.FromMinutes(1), HardTimeout: TimeSpan.FromMinutes(2));

    private readonly FakeTimeProvider _time = new();
    private readonly CancellationTokenSource _job = new();
    private readonly CancellationTokenSource _cancel = new();
    private readonly CancellationTokenSource _abandon = new();

    private Task<(Task<string?> Handling, bool Abandoned, bool SoftTimedOut)> Run(Func<CancellationToken, Task<string?>> handler) =>
        AttemptCourse.RunAsync(handler, Policy, _time, _job.Token, _cancel.Token, _abandon);

    private AttemptVerdict? Judge((Task<string?> Handling, bool Abandoned, bool SoftTimedOut) course, int attempt = 1) =>
        AttemptVerdict.Judge(course.Handling, course.Abandoned, course.SoftTimedOut, _cancel.IsCancellationRequested, _job.IsCancellationRequested, attempt, Policy,
            text => text is { Length: > 5 } ? text[..5] + "…" : text);

    private static async Task<string?> HonoursToken(CancellationToken token)
    {
        await Task.Delay(Timeout.Infinite, token);
        return null;
    }

    [Fact]
    public async Task A_handler_that_stops_on_its_token_times_out_softly_at_the_soft_timeout_and_is_retried()
    {
        var running = Run(HonoursToken);
        _time.Advance(Policy.SoftTimeout - TimeSpan.FromSeconds(1));
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var course = await running;

        var verdict = Judge(course);
        Assert.False(course.Abandoned);
        Assert.Equal(new AttemptVerdict(RunOutcome.TimedOut, "soft timeout: cancelled after 00:01:00", null, false), verdict);
    }

    [Fact]
    public async Task A_handler_that_ignores_its_token_is_abandoned_at_the_hard_timeout_and_told_so()
    {
        var ignoring = new TaskCompletionSource<string?>();
        var seenToken = CancellationToken.None;
        var running = Run(token => { seenToken = token; return ignoring.Task; });
        _time.Advance(Policy.SoftTimeout);
        Assert.True(seenToken.IsCancellationRequested);
        Assert.False(running.IsCompleted);
        _time.Advance(Policy.HardTimeout - Policy.SoftTimeout);
        var course = await running;

        Assert.True(course.Abandoned);
        Assert.True(_abandon.IsCancellationRequested);
        Assert.Equal(new AttemptVerdict(RunOutcome.TimedOut, "hard timeout: abandoned after 00:02:00", null, false), Judge(course));
    }

    [Fact]
    public async Task A_handler_abandoned_while_it_runs_keeps_the_result_it_left_so_far()
    {
        var soFar = new PartialResultSlot();
        soFar.Set(() => "steps so far");
        var running = Run(_ => new TaskCompletionSource<string?>().Task);
        _time.Advance(Policy.HardTimeout);
        var course = await running;

        var verdict = AttemptVerdict.Judge(course.Handling, course.Abandoned, course.SoftTimedOut, cancelled: false, shuttingDown: false, 1, Policy,
            text => text, soFar);
        Assert.Equal(new AttemptVerdict(RunOutcome.TimedOut, "hard timeout: abandoned after 00:02:00", "steps so far", false), verdict);
    }

    [Fact]
    public async Task A_handler_cancelled_by_its_own_code_before_any_timeout_fails_with_its_reason_not_as_a_soft_timeout()
    {
        // An HttpClient's own timeout inside the handler: an OperationCanceledException none of the run's tokens caused.
        var course = await Run(_ => Task.FromException<string?>(new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout")));

        var verdict = AttemptVerdict.Judge(course.Handling, course.Abandoned, course.SoftTimedOut, cancelled: false, shuttingDown: false, 1, Policy, text => text)!;
        Assert.Equal((RunOutcome.Failed, false), (verdict.Outcome, verdict.Final));
        Assert.Contains("HttpClient.Timeout", verdict.Error);
        Assert.DoesNotContain("soft timeout", verdict.Error);
    }

    [Fact]
    public async Task A_success_is_final_and_its_result_is_capped()
    {
        var course = await Run(_ => Task.FromResult<string?>("a long result"));

        Assert.Equal(new AttemptVerdict(RunOutcome.Succeeded, null, "a lon…", true), Judge(course));
    }

    [Fact]
    public async Task A_failure_is_retried_until_the_last_retry_and_a_non_retryable_one_is_final_at_once()
    {
        var failing = await Run(_ => Task.FromException<string?>(new InvalidOperationException("disk full")));
        var refused = await Run(_ => Task.FromException<string?>(new NonRetryableTaskException("bad input")));

        // Errors are cut as results are (here at five characters): a failing command's error carries its output.
        Assert.Equal(new AttemptVerdict(RunOutcome.Failed, "disk …", null, false), Judge(failing, attempt: 1));
        Assert.Equal(new AttemptVerdict(RunOutcome.Failed, "disk …", null, false), Judge(failing, attempt: 2));
        Assert.Equal(new AttemptVerdict(RunOutcome.Failed, "disk …", null, true), Judge(failing, attempt: 3));
        Assert.Equal(new AttemptVerdict(RunOutcome.Failed, "bad i…", null, true), Judge(refused, attempt: 1));
    }

    [Fact]
    public async Task A_cluster_wide_cancel_ends_the_run_as_cancelled_and_is_never_retried()
    {
        var running = Run(HonoursToken);
        await _cancel.CancelAsync();
        var course = await running;

        Assert.Equal(new AttemptVerdict(RunOutcome.Cancelled, "cancelled while running", null, true), Judge(course));
    }

    [Fact]
    public async Task A_cancel_the_handler_ignores_is_abandoned_after_the_stop_grace_and_ends_cancelled()
    {
        var running = Run(_ => new TaskCompletionSource<string?>().Task);
        _time.Advance(TimeSpan.FromSeconds(10));
        await _cancel.CancelAsync();
        await Task.Yield();
        _time.Advance(Policy.StopGrace - TimeSpan.FromSeconds(1));
        Assert.False(running.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1));
        var course = await running;

        Assert.True(course.Abandoned);
        Assert.True(_abandon.IsCancellationRequested);
        Assert.Equal(new AttemptVerdict(RunOutcome.Cancelled, "cancelled; the handler did not stop within 15 s and was abandoned (its code may still be running)", null, true),
            Judge(course));
    }

    [Fact]
    public async Task On_shutdown_an_unfinished_attempt_records_nothing_but_a_finished_success_is_kept()
    {
        var stopped = Run(HonoursToken);
        await _job.CancelAsync();
        Assert.Null(Judge(await stopped));

        var done = await Run(_ => Task.FromResult<string?>("ok"));
        Assert.Equal(RunOutcome.Succeeded, Judge(done)!.Outcome);
    }

    [Fact]
    public async Task A_handler_that_throws_before_returning_its_task_fails_its_attempt_like_one_that_throws_later()
    {
        var course = await Run(_ => throw new NonRetryableTaskException("no handler for task type x"));

        Assert.Equal(new AttemptVerdict(RunOutcome.Failed, "no ha…", null, true), Judge(course));
        var retryable = await Run(_ => throw new InvalidOperationException("bad argument"));
        Assert.Equal(new AttemptVerdict(RunOutcome.Failed, "bad a…", null, false), Judge(retryable));
    }

    [Fact]
    public void A_cut_text_never_ends_in_half_a_surrogate_pair()
    {
        Assert.Equal("a…[truncated]", TaskExecutor.Capped("a\U0001F600b", 2));
        Assert.Equal("a\U0001F600…[truncated]", TaskExecutor.Capped("a\U0001F600b", 3));
        Assert.Equal("ab", TaskExecutor.Capped("ab", 2));
    }
}
