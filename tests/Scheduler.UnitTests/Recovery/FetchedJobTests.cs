using Scheduler.Beat.Recovery;


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

    private static FetchVerdict Judge(FetchedJob job, IReadOnlySet<string>? inFlight = null) => job.Judge(Cutoff, inFlight ?? NoneInFlight, Alive);

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
    public void Processing_job_without_a_fetch_time_is_left_to_hangfire() =>
        Assert.Equal(FetchVerdict.Untimed, Judge(new FetchedJob("job-1", "Processing", null, ServerOf(DeadWorker), LongAgo, CheckedAt: LongAgo)));

    [Fact]
    public void Enqueued_job_without_a_fetch_time_is_dated_first_and_re_queued_once_that_date_is_before_the_cutoff()
    {
        Assert.Equal(FetchVerdict.Untimed, Judge(new FetchedJob("job-1", "Enqueued", null)));
        Assert.Equal(FetchVerdict.Untimed, Judge(new FetchedJob("job-1", "Enqueued", null, CheckedAt: Now.AddSeconds(-2))));
        Assert.Equal(FetchVerdict.NeverStarted, Judge(new FetchedJob("job-1", "Enqueued", null, CheckedAt: LongAgo)));
    }

    [Theory]
    [InlineData("Succeeded")]
    [InlineData("Failed")]
    [InlineData("Deleted")]
    [InlineData(null)]
    public void Finished_or_missing_job_in_a_fetched_list_is_not_stranded(string? state) =>
        Assert.Equal(FetchVerdict.NotStranded, Judge(new FetchedJob("job-1", state, LongAgo)));

    [Theory]
    [InlineData("host-a:4242:0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("0f8fad5b-d9cb-469f-a165-70867728950e")]
    public void Processing_job_of_a_server_that_is_not_ours_is_left_to_hangfire(string? serverId) =>
        Assert.Equal(FetchVerdict.ForeignServer, Judge(new FetchedJob("job-1", "Processing", LongAgo, serverId, LongAgo)));

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
