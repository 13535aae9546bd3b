using System.Text.Json;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Scheduling.Triggers;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Storage;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Publishes event <paramref name="name"/>: every scheduled or running task with the spec <c>on:name</c> runs once
    /// for it, with <paramref name="payloadJson"/> in its context. The trigger is stored before this returns and waits
    /// while no Beat or worker runs. Paused tasks are not triggered.
    /// </summary>
    /// <param name="name">The event name: 1 to 128 letters, digits, '.', '_' or '-'.</param>
    /// <param name="payloadJson">JSON text passed to the triggered tasks, or null.</param>
    /// <param name="cancellationToken">Stops the call before the event is stored.</param>
    /// <exception cref="ArgumentException">The name or the payload is not valid (the message says what is accepted).</exception>
    /// <exception cref="ReplicaAcknowledgementException">The replicas <see cref="SchedulerClientOptions.ReplicaAcknowledgement"/> asks for did not
    /// acknowledge the event in time; its message names the trigger, as a repeat would publish it again.</exception>
    public async Task<PublishedEvent> PublishAsync(string name, string? payloadJson = null, CancellationToken cancellationToken = default)
    {
        if (!TriggerSpec.IsValidName(name))
            throw new ArgumentException($"event name \"{name}\" is not valid; expected {TriggerSpec.AcceptedNames}", nameof(name));
        if (payloadJson?.Length > MaxEventPayloadLength)
            throw new ArgumentException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"the payload of event \"{name}\" is {payloadJson.Length:N0} characters; expected at most {MaxEventPayloadLength:N0} (pass a reference, such as a file name or URL, to larger data)"),
                nameof(payloadJson));
        if (payloadJson is not null)
        {
            try { using var _ = JsonDocument.Parse(payloadJson); }
            catch (JsonException e) { throw new ArgumentException($"the payload of event \"{name}\" is not JSON ({e.Message.Split(" Path:")[0]}); expected e.g. {{\"file\": \"a.csv\"}}", nameof(payloadJson), e); }
        }
        cancellationToken.ThrowIfCancellationRequested();
        var (triggerId, taskIds) = await _store.Triggers.PublishAsync(name, payloadJson);
        // An event runs tasks as a trigger by hand does, so who published it is recorded as who triggered one is.
        await RecordAuditAsync(Audit.AuditActions.Publish, null, null, new { @event = name, triggerId, taskIds });
        await _store.AcknowledgedAsync($"event {name} (trigger {triggerId})",
            $"A repeat publishes it again: once the replicas are back, look for the runs of trigger {triggerId} (lost if there are none)");
        return new PublishedEvent(name, triggerId, taskIds);
    }

    /// <summary>
    /// The longest event payload accepted, in characters (1 MiB, as the REST API's body). Each run a payload starts keeps
    /// it in its run record, cut at the worker's <c>MaxResultLength</c>, while the handler gets it whole.
    /// </summary>
    public const int MaxEventPayloadLength = 1024 * 1024;

    /// <summary>Publishes event <paramref name="name"/> with <paramref name="payload"/> serialized as JSON (see <see cref="PublishAsync(string, string?, CancellationToken)"/>).</summary>
    public Task<PublishedEvent> PublishAsync<TPayload>(string name, TPayload payload, CancellationToken cancellationToken = default) =>
        PublishAsync(name, JsonSerializer.Serialize(payload, Tasks.TaskTypes.JsonOptions), cancellationToken);

    /// <summary>Refuses a record whose <c>after:</c> chain leads back to it.</summary>
    private Task CheckTriggerCycleAsync(ScheduledTask record) => CheckTriggerCyclesAsync([record], batch: null);

    /// <summary>
    /// Refuses any of <paramref name="records"/> whose <c>after:</c> chain leads back to it, following the chain through
    /// <paramref name="batch"/> (records about to be stored together, by id) before the stored ones.
    /// </summary>
    private async Task CheckTriggerCyclesAsync(IReadOnlyList<ScheduledTask> records, IReadOnlyDictionary<string, string?>? batch)
    {
        foreach (var record in records)
        {
            if (record.Schedule.Trigger?.AfterTask is not { } after) continue;
            await TriggerCycles.CheckAsync(record.Id, after, async id =>
                batch is not null && batch.TryGetValue(id, out var inBatch) ? inBatch
                : (await _store.GetAsync(id))?.Schedule.Trigger?.AfterTask);
        }
    }

    /// <summary>The batch's <c>after:</c> links by id, or null when it has none (the common case costs nothing).</summary>
    private static IReadOnlyDictionary<string, string?>? AfterLinks(IReadOnlyList<ScheduledTask> records) =>
        records.Any(r => r.Schedule.Kind == ScheduleKind.Trigger)
            ? records.ToDictionary(r => r.Id, r => r.Schedule.Trigger?.AfterTask)
            : null;

    /// <summary>After a spec change: a trigger task leaves the due index and enters its subscriber set.</summary>
    private async Task SettleTriggerAsync(string id, ParsedSchedule schedule)
    {
        if (schedule.Kind != ScheduleKind.Trigger) return;
        var db = _store.Redis.GetDatabase();
        await db.SortedSetRemoveAsync(_store.Keys.Due, id);
        await db.HashDeleteAsync(_store.Keys.Task(id), ScheduleRecord.NextRunAt);
        await _store.Triggers.SubscribeAsync(id, schedule);
    }
}
