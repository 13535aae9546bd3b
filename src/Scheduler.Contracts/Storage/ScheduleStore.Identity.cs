using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

internal sealed partial class ScheduleStore
{
    /// <summary>
    /// Deletes a task for good: its record, history, run ledger entries and every index entry, in one call that also
    /// tells running attempts to stop. Returns the status it had, or null when there was no such task.
    /// </summary>
    /// <param name="id">The task's id (an invalid one is no such task).</param>
    /// <param name="finishedBefore">The retention sweep's cutoff (Unix ms): only a task that finished without failure, was
    /// found finished (<see cref="ScheduleRecord.RetainedFrom"/>) and neither ran nor changed since then goes; otherwise null.</param>
    public async Task<ScheduleStatus?> DeleteAsync(string id, long? finishedBefore = null) =>
        (await DeleteWithHistoryAsync(id, finishedBefore)).Status;

    /// <summary>
    /// <see cref="DeleteAsync"/>, also returning the run ids the task's history named: all of its runs that reached an
    /// outcome, or null when the history was at <see cref="HistoryCap"/> and may have dropped older ones.
    /// </summary>
    public async Task<(ScheduleStatus? Status, IReadOnlyCollection<string>? HistoryRunIds)> DeleteWithHistoryAsync(string id, long? finishedBefore = null)
    {
        if (!TaskIds.IsValid(id)) return (null, null);
        var record = await Db.HashGetAllAsync(Keys.Task(id));
        if (record.Length == 0) return (null, null);
        var idempotencyKey = ScheduleRecord.Fields(record).GetValueOrDefault(ScheduleRecord.OptionsJson) is { } options
            ? ReadIdempotencyKey(options) : null;
        // The history names the runs that finished; the script finds the runs in flight itself (a run that starts after
        // it finds no task and never begins). The retention sweep's task has had no run in flight for the whole
        // retention: its history names its runs.
        var history = await Db.ListRangeAsync(Keys.Runs(id));
        var historyRunIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in history)
            if (RunIdOf(item) is { } runId) historyRunIds.Add(runId);
        RedisKey[] keys =
        [
            Keys.Task(id), Keys.Tasks, Keys.Due, Keys.Runs(id), Keys.InFlight, Keys.Triggers, Keys.Events,
            idempotencyKey is null ? "" : Keys.Idempotency(idempotencyKey), Keys.Running, Keys.Fired,
            SubscriptionKeyOf(record) ?? "", Keys.Retained, .. historyRunIds.Select(r => (RedisKey)Keys.Run(r)),
        ];
        var status = (string)(await Db.ScriptEvaluateAsync(StoreScripts.Delete, keys,
            [id, Time.GetUtcNow().ToUnixTimeMilliseconds(), Keys.TaskCancelled, Keys.ScheduleChanged, Keys.Run(""), finishedBefore?.ToString() ?? ""]))!;
        if (status.Length == 0) return (null, null);
        var parsed = Enum.TryParse<ScheduleStatus>(status, true, out var known) ? known : ScheduleStatus.Cancelled;
        return (parsed, history.Length < HistoryCap ? historyRunIds : null);
    }

    /// <summary>Attempts a task's history keeps, newest first; older ones are trimmed.</summary>
    public const int HistoryCap = 1000;

    // The subscriber set of a trigger task; an unreadable record leaves its entry to be dropped on the set's next use.
    private string? SubscriptionKeyOf(HashEntry[] record)
    {
        try { return ScheduleRecord.FromHash(record) is { } task ? SubscriptionKey(task.Schedule) : null; }
        catch (Exception e) when (e is FormatException or JsonException or ArgumentException or KeyNotFoundException) { return null; }
    }

    private static string? ReadIdempotencyKey(string optionsJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(optionsJson);
            return doc.RootElement.TryGetProperty("idempotencyKey", out var key) && key.ValueKind == JsonValueKind.String ? key.GetString() : null;
        }
        catch (JsonException) { return null; }
    }

    private static string? RunIdOf(RedisValue item)
    {
        try
        {
            using var doc = JsonDocument.Parse(item.ToString());
            return doc.RootElement.TryGetProperty("runId", out var runId) && runId.ValueKind == JsonValueKind.String ? runId.GetString() : null;
        }
        catch (JsonException) { return null; }
    }
}
