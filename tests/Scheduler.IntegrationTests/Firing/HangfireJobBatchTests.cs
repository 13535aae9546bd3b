using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Scheduler.Beat.Firing;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Firing;

/// <summary>
/// Beat's batched job creation against a real Redis: Hangfire's client filters and state machine run for every job as
/// they do through Hangfire's client, and a filter that fails costs only its own job or, mid-state, the unwritten batch.
/// It registers a filter in Hangfire's <c>GlobalJobFilters</c>, so it runs apart from the others (<see cref="ProcessWideState"/>).
/// </summary>
[Collection(ProcessWideState.Name)]
public sealed class HangfireJobBatchTests
{
    [Fact]
    public async Task Batched_jobs_are_enqueued_with_client_filter_parameters_and_state_filter_writes_while_a_cancelled_one_and_one_whose_filter_threw_are_not_written()
    {
        await using var redis = await RedisTestContext.CreateAsync("batch-filters");
        var prefix = $"bf{Guid.NewGuid():N}"[..12];
        using var filter = new RoundFilter(prefix).Register();
        using var refusing = new RoundFilter(prefix) { Cancel = [$"{prefix}-cancel"], ThrowOnCreating = [$"{prefix}-throw"] }.Register();
        var hangfire = new HangfireJobs(redis);
        var batch = new HangfireJobBatch(hangfire.Storage, NullLogger<HangfireJobBatch>.Instance);
        string[] ids = [$"{prefix}-a", $"{prefix}-cancel", $"{prefix}-throw", $"{prefix}-b"];

        Assert.True(batch.Supported);
        var results = batch.Create([.. ids.Select(id => (OccurrenceJob.Create(id, $"{id}:1", 1, id, null), (IState)new EnqueuedState("default")))]);

        Assert.NotNull(results[0].JobId);
        Assert.NotNull(results[3].JobId);
        Assert.Null(results[1].JobId);
        Assert.Null(results[1].Threw);
        Assert.Null(results[2].JobId);
        Assert.IsType<InvalidOperationException>(results[2].Threw);
        // As through Hangfire's client: the filters before the cancelling one hear of it, that one does not.
        Assert.Equal([$"{prefix}-cancel"], filter.CancelledSeen);
        Assert.Empty(refusing.CancelledSeen);
        var db = redis.Redis.GetDatabase();
        var queued = (await db.ListRangeAsync(new HangfireKeys(redis.HangfirePrefix).Queue("default"))).Select(v => v.ToString()).ToHashSet();
        Assert.Equal([results[0].JobId!, results[3].JobId!], queued);
        using var connection = hangfire.Storage.GetConnection();
        foreach (var (id, jobId) in new[] { (ids[0], results[0].JobId!), (ids[3], results[3].JobId!) })
        {
            var data = connection.GetJobData(jobId);
            Assert.Equal("Enqueued", data.State);
            // Its state and history are written as Hangfire's own SetJobState writes them (the record's State too).
            var state = connection.GetStateData(jobId);
            Assert.Equal(("Enqueued", "default"), (state.Name, state.Data["Queue"]));
            Assert.Equal(["Enqueued"], hangfire.Monitoring.JobDetails(jobId).History.Select(h => h.StateName));
            Assert.Null(data.LoadException);
            Assert.Equal(id, data.Job.Args[0]);
            Assert.Equal($"\"{id}\"", connection.GetJobParameter(jobId, RoundFilter.Parameter));
            // Hangfire's own global client filter ran too.
            Assert.False(string.IsNullOrEmpty(connection.GetJobParameter(jobId, "CurrentCulture")));
            Assert.Equal(jobId, filter.Created[id]);
            Assert.Equal($"{jobId} Enqueued", filter.Applied[id]);
            Assert.Equal("Enqueued", (string?)await db.HashGetAsync($"{redis.HangfirePrefix}{prefix}:{jobId}", "state"));
            // Enqueued is not final: the job is kept, as after Hangfire's client.
            Assert.Null(await db.KeyTimeToLiveAsync(new HangfireKeys(redis.HangfirePrefix).Job(jobId)));
        }
        Assert.Equal(2, filter.Created.Count);
    }

