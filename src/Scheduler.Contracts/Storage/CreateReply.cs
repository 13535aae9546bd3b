using Scheduler.Contracts.Schedules;
using System.Text.Json;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>
/// What the create script did with one record: the outcome and id, or, when a live task holds the id with another
/// definition, the stored values of the fields that differ (read in the same call that decided).
/// </summary>
internal sealed record CreateReply(ScheduleOutcome? Outcome, string Id, ScheduleStatus? Previous, IReadOnlyDictionary<string, string?> Stored)
{
    /// <summary>
    /// The record fields that make a definition: two requests for one id are "the same" when these are equal. Name and
    /// description are part of the options (or follow from the spec); the next due instant and counters are state.
    /// </summary>
    public static readonly string[] DefinitionFields = [ScheduleRecord.TaskJson, ScheduleRecord.Spec, ScheduleRecord.TimeZone, ScheduleRecord.OptionsJson];

    /// <summary>
    /// <see cref="DefinitionFields"/> as the create script compares them for <paramref name="requested"/>: comma-separated
    /// groups that must each be the same, a group "a+b|c+d" being the same when all the fields of either alternative are.
    /// A one-shot's "when" is its instant: the same instant spelt another way ("2026-12-24T10:00:00+01:00" for
    /// "2026-12-24T09:00:00Z", "dec 24 at 9am") is the same schedule, and the same text read again later ("in 1 hour",
    /// whose instant has moved) still is, as it was.
    /// Options that name the zone the record runs in are the same as stored options naming none (a task created in its
    /// client's default zone, exported with that zone written down): the record's zone is compared on its own.
    /// </summary>
    public static string ComparedFields(ScheduledTask requested)
    {
        var options = UnzonedOptions(requested) is null ? ScheduleRecord.OptionsJson
            : $"{ScheduleRecord.OptionsJson}|{ScheduleRecord.OptionsJson}:{UnzonedOptionsArgument}";
        return requested.Schedule.Kind == Scheduling.ScheduleKind.Once && requested.Schedule.Anchor is not null
            ? $"{ScheduleRecord.TaskJson},{ScheduleRecord.Spec}+{ScheduleRecord.TimeZone}|{ScheduleRecord.Kind}+{ScheduleRecord.Anchor},{options}"
            : $"{ScheduleRecord.TaskJson},{ScheduleRecord.Spec},{ScheduleRecord.TimeZone},{options}";
    }

    /// <summary>
    /// The stored options' leading <c>"id"</c> member, as a Lua pattern: options are compared without it, as the id is
    /// the task's own (the key compared on). A task created without <see cref="ScheduleOptions.Id"/> stored none, and
    /// the same definition asked again by id (an export applied again) is the same definition.
    /// </summary>
    public const string OptionsIdPattern = "^{\"id\":\"[^\"]*\",";

    /// <summary><paramref name="options"/> (a stored options text) without its leading <c>"id"</c> member, as the create script compares it.</summary>
    public static string? WithoutId(string? options) =>
        options is not null && options.StartsWith("{\"id\":\"", StringComparison.Ordinal) && options.IndexOf('"', 7) is var end and > 0
            && end + 1 < options.Length && options[end + 1] == ','
            ? "{" + options[(end + 2)..]
            : options;

    /// <summary>The name <see cref="UnzonedOptions"/> goes by in <see cref="ComparedFields"/>: no record field has it.</summary>
    public const string UnzonedOptionsArgument = "unzonedOptions";

    /// <summary>
    /// The stored options text <paramref name="requested"/> would have named no zone, when its options name the very
    /// zone it runs in; null otherwise (no zone named, or one its spec overrides, as a raw rule's UTC DTSTART does).
    /// </summary>
    public static string? UnzonedOptions(ScheduledTask requested) =>
        requested.Options.TimeZone is { } zone && string.Equals(zone, requested.Schedule.TimeZone, StringComparison.Ordinal)
            ? JsonSerializer.Serialize(requested.Options with { TimeZone = null }, Tasks.TaskTypes.JsonOptions)
            : null;

    /// <summary>True when a live task holds the id with another definition and nothing was written.</summary>
    public bool IsConflict => Outcome is null && Code == 2;

    /// <summary>
    /// True when the create was made on what the caller read (<see cref="Held"/>) and the id holds something else now,
    /// ended or nothing at all (a live task is <see cref="IsConflict"/>, or already scheduled when it holds this very
    /// definition): nothing was written.
    /// </summary>
    public bool IsNoLongerHeld => Outcome is null && Code == 7;

    /// <summary>
    /// What a record (its fields as read, null when the id holds none) is to a create made on it: "none", or its creation
    /// time and definition revision, which no other write of the id leaves the same (a replace or an update moves the
    /// revision on; a delete and create anew makes another creation time). The create script reads it the same way.
    /// </summary>
    public static string Held(IReadOnlyDictionary<string, string>? fields) =>
        fields is null ? "none" : $"{fields.GetValueOrDefault(ScheduleRecord.CreatedAt)}:{fields.GetValueOrDefault(ScheduleRecord.Revision) ?? "0"}";

    /// <summary>The script's code: 5 the debounced task is no longer pending (create anew), 6 a pending task holds the debounce key (its id), 7 see <see cref="IsNoLongerHeld"/>.</summary>
    public int Code { get; init; }

    public static CreateReply Parse(RedisResult[] reply)
    {
        var code = (int)reply[0];
        var id = (string)reply[1]!;
        var previous = reply.Length > 2 && (string?)reply[2] is { Length: > 0 } status ? ScheduleRecord.ParseStatus(status) : (ScheduleStatus?)null;
        var stored = new Dictionary<string, string?>();
        if (code == 2)
            for (var i = 3; i + 1 < reply.Length; i += 2) stored[(string)reply[i]!] = (string?)reply[i + 1] is { Length: > 0 } value ? value : null;
        ScheduleOutcome? outcome = code switch
        {
            1 => ScheduleOutcome.Created,
            0 => ScheduleOutcome.AlreadyScheduled,
            3 => ScheduleOutcome.Replaced,
            4 => ScheduleOutcome.Rescheduled,
            _ => null,
        };
        return new CreateReply(outcome, id, previous, stored) { Code = code };
    }

    /// <summary>The conflict as the caller sees it: what differs between the stored and the requested definition.</summary>
    public ScheduleConflictException Conflict(ScheduledTask requested)
    {
        var asked = ScheduleRecord.DefinitionFields(requested)
            .Where(f => DefinitionFields.Contains(f.Name.ToString()))
            .ToDictionary(f => f.Name.ToString(), f => (string?)f.Value.ToString());
        return new ScheduleConflictException(Id, Previous ?? ScheduleStatus.Scheduled, ScheduleDifferences.Between(Stored, asked, Stored.Keys));
    }
}
