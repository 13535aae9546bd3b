using Scheduler.Contracts.Storage;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>
/// What Beat's commit of a fire leaves in the run's ledger: the job that owns the run, and its expiry (FiringScripts.CommitFires). Tests
/// that claim runs of their own making, other than their task's next occurrence, write it first: a schedule's run claimed
/// without it is a fire whose commit never came, which the claim refuses once the schedule has moved past it.
/// </summary>
public static class CommittedFires
{
    public static async Task MarkAsync(RedisTestContext redis, params (string RunId, string JobId)[] runs)
    {
        var (db, keys) = (redis.Redis.GetDatabase(), new RedisKeys(redis.KeyPrefix));
        foreach (var (runId, jobId) in runs)
        {
            await db.HashSetAsync(keys.Run(runId), "owner", jobId);
            await db.KeyExpireAsync(keys.Run(runId), TimeSpan.FromDays(7));
        }
    }
}
