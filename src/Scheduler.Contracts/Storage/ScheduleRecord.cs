using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Scheduling;
using Scheduler.Contracts.Tasks;
using StackExchange.Redis;

namespace Scheduler.Contracts.Storage;

/// <summary>Maps a <see cref="ScheduledTask"/> to and from its Redis hash. Field names live here and nowhere else.</summary>
internal static class ScheduleRecord
{
    public const string Id = "id", Name = "name", Description = "description", TaskJson = "task", TaskType = "taskType",
        Spec = "spec", Kind = "kind", Canonical = "canonical", TimeZone = "timeZone", Anchor = "anchor",
        ScheduleDescription = "scheduleDescription", Status = "status", CreatedAt = "createdAt", NextRunAt = "nextRunAt",
        RunCount = "runCount", FireCount = "fireCount", LastRunAt = "lastRunAt", LastOutcome = "lastOutcome",
        OptionsJson = "options", QueuedRuns = "queuedRuns", TraceParent = "traceParent",
        CreatedBy = "createdBy", ChangedBy = "changedBy", ChangedAt = "changedAt", Search = "search",
        Flow = "flow", WaitingFor = "waitingFor", WaitingSince = "waitingSince", WaitingCount = "waitingCount",
        PausedAt = "pausedAt", PausedBy = "pausedBy", PauseNote = "pauseNote", PausedUntil = "pausedUntil",
        // When Beat's retention sweep first found the task finished (Unix ms); cleared if it is revived.
        RetainedFrom = "retainedFrom",
        // The task's runs in flight, run ids separated by spaces (StoreScripts.RunInFlight); absent: not known.
        InFlightRuns = "inFlightRuns",
        // Counts overlap cancelPrevious's cancels: a run claimed under a lower count is one a later run replaced.
        ReplacedRuns = "replacedRuns",
        // The run the last of those cancels was for: a run fired under a lower count and claimed later was replaced,
        // unless it is this one (a trigger's run is fired before its cancel raises the count).
        ReplacingRun = "replacingRun",
        // Overlap cancelPrevious only: the run the task's last fire made (an occurrence's commit, a trigger's reservation).
        // The next fire replaces it while its ledger says it has not ended, claimed by a worker or not: "running", set by
        // a claim, misses a run fired while no worker was free.
        LastFiredRun = "lastFiredRun",
        // Counts writes of the definition (update, replace; absent: none yet): an update applies its changes to the
        // definition it read, and is refused, then made again, when another was written in between (two operators at once).
        Revision = "revision",
        // How the stored spec text was read, "<Unix ms> <digest of the text> <zone>" in one field (a record stays
        // compact: Beat reads it whole at every fire): its relative words ("tomorrow", "friday", "in 2 hours") count
        // from that instant, on that zone's calendar. A new time zone or startAfter re-reads the same text so, not from
        // the update's now. Written on create (every path goes through ToHash) and by an update that re-plans; absent
        // on records written before it existed (SchedulerClient.SpecReading says what stands in). The digest tells a
        // reading that no longer belongs to the spec: one an older client left when it gave a new spec without it.
        SpecRead = "specRead";

    public static HashEntry[] ToHash(ScheduledTask task) =>
    [
        // The run state first: a small record is a listpack, searched from its start by every HGET, HMGET and HSET, and
        // a run reads or writes these about a dozen times (fire, claim, outcome) and the definition not at all.
        new(Status, StatusText(task.Status)),
        new(NextRunAt, task.NextRunAt is { } n ? n.ToUnixTimeMilliseconds() : ""),
        new(RunCount, task.RunCount),
        new(FireCount, 0),
        .. DefinitionFields(task),
        new(Id, task.Id),
        new(CreatedAt, task.CreatedAt.ToUnixTimeMilliseconds()),
        new(CreatedBy, task.CreatedBy ?? ""),
        // A record to create is built with its spec read at its creation time (SchedulerClient.BuildRecord); a replace
        // or an ended id scheduled anew writes these fields too, so the spec's new reading time comes with its text.
        .. SpecReadFields(task.CreatedAt, task.Schedule.TimeZone, task.Spec),
    ];

