using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Triggers;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Triggers;

/// <summary>Publishes events and keeps the subscriber index (Beat and worker operations: Scheduler.Runtime.Storage.TriggerStoreFiring). Keys come from <see cref="RedisKeys"/>.</summary>
internal sealed class TriggerStore(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    /// <summary>How long a trigger's context is kept: a trigger pending (no Beat) or queued (no worker) this long still runs, but without it.</summary>
    public static readonly TimeSpan ContextTtl = TimeSpan.FromDays(30);

    internal IDatabase Db => redis.GetDatabase();

    internal RedisKeys Keys => keys;

    internal TimeProvider Time => time;

    /// <summary>The subscriber set a schedule belongs in, or null for a clock schedule.</summary>
    public string? SubscriptionKey(ParsedSchedule schedule) => schedule.Trigger switch
    {
        { AfterTask: { } task } => keys.Subscribers("after", task),
        { EventName: { } name } => keys.Subscribers("on", name),
        _ => null,
    };

    /// <summary>The "after" subscriber set of <paramref name="taskId"/>'s runs.</summary>
    public string AfterSubscribers(string taskId) => keys.Subscribers("after", taskId);

    /// <summary>Enters a task in its (new) subscriber set; the set it leaves cleans itself on its next use.</summary>
    public async Task SubscribeAsync(string taskId, ParsedSchedule schedule)
    {
        if (SubscriptionKey(schedule) is { } set) await Db.SetAddAsync(set, taskId);
    }

    /// <summary>
    /// Publishes event <paramref name="name"/>: every active task subscribed with <c>on:name</c> gets one trigger,
    /// written atomically. Returns the trigger id (null when nothing subscribes) and the triggered task ids.
    /// </summary>
    public async Task<(string? TriggerId, IReadOnlyList<string> TaskIds)> PublishAsync(string name, string? payload)
    {
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(TriggerScripts.Publish,
            [keys.Subscribers("on", name), keys.Triggers, keys.TriggerSequence],
            [keys.Task(""), keys.Trigger(""), name, payload ?? "", time.GetUtcNow().ToUnixTimeMilliseconds(),
             (long)ContextTtl.TotalSeconds, keys.ScheduleChanged, keys.Run("")]))!;
        var id = (string)result[0]!;
        return (id.Length == 0 ? null : id, [.. ((RedisResult[])result[1]!).Select(r => (string)r!)]);
    }
}
