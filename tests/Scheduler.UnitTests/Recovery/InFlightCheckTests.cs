using Scheduler.Beat.Recovery;
using Scheduler.Contracts.Storage;
using Scheduler.Runtime.Storage;

namespace Scheduler.UnitTests.Recovery;

public sealed class InFlightCheckTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset Claimed = Now.AddMinutes(-1);
    private const string Worker = "worker:host-b:777:d4e5f6";
    private const string RunId = "t1:1700000000000";
    private static readonly IReadOnlySet<string> Alive = new HashSet<string>([Worker]);

    private static readonly InFlightRun Run = new(RunId, $"job-1|{Worker}|t1|1|{Claimed.ToUnixTimeMilliseconds()}", "job-1", Worker, "t1", 1, Claimed);

    private static WorkerHolding Holding(DateTimeOffset at, params string[] runIds) => new(at, runIds.ToHashSet());

    private static RunVerdict Judge(string? jobState, WorkerHolding? holding = null, InFlightRun? run = null, IReadOnlySet<string>? alive = null) =>
        new InFlightCheck(run ?? Run, jobState, holding).Judge(Now, Grace, alive ?? Alive);

    [Theory]
    [InlineData("Failed")]
    [InlineData("Succeeded")]
    [InlineData("Deleted")]
    [InlineData(null)]
    public void Run_whose_job_is_no_longer_processing_is_requeued_once_its_worker_says_it_let_it_go(string? state) =>
        Assert.Equal(RunVerdict.Requeue, Judge(state, Holding(Now.AddSeconds(-1), "other:1")));

    [Theory]
    [InlineData("Failed")]
    [InlineData("Succeeded")]
    [InlineData("Deleted")]
    [InlineData(null)]
    public void Run_whose_job_ended_is_left_to_its_live_worker_while_nothing_is_advertised(string? state) =>
        Assert.Equal(RunVerdict.Healthy, Judge(state));

    [Fact]
    public void Advertisement_lives_at_least_as_long_as_a_silent_worker_counts_alive()
    {
        foreach (var deadAfter in new[] { TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(15), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(10) })
            Assert.True(WorkerHolding.TtlFor(deadAfter) >= deadAfter, $"ttl {WorkerHolding.TtlFor(deadAfter)} for WorkerDeadAfter {deadAfter}");
        Assert.True(WorkerHolding.TtlFor(TimeSpan.FromSeconds(6)) > WorkerHolding.Period * 5);
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData(null)]
    public void Run_its_worker_still_holds_is_left_to_the_worker_whatever_its_job_says(string? state) =>
        Assert.Equal(RunVerdict.Held, Judge(state, Holding(Now.AddSeconds(-1), RunId)));

    [Fact]
    public void Processing_run_its_worker_advertises_not_holding_since_the_claim_is_requeued() =>
        Assert.Equal(RunVerdict.Requeue, Judge("Processing", Holding(Now.AddSeconds(-1), "other:1")));

    [Fact]
    public void Processing_run_with_no_advertisement_is_healthy() =>
        Assert.Equal(RunVerdict.Healthy, Judge("Processing"));

    [Fact]
    public void Advertisement_older_than_the_claim_says_nothing_about_the_run()
    {
        Assert.Equal(RunVerdict.Healthy, Judge("Processing", Holding(Claimed.AddMilliseconds(-1))));
        Assert.Equal(RunVerdict.Healthy, Judge("Failed", Holding(Claimed.AddMilliseconds(-1), RunId)));
    }

    [Fact]
    public void Queued_job_whose_worker_let_the_run_go_only_loses_its_entry()
    {
        Assert.Equal(RunVerdict.Release, Judge("Enqueued", Holding(Now, "other:1")));
        Assert.Equal(RunVerdict.Healthy, Judge("Enqueued"));
    }

    [Fact]
    public void Run_claimed_within_the_grace_period_is_recent() =>
        Assert.Equal(RunVerdict.Recent, Judge("Failed", run: Run with { StartedAt = Now.AddSeconds(-5) }));

    [Fact]
    public void Run_of_a_dead_worker_is_the_watchdogs() =>
        Assert.Equal(RunVerdict.WorkerDead, Judge("Failed", alive: new HashSet<string>()));

    [Fact]
    public void Advertisement_round_trips_and_garbage_reads_as_none()
    {
        var text = WorkerHolding.Format(Now, [RunId, "t2:t5"]);
        var read = WorkerHolding.Parse(text)!;
        Assert.Equal(Now, read.At);
        Assert.Equal(new[] { RunId, "t2:t5" }.Order(), read.RunIds.Order());
        Assert.Empty(WorkerHolding.Parse(WorkerHolding.Format(Now, []))!.RunIds);
        Assert.Null(read.JobIds);
        Assert.Null(WorkerHolding.Parse("not a time\nx"));
        Assert.Null(WorkerHolding.Parse(null));
    }

    [Fact]
    public void Advertisement_with_jobs_round_trips_and_an_empty_job_list_is_kept_apart_from_none()
    {
        var read = WorkerHolding.Parse(WorkerHolding.Format(Now, [RunId], ["5f1c6a1e-job", "77"]))!;
        Assert.Equal([RunId], read.RunIds);
        Assert.Equal(new[] { "5f1c6a1e-job", "77" }.Order(), read.JobIds!.Order());
        var none = WorkerHolding.Parse(WorkerHolding.Format(Now, [RunId], []))!;
        Assert.Equal([RunId], none.RunIds);
        Assert.NotNull(none.JobIds);
        Assert.Empty(none.JobIds);
    }
}