    /// <summary>The fields that say <paramref name="spec"/> (as stored) was read at <paramref name="at"/> in <paramref name="zone"/>.</summary>
    public static HashEntry[] SpecReadFields(DateTimeOffset at, string zone, string spec) =>
        [new(SpecRead, string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeMilliseconds()} {SpecDigest(spec)} {zone}"))];

    /// <summary>
    /// When and in which zone the record's spec was read, from fields read with <see cref="Fields"/>; nulls when not
    /// stored, or stored for another spec text than the record's.
    /// </summary>
    public static (DateTimeOffset? At, string? Zone) SpecReading(Dictionary<string, string> f) =>
        // The zone last and whole: a Windows id ("Pacific Standard Time") holds spaces.
        f.GetValueOrDefault(SpecRead)?.Split(' ', 3) is [var ms, var of, var zone] && of == SpecDigest(f[Spec]) && Ms(ms) is { } at
            ? (at, NullIfEmpty(zone))
            : (null, null);

    // 64 bits of SHA-256: enough to tell two spec texts of one task apart, short beside the record.
    private static string SpecDigest(string spec) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(spec)), 0, 8);

    /// <summary>The fields an update may change: what runs, when, and with which options; never the run state.</summary>
    public static HashEntry[] DefinitionFields(ScheduledTask task) =>
    [
        new(Name, task.Name),
        new(Description, task.Description ?? ""),
        new(TaskJson, JsonSerializer.Serialize(task.Task, TaskTypes.JsonOptions)),
        new(TaskType, task.Task.TypeName),
        new(Spec, task.Spec),
        new(Kind, task.Schedule.Kind.ToString()),
        new(Canonical, task.Schedule.Canonical),
        new(TimeZone, task.Schedule.TimeZone),
        new(Anchor, task.Schedule.Anchor is { } a ? a.ToUnixTimeMilliseconds() : ""),
        new(ScheduleDescription, task.Schedule.Description),
        new(OptionsJson, JsonSerializer.Serialize(task.Options, TaskTypes.JsonOptions)),
        new(Search, ScheduleSearch.Document(task)),
        // "1" makes the worker's claim stop at the flow gate (see RunLedgerScripts.BeginRun).
        new(Flow, task.Options.Concurrency is not null || task.Options.RateLimit is not null ? "1" : ""),
    ];

    public static ScheduledTask? FromHash(HashEntry[] entries) => entries.Length == 0 ? null : FromFields(Fields(entries));

    /// <summary>The record's fields by name, for a caller that reads some of them besides the task.</summary>
    public static Dictionary<string, string> Fields(HashEntry[] entries)
    {
        var fields = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries) fields[FieldName(entry.Name)] = entry.Value.ToString();
        return fields;
    }

    // Beat reads a whole record at every fire: its field names are the constants above, not ~35 new strings each time.
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownNames = typeof(ScheduleRecord)
        .GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!).ToFrozenSet(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private static string FieldName(RedisValue name)
    {
        if (name.GetByteCount() is var length and <= 32)
        {
            Span<byte> bytes = stackalloc byte[length];
            Span<char> chars = stackalloc char[length];
            var written = Encoding.UTF8.GetChars(bytes[..name.CopyTo(bytes)], chars);
            if (KnownNames.TryGetValue(chars[..written], out var known)) return known;
        }
        return name.ToString();
    }

    /// <summary>The task from fields already read with <see cref="Fields"/>.</summary>
    public static ScheduledTask FromFields(Dictionary<string, string> f)
    {
        var kind = Enum.Parse<ScheduleKind>(f[Kind]);
        var status = ParseStatus(f[Status]);
        return new ScheduledTask
        {
            Id = f[Id],
            Name = f[Name],
            Description = NullIfEmpty(f.GetValueOrDefault(Description)),
            Task = JsonSerializer.Deserialize<TaskDefinition>(f[TaskJson], TaskTypes.JsonOptions)!,
            Spec = f[Spec],
            Schedule = ParsedSchedule.Restore(kind, f[Canonical], f[TimeZone], Ms(f.GetValueOrDefault(Anchor)), f.GetValueOrDefault(ScheduleDescription)),
            Status = status,
            CreatedAt = Ms(f[CreatedAt])!.Value,
            CreatedBy = NullIfEmpty(f.GetValueOrDefault(CreatedBy)),
            ChangedAt = Ms(f.GetValueOrDefault(ChangedAt)),
            ChangedBy = NullIfEmpty(f.GetValueOrDefault(ChangedBy)),
            NextRunAt = Ms(f.GetValueOrDefault(NextRunAt)),
            RunCount = long.TryParse(f.GetValueOrDefault(RunCount), out var runs) ? runs : 0,
            FireCount = long.TryParse(f.GetValueOrDefault(FireCount), out var fired) ? fired : 0,
            LastRunAt = Ms(f.GetValueOrDefault(LastRunAt)),
            LastOutcome = Enum.TryParse<RunOutcome>(f.GetValueOrDefault(LastOutcome), true, out var o) ? o : null,
            Options = JsonSerializer.Deserialize<ScheduleOptions>(f[OptionsJson], TaskTypes.JsonOptions)!,
            Waiting = f.GetValueOrDefault(WaitingFor) is { Length: > 0 } waitingFor && Ms(f.GetValueOrDefault(WaitingSince)) is { } since
                ? new Contracts.Flow.FlowWaiting(waitingFor, since, int.TryParse(f.GetValueOrDefault(WaitingCount), out var waiting) ? waiting : 0)
                : null,
            Pause = status == ScheduleStatus.Paused && Ms(f.GetValueOrDefault(PausedAt)) is { } pausedAt
                ? new PauseInfo(pausedAt, NullIfEmpty(f.GetValueOrDefault(PausedBy)), NullIfEmpty(f.GetValueOrDefault(PauseNote)), Ms(f.GetValueOrDefault(PausedUntil)))
                : null,
        };
    }

    /// <summary>The fields a change by <paramref name="actor"/> at <paramref name="at"/> writes (none for an anonymous one but the time).</summary>
    public static HashEntry[] ChangeStamp(string? actor, DateTimeOffset at) =>
        [new(ChangedAt, at.ToUnixTimeMilliseconds()), new(ChangedBy, actor ?? "")];

    /// <summary>The fields a pause writes; with <paramref name="pause"/> null, the values that clear them (resume, cancel).</summary>
    public static HashEntry[] PauseFields(PauseInfo? pause) =>
    [
        new(PausedAt, pause is null ? "" : pause.At.ToUnixTimeMilliseconds()), new(PausedBy, pause?.By ?? ""),
        new(PauseNote, pause?.Note ?? ""), new(PausedUntil, pause?.Until is { } u ? u.ToUnixTimeMilliseconds() : ""),
    ];

    public static string StatusText(ScheduleStatus status) => status.ToString().ToLowerInvariant();

    public static ScheduleStatus ParseStatus(string text) => Enum.Parse<ScheduleStatus>(text, ignoreCase: true);

    public static DateTimeOffset? Ms(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
