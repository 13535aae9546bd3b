using Scheduler.Contracts.Schedules;
using Scheduler.Runtime.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.Worker.Execution;
using StackExchange.Redis;

namespace Scheduler.IntegrationTests.Reliability;

/// <summary>
/// Redis acknowledges a write before it is on disk; killed, it comes back without it. A worker writes again the
/// outcomes acknowledged just before its connection failed (issue 14: a run delivered twice after a Redis kill -9).
/// </summary>
[Trait("Category", ReliabilityReport.Category)]
public sealed class OutcomeReplayTests
{
    [Fact]
    public async Task Outcome_rolled_back_by_a_redis_restart_is_written_again_once_redis_is_back()
    {
        await using var server = await PrivateRedis.StartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.ConnectionString + ",abortConnect=false,connectRetry=10");
        var keys = new RedisKeys("replay:");
        var store = new ScheduleStore(redis, keys, TimeProvider.System);
        var bookkeeping = new Bookkeeping(Options.Create(new ExecutionOptions()), TimeProvider.System, NullLogger<Bookkeeping>.Instance);
        var replay = new OutcomeReplay(redis, bookkeeping, TimeProvider.System, NullLogger<OutcomeReplay>.Instance);
        const string runId = "replayed:1700000000000";
        // A deleted task's late outcome writes nothing, so the run's task exists.
        await redis.GetDatabase().HashSetAsync(keys.Task("replayed"), "status", "running");
        Assert.Equal((AttemptClaim.Run, 1), await store.BeginAttemptAsync(runId, "job-1", "worker-a", "replayed"));
        // From here on nothing reaches the disk: what Redis's fsync window loses when it is killed.
        await redis.GetServers()[0].ExecuteAsync("CONFIG", "SET", "appendonly", "no");
        var outcome = new TaskRun
        {
            RunId = runId, TaskId = "replayed", Attempt = 1, WorkerId = "worker-a", StartedAt = DateTimeOffset.UtcNow,
            FinishedAt = DateTimeOffset.UtcNow, Outcome = RunOutcome.Succeeded, IsFinal = true,
        };
        Task<ScheduleStatus?> Write() => store.RecordAttemptAsync(outcome, "job-1", oneShot: true, maxRuns: null, "write-1");
        await Write();
        replay.Written("outcome", Write);
        Assert.True(await redis.GetDatabase().HashExistsAsync(keys.Run(runId), "done"));

        await server.KillAsync();
        await server.StartAgainAsync();

        var db = redis.GetDatabase();
        await Eventually.WaitAsync(async () => (await db.HashExistsAsync(keys.Run(runId), "done"), await db.HashExistsAsync(keys.InFlight, runId)),
            s => s == (true, false), TimeSpan.FromSeconds(30), "the outcome written again and the run out of flight");
        var history = await db.ListRangeAsync(keys.Runs("replayed"));
        Assert.Single(history);

        // The node the replay reached loses it again (a restarted primary that Sentinel then demotes, its resync wiping
        // what it took): the next reconnect writes it once more.
        await db.KeyDeleteAsync([keys.Run(runId), keys.Runs("replayed")]);
        await server.KillAsync();
        await server.StartAgainAsync();
        await Eventually.WaitAsync(() => db.HashExistsAsync(keys.Run(runId), "done"), TimeSpan.FromSeconds(30), "the outcome written again after the second loss");
        Assert.Single(await db.ListRangeAsync(keys.Runs("replayed")));
    }
}
