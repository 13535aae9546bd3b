using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using Scheduler.Worker.Execution;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// A worker's change of a finished job to Succeeded is deferred (<see cref="DeferringStateChanger"/>) and applied with
/// others by <see cref="CompletionBatcher"/> once no job waits to start. Against a real Redis: the job stays Processing
/// and fetched until then; the batch goes when a worker finds its queues empty, not before while jobs keep starting
/// (until the longest wait); Hangfire's filters see the state; a job deleted meanwhile stays deleted; a stopping worker
/// applies what it deferred; a job handed back unacknowledged is not completed.
/// </summary>
public sealed class BatchedCompletionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_finished_job_stays_processing_and_fetched_until_a_worker_finds_its_queues_empty_then_ends_succeeded_and_acknowledged()
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-idle");
        await using var setup = Setup(redis, TimeSpan.FromSeconds(30));
        var id = HangfireJobs.CreateOccurrenceJob(setup.Storage);
        var waiting = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t2", "t2:1");
        using var worker = setup.Storage.GetConnection();

        var fetched = FinishedAndAcknowledged(setup, worker, id);
        Assert.Equal("Processing", setup.Jobs.StateOf(id).Name);
        Assert.Equal(1, await setup.Db.ListLengthAsync(setup.Keys.Fetched("default")));
        // Still held by this worker, as it advertises to Beat: its final state change is yet to come.
        Assert.Contains(id, setup.Storage.FetchesHeld.Ids);
        // Another job was waiting: its fetch found it, so the completion still waits.
        using (var next = worker.FetchNextJob(["default"], CancellationToken.None))
        {
            Assert.Equal(waiting, next.JobId);
            next.RemoveFromQueue();
        }
        await Task.Delay(300);
        Assert.Equal("Processing", setup.Jobs.StateOf(id).Name);

        // The queues are empty now: a fetch that finds nothing lets the batch go.
        LookAtEmptyQueues(worker);
        await Eventually.WaitAsync(() => Task.FromResult(setup.Jobs.StateOf(id).Name), s => s == "Succeeded", Bound, "the deferred Succeeded");
        await Eventually.WaitAsync(() => setup.Db.ListRangeAsync(setup.Keys.Fetched("default")),
            ids => !ids.Contains(id), Bound, "the deferred acknowledge");
        Assert.Equal(1, (long)await setup.Db.StringGetAsync(redis.HangfirePrefix + "stats:succeeded"));
        Assert.False(await setup.Db.KeyExistsAsync(setup.Keys.StateLock(id)), "the batch left the job's state lock held");
        Assert.DoesNotContain(id, setup.Storage.FetchesHeld.Ids);
        fetched.Dispose();
    }

    [Fact]
    public async Task Completions_held_while_jobs_keep_starting_go_after_the_longest_wait_and_count_each_job_once()
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-longest");
        await using var setup = Setup(redis, TimeSpan.FromSeconds(3));
        var ids = Enumerable.Range(1, 5).Select(i => HangfireJobs.CreateOccurrenceJob(setup.Storage, $"t{i}", $"t{i}:1")).ToList();
        using var worker = setup.Storage.GetConnection();
        foreach (var id in ids) FinishedAndAcknowledged(setup, worker, id).Dispose();
        // No fetch found the queues empty: nothing goes before the longest wait.
        Assert.All(ids, id => Assert.Equal("Processing", setup.Jobs.StateOf(id).Name));

        foreach (var id in ids)
            await Eventually.WaitAsync(() => Task.FromResult(setup.Jobs.StateOf(id).Name), s => s == "Succeeded", Bound, $"job {id} Succeeded");
        Assert.Equal(5, (long)await setup.Db.StringGetAsync(redis.HangfirePrefix + "stats:succeeded"));
        Assert.Equal(0, await setup.Db.SortedSetLengthAsync(redis.HangfirePrefix + "processing"));
        Assert.Equal(5, await setup.Db.ListLengthAsync(redis.HangfirePrefix + "succeeded"));
        await Eventually.WaitAsync(() => setup.Db.ListLengthAsync(setup.Keys.Fetched("default")), n => n == 0, Bound, "every acknowledge");
    }

    [Fact]
    public async Task A_job_deleted_while_its_completion_waits_stays_deleted_and_the_filters_see_only_the_states_applied()
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-deleted");
        var seen = new SeenStates();
        await using var setup = Setup(redis, TimeSpan.FromSeconds(30), seen);
        var deleted = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t1", "t1:1");
        var kept = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t2", "t2:1");
        using var worker = setup.Storage.GetConnection();
        FinishedAndAcknowledged(setup, worker, deleted).Dispose();
        FinishedAndAcknowledged(setup, worker, kept).Dispose();
        Assert.True(new BackgroundJobClient(setup.Storage).Delete(deleted));
        LookAtEmptyQueues(worker);

        await Eventually.WaitAsync(() => Task.FromResult(setup.Jobs.StateOf(kept).Name), s => s == "Succeeded", Bound, "the kept job Succeeded");
        await Eventually.WaitAsync(() => setup.Db.ListLengthAsync(setup.Keys.Fetched("default")), n => n == 0, Bound, "both acknowledged");
        Assert.Equal("Deleted", setup.Jobs.StateOf(deleted).Name);
        Assert.Contains(kept, seen.Succeeded);
        Assert.DoesNotContain(deleted, seen.Succeeded);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task A_job_fetched_again_by_another_delivery_while_its_completion_waits_is_left_to_that_delivery(bool lockHeldThere, bool batchFallsBackToEachJob)
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-redelivered");
        var seen = new SeenStates();
        // A filter refusing another job of the batch fails the whole batch: each job is then applied alone.
        var refusing = new RefusingFilter();
        await using var setup = Setup(redis, TimeSpan.FromSeconds(30), seen, refusing);
        var redelivered = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t1", "t1:1");
        var kept = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t2", "t2:1");
        var refused = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t3", "t3:1");
        if (batchFallsBackToEachJob) refusing.JobId = refused;
        using var worker = setup.Storage.GetConnection();
        FinishedAndAcknowledged(setup, worker, redelivered).Dispose();
        FinishedAndAcknowledged(setup, worker, kept).Dispose();
        FinishedAndAcknowledged(setup, worker, refused).Dispose();
        // Re-queued from the dashboard and taken by a worker elsewhere, "Processing" under it with its own fetch time.
        var client = new BackgroundJobClient(setup.Storage);
        Assert.True(client.Requeue(redelivered));
        await setup.Db.ListRightPopLeftPushAsync(setup.Keys.Queue("default"), setup.Keys.Fetched("default"));
        await setup.Db.HashSetAsync(setup.Keys.Job(redelivered), "Fetched", "2030-01-01T00:00:00.000Z");
        Assert.True(client.ChangeState(redelivered, HangfireJobs.NewProcessingState("other-server", "other-worker"), EnqueuedState.StateName));
        // That worker still holds the job's state lock (until its claim): the batch waits for it and reads the job after.
        if (lockHeldThere)
        {
            // Once this process's own hold (the change above, its release deferred) has gone.
            await Eventually.WaitAsync(async () => !await setup.Db.KeyExistsAsync(setup.Keys.StateLock(redelivered)), Bound, "the change's lock released");
            Assert.True(await setup.Db.StringSetAsync(setup.Keys.StateLock(redelivered), "other-worker", TimeSpan.FromMilliseconds(1200), When.NotExists));
        }
        LookAtEmptyQueues(worker);

        await Eventually.WaitAsync(() => Task.FromResult(setup.Jobs.StateOf(kept).Name), s => s == "Succeeded", Bound, "the kept job Succeeded");
        await Eventually.WaitAsync(() => Task.FromResult(setup.Jobs.StateOf(refused).Name), s => s == (batchFallsBackToEachJob ? "Failed" : "Succeeded"),
            TimeSpan.FromSeconds(30), "the third job's end");
        await Eventually.WaitAsync(async () => !await setup.Db.KeyExistsAsync(setup.Keys.StateLock(redelivered)), Bound, "the lock released");
        Assert.Equal("Processing", setup.Jobs.StateOf(redelivered).Name);
        Assert.Equal("other-server", (string?)await setup.Db.HashGetAsync(setup.Keys.JobState(redelivered), "ServerId"));
        Assert.Contains(redelivered, (await setup.Db.ListRangeAsync(setup.Keys.Fetched("default"))).Select(v => (string)v!));
        Assert.DoesNotContain(redelivered, seen.Succeeded);
    }

    [Fact]
    public async Task A_stopping_worker_applies_what_it_deferred_and_a_job_handed_back_unacknowledged_is_not_completed()
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-stop");
        await using var setup = Setup(redis, TimeSpan.FromSeconds(30));
        var finished = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t1", "t1:1");
        var handedBack = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t2", "t2:1");
        using var worker = setup.Storage.GetConnection();
        FinishedAndAcknowledged(setup, worker, finished).Dispose();
        // Deferred, then the worker stopped before its acknowledge: the job goes back to its queue, its state unchanged.
        using (var fetched = worker.FetchNextJob(["default"], CancellationToken.None))
        {
            Assert.Equal(handedBack, fetched.JobId);
            ToProcessing(setup, worker, handedBack);
            setup.Completions.MayDefer(handedBack);
            Assert.Equal("Succeeded", setup.Changer.ChangeState(SucceededContext(setup, worker, handedBack))!.Name);
            fetched.Requeue();
        }
        Assert.DoesNotContain(handedBack, setup.Storage.FetchesHeld.Ids);

        await setup.DisposeAsync();
        Assert.True(setup.Storage.FetchesHeld.IsEmpty, "a job applied by the stopping worker is still held");
        Assert.Equal("Succeeded", setup.Jobs.StateOf(finished).Name);
        Assert.Equal("Processing", setup.Jobs.StateOf(handedBack).Name);
        Assert.Equal(handedBack, (string?)await setup.Db.ListGetByIndexAsync(setup.Keys.Queue("default"), 0));
        Assert.Equal(0, setup.Completions.Waiting);
    }

    [Fact]
    public async Task A_stop_the_host_cuts_short_tries_nothing_more_and_leaves_the_waiting_job_processing_and_fetched()
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-stop-cut");
        await using var setup = Setup(redis, TimeSpan.FromSeconds(30));
        var id = HangfireJobs.CreateOccurrenceJob(setup.Storage);
        using var worker = setup.Storage.GetConnection();
        FinishedAndAcknowledged(setup, worker, id).Dispose();
        // Another holder keeps the job's lock: each try would wait 2 s for it, three tries a second apart.
        await Eventually.WaitAsync(async () => !await setup.Db.KeyExistsAsync(setup.Keys.StateLock(id)), Bound, "the change's lock released");
        Assert.True(await setup.Db.StringSetAsync(setup.Keys.StateLock(id), "elsewhere", TimeSpan.FromSeconds(60), When.NotExists));

        var stopping = System.Diagnostics.Stopwatch.StartNew();
        await setup.Batcher.StopAsync(new CancellationToken(canceled: true));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(1.5), $"the stop took {stopping.Elapsed} after the host's token fired");
        Assert.Equal(1, setup.Completions.Waiting);
        Assert.Equal("Processing", setup.Jobs.StateOf(id).Name);
        Assert.Contains(id, (await setup.Db.ListRangeAsync(setup.Keys.Fetched("default"))).Select(v => (string)v!));
        await setup.Db.KeyDeleteAsync(setup.Keys.StateLock(id));
    }

    [Fact]
    public async Task A_job_whose_state_a_filter_refuses_ends_failed_without_the_filters_and_the_rest_of_the_batch_succeeded()
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-refused");
        var refusing = new RefusingFilter();
        await using var setup = Setup(redis, TimeSpan.FromSeconds(30), refusing);
        var refused = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t1", "t1:1");
        var kept = HangfireJobs.CreateOccurrenceJob(setup.Storage, "t2", "t2:1");
        refusing.JobId = refused;
        using var worker = setup.Storage.GetConnection();
        FinishedAndAcknowledged(setup, worker, refused).Dispose();
        FinishedAndAcknowledged(setup, worker, kept).Dispose();
        LookAtEmptyQueues(worker);

        // Refused three times (a second apart), as Hangfire's worker retries a state change before it gives up.
        await Eventually.WaitAsync(() => Task.FromResult(setup.Jobs.StateOf(refused).Name), s => s == "Failed", TimeSpan.FromSeconds(30), "the refused job Failed");
        Assert.Equal("Succeeded", setup.Jobs.StateOf(kept).Name);
        await Eventually.WaitAsync(() => setup.Db.ListLengthAsync(setup.Keys.Fetched("default")), n => n == 0, Bound, "both acknowledged");
    }

    [Fact]
    public async Task A_job_that_is_not_an_occurrence_is_completed_at_once_by_its_thread()
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-other");
        await using var setup = Setup(redis, TimeSpan.FromSeconds(30));
        var id = HangfireJobs.CreateOccurrenceJob(setup.Storage);
        using var worker = setup.Storage.GetConnection();
        using var fetched = worker.FetchNextJob(["default"], CancellationToken.None);
        ToProcessing(setup, worker, id);

        Assert.Equal("Succeeded", setup.Changer.ChangeState(SucceededContext(setup, worker, id))!.Name);
        Assert.Equal("Succeeded", setup.Jobs.StateOf(id).Name);
        Assert.Contains(id, setup.Storage.FetchesHeld.Ids);
        fetched.RemoveFromQueue();
        Assert.Equal(0, setup.Completions.Waiting);
        Assert.True(setup.Storage.FetchesHeld.IsEmpty);
    }

    internal static void LookAtEmptyQueues(IStorageConnection worker)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        Assert.ThrowsAny<OperationCanceledException>(() => worker.FetchNextJob(["default"], cancel.Token));
    }

    // Fetches the job, moves it to Processing, defers its Succeeded through the worker's state changer and acknowledges it,
    // as Hangfire's worker does for a job whose body returned.
    internal static IFetchedJob FinishedAndAcknowledged(Batching setup, IStorageConnection worker, string id)
    {
        var fetched = worker.FetchNextJob(["default"], CancellationToken.None);
        Assert.Equal(id, fetched.JobId);
        ToProcessing(setup, worker, id);
        setup.Completions.MayDefer(id);
        var applied = setup.Changer.ChangeState(SucceededContext(setup, worker, id));
        Assert.Equal("Succeeded", applied!.Name);
        fetched.RemoveFromQueue();
        return fetched;
    }

    private static void ToProcessing(Batching setup, IStorageConnection worker, string id) =>
        new BackgroundJobStateChanger(setup.Filters).ChangeState(new StateChangeContext(setup.Storage, worker, id,
            HangfireJobs.NewProcessingState("server-1", "worker-1"), EnqueuedState.StateName));

    private static StateChangeContext SucceededContext(Batching setup, IStorageConnection worker, string id) =>
        new(setup.Storage, worker, id, new SucceededState(null, 1, 1), ProcessingState.StateName);

    private static Batching Setup(RedisTestContext redis, TimeSpan longestWait, params IJobFilter[] filtersAdded) =>
        Setup(redis, longestWait, acknowledging: null, logger: null, filtersAdded);

    internal static Batching Setup(RedisTestContext redis, TimeSpan longestWait, Contracts.Storage.ScheduleStore? acknowledging,
        Microsoft.Extensions.Logging.ILogger<CompletionBatcher>? logger, params IJobFilter[] filtersAdded)
    {
        var storage = (SchedulerRedisStorage)new HangfireJobs(redis).Storage;
        var completions = storage.DeferCompletionsTo(new DeferredCompletions(longestWait, mostWaiting: 1000));
        var filters = new JobFilterCollection();
        foreach (var filter in filtersAdded) filters.Add(filter);
        var batcher = new CompletionBatcher(storage, completions, filters, logger ?? NullLogger<CompletionBatcher>.Instance, acknowledging);
        batcher.Start();
        return new Batching(storage, completions, batcher, filters,
            new DeferringStateChanger(new BackgroundJobStateChanger(filters), completions),
            new HangfireKeys(redis.HangfirePrefix), redis.Redis.GetDatabase(), new HangfireJobs(redis));
    }

    internal sealed record Batching(SchedulerRedisStorage Storage, DeferredCompletions Completions, CompletionBatcher Batcher, IJobFilterProvider Filters,
        IBackgroundJobStateChanger Changer, HangfireKeys Keys, IDatabase Db, HangfireJobs Jobs) : IAsyncDisposable
    {
        private int _stopped;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _stopped, 1) == 0) await Batcher.StopAsync(CancellationToken.None);
        }
    }

    private sealed class RefusingFilter : JobFilterAttribute, IApplyStateFilter
    {
        public string? JobId { get; set; }

        public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
        {
            if (context.NewState is SucceededState && context.BackgroundJob.Id == JobId) throw new InvalidOperationException("refused by a filter");
        }

        public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction) { }
    }

    private sealed class SeenStates : JobFilterAttribute, IApplyStateFilter
    {
        public System.Collections.Concurrent.ConcurrentBag<string> Succeeded { get; } = [];

        public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
        {
            if (context.NewState is SucceededState) Succeeded.Add(context.BackgroundJob.Id);
        }

        public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction) { }
    }
}
