using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A worker thread's next fetch sent behind its job's final state change (<see cref="JobPrefetches"/>) against a real
/// Redis: the thread's next fetch takes that job without looking again, a job no fetch takes goes back to its queue,
/// and nothing is fetched ahead for a job the thread is not running.
/// </summary>
public sealed class JobPrefetchesTests
{
    [Fact]
    public async Task A_final_state_commit_fetches_the_threads_next_job_which_its_next_fetch_takes()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-prefetch");
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var running = HangfireJobs.CreateOccurrenceJob(storage);
        var next = HangfireJobs.CreateOccurrenceJob(storage);

        // One thread throughout, as a Hangfire worker's: the fetch ahead is the thread's own.
        await Task.Run(() =>
        {
            using (var connection = storage.GetConnection())
            using (var fetched = connection.FetchNextJob(["default"], CancellationToken.None))
            {
                Assert.Equal(running, fetched.JobId);
                CommitState(connection, running, new SucceededState(null, 0, 0));
                // Taken from the queue with the commit, before this thread asked for it.
                Assert.Equal([], db.ListRange(keys.Queue("default")).Select(v => (string)v!));
                Assert.Contains(next, db.ListRange(keys.Fetched("default")).Select(v => (string)v!));
                fetched.RemoveFromQueue();
            }
            using (var connection = storage.GetConnection())
            using (var fetched = connection.FetchNextJob(["default"], CancellationToken.None))
            {
                Assert.Equal(next, fetched.JobId);
                Assert.False(db.HashGet(keys.Job(next), "Fetched").IsNullOrEmpty, "a job taken ahead gets its fetch time when adopted");
                Assert.Equal(0, PrefetchesOf(storage).Outstanding);
                fetched.RemoveFromQueue();
            }
        });
        await db.PingAsync();
        Assert.Equal(0, await db.ListLengthAsync(keys.Fetched("default")));
    }

    [Fact]
    public async Task A_job_fetched_ahead_goes_back_to_its_queue_when_the_worker_stops_or_its_thread_does_not_fetch_again()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-prefetch-back");
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var first = HangfireJobs.CreateOccurrenceJob(storage);
        var second = HangfireJobs.CreateOccurrenceJob(storage);
        var third = HangfireJobs.CreateOccurrenceJob(storage);

        // The server stops: what its threads fetched ahead goes back at once, with the state lock the fetch took.
        await Task.Run(() => RunToSuccess(storage, expected: first));
        Assert.Contains(second, (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => (string)v!));
        Assert.True(await db.KeyExistsAsync(keys.StateLock(second)), "the fetch ahead took the job's state lock");
        PrefetchesOf(storage).HandBackAll();
        await Eventually.WaitAsync(async () => !(await db.ListRangeAsync(keys.Fetched("default"))).Contains(second),
            TaskRuns.Patience, "the job fetched ahead leaving the fetched list");
        Assert.False(await db.KeyExistsAsync(keys.StateLock(second)), "its state lock went back with it");
        // A lock another holder kept when the fetch ahead took the job is left as it is, its hold untouched.
        await Task.Run(() =>
        {
            db.StringSet(keys.StateLock(third), "another-holder", TimeSpan.FromMinutes(2));
            RunToSuccess(storage, expected: second);
        });
        Assert.Contains(third, (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => (string)v!));
        PrefetchesOf(storage).HandBackAll();
        await Eventually.WaitAsync(async () => (await db.ListRangeAsync(keys.Queue("default"))).Contains(third), TaskRuns.Patience, "the job back");
        Assert.Equal("another-holder", (string?)await db.StringGetAsync(keys.StateLock(third)));
        Assert.True((await db.KeyTimeToLiveAsync(keys.StateLock(third)))!.Value > TimeSpan.FromSeconds(60), "the other holder's hold untouched");
        await db.KeyDeleteAsync(keys.StateLock(third));
        Assert.Equal([third], (await db.ListRangeAsync(keys.Queue("default"))).Select(v => (string)v!));
        Assert.True((await db.HashGetAsync(keys.Job(third), "Fetched")).IsNullOrEmpty);

        // A thread that never fetches again: given back after the hold, and fetched next by anyone.
        var fourth = HangfireJobs.CreateOccurrenceJob(storage);
        await Task.Run(() => RunToSuccess(storage, expected: third));
        await Eventually.WaitAsync(async () => (await db.ListRangeAsync(keys.Queue("default"))).Contains(fourth),
            JobPrefetches.Hold + TaskRuns.Patience, "the unadopted job back in its queue");
        Assert.Equal(0, PrefetchesOf(storage).Outstanding);
        using var elsewhere = storage.GetConnection();
        using var again = elsewhere.FetchNextJob(["default"], CancellationToken.None);
        Assert.Equal(fourth, again.JobId);
    }

    [Fact]
    public async Task A_stopping_threads_fetch_hands_back_what_it_fetched_ahead_and_an_empty_look_ahead_loses_no_later_job()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-prefetch-stop");
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var first = HangfireJobs.CreateOccurrenceJob(storage);
        var second = HangfireJobs.CreateOccurrenceJob(storage);

        await Task.Run(() =>
        {
            RunToSuccess(storage, expected: first);
            Assert.Contains(second, db.ListRange(keys.Fetched("default")).Select(v => (string)v!));
            using var connection = storage.GetConnection();
            Assert.Throws<OperationCanceledException>(() => connection.FetchNextJob(["default"], new CancellationToken(canceled: true)));
        });
        await Eventually.WaitAsync(async () => (await db.ListRangeAsync(keys.Queue("default"))).Contains(second),
            TaskRuns.Patience, "the job fetched ahead back in its queue before the hold");

        // The queue is empty when the last job ends: the next fetch waits and takes a job queued later.
        await Task.Run(async () =>
        {
            RunToSuccess(storage, expected: second);
            using var connection = storage.GetConnection();
            var later = Task.Delay(300).ContinueWith(_ => HangfireJobs.CreateOccurrenceJob(storage));
            using var fetched = connection.FetchNextJob(["default"], new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
            Assert.Equal(0, PrefetchesOf(storage).Outstanding);
            Assert.Equal(await later, fetched.JobId);
        });
    }

    [Fact]
    public async Task A_fetch_ahead_takes_from_the_first_queue_with_a_job_and_after_finding_all_empty_the_next_fetch_waits_for_an_announcement()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-prefetch-queues");
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        string[] queues = ["default", "default-low"];
        var first = HangfireJobs.CreateOccurrenceJob(storage);
        db.ListLeftPush(keys.Queue("default-low"), "low");

        // One thread throughout, as a Hangfire worker's: what it fetches ahead is its own.
        var fetching = new TaskCompletionSource();
        var fetch = Task.Factory.StartNew(() =>
        {
            // The first queue is empty when the first job ends: the commit takes the second queue's job, which the next fetch adopts.
            RunToSuccess(storage, expected: first, queues);
            Assert.Contains("low", db.ListRange(keys.Fetched("default-low")).Select(v => (string)v!));
            RunToSuccess(storage, expected: "low", queues);
            // Every queue was empty when "low" ended. Jobs pushed with no announcement (no Hangfire client does that) are
            // found only by a look, and the fetch does not look again before an announcement; one since the look ahead ends the wait.
            db.ListLeftPush(keys.Queue("default-low"), "unannounced-low");
            db.ListLeftPush(keys.Queue("default"), "unannounced");
            using var connection = storage.GetConnection();
            fetching.SetResult();
            using var fetched = connection.FetchNextJob(queues, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
            fetched.RemoveFromQueue();
            return fetched.JobId;
        }, TaskCreationOptions.LongRunning);
        await fetching.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);
        Assert.False(fetch.IsCompleted, "the fetch looked again with nothing announced since the look ahead");
        await db.PublishAsync(RedisChannel.Literal(keys.FetchChannel), "announced");
        Assert.Equal("unannounced", await fetch.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Nothing_is_fetched_ahead_for_a_job_the_committing_thread_is_not_running_or_for_a_state_that_does_not_end_its_run()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-prefetch-not");
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var running = HangfireJobs.CreateOccurrenceJob(storage);
        var other = HangfireJobs.CreateOccurrenceJob(storage);
        var waiting = HangfireJobs.CreateOccurrenceJob(storage);

        await Task.Run(() =>
        {
            using var connection = storage.GetConnection();
            using var fetched = connection.FetchNextJob(["default"], CancellationToken.None);
            Assert.Equal(running, fetched.JobId);
            CommitState(connection, running, new ScheduledState(TimeSpan.FromMinutes(1)));
            CommitState(connection, other, new DeletedState());
            Assert.Equal([waiting, other], db.ListRange(keys.Queue("default")).Select(v => (string)v!));
            fetched.RemoveFromQueue();
            // Settled: the thread's job is no longer running, so its late state change fetches nothing either.
            CommitState(connection, running, new SucceededState(null, 0, 0));
        });
        // Another thread commits the end of a job it does not hold.
        using (var connection = storage.GetConnection()) CommitState(connection, running, new FailedState(new InvalidOperationException("x")));
        Assert.Equal(2, await db.ListLengthAsync(keys.Queue("default")));
        Assert.Equal(0, PrefetchesOf(storage).Outstanding);
    }

    [Fact]
    public async Task A_fetch_ahead_goes_by_its_sha_once_redis_holds_the_script_and_after_a_script_cache_flush_loses_no_job()
    {
        // The fetch's script goes inside the commit's MULTI/EXEC, where a NOSCRIPT cannot be sent again (see
        // ScriptCacheFlushTests): after a flush that commit still applies, its fetch ahead takes nothing, and the body goes
        // again with the next one. A private Redis: a flush reaches every client, and its command counts are this test's.
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("hf-prefetch-noscript", server.ConnectionString);
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var jobs = Enumerable.Range(0, 5).Select(_ => HangfireJobs.CreateOccurrenceJob(storage)).ToArray();
        var redisServer = redis.Redis.GetServers().Single();
        long BySha() => RedisCommandStats.Calls(redisServer, "evalsha");

        await Task.Run(() =>
        {
            RunToSuccess(storage, jobs[0]);
            var before = BySha();
            RunToSuccess(storage, jobs[1]);
            Assert.True(BySha() > before, "the second fetch ahead goes by the script's SHA");
            Assert.Contains(jobs[2], db.ListRange(keys.Fetched("default")).Select(v => (string)v!));

            redisServer.ScriptFlush();
            RunToSuccess(storage, jobs[2]);
            Assert.Equal("Succeeded", (string?)db.HashGet(keys.Job(jobs[2]), "State"));
            Assert.Contains(jobs[3], db.ListRange(keys.Queue("default")).Select(v => (string)v!));
            Assert.DoesNotContain(jobs[3], db.ListRange(keys.Fetched("default")).Select(v => (string)v!));

            RunToSuccess(storage, jobs[3]);
            Assert.Equal([], db.ListRange(keys.Queue("default")).Select(v => (string)v!));
            Assert.Contains(jobs[4], db.ListRange(keys.Fetched("default")).Select(v => (string)v!));
            RunToSuccess(storage, jobs[4]);
        });
    }

    [Fact]
    public async Task A_fetch_sent_behind_a_jobs_last_write_from_another_thread_is_taken_by_the_running_threads_next_fetch_even_after_a_script_cache_flush()
    {
        // A job whose change to Succeeded is deferred to a batch ends with no commit of its thread: its outcome, written on
        // whatever thread the job's async body continued on, carries the thread's next fetch. A private Redis for the flush.
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await RedisTestContext.CreateAsync("hf-prefetch-behind", server.ConnectionString);
        var storage = new HangfireJobs(redis).Storage;
        var (keys, db) = (new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase());
        var jobs = Enumerable.Range(0, 4).Select(_ => HangfireJobs.CreateOccurrenceJob(storage)).ToArray();
        var prefetches = PrefetchesOf(storage);
        string[] Fetched() => [.. db.ListRange(keys.Fetched("default")).Select(v => (string)v!)];

        await Task.Factory.StartNew(() =>
        {
            using (var connection = storage.GetConnection())
            using (var fetched = connection.FetchNextJob(["default"], CancellationToken.None))
            {
                Assert.Equal(jobs[0], fetched.JobId);
                // Not the job of any thread here: nothing is fetched.
                Task.Run(() => prefetches.SendBehind("not-running-here")).Wait();
                db.Ping();
                Assert.Equal(0, prefetches.Outstanding);
                // Twice: the thread holds one fetch ahead at most.
                Task.Run(() => { prefetches.SendBehind(jobs[0]); prefetches.SendBehind(jobs[0]); }).Wait();
                db.Ping();
                Assert.Equal(1, prefetches.Outstanding);
                Assert.Equal([jobs[1], jobs[0]], Fetched());
                fetched.RemoveFromQueue();
            }
            using (var connection = storage.GetConnection())
            using (var fetched = connection.FetchNextJob(["default"], CancellationToken.None))
            {
                Assert.Equal(jobs[1], fetched.JobId);
                Assert.Equal(0, prefetches.Outstanding);
                Assert.False(db.HashGet(keys.Job(jobs[1]), "Fetched").IsNullOrEmpty, "a job taken ahead gets its fetch time when adopted");
                // A stopped worker server's jobs fetch nothing ahead, until a server starts again.
                prefetches.Close();
                Task.Run(() => prefetches.SendBehind(jobs[1])).Wait();
                db.Ping();
                Assert.Equal(0, prefetches.Outstanding);
                prefetches.Open();
                // Redis forgot the script: the fetch is sent again with its body, not lost.
                redis.Redis.GetServers().Single().ScriptFlush();
                Task.Run(() => prefetches.SendBehind(jobs[1])).Wait();
                Assert.True(SpinWait.SpinUntil(() => Fetched().Contains(jobs[2]), TimeSpan.FromSeconds(10)), "fetched ahead after the flush");
                fetched.RemoveFromQueue();
            }
            using (var connection = storage.GetConnection())
            using (var fetched = connection.FetchNextJob(["default"], CancellationToken.None))
            {
                Assert.Equal(jobs[2], fetched.JobId);
                fetched.RemoveFromQueue();
            }
        }, TaskCreationOptions.LongRunning);
        Assert.Equal([jobs[3]], (await db.ListRangeAsync(keys.Queue("default"))).Select(v => (string)v!));
        Assert.Equal(0, await db.ListLengthAsync(keys.Fetched("default")));
    }

    private static void RunToSuccess(JobStorage storage, string expected, string[]? queues = null)
    {
        using var connection = storage.GetConnection();
        using var fetched = connection.FetchNextJob(queues ?? ["default"], CancellationToken.None);
        Assert.Equal(expected, fetched.JobId);
        CommitState(connection, expected, new SucceededState(null, 0, 0));
        fetched.RemoveFromQueue();
    }

    private static void CommitState(IStorageConnection connection, string jobId, IState state)
    {
        using var transaction = connection.CreateWriteTransaction();
        transaction.SetJobState(jobId, state);
        transaction.Commit();
    }

    private static JobPrefetches PrefetchesOf(JobStorage storage) => ((SchedulerRedisStorage)storage).Prefetches;
}
