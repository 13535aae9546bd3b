using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scheduler.Beat.Hosting;
using Scheduler.Beat.Retention;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Runtime.Redis;

namespace Scheduler.IntegrationTests.Retention;

/// <summary>Hangfire's Failed jobs, which it never expires, are kept to the newest few; the older ones go to Deleted.</summary>
public sealed class FailedJobTrimmerTests
{
    [Fact]
    public async Task The_oldest_failed_jobs_beyond_the_cap_move_to_deleted_and_the_newest_stay_failed()
    {
        await using var redis = await RedisTestContext.CreateAsync("failed-job-trim");
        var hangfire = new HangfireJobs(redis);
        var client = new BackgroundJobClient(hangfire.Storage);
        var failed = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            failed.Add(HangfireJobs.CreateOccurrenceJob(hangfire.Storage, "t1", $"t1:{i}"));
            Assert.True(client.ChangeState(failed[^1], new FailedState(new InvalidOperationException("boom")), null));
        }
        // One failure after another, a minute apart: Hangfire scores its failed list by when each failed (to the second).
        var failedList = new HangfireKeys(redis.HangfirePrefix).Failed;
        for (var i = 0; i < failed.Count; i++)
            await redis.Redis.GetDatabase().SortedSetAddAsync(failedList, failed[i], DateTimeOffset.UtcNow.AddMinutes(i - 10).ToUnixTimeSeconds());
        var trimmer = new FailedJobTrimmer(redis.Redis, Options.Create(new SchedulerRedisOptions { HangfirePrefix = redis.HangfirePrefix }), client,
            new RedisHealth(redis.Redis, TimeProvider.System), Options.Create(new BeatOptions()), TimeProvider.System, NullLogger<FailedJobTrimmer>.Instance);

        Assert.Equal(3, await trimmer.TrimAsync(kept: 2));

        Assert.Equal(2, hangfire.Monitoring.FailedCount());
        Assert.All(failed[..3], id => Assert.Equal(DeletedState.StateName, hangfire.StateOf(id).Name));
        Assert.All(failed[3..], id => Assert.Equal(FailedState.StateName, hangfire.StateOf(id).Name));
        Assert.Equal(0, await trimmer.TrimAsync(kept: 2));
    }
}
