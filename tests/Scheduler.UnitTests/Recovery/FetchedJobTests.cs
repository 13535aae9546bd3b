using Scheduler.Beat.Recovery;
using Scheduler.Runtime.Storage;


namespace Scheduler.UnitTests.Recovery;

public sealed class FetchedJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Cutoff = Now.AddSeconds(-15);
    private static readonly DateTimeOffset LongAgo = Now.AddMinutes(-1);
    private const string DeadWorker = "worker:host-a:4242:a1b2c3";
    private const string LiveWorker = "worker:host-b:777:d4e5f6";
    private static readonly IReadOnlySet<string> Alive = new HashSet<string>([LiveWorker, "beat:host-a:11:000000"], StringComparer.OrdinalIgnoreCase);
    private static readonly IReadOnlySet<string> NoneInFlight = new HashSet<string>();

    private static string ServerOf(string process) => $"{process}:{process.Split(':')[2]}:{Guid.NewGuid()}";

    private static FetchedJob Processing(string process, DateTimeOffset? fetched = null, DateTimeOffset? started = null) =>
        new("job-1", "Processing", fetched ?? LongAgo, ServerOf(process), started ?? LongAgo);

    private const string ForeignAlive = "host-b:99:0f8fad5b-d9cb-469f-a165-70867728950e";
    private static readonly IReadOnlySet<string> HangfireServers = new HashSet<string>([ForeignAlive], StringComparer.OrdinalIgnoreCase);

    private static FetchVerdict Judge(FetchedJob job, IReadOnlySet<string>? inFlight = null) =>
        job.Judge(Cutoff, inFlight ?? NoneInFlight, Alive, HangfireServers);

    [Fact]
    public void Processing_job_of_a_dead_worker_with_no_run_in_flight_is_abandoned() =>
        Assert.Equal(FetchVerdict.Abandoned, Judge(Processing(DeadWorker)));

    [Fact]
    public void Processing_job_of_a_worker_that_still_heart_beats_is_left_alone() =>
        Assert.Equal(FetchVerdict.WorkerAlive, Judge(Processing(LiveWorker)));

    [Fact]
    public void Processing_job_whose_run_is_in_flight_is_left_to_the_watchdog() =>
        Assert.Equal(FetchVerdict.InFlight, Judge(Processing(DeadWorker), new HashSet<string> { "job-1" }));

    [Fact]
    public void Processing_job_started_since_the_cutoff_is_recent_even_if_fetched_before_it() =>
        Assert.Equal(FetchVerdict.Recent, Judge(Processing(DeadWorker, started: Now.AddSeconds(-2))));

    [Fact]
    public void Job_fetched_since_the_cutoff_is_recent_whatever_its_state()
    {
        Assert.Equal(FetchVerdict.Recent, Judge(Processing(DeadWorker, fetched: Now.AddSeconds(-2))));
        Assert.Equal(FetchVerdict.Recent, Judge(new FetchedJob("job-1", "Enqueued", Now.AddSeconds(-2))));
    }

    [Fact]
    public void Enqueued_job_fetched_before_the_cutoff_never_started() =>
        Assert.Equal(FetchVerdict.NeverStarted, Judge(new FetchedJob("job-1", "Enqueued", LongAgo)));

    [Fact]
    public void Processing_job_without_a_fetch_time_is_dated_first_and_then_judged_by_its_worker()
    {
        Assert.Equal(FetchVerdict.Untimed, Judge(new FetchedJob("job-1", "Processing", null)));
        Assert.Equal(FetchVerdict.Recent, Judge(new FetchedJob("job-1", "Processing", null, CheckedAt: Now.AddSeconds(-2))));
        Assert.Equal(FetchVerdict.Abandoned, Judge(new FetchedJob("job-1", "Processing", null, ServerOf(DeadWorker), LongAgo, CheckedAt: LongAgo)));
        Assert.Equal(FetchVerdict.WorkerAlive, Judge(new FetchedJob("job-1", "Processing", null, ServerOf(LiveWorker), LongAgo, CheckedAt: LongAgo)));
    }

    [Fact]
    public void Processing_job_of_a_live_worker_fetched_long_before_the_cutoff_is_left_alone_however_long_it_runs() =>
        Assert.Equal(FetchVerdict.WorkerAlive, Judge(Processing(LiveWorker, fetched: Now.AddDays(-2), started: Now.AddDays(-2))));

    private static IReadOnlyDictionary<string, WorkerHolding> Holds(string process, DateTimeOffset at, params string[] jobIds) =>
        new Dictionary<string, WorkerHolding>(StringComparer.OrdinalIgnoreCase) { [process] = new(at, new HashSet<string>(), jobIds.ToHashSet()) };

    [Fact]
    public void Processing_job_of_a_live_worker_that_no_longer_holds_it_is_unheld() =>
        Assert.Equal(FetchVerdict.Unheld, Processing(LiveWorker).Judge(Cutoff, NoneInFlight, Alive, HangfireServers, Holds(LiveWorker, Now, "job-2")));

    [Fact]
    public void Processing_job_its_live_worker_still_holds_is_left_alone() =>
        Assert.Equal(FetchVerdict.WorkerAlive, Processing(LiveWorker).Judge(Cutoff, NoneInFlight, Alive, HangfireServers, Holds(LiveWorker, Now, "job-1", "job-2")));

    [Fact]
    public void A_worker_says_it_no_longer_holds_a_job_only_in_an_advertisement_made_well_after_the_fetch()
    {
        // Fetched 4 s before the advertisement: the job may have been held a moment after the advertisement's snapshot.
        var job = Processing(LiveWorker, fetched: Cutoff.AddSeconds(-4));
        Assert.Equal(FetchVerdict.WorkerAlive, job.Judge(Cutoff, NoneInFlight, Alive, HangfireServers, Holds(LiveWorker, Cutoff)));
        Assert.Equal(FetchVerdict.Unheld, job.Judge(Cutoff, NoneInFlight, Alive, HangfireServers, Holds(LiveWorker, Cutoff.AddSeconds(1))));
    }

    [Fact]
    public void A_worker_that_does_not_list_its_jobs_or_advertises_nothing_holds_every_job_it_started()
    {
        var saysRunsOnly = new Dictionary<string, WorkerHolding> { [LiveWorker] = new(Now, new HashSet<string>()) };
        Assert.Equal(FetchVerdict.WorkerAlive, Processing(LiveWorker).Judge(Cutoff, NoneInFlight, Alive, HangfireServers, saysRunsOnly));
        Assert.Equal(FetchVerdict.WorkerAlive, Processing(LiveWorker).Judge(Cutoff, NoneInFlight, Alive, HangfireServers, Holds(DeadWorker, Now)));
    }

    [Fact]
    public void A_job_another_live_worker_lists_is_held_whichever_worker_its_state_names()
    {
        // After a failover that lost writes: the state names an earlier delivery's worker, another delivery runs the job.
        var holdings = new Dictionary<string, WorkerHolding>(Holds(LiveWorker, Now), StringComparer.OrdinalIgnoreCase)
        {
            ["worker:host-c:55:abcdef"] = new(Now, new HashSet<string>(), new HashSet<string> { "job-1" }),
        };
        Assert.Equal(FetchVerdict.WorkerAlive, Processing(LiveWorker).Judge(Cutoff, NoneInFlight, Alive, HangfireServers, holdings));
    }

    [Fact]
    public void A_job_whose_run_is_in_flight_stays_the_watchdogs_whatever_its_worker_holds() =>
        Assert.Equal(FetchVerdict.InFlight,
            Processing(LiveWorker).Judge(Cutoff, new HashSet<string> { "job-1" }, Alive, HangfireServers, Holds(LiveWorker, Now)));

    [Fact]
    public void Enqueued_job_without_a_fetch_time_is_dated_first_and_re_queued_once_that_date_is_before_the_cutoff()
    {
        Assert.Equal(FetchVerdict.Untimed, Judge(new FetchedJob("job-1", "Enqueued", null)));
        Assert.Equal(FetchVerdict.Recent, Judge(new FetchedJob("job-1", "Enqueued", null, CheckedAt: Now.AddSeconds(-2))));
        Assert.Equal(FetchVerdict.NeverStarted, Judge(new FetchedJob("job-1", "Enqueued", null, CheckedAt: LongAgo)));
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    [InlineData("Deleted")]
    [InlineData("Scheduled")]
    public void Job_in_another_state_fetched_before_the_cutoff_is_a_leftover_and_one_fetched_since_is_recent(string state)
    {
        Assert.Equal(FetchVerdict.Leftover, Judge(new FetchedJob("job-1", state, LongAgo)));
        Assert.Equal(FetchVerdict.Leftover, Judge(new FetchedJob("job-1", state, null, CheckedAt: LongAgo)));
        Assert.Equal(FetchVerdict.Recent, Judge(new FetchedJob("job-1", state, Now.AddSeconds(-2))));
    }

    [Fact]
    public void Job_whose_hash_is_gone_is_gone() =>
        Assert.Equal(FetchVerdict.Gone, Judge(new FetchedJob("job-1", null, null)));

    [Theory]
    [InlineData("host-a:4242:0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    public void Processing_job_of_a_server_that_is_not_ours_and_gone_from_hangfires_list_is_abandoned(string? serverId) =>
        Assert.Equal(FetchVerdict.Abandoned, Judge(new FetchedJob("job-1", "Processing", LongAgo, serverId, LongAgo)));

    [Fact]
    public void Processing_job_of_a_server_that_is_not_ours_and_still_in_hangfires_list_is_left_alone() =>
        Assert.Equal(FetchVerdict.WorkerAlive, Judge(new FetchedJob("job-1", "Processing", LongAgo, ForeignAlive.ToUpperInvariant(), LongAgo)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Processing_job_naming_no_server_was_handed_back_and_fetched_by_a_worker_that_died_before_its_processing(string? serverId) =>
        Assert.Equal(FetchVerdict.Abandoned, Judge(new FetchedJob("job-1", "Processing", LongAgo, serverId, LongAgo)));

    [Theory]
    [InlineData("2026-11-23T11:59:00.1230000", "2026-11-23T11:59:00.123Z")]
    [InlineData("2026-11-23T11:59:00.1230000Z", "2026-11-23T11:59:00.123Z")]
    [InlineData("2026-11-23T12:59:00.1230000+01:00", "2026-11-23T11:59:00.123Z")]
    [InlineData("1795435140123", "2026-11-23T11:59:00.123Z")]
    public void Hangfire_times_read_as_utc_in_each_stored_form(string stored, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), FetchedJob.ParseTime(stored));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    public void Missing_or_unreadable_time_is_null(string? stored) => Assert.Null(FetchedJob.ParseTime(stored));
}
