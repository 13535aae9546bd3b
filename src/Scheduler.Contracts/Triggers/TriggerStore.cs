using System.Globalization;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Triggers;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Triggers;

/// <summary>Publishes events, keeps the subscriber index and reads trigger contexts. Keys come from <see cref="RedisKeys"/>.</summary>
internal sealed class TriggerStore(IConnectionMultiplexer redis, RedisKeys keys, TimeProvider time)
{
    /// <summary>How long a trigger's context is kept: a trigger pending (no Beat) or queued (no worker) this long still runs, but without it.</summary>
    public static readonly TimeSpan ContextTtl = TimeSpan.FromDays(30);

    private IDatabase Db => redis.GetDatabase();

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
             (long)ContextTtl.TotalSeconds, keys.ScheduleChanged]))!;
        var id = (string)result[0]!;
        return (id.Length == 0 ? null : id, [.. ((RedisResult[])result[1]!).Select(r => (string)r!)]);
    }

    /// <summary>The extra keys and arguments RecordAttempt needs to fan a final outcome out to "after" subscribers.</summary>
    public (RedisKey[] Keys, RedisValue[] Args) FanoutParameters(string taskId, string? result, string? error) =>
        ([AfterSubscribers(taskId), keys.Triggers, keys.TriggerSequence],
         [keys.Task(""), keys.Trigger(""), result ?? "", (long)ContextTtl.TotalSeconds, keys.ScheduleChanged, error ?? ""]);

    /// <summary>The context of a trigger, or null when it has expired or never existed.</summary>
    public async Task<TriggerContext?> ReadAsync(string triggerId)
    {
        var fields = (await Db.HashGetAllAsync(keys.Trigger(triggerId))).ToDictionary(e => e.Name.ToString(), e => e.Value.ToString());
        if (!fields.TryGetValue("kind", out var kind) || !fields.TryGetValue("source", out var source)) return null;
        static string? Text(Dictionary<string, string> f, string name) => f.GetValueOrDefault(name) is { Length: > 0 } v ? v : null;
        return new TriggerContext
        {
            Id = triggerId, Kind = kind, Source = source,
            SourceRunId = Text(fields, "runId"), Outcome = Text(fields, "outcome"), Result = Text(fields, "result"), Error = Text(fields, "error"),
            Payload = Text(fields, "payload"),
            At = long.TryParse(fields.GetValueOrDefault("at"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : default,
        };
    }

    /// <summary>Runs <see cref="TriggerScripts.Reserve"/> (see there for the answers).</summary>
    public async Task<string> ReserveAsync(string member, string taskId, string triggerId, string decision, long fireCount,
        string? dropStatus, TimeSpan ledgerTtl, string firedEvent)
    {
        var runId = TriggerRunIds.RunId(taskId, triggerId);
        return (string)(await Db.ScriptEvaluateAsync(TriggerScripts.Reserve,
            [keys.Triggers, keys.Task(taskId), keys.Run(runId), keys.Events, keys.Trigger(triggerId)],
            [member, taskId, runId, decision, fireCount, dropStatus ?? "", time.GetUtcNow().ToUnixTimeMilliseconds(),
             (long)ledgerTtl.TotalSeconds, (long)ContextTtl.TotalSeconds, triggerId, firedEvent]))!;
    }

    /// <summary>Removes a fired trigger from the index.</summary>
    public Task CompleteAsync(string member) => Db.SortedSetRemoveAsync(keys.Triggers, member);
}
