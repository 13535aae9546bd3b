using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    /// <summary>
    /// Writes changed fields and, when given, a new next due instant, if the definition is still at
    /// <paramref name="revision"/> (as read with <see cref="GetWithSpecReadingAsync"/>). Returns the status afterwards
    /// (null when the task does not exist), or Superseded, nothing written, when another write of the definition came
    /// between: the caller reads it again and makes its change to that.
    /// </summary>
    /// <exception cref="InvalidTransitionException">The task is cancelled.</exception>
    /// <param name="id">The task.</param>
    /// <param name="fields">The definition's fields that changed.</param>
    /// <param name="nextDue">The new next due instant; null to leave it.</param>
    /// <param name="revival">What a new spec does to an ended task (<see cref="Revival"/>).</param>
    /// <param name="revision">The definition's revision the change was made to.</param>
    public async Task<(bool Superseded, ScheduleStatus? Status)> UpdateAsync(string id, HashEntry[] fields, DateTimeOffset? nextDue, Revival revival, string revision)
    {
        if (!TaskIds.IsValid(id)) return (false, null);
        var args = new List<RedisValue>
        {
            id, nextDue is { } n ? n.ToUnixTimeMilliseconds() : RedisValue.EmptyString, revival.Argument, revision,
        };
        foreach (var field in fields) { args.Add(field.Name); args.Add(field.Value); }
        var status = (string)(await Db.ScriptEvaluateAsync(StoreScripts.Update, [Keys.Task(id), Keys.Due, Keys.InFlight, Keys.Fired, Keys.Run("")], [.. args]))!;
        if (status.Length == 0) return (false, null);
        if (status == "!superseded") return (true, null);
        if (status[0] == '!') throw new InvalidTransitionException(id, ScheduleStatus.Cancelled, ScheduleStatus.Scheduled);
        await Db.PublishAsync(RedisChannel.Literal(Keys.ScheduleChanged), id);
        return (false, ScheduleRecord.ParseStatus(status));
    }

    /// <summary>
    /// After an update raised the max runs of recurring task <paramref name="id"/> to <paramref name="maxRuns"/> (null:
    /// none), gives it <paramref name="nextDue"/> as its next run if its old max had ended it (or its last occurrence has
    /// fired) and the new max leaves runs to fire; counts are kept. Returns the status afterwards, or null when missing.
    /// </summary>
    public async Task<ScheduleStatus?> ExtendRunsAsync(string id, DateTimeOffset nextDue, long? maxRuns)
    {
        var status = (string)(await Db.ScriptEvaluateAsync(StoreScripts.ExtendRuns, [Keys.Task(id), Keys.Due],
            [id, nextDue.ToUnixTimeMilliseconds(), maxRuns ?? 0]))!;
        if (status.Length == 0) return null;
        await Db.PublishAsync(RedisChannel.Literal(Keys.ScheduleChanged), id);
        return ScheduleRecord.ParseStatus(status);
    }

    /// <summary>
    /// The task and when and in which zone its spec text was read (<see cref="ScheduleRecord.SpecReading"/>: nulls when
    /// not known), in one read; null when the task does not exist.
    /// </summary>
    public async Task<(ScheduledTask Task, (DateTimeOffset? At, string? Zone) SpecReading, string Revision)?> GetWithSpecReadingAsync(string id)
    {
        if (!TaskIds.IsValid(id)) return null;
        var entries = await Db.HashGetAllAsync(Keys.Task(id));
        if (entries.Length == 0) return null;
        var fields = ScheduleRecord.Fields(entries);
        return (ScheduleRecord.FromFields(fields), ScheduleRecord.SpecReading(fields), fields.GetValueOrDefault(ScheduleRecord.Revision) ?? "0");
    }


    /// <summary>Asks Beat to run the task once now; returns the run id the occurrence will carry, another for each request.</summary>
    public async Task<string> RequestTriggerAsync(string id, DateTimeOffset now)
    {
        var ms = (long)await Db.ScriptEvaluateAsync(StoreScripts.RequestRunNow, [Keys.Triggers],
            [id, now.ToUnixTimeMilliseconds(), Keys.Run(""), Keys.ScheduleChanged]);
        return TriggerRunId(id, ms);
    }

    /// <summary>The run id of a "run now" request made at <paramref name="requestedMs"/>.</summary>
    public static string TriggerRunId(string id, long requestedMs) => $"{id}:t{requestedMs}";

    /// <summary>
    /// Whether <paramref name="runId"/> is a "run now" request's (<see cref="TriggerRunId"/>). Such a run goes beside the
    /// schedule: it does not end a one-shot, whose own run stays due.
    /// </summary>
    public static bool IsRunNow(string runId)
    {
        var tail = runId.AsSpan(runId.LastIndexOf(':') + 1);
        return tail.Length > 1 && tail[0] == 't' && long.TryParse(tail[1..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _);
    }

    /// <summary>
    /// What a new spec does to a completed, failed or expired task: nothing (no new spec), scheduled anew with its
    /// counters restarted (a reschedule), or scheduled on with its counters kept while its max runs leaves runs (an update).
    /// </summary>
    internal readonly record struct Revival(string Argument)
    {
        public static readonly Revival None = new("0");
        public static readonly Revival Anew = new("1");
        public static Revival CountsKept(int? maxRuns) => new("k" + (maxRuns ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
