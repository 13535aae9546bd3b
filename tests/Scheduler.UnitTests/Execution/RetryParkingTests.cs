using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Scheduler.Runtime.Storage;
using Scheduler.Worker.Execution;
using System.ComponentModel.DataAnnotations;

namespace Scheduler.UnitTests.Execution;

/// <summary>
/// Which retries are parked (Scheduler:Execution:ParkRetriesAfter), how the backoff goes on growing from the run's own
/// attempt count after a park, and the parked in-flight entry the reconcilers read.
/// </summary>
public sealed class RetryParkingTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private static EffectivePolicy Policy(int retries, double baseSeconds, double maxSeconds) =>
        new(retries, TimeSpan.FromSeconds(baseSeconds), TimeSpan.FromSeconds(maxSeconds), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));

    private static AttemptPipelines Pipelines(TimeSpan parkAfter, TimeProvider? time = null) =>
        new(time ?? new FakeTimeProvider(), Options.Create(new ExecutionOptions { ParkRetriesAfter = parkAfter }));

    private static async Task<(Exception Ended, int Attempts)> RunAsync(AttemptPipelines pipelines, EffectivePolicy policy, bool mayPark, int attemptsBefore = 0)
    {
        var context = ResilienceContextPool.Shared.Get();
        context.Properties.Set(AttemptPipelines.MayPark, mayPark);
        context.Properties.Set(AttemptPipelines.AttemptsBefore, attemptsBefore);
        var attempts = 0;
        var ended = await Assert.ThrowsAnyAsync<Exception>(() => pipelines.For(policy)
            .ExecuteAsync(_ => { attempts++; throw new RetryableAttemptException("failed"); }, context).AsTask().WaitAsync(Guard));
        return (ended, attempts);
    }

    [Fact]
    public async Task A_backoff_at_or_over_the_threshold_ends_the_execution_to_be_parked_with_that_backoff()
    {
        var (ended, attempts) = await RunAsync(Pipelines(TimeSpan.FromSeconds(5)), Policy(retries: 3, baseSeconds: 20, maxSeconds: 20), mayPark: true);

        Assert.Equal(1, attempts);
        Assert.InRange(Assert.IsType<RetryParkedException>(ended).Backoff, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task A_shorter_backoff_is_waited_out_in_the_thread_and_nothing_is_parked_when_parking_is_off_or_not_allowed()
    {
        // Never parked: a 0 s backoff under the threshold; the threshold 0 (off); a pipeline run that may not park (a sequence's step).
        Assert.Equal(4, (await RunAsync(Pipelines(TimeSpan.FromSeconds(5)), Policy(retries: 3, baseSeconds: 0, maxSeconds: 0), mayPark: true)).Attempts);
        var clock = new FakeTimeProvider();
        var off = RunAsync(Pipelines(TimeSpan.Zero, clock), Policy(retries: 1, baseSeconds: 20, maxSeconds: 20), mayPark: true);
        var notAllowed = RunAsync(Pipelines(TimeSpan.FromSeconds(5), clock), Policy(retries: 1, baseSeconds: 20, maxSeconds: 20), mayPark: false);
        while (!(off.IsCompleted && notAllowed.IsCompleted))
        {
            await Task.Delay(20);
            clock.Advance(TimeSpan.FromSeconds(5));
        }
        Assert.IsType<RetryableAttemptException>((await off).Ended);
        Assert.Equal(2, (await off).Attempts);
        Assert.Equal(2, (await notAllowed).Attempts);
    }

    [Fact]
    public async Task After_a_park_the_backoff_grows_from_the_runs_own_attempt_count()
    {
        // Base 10 s: after attempt 1 about 10 s; a delivery that ran attempts 1 and 2 before backs off about 40 s after attempt 3.
        var (ended, _) = await RunAsync(Pipelines(TimeSpan.FromSeconds(5)), Policy(retries: 5, baseSeconds: 10, maxSeconds: 3600), mayPark: true, attemptsBefore: 2);

        Assert.InRange(Assert.IsType<RetryParkedException>(ended).Backoff, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(50));
    }

    [Theory]
    [InlineData(1, 0.0, 7.5)]
    [InlineData(1, 1.0, 12.5)]
    [InlineData(2, 0.5, 20)]
    [InlineData(3, 1.0, 20)]
    public void The_backoff_doubles_per_attempt_with_a_quarter_of_jitter_either_way_and_never_passes_its_cap(int failedAttempt, double random, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), AttemptPipelines.BackoffAfter(failedAttempt, Policy(3, baseSeconds: 10, maxSeconds: 20), random));
    }

    [Theory]
    [InlineData("00:00:00.500", false)]
    [InlineData("00:00:00", true)]
    [InlineData("00:00:01", true)]
    [InlineData("01:00:00", true)]
    public void The_threshold_is_zero_for_never_or_at_least_a_second(string value, bool accepted)
    {
        var options = new ExecutionOptions { ParkRetriesAfter = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) };
        var results = new List<ValidationResult>();

        Assert.Equal(accepted, Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true));
        if (!accepted) Assert.Contains("Scheduler:Execution:ParkRetriesAfter is 00:00:00.5000000: use 0 (never park a retry) or at least 00:00:01", results[0].ErrorMessage);
    }

    [Fact]
    public void A_parked_entry_names_no_worker_the_attempt_to_come_and_when_it_is_due()
    {
        var due = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000);
        var run = InFlightRun.Parse("t:1", InFlightRun.ParkedEntry("42", "t", 3, due))!;

        Assert.Equal(("42", "t", 3, due, true), (run.JobId, run.TaskId, run.Attempt, run.StartedAt, run.Parked));
        Assert.False(InFlightRun.Parse("t:1", InFlightRun.RunningEntry("42", "worker-1", "t", 3, due))!.Parked);
    }
}
