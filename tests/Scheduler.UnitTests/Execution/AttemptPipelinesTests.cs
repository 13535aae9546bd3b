using Microsoft.Extensions.Time.Testing;
using Scheduler.Worker.Execution;

namespace Scheduler.UnitTests.Execution;

/// <summary>The retry pipelines TaskExecutor runs attempts through, on a fake clock: nothing here waits for real time.</summary>
public sealed class AttemptPipelinesTests
{
    // Guards against a hang only; every wait below ends as soon as the fake clock is advanced.
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static EffectivePolicy Policy(int retries, double backoffSeconds = 1) =>
        new(retries, TimeSpan.FromSeconds(backoffSeconds), TimeSpan.FromSeconds(backoffSeconds), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));

    [Fact]
    public async Task A_retryable_failure_is_retried_after_the_backoff_on_the_injected_clock_until_retries_run_out()
    {
        var clock = new FakeTimeProvider();
        // An hour of backoff: only the fake clock can end it within the test.
        var pipeline = new AttemptPipelines(clock).For(Policy(retries: 2, backoffSeconds: 3600));
        var attempts = 0;
        var attempted = new SemaphoreSlim(0);

        var run = pipeline.ExecuteAsync(_ =>
        {
            attempts++;
            attempted.Release();
            throw new RetryableAttemptException($"attempt {attempts} failed");
        }, CancellationToken.None).AsTask();

        Assert.True(await attempted.WaitAsync(Guard));
        Assert.Equal(1, attempts);
        Assert.False(run.IsCompleted);

        // Each retry waits on the fake clock (no step: it did not wait) for at most an hour, the second too: the backoff
        // is jittered (Polly's decorrelated jitter can draw well under the base) and capped at BackoffMax.
        Assert.InRange(await HalfHoursUntilNextAttemptAsync(clock, attempted), 1, 3);
        Assert.InRange(await HalfHoursUntilNextAttemptAsync(clock, attempted), 1, 3);

        var failure = await Assert.ThrowsAsync<RetryableAttemptException>(() => run.WaitAsync(Guard));
        Assert.Equal("attempt 3 failed", failure.Message);
        Assert.Equal(3, attempts);
    }

    // Advances the fake clock half an hour at a time until the next attempt starts; returns the steps it took. Polly
    // creates a retry's delay only after the attempt has thrown, which may come after a step (on a loaded machine): that
    // step moved a clock no delay waited on yet, so a delay of at most an hour takes one to three steps.
    private static async Task<int> HalfHoursUntilNextAttemptAsync(FakeTimeProvider clock, SemaphoreSlim attempted)
    {
        var deadline = DateTime.UtcNow + Guard;
        for (var steps = 0; ; steps++)
        {
            if (await attempted.WaitAsync(TimeSpan.FromMilliseconds(20))) return steps;
            Assert.True(DateTime.UtcNow < deadline, $"no attempt after {steps} half-hours on the fake clock");
            clock.Advance(TimeSpan.FromMinutes(30));
        }
    }

    [Fact]
    public async Task A_longest_delay_of_zero_retries_without_waiting()
    {
        var pipeline = new AttemptPipelines(new FakeTimeProvider()).For(
            new EffectivePolicy(30, TimeSpan.FromSeconds(2), TimeSpan.Zero, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2)));
        var attempts = 0;

        // On a fake clock never advanced: any wait at all would hang here until the guard.
        var run = pipeline.ExecuteAsync(_ => { attempts++; throw new RetryableAttemptException("failed"); }, CancellationToken.None).AsTask();

        await Assert.ThrowsAsync<RetryableAttemptException>(() => run.WaitAsync(Guard));
        Assert.Equal(31, attempts);
    }

    [Fact]
    public async Task With_no_retries_the_first_failure_ends_the_run()
    {
        var pipeline = new AttemptPipelines(new FakeTimeProvider()).For(Policy(retries: 0));
        var attempts = 0;

        await Assert.ThrowsAsync<RetryableAttemptException>(async () =>
            await pipeline.ExecuteAsync(_ => { attempts++; throw new RetryableAttemptException("failed"); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public async Task Only_recorded_attempt_failures_are_retried_other_exceptions_end_the_run_at_once()
    {
        var pipeline = new AttemptPipelines(new FakeTimeProvider()).For(Policy(retries: 5));
        var attempts = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await pipeline.ExecuteAsync(_ => { attempts++; throw new InvalidOperationException("bookkeeping"); }, CancellationToken.None));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public void Tasks_with_the_same_retry_values_share_one_pipeline_and_different_values_get_their_own()
    {
        var pipelines = new AttemptPipelines(new FakeTimeProvider());

        Assert.Same(pipelines.For(Policy(retries: 3)), pipelines.For(Policy(retries: 3) with { SoftTimeout = TimeSpan.FromSeconds(5) }));
        Assert.NotSame(pipelines.For(Policy(retries: 3)), pipelines.For(Policy(retries: 4)));
        Assert.NotSame(pipelines.For(Policy(retries: 3)), pipelines.For(Policy(retries: 3, backoffSeconds: 2)));
    }
}
