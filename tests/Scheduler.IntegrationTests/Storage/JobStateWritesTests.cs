using System.Text.RegularExpressions;
using Hangfire;
using Hangfire.Redis.StackExchange;
using Hangfire.States;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Storage;

/// <summary>
/// Our storage writes a job's state changes without Hangfire's serializer (JobStateWrites): against a real Redis, the
/// keys and values must be what Hangfire.Redis.StackExchange itself writes for the same changes of the same job.
/// </summary>
public sealed partial class JobStateWritesTests
{
    [Fact]
    public async Task A_jobs_state_fields_state_hash_and_history_are_what_the_library_writes_for_the_same_state_changes()
    {
        await using var redis = await RedisTestContext.CreateAsync("state-writes");
        var ours = new HangfireJobs(redis).Storage;
        var library = new RedisStorage(redis.Redis, new RedisStorageOptions { Prefix = redis.HangfirePrefix, Db = redis.Redis.GetDatabase().Database });
        var keys = new HangfireKeys(redis.HangfirePrefix);
        var (ourJob, theirJob) = (HangfireJobs.CreateOccurrenceJob(ours, "t\"1", "t1:5"), HangfireJobs.CreateOccurrenceJob(library, "t\"1", "t1:5"));
        IState[] changes =
        [
            new ScheduledState(TimeSpan.FromMinutes(5)) { Reason = "later \"on\"" },
            new FailedState(new InvalidOperationException("line one\nline \"two\" \u2028 ü")) { Reason = "by \"hand\"\n" },
            new EnqueuedState("critical") { Reason = "retry ü" },
            new DeletedState(),
            new SucceededState("result", 12, 34),
        ];

        foreach (var state in changes)
        {
            Assert.True(new BackgroundJobClient(ours).ChangeState(ourJob, state));
            Assert.True(new BackgroundJobClient(library).ChangeState(theirJob, state));
        }

        var db = redis.Redis.GetDatabase();
        Assert.Equal((string?)await db.HashGetAsync(keys.Job(theirJob), "State"), (string?)await db.HashGetAsync(keys.Job(ourJob), "State"));
        Assert.Equal(Untimed(await db.HashGetAllAsync(keys.JobState(theirJob))), Untimed(await db.HashGetAllAsync(keys.JobState(ourJob))));
        var (ourHistory, theirHistory) = (await db.ListRangeAsync(keys.JobHistory(ourJob)), await db.ListRangeAsync(keys.JobHistory(theirJob)));
        Assert.Equal(6, ourHistory.Length);
        Assert.Equal(theirHistory.Select(e => Instants().Replace(e.ToString(), "<instant>")), ourHistory.Select(e => Instants().Replace(e.ToString(), "<instant>")));
        Assert.Equal(["Succeeded", "Deleted", "Enqueued", "Failed", "Scheduled", "Enqueued"],
            ours.GetMonitoringApi().JobDetails(ourJob).History.Select(h => h.StateName));
    }

    // The instants the two jobs' changes were made at differ; everything else must not.
    private static string[] Untimed(HashEntry[] entries) =>
        [.. entries.Select(e => $"{e.Name}={Instants().Replace(e.Value.ToString(), "<instant>")}").Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T[0-9:.]+Z|\d{10,}")]
    private static partial Regex Instants();
}
