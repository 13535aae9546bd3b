using System.Threading.Channels;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Jobs;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// Scheduler's Hangfire storage against a real Redis: its cheaper lock and acknowledge keep the library's semantics and
/// key layout, its fetch loses no wake-up, and the library's own watchers still run beside them.
/// </summary>
public sealed class HangfireRedisStorageTests
{
    [Fact]
    public async Task A_lock_excludes_other_holders_is_reentrant_on_its_thread_and_never_deletes_a_lock_it_lost()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-lock");
        var storage = new HangfireJobs(redis).Storage;
        var db = redis.Redis.GetDatabase();
        var key = $"{redis.HangfirePrefix}job:j1:state-lock";
        using var connection = storage.GetConnection();

        // Synchronous, as Hangfire takes its locks: the holding thread is what makes it re-entrant.
        using (connection.AcquireDistributedLock("job:j1:state-lock", TimeSpan.FromSeconds(1)))
        {
            Assert.True(db.KeyExists(key));
            Assert.InRange(db.KeyTimeToLive(key)!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
            // The thread that holds it takes it again (Hangfire's filters may change state inside a state change).
            using (connection.AcquireDistributedLock("job:j1:state-lock", TimeSpan.Zero)) { }
            Assert.True(db.KeyExists(key), "an inner release must leave the outer hold");
            var other = Task.Run(() => storage.GetConnection().AcquireDistributedLock("job:j1:state-lock", TimeSpan.FromMilliseconds(300)));
            Assert.Throws<DistributedLockTimeoutException>(() => other.GetAwaiter().GetResult());
        }
        Assert.False(await db.KeyExistsAsync(key));

        // A hold that outlived its expiry and was taken over releases nothing of the new holder's.
        var held = connection.AcquireDistributedLock("job:j2:state-lock", TimeSpan.FromSeconds(1));
        await db.StringSetAsync($"{redis.HangfirePrefix}job:j2:state-lock", "someone-else", TimeSpan.FromSeconds(20));
        held.Dispose();
        Assert.Equal("someone-else", (string?)await db.StringGetAsync($"{redis.HangfirePrefix}job:j2:state-lock"));
        // Put back with a hold's full expiry (the release takes the value and deletes in one call, then restores it).
        Assert.InRange((await db.KeyTimeToLiveAsync($"{redis.HangfirePrefix}job:j2:state-lock"))!.Value, TimeSpan.FromSeconds(21), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Acknowledging_a_fetched_job_clears_it_without_waking_the_workers_and_leaves_a_later_fetch_alone()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-ack");
        var storage = new HangfireJobs(redis).Storage;
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        var wakeUps = await SubscribeAsync(redis.Redis, keys.FetchChannel);
        await db.ListLeftPushAsync(keys.Queue("default"), ["a", "b"]);
        using var connection = storage.GetConnection();

        var first = connection.FetchNextJob(["default"], CancellationToken.None);
        Assert.Equal("a", first.JobId);
        first.RemoveFromQueue();
        first.Dispose();
        await db.PublishAsync(RedisChannel.Literal(keys.FetchChannel), "marker");
        Assert.Equal("marker", await wakeUps.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain("a", (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => v.ToString()));
        Assert.Equal([RedisValue.Null, RedisValue.Null], await db.HashGetAsync(keys.Job("a"), ["Fetched", "Checked"]));

        // The watcher handed "b" back and another worker took it since: this worker's acknowledge leaves that fetch be.
        var second = connection.FetchNextJob(["default"], CancellationToken.None);
        await db.HashSetAsync(keys.Job("b"), "Fetched", JobHelper.SerializeDateTime(DateTime.UtcNow.AddSeconds(5)));
        second.RemoveFromQueue();
        Assert.Contains("b", (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => v.ToString()));

        // A fetched job disposed without an acknowledge goes back to its queue and wakes the workers, as the library's does.
        await db.ListLeftPushAsync(keys.Queue("default"), "c");
        connection.FetchNextJob(["default"], CancellationToken.None).Dispose();
        Assert.Equal("c", await wakeUps.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["c"], (await db.ListRangeAsync(keys.Queue("default"))).Select(v => v.ToString()));
    }

#pragma warning disable CS0618 // IServerComponent: how a Hangfire storage adds its processes
    [Fact]
    public async Task A_waiting_worker_is_woken_by_a_new_job_and_the_storage_runs_no_fetched_jobs_watcher()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-components");
        var storage = CreateStorage(redis);
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        var components = storage.GetComponents().ToList();
        // The library's own fetch subscription is left out: our connections wait on their storage's wake-ups. So is its
        // fetched-jobs watcher: it took a fetch older than the invisibility timeout from its worker, alive or not.
        Assert.Equal(["ExpiredJobsWatcher"], components.Select(c => c.GetType().Name));
        using var stop = new CancellationTokenSource();
        using var connection = storage.GetConnection();
        var waiting = Task.Run(() => connection.FetchNextJob(["default"], stop.Token));
        try
        {
            await Eventually.WaitAsync(async () => (long)(await db.ExecuteAsync("PUBSUB", "NUMSUB", keys.FetchChannel))[1], n => n > 0,
                TimeSpan.FromSeconds(10), "the fetch subscription");
            await Task.Delay(300);
            Assert.False(waiting.IsCompleted);
            using (var transaction = connection.CreateWriteTransaction())
            {
                transaction.AddToQueue("default", "new-job");
                transaction.Commit();
            }
            // The fetch timeout is 5 minutes: only the wake-up can bring the job this soon.
            var fetched = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("new-job", fetched.JobId);

            // The one watcher left runs on the library's own connection type.
            components.Single().Execute(new CancellationToken(canceled: true));
        }
        finally
        {
            await stop.CancelAsync();
        }
    }
#pragma warning restore CS0618

    [Fact]
    public async Task Every_idle_worker_takes_its_job_of_a_burst_at_once_round_after_round()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-burst");
        var storage = CreateStorage(redis);
        const int workers = 8;
        using var stop = new CancellationTokenSource();
        var connections = Enumerable.Range(0, workers).Select(_ => storage.GetConnection()).ToList();
        try
        {
            // Long-running jobs: a worker holds its job until the round ends, so only idle workers can take the rest,
            // and a wake-up lost between a worker's empty look and its wait leaves a job queued for the whole fetch
            // timeout (the library's fetch lost one in the first round of this test).
            for (var round = 0; round < 25; round++)
            {
                var fetches = connections.Select(c => Task.Run(() => c.FetchNextJob(["default"], stop.Token))).ToList();
                await Task.Delay(round % 5 == 0 ? 100 : 0);
                using var enqueuer = storage.GetConnection();
                for (var i = 0; i < workers; i++)
                {
                    using var transaction = enqueuer.CreateWriteTransaction();
                    transaction.AddToQueue("default", $"r{round}-j{i}");
                    transaction.Commit();
                }
                var fetched = await Task.WhenAll(fetches).WaitAsync(TimeSpan.FromSeconds(20));
                Assert.Equal(Enumerable.Range(0, workers).Select(i => $"r{round}-j{i}").Order(), fetched.Select(f => f.JobId).Order());
                foreach (var job in fetched)
                {
                    job.RemoveFromQueue();
                    job.Dispose();
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            foreach (var connection in connections) connection.Dispose();
        }
    }

    [Fact]
    public async Task A_requeued_job_is_fetched_next_and_leaves_the_fetched_list_and_a_stopping_worker_stops_waiting()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-requeue");
        var storage = CreateStorage(redis);
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        await db.ListLeftPushAsync(keys.Queue("critical"), "x");
        await db.ListLeftPushAsync(keys.Queue("default"), ["a", "b"]);
        using var connection = storage.GetConnection();

        // Queues are looked at in the order given.
        var first = connection.FetchNextJob(["critical", "default"], CancellationToken.None);
        Assert.Equal("x", first.JobId);
        Assert.NotNull((string?)await db.HashGetAsync(keys.Job("x"), "Fetched"));
        var second = connection.FetchNextJob(["critical", "default"], CancellationToken.None);
        Assert.Equal("a", second.JobId);
        Assert.Equal(["a"], (await db.ListRangeAsync(keys.Fetched("default"))).Select(v => v.ToString()));

        second.Requeue();
        Assert.Empty(await db.ListRangeAsync(keys.Fetched("default")));
        Assert.Equal([RedisValue.Null, RedisValue.Null], await db.HashGetAsync(keys.Job("a"), ["Fetched", "Checked"]));
        Assert.Equal("a", connection.FetchNextJob(["default"], CancellationToken.None).JobId);

        using var stop = new CancellationTokenSource();
        var waiting = Task.Run(() => connection.FetchNextJob(["critical"], stop.Token));
        await Task.Delay(200);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_fetch_is_dated_by_the_process_clock_the_stranded_fetch_sweep_judges_it_by()
    {
        // A host whose clock is off from Redis's: the process's TimeProvider (Redis's clock) is what the Beat's sweep
        // compares a fetch's date with, so a worker on a host behind by more than the worker-dead threshold must not
        // date its fresh fetch by the host clock (the sweep would take it for stranded and queue it a second time).
        await using var redis = await RedisTestContext.CreateAsync("hf-fetch-clock");
        var services = new ServiceCollection();
        var processClock = new ShiftedClock(TimeSpan.FromHours(1));
        services.AddSingleton<TimeProvider>(processClock);
        services.AddSchedulerRedis(new ConfigurationBuilder().AddInMemoryCollection(redis.Settings()).Build());
        await using var provider = services.BuildServiceProvider();
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        await db.ListLeftPushAsync(keys.Queue("default"), "a");

        using var connection = provider.GetRequiredService<JobStorage>().GetConnection();
        using var fetched = connection.FetchNextJob(["default"], CancellationToken.None);
        var before = processClock.GetUtcNow().UtcDateTime;

        // Read on the storage's own connection: its fetch date is written there, not waited for.
        var storageDb = provider.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var dated = JobHelper.DeserializeNullableDateTime(await storageDb.HashGetAsync(keys.Job("a"), "Fetched"));
        Assert.NotNull(dated);
        Assert.True(dated >= before.AddMinutes(-1), $"fetch dated {dated:O}, the process clock read {before:O}");
        fetched.RemoveFromQueue();
    }

    private sealed class ShiftedClock(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }

    private static JobStorage CreateStorage(RedisTestContext redis) =>
        RedisServiceCollectionExtensions.CreateHangfireStorage(redis.Redis, new SchedulerRedisOptions
        {
            ConnectionString = redis.ConnectionString, HangfirePrefix = redis.HangfirePrefix,
            FetchTimeout = TimeSpan.FromMinutes(5),
        });

    [Fact]
    public async Task Jobs_are_written_with_short_type_names_and_a_job_written_with_full_names_still_reads_back()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-types");
        var storage = new HangfireJobs(redis).Storage;
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        var run = HangfireJobs.OccurrenceRun;

        var id = HangfireJobs.CreateOccurrenceJob(storage);
        var written = await db.HashGetAsync(keys.Job(id), ["Type", "ParameterTypes"]);
        Assert.Equal("Scheduler.Runtime.Jobs.ITaskOccurrenceRunner, Scheduler.Runtime", written[0].ToString());
        Assert.DoesNotContain("Version=", written[1].ToString());
        Assert.Contains("Hangfire.Server.PerformContext, Hangfire.Core", written[1].ToString());

        // A job an earlier release wrote (assembly-qualified names with versions) is still found and called the same way.
        var parameterTypes = "[" + string.Join(",", run.GetParameters().Select(p => $"\"{p.ParameterType.AssemblyQualifiedName}\"")) + "]";
        await db.HashSetAsync(keys.Job("old"), [
            new("Type", typeof(ITaskOccurrenceRunner).AssemblyQualifiedName), new("Method", run.Name),
            new("ParameterTypes", parameterTypes), new("Arguments", "[\"\\\"t1\\\"\",\"\\\"t1:5\\\"\",\"5\",\"\\\"name\\\"\",null,null,null]"),
            new("CreatedAt", JobHelper.SerializeDateTime(DateTime.UtcNow)), new("State", "Enqueued")]);
        using var connection = storage.GetConnection();
        var old = connection.GetJobData("old");
        Assert.Null(old.LoadException);
        Assert.Equal(typeof(ITaskOccurrenceRunner), old.Job.Type);
        Assert.Equal(run, old.Job.Method);
        Assert.Equal(["t1", "t1:5", 5L, "name", null, null, CancellationToken.None], old.Job.Args);
    }

    [Fact]
    public async Task A_state_lock_brings_its_job_back_read_under_the_lock_once_and_later_reads_go_to_Redis()
    {
        await using var redis = await RedisTestContext.CreateAsync("hf-statelock");
        var storage = new HangfireJobs(redis).Storage;
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var db = redis.Redis.GetDatabase();
        var id = HangfireJobs.CreateOccurrenceJob(storage);
        using var connection = storage.GetConnection();
        using var reader = storage.GetConnection();
        var expected = reader.GetJobData(id)!;

        using (connection.AcquireDistributedLock($"job:{id}:state-lock", TimeSpan.FromSeconds(1)))
        {
            // Written after the lock was taken by a writer that ignores it: the first read answers as the job was when
            // the lock was taken (it came back with the lock), the next one reads Redis again.
            await db.HashSetAsync(keys.Job(id), "State", "Changed");
            var first = connection.GetJobData(id)!;
            Assert.Equal(expected.State, first.State);
            Assert.Equal("Enqueued", first.State);
            Assert.Equal(expected.CreatedAt, first.CreatedAt);
            Assert.Null(first.LoadException);
            Assert.Equal(expected.Job.Type, first.Job.Type);
            Assert.Equal(expected.Job.Method, first.Job.Method);
            Assert.Equal(expected.Job.Args, first.Job.Args);
            Assert.Equal("Changed", connection.GetJobData(id)!.State);
        }

        // A read left unused goes with its lock: after the release the job is read as it is now.
        using (connection.AcquireDistributedLock($"job:{id}:state-lock", TimeSpan.FromSeconds(1))) { }
        await db.HashSetAsync(keys.Job(id), "State", "Later");
        Assert.Equal("Later", connection.GetJobData(id)!.State);

        // No such job, and a job whose method no longer exists, read with their locks, as the library reads them.
        using (connection.AcquireDistributedLock("job:missing:state-lock", TimeSpan.FromSeconds(1)))
            Assert.Null(connection.GetJobData("missing"));
        await db.HashSetAsync(keys.Job("gone"), [
            new("Type", typeof(ITaskOccurrenceRunner).AssemblyQualifiedName), new("Method", "NoSuchMethod"),
            new("ParameterTypes", "[]"), new("Arguments", "[]"), new("State", "Enqueued")]);
        using (connection.AcquireDistributedLock("job:gone:state-lock", TimeSpan.FromSeconds(1)))
        {
            var gone = connection.GetJobData("gone")!;
            Assert.Null(gone.Job);
            Assert.NotNull(gone.LoadException);
            Assert.Equal("Enqueued", gone.State);
            Assert.Equal(DateTime.MinValue, gone.CreatedAt);
        }
    }


    private static async Task<ChannelReader<string>> SubscribeAsync(IConnectionMultiplexer redis, string channel)
    {
        var received = Channel.CreateUnbounded<string>();
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(channel));
        queue.OnMessage(message => received.Writer.TryWrite(message.Message.ToString()));
        return received.Reader;
    }
}
