using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Storage;
using Scheduler.Contracts.Declarations;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Contracts.Client;

public sealed partial class SchedulerClient
{
    /// <summary>
    /// Builds and checks the record as <see cref="ScheduleWithResultAsync(TaskDefinition, string, ScheduleOptions?, CancellationToken)"/>
    /// would (spec, task, options, live workers, trigger cycles; it throws as that does) and compares its definition with
    /// what the id holds, field by field over the stored texts the create script compares. Writes nothing. A one-shot
    /// due at the same instant spelt another way ("in 2 hours", then that instant, or in another zone) is the same spec
    /// here, as the create script holds it (CreateReply.ComparedFields); so are options naming the zone the task runs in
    /// and stored options naming none.
    /// </summary>
    internal async Task<SchedulePreview> PreviewAsync(TaskDefinition task, string spec, ScheduleOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var entries = options.Id is null ? [] : await _store.Db.HashGetAllAsync(_store.Keys.Task(options.Id)).WaitAsync(cancellationToken);
        var fields = entries.Length == 0 ? null : ScheduleRecord.Fields(entries);
        var current = fields is null ? null : ScheduleRecord.FromFields(fields);
        ScheduledTask record;
        ScheduleSpecException? passed = null;
        try { record = BuildRecord(task, spec, options, NowToTheMillisecond()); }
        catch (ScheduleSpecException e) when (current is { Schedule.Kind: ScheduleKind.Once } once && (spec.Trim() == once.Spec || spec.Trim() == once.Schedule.Canonical))
        {
            // A one-shot whose instant has passed (it ran) is the same spec still: a file applied again that holds it
            // unchanged is not refused for it. Changed otherwise, it would be scheduled anew: then the past instant is refused.
            passed = e;
            record = once with { Task = task, Options = options.AsStored(), Name = options.Name ?? once.Name, Description = DescriptionOrNone(options.Description) };
        }
        await VerifyOfferedAsync([(task, options)], cancellationToken);
        await CheckTriggerCycleAsync(record);
        if (current is null) return new(record, null, [], CreateReply.Held(null));
        var stored = CreateReply.DefinitionFields.ToDictionary(f => f, f => fields!.GetValueOrDefault(f) is { Length: > 0 } value ? value : null);
        var asked = ScheduleRecord.DefinitionFields(record).Where(f => CreateReply.DefinitionFields.Contains(f.Name.ToString()))
            .ToDictionary(f => f.Name.ToString(), f => (string?)f.Value.ToString());
        // Options naming the zone the record runs in are those stored naming none (the zone is compared on its own), and
        // the options' id is the task's own: both compared as the create script compares them.
        var storedOptions = CreateReply.WithoutId(stored[ScheduleRecord.OptionsJson]);
        if (CreateReply.WithoutId(asked[ScheduleRecord.OptionsJson]) == storedOptions
            || (CreateReply.UnzonedOptions(record) is { } unzoned && CreateReply.WithoutId(unzoned) == storedOptions))
            asked[ScheduleRecord.OptionsJson] = stored[ScheduleRecord.OptionsJson];
        var sameInstant = current.Schedule.Kind == ScheduleKind.Once && record.Schedule.Kind == ScheduleKind.Once
            && current.Schedule.Canonical == record.Schedule.Canonical;
        var differences = ScheduleDifferences.Between(stored, asked, CreateReply.DefinitionFields)
            .Where(d => !(sameInstant && d.Field is ScheduleRecord.Spec or ScheduleRecord.TimeZone)).ToList();
        if (passed is not null && differences.Count > 0) throw passed;
        return new(record, current, differences, CreateReply.Held(fields));
    }
}
