using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// A request body's or a file's instants written without an offset (<c>"endAt": "2027-12-24T18:00"</c>, a structured
/// schedule's <c>"nextExecution"</c>, a parse preview's <c>"now"</c>), read as the
/// wall-clock time of the zone the same object names (<c>"timeZone"</c>, its own or its <c>"options"</c>' one), as the
/// CLI reads <c>--end-at</c> in <c>--tz</c>. The JSON reader would take such a time in the host's zone, which the writer
/// never meant; one left without a zone is refused by <see cref="Tasks.InstantJsonConverter"/>.
/// </summary>
internal static class WallClockInstants
{
    private static readonly string[] Instants = ["startAfter", "startAt", "endAt", "pauseUntil", "now", "nextExecution"];

    /// <summary>
    /// <paramref name="json"/> with each such instant given its zone's offset; as it is when none needs one or it is not
    /// JSON. <paramref name="rootZone"/>: the zone of the body's top object when it names none (a PATCH's task's own).
    /// </summary>
    public static ReadOnlyMemory<byte> InZone(ReadOnlyMemory<byte> json, string? rootZone = null)
    {
        if (rootZone is null && !MayHold(json.Span)) return json;
        List<(int Start, int Length, string Value)> edits;
        try
        {
            edits = Find(json.Span, rootZone);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or text that is not UTF-8: the deserializer names what is wrong, where.
            return json;
        }
        if (edits.Count == 0) return json;
        var output = new List<byte>(json.Length + edits.Count * 8);
        var at = 0;
        foreach (var (start, length, value) in edits)
        {
            output.AddRange(json.Span[at..start]);
            output.AddRange(Encoding.UTF8.GetBytes(value));
            at = start + length;
        }
        output.AddRange(json.Span[at..]);
        return output.ToArray();
    }

    // Most bodies name no zone: they are passed on without a second read.
    private static bool MayHold(ReadOnlySpan<byte> json) =>
        json.IndexOf("imeZone"u8) >= 0 || json.IndexOf("IMEZONE"u8) >= 0 || json.IndexOf("imezone"u8) >= 0;

    // Only where a schedule's fields stand (the body, its "options" and structured "schedule", each item of an apply's
    // "schedules"): a task's own arguments (an MCP tool's, a method call's) reach it as written, whatever they are named.
    private enum Role { Other, Body, Item, Options, Schedule }

    private sealed class Frame(Role role, bool isArray = false)
    {
        public readonly Role Role = role;
        public readonly bool IsArray = isArray;
        public string? Property;
        public string? Zone;
        public string? OptionsZone;
        public readonly List<(int Start, int Length, DateTime Local)> Wall = [];
    }

    private static Role ChildRole(Frame? parent, bool array)
    {
        if (parent is null) return array ? Role.Item : Role.Body;
        if (parent.IsArray) return !array && parent.Role == Role.Item ? Role.Item : Role.Other;
        if (parent.Role is not (Role.Body or Role.Item)) return Role.Other;
        return (parent.Property?.ToLowerInvariant(), array) switch
        {
            ("schedules", true) when parent.Role == Role.Body => Role.Item,
            ("options", false) => Role.Options,
            ("schedule", false) => Role.Schedule,
            _ => Role.Other,
        };
    }

    private static List<(int, int, string)> Find(ReadOnlySpan<byte> json, string? rootZone)
    {
        var edits = new List<(int Start, int Length, string Value)>();
        var frames = new Stack<Frame>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            var frame = frames.Count > 0 ? frames.Peek() : null;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var array = reader.TokenType == JsonTokenType.StartArray;
                    frames.Push(new Frame(ChildRole(frame, array), array));
                    break;
                case JsonTokenType.EndObject:
                    frames.Pop();
                    var parent = frames.Count > 0 ? frames.Peek() : null;
                    // An "options" or "schedule" without a zone of its own leaves its instants to the object holding it.
                    if (frame!.Role is Role.Options or Role.Schedule && frame.Zone is null && parent is not null) parent.Wall.AddRange(frame.Wall);
                    // A zone that is none ("Mars/Base") reads them in UTC, so that the request fails on the zone's own
                    // refusal, which names it, rather than on an instant said to lack an offset.
                    else if ((frame.Zone ?? frame.OptionsZone ?? (parent is null ? rootZone : null)) is { } zone && (ScheduleTimeZones.TryFind(zone) ?? TimeZoneInfo.Utc) is var found)
                        edits.AddRange(frame.Wall.Select(w => (w.Start, w.Length, Written(w.Local, found))));
                    if (frame.Role == Role.Options && parent is not null) parent.OptionsZone = frame.Zone;
                    Done(frames);
                    break;
                case JsonTokenType.EndArray:
                    frames.Pop();
                    Done(frames);
                    break;
                case JsonTokenType.PropertyName when frame is not null:
                    frame.Property = reader.GetString();
                    break;
                case JsonTokenType.String when frame is { Role: not Role.Other, IsArray: false, Property: { } property }:
                    if (property.Equals("timeZone", StringComparison.OrdinalIgnoreCase)) frame.Zone = reader.GetString();
                    else if (Instants.Contains(property, StringComparer.OrdinalIgnoreCase) && reader.TryGetDateTime(out var local) && local.Kind == DateTimeKind.Unspecified)
                        frame.Wall.Add(((int)reader.TokenStartIndex, (int)(reader.BytesConsumed - reader.TokenStartIndex), local));
                    frame.Property = null;
                    break;
                default:
                    if (frame is not null) frame.Property = null;
                    break;
            }
        }
        return [.. edits.OrderBy(e => e.Start)];
    }

    // A value ended: the object holding it moves on to its next property.
    private static void Done(Stack<Frame> frames)
    {
        if (frames.Count > 0) frames.Peek().Property = null;
    }

    // With the zone's offset, so a message quoting it shows the wall time written; in UTC where that offset has
    // seconds (a zone's local mean time), which the JSON form cannot carry.
    private static string Written(DateTime local, TimeZoneInfo zone)
    {
        DateTimeOffset instant;
        // At the calendar's edge (0001-01-01 east of UTC) the zone's reading has no instant: read in UTC, it reaches the
        // check that names the field and the range.
        try { instant = ZonedClock.ToInstant(local, zone); }
        catch (ArgumentOutOfRangeException) { return "\"" + local.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture) + "Z\""; }
        var offset = zone.GetUtcOffset(instant);
        var shown = offset.Seconds == 0 ? instant.ToOffset(offset) : instant.ToUniversalTime();
        return "\"" + shown.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) + "\"";
    }
}
