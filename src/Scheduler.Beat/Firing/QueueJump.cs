using Microsoft.Extensions.Options;
using Scheduler.Runtime.Redis;
using StackExchange.Redis;

namespace Scheduler.Beat.Firing;

/// <summary>
/// High priority without a lane of its own: right after Hangfire has put the job at the back of its queue's list, it
/// is moved to the end workers take from, ahead of every job already waiting. A separate high lane would cost every
/// worker one more (empty) fetch per job, whether or not anything is ever high.
/// </summary>
internal sealed class QueueJump(IConnectionMultiplexer redis, IOptions<SchedulerRedisOptions> options)
{
    // Hangfire pushes on the left and workers pop from the right; the job was just pushed, so LREM finds it first.
    // A worker that took it in between has nothing left to move.
    private const string Script = """
        if redis.call('LREM', KEYS[1], 1, ARGV[1]) == 1 then redis.call('RPUSH', KEYS[1], ARGV[1]) end
        return 0
        """;

    private readonly HangfireKeys _keys = new(options.Value.HangfirePrefix);

    public void ToFront(string queue, string jobId) => redis.GetDatabase().ScriptEvaluate(Script, [_keys.Queue(queue)], [jobId]);

    public Task ToFrontAsync(string queue, string jobId) => redis.GetDatabase().ScriptEvaluateAsync(Script, [_keys.Queue(queue)], [jobId]);
}
