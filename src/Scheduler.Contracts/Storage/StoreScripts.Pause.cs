namespace Scheduler.Contracts.Storage;

internal static partial class StoreScripts
{
    // KEYS: task hash, due index, running index. ARGV: id, allowed current statuses separated by ',', the pause's end ms
    // or "", then hash field/value pairs (who paused, why, until when, the change stamp). Like Transition to "paused",
    // except that a pause with an end stays in the due index scored by that end: Beat claims it then and lifts the pause
    // (Scheduler.Runtime's PauseLiftScripts), so nothing polls for it. Returns the previous status, "" when the task
    // does not exist, or "!"..status when it cannot be paused.
    public const string Pause = """
        local current = redis.call('HGET', KEYS[1], 'status')
        if not current then return '' end
        if not string.find(',' .. ARGV[2] .. ',', ',' .. current .. ',', 1, true) then return '!' .. current end
        redis.call('HSET', KEYS[1], 'status', 'paused')
        redis.call('SREM', KEYS[3], ARGV[1])
        if #ARGV > 3 then redis.call('HSET', KEYS[1], unpack(ARGV, 4)) end
        if ARGV[3] ~= '' then redis.call('ZADD', KEYS[2], ARGV[3], ARGV[1]) else redis.call('ZREM', KEYS[2], ARGV[1]) end
        return current
        """;
}
