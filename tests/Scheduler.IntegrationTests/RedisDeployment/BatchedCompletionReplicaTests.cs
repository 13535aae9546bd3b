using Microsoft.Extensions.Logging;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Storage;
using Scheduler.IntegrationTests.Infrastructure;
using Scheduler.IntegrationTests.Storage;
using Scheduler.Worker.Execution;

namespace Scheduler.IntegrationTests.RedisDeployment;

/// <summary>
/// With <c>Scheduler:Redis:ReplicaAcknowledgement</c> on, a batch of deferred Succeeded states is acknowledged (its jobs
/// leave their fetched lists) only once the replica holds it: against a real primary and replica with the replica
/// stopped, the job ends Succeeded on the primary but stays fetched, tried again; once the replica is back, it leaves.
/// A state lost in a failover would otherwise leave its job Processing in a live worker's fetched list for good.
/// </summary>
public sealed class BatchedCompletionReplicaTests(ReplicatedRedisFixture pair) : IClassFixture<ReplicatedRedisFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_batch_the_replica_does_not_hold_leaves_its_jobs_fetched_until_it_does()
    {
        await using var redis = await RedisTestContext.CreateAsync("completions-replica", pair.Nodes.ConnectionString);
        var store = new ScheduleStore(redis.Redis, new RedisKeys(redis.KeyPrefix), TimeProvider.System)
        {
            Acknowledgement = new ReplicaAcknowledgement { Replicas = 1, Timeout = TimeSpan.FromMilliseconds(100) },
        };
        var shortfalls = new WarningCount();
        await using var setup = BatchedCompletionTests.Setup(redis, TimeSpan.FromSeconds(30), store, shortfalls);
        var id = HangfireJobs.CreateOccurrenceJob(setup.Storage);
        using var worker = setup.Storage.GetConnection();
        bool Fetched() => setup.Db.ListRange(setup.Keys.Fetched("default")).Any(v => v == id);

        await pair.WithReplicaStalledAsync(async () =>
        {
            BatchedCompletionTests.FinishedAndAcknowledged(setup, worker, id).Dispose();
            BatchedCompletionTests.LookAtEmptyQueues(worker);
            await Eventually.WaitAsync(() => Task.FromResult(setup.Jobs.StateOf(id).Name), s => s == "Succeeded", Bound, "the Succeeded state on the primary");
            // The wait for the replica fell short (said once): the job stays fetched, and waits for the loop's next pass.
            await Eventually.WaitAsync(() => Task.FromResult(shortfalls.Count), n => n == 1, Bound, "the replica's shortfall said");
            Assert.True(Fetched(), "acknowledged before the replica held its state");
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            Assert.True(Fetched(), "acknowledged on a later pass while the replica still lacked its state");
            Assert.Equal(1, shortfalls.Count);
        });

        await Eventually.WaitAsync(() => Task.FromResult(Fetched()), fetched => !fetched, Bound, "the acknowledge once the replica is back");
        Assert.Equal("Succeeded", setup.Jobs.StateOf(id).Name);
        Assert.Equal(1, (long)await setup.Db.StringGetAsync(redis.HangfirePrefix + "stats:succeeded"));
    }

    private sealed class WarningCount : ILogger<CompletionBatcher>
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning && formatter(state, exception).Contains("replica", StringComparison.OrdinalIgnoreCase)) Interlocked.Increment(ref _count);
        }
    }
}
