using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Scheduler.Beat.Recovery;

/// <summary>
/// Drops the fetched-list entries no worker will acknowledge: a job that reached another state (succeeded, failed,
/// deleted...) on a worker that died before its acknowledgement, and a job whose hash is gone. Left there, each sweep
/// would read them again, for ever.
/// </summary>
internal sealed partial class StrandedFetchSweeper
{
    // Only while the job is as this sweep read it. KEYS: fetched list, job. ARGV: job id, State and Fetched as read.
    private const string DropLeftover = """
        local seen = redis.call('HMGET', KEYS[2], 'State', 'Fetched')
        if seen[1] ~= ARGV[2] or (seen[2] or '') ~= ARGV[3] then return 0 end
        if redis.call('LREM', KEYS[1], 0, ARGV[1]) == 0 then return 0 end
        redis.call('HDEL', KEYS[2], 'Fetched', 'Checked')
        return 1
        """;

    // Only while the job's hash is still gone. KEYS: fetched list, job. ARGV: job id.
    private const string DropGone = """
        if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
        return redis.call('LREM', KEYS[1], 0, ARGV[1])
        """;

    // Jobs whose hash the previous sweep found gone: a job is written before it is queued, so a second look settles it.
    private HashSet<string> _gone = [];

    private async Task<bool> DropLeftoverAsync(IDatabase db, string queue, FetchedJob job, RedisValue fetched)
    {
        var dropped = (int)await db.ScriptEvaluateAsync(DropLeftover, [_keys.Fetched(queue), _keys.Job(job.Id)],
            [job.Id, job.State, fetched.IsNull ? "" : fetched]);
        if (dropped > 0) LogLeftoverDropped(job.Id, queue, job.State!);
        return false;
    }

    private async Task<bool> DropGoneAsync(IDatabase db, string queue, FetchedJob job, HashSet<string> gone)
    {
        if (!_gone.Contains(job.Id))
        {
            gone.Add(job.Id);
            return false;
        }
        if ((int)await db.ScriptEvaluateAsync(DropGone, [_keys.Fetched(queue), _keys.Job(job.Id)], [job.Id]) > 0) LogGoneDropped(job.Id, queue);
        return false;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} left in queue {Queue}'s fetched list by a dead worker is already {State}; entry dropped")]
    private partial void LogLeftoverDropped(string jobId, string queue, string state);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job {JobId} left in queue {Queue}'s fetched list no longer exists; entry dropped")]
    private partial void LogGoneDropped(string jobId, string queue);
}