    [Fact]
    public async Task A_state_filter_throwing_for_one_job_abandons_the_batch_without_writing_any_job()
    {
        await using var redis = await RedisTestContext.CreateAsync("batch-abandon");
        var prefix = $"ba{Guid.NewGuid():N}"[..12];
        using var filter = new RoundFilter(prefix) { ThrowOnApplied = [$"{prefix}-throw"] }.Register();
        var hangfire = new HangfireJobs(redis);
        var batch = new HangfireJobBatch(hangfire.Storage, NullLogger<HangfireJobBatch>.Instance);
        string[] ids = [$"{prefix}-a", $"{prefix}-throw", $"{prefix}-b"];

        var error = Assert.Throws<JobBatchAbandonedException>(() =>
            batch.Create([.. ids.Select(id => (OccurrenceJob.Create(id, $"{id}:1", 1, id, null), (IState)new EnqueuedState("default")))]));

        Assert.Contains($"filter refuses {prefix}-throw", error.Message);
        var server = redis.Redis.GetServers()[0];
        var keys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: redis.HangfirePrefix.Replace("{", "\\{").Replace("}", "\\}") + "*")) keys.Add(key!);
        Assert.Empty(keys);
        Assert.Empty(filter.Created);
    }

    [Fact]
    public async Task A_batch_announces_each_queue_once_and_counts_its_other_jobs_to_the_fetching_workers_and_pushes_every_job_to_its_queue_in_order()
    {
        await using var redis = await RedisTestContext.CreateAsync("batch-queues");
        var hangfire = new HangfireJobs(redis);
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var wakeUps = new List<string>();
        var marker = $"marker-{Guid.NewGuid():N}";
        var markerSeen = new TaskCompletionSource();
        // A message queue, not a handler: StackExchange.Redis runs handlers concurrently, a queue's messages in order.
        var messages = await redis.Redis.GetSubscriber().SubscribeAsync(StackExchange.Redis.RedisChannel.Literal(keys.FetchChannel));
        messages.OnMessage(m =>
        {
            if (m.Message == marker) markerSeen.TrySetResult();
            else lock (wakeUps) wakeUps.Add(m.Message!);
        });
        var batch = new HangfireJobBatch(hangfire.Storage, NullLogger<HangfireJobBatch>.Instance);
        string[] queues = ["default", "reports", "default", "reports", "default"];

        var results = batch.Create([.. queues.Select((queue, i) => (OccurrenceJob.Create($"t{i}", $"t{i}:1", 1, $"t{i}", null), (IState)new EnqueuedState(queue)))]);

        // Messages on one channel reach one subscriber in order: once the marker is in, every wake-up of the batch is.
        await redis.Redis.GetDatabase().PublishAsync(StackExchange.Redis.RedisChannel.Literal(keys.FetchChannel), marker);
        await markerSeen.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The first job of each queue by its id, the other three by their count, all in the batch's one commit.
        lock (wakeUps) Assert.Equal([results[0].JobId!, results[1].JobId!, "+3"], wakeUps);
        var db = redis.Redis.GetDatabase();
        foreach (var queue in new[] { "default", "reports" })
        {
            // Workers take from the tail (RPOPLPUSH): the list, read from its tail, is the batch's order.
            var expected = results.Where((_, i) => queues[i] == queue).Select(r => r.JobId!).ToArray();
            var listed = (await db.ListRangeAsync(keys.Queue(queue))).Select(v => v.ToString()).Reverse().ToArray();
            Assert.Equal(expected, listed);
        }
        Assert.Equal(["default", "reports"], (await db.SetMembersAsync($"{redis.HangfirePrefix}queues")).Select(v => v.ToString()).Order());
        using var connection = hangfire.Storage.GetConnection();
        Assert.All(results, r => Assert.Equal("Enqueued", connection.GetJobData(r.JobId!).State));
    }

    [Fact]
    public async Task A_batched_jobs_record_and_state_history_are_what_hangfires_client_writes_for_the_same_job()
    {
        await using var redis = await RedisTestContext.CreateAsync("batch-record");
        var hangfire = new HangfireJobs(redis);
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var batch = new HangfireJobBatch(hangfire.Storage, NullLogger<HangfireJobBatch>.Instance);
        // Awkward text in every argument; the second and third jobs are written without Hangfire's serializer.
        var jobs = new[] { ("t\\\"1", "nächster \"Lauf\"\n😀", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), ("t<2>", "a&b\u2028", null), ("t3", "", "") }
            .Select(j => OccurrenceJob.Create(j.Item1, $"{j.Item1}:1", 1_700_000_000_000, j.Item2, j.Item3)).ToArray();

        var batched = batch.Create([.. jobs.Select(job => (job, (IState)new EnqueuedState("default")))]);
        var client = jobs.Select(job => new Hangfire.BackgroundJobClient(hangfire.Storage).Create(job, new EnqueuedState("default"))).ToArray();

        var db = redis.Redis.GetDatabase();
        for (var i = 0; i < jobs.Length; i++)
        {
            var (ours, theirs) = (await db.HashGetAllAsync(keys.Job(batched[i].JobId!)), await db.HashGetAllAsync(keys.Job(client[i])));
            foreach (var field in new[] { "Type", "Method", "ParameterTypes", "Arguments", "State" })
                Assert.Equal(theirs.Single(e => e.Name == field).Value.ToString(), ours.Single(e => e.Name == field).Value.ToString());
            var (ourHistory, theirHistory) = (await db.ListRangeAsync(keys.JobHistory(batched[i].JobId!)), await db.ListRangeAsync(keys.JobHistory(client[i])));
            Assert.Equal(Untimed(theirHistory.Single()), Untimed(ourHistory.Single()));
            using var connection = hangfire.Storage.GetConnection();
            Assert.Equal(jobs[i].Args, connection.GetJobData(batched[i].JobId!).Job.Args);
            var history = hangfire.Monitoring.JobDetails(batched[i].JobId!).History.Single();
            Assert.Equal(("Enqueued", "default"), (history.StateName, history.Data["Queue"]));
        }

        // The entry's two instants differ between the jobs; the rest, and the JSON around them, is compared as written.
        static string Untimed(StackExchange.Redis.RedisValue entry) =>
            System.Text.RegularExpressions.Regex.Replace(entry.ToString(), "\"\\d{4}-\\d{2}-\\d{2}T[^\"]*\"", "\"<instant>\"");
    }
}
