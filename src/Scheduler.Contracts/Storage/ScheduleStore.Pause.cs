using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    /// <summary>
    /// Pauses a schedule whose status is one of <paramref name="allowedFrom"/>, writing <paramref name="fields"/> with it;
    /// a pause with an end (<paramref name="until"/>) waits in the due index for Beat to lift it. Returns the previous
    /// status, or null when the task does not exist.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The current status does not allow a pause.</exception>
    public async Task<ScheduleStatus?> PauseAsync(string id, DateTimeOffset? until, HashEntry[] fields, params ScheduleStatus[] allowedFrom)
    {
        if (!TaskIds.IsValid(id)) return null;
        RedisValue[] args =
        [
            id, string.Join(',', allowedFrom.Select(ScheduleRecord.StatusText)), until is { } u ? u.ToUnixTimeMilliseconds() : RedisValue.EmptyString,
            .. fields.SelectMany(f => new[] { f.Name, f.Value }),
        ];
        var previous = (string)(await Db.ScriptEvaluateAsync(StoreScripts.Pause, [Keys.Task(id), Keys.Due, Keys.Running], args))!;
        if (previous.Length == 0) return null;
        if (previous[0] == '!') throw new InvalidTransitionException(id, ScheduleRecord.ParseStatus(previous[1..]), ScheduleStatus.Paused);
        // Beat sleeps until its earliest due instant: a pause's end may be earlier.
        await Db.PublishAsync(RedisChannel.Literal(Keys.ScheduleChanged), id);
        return ScheduleRecord.ParseStatus(previous);
    }
}
