using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Scheduler.Contracts.Scheduling;

/// <summary>
/// A request body's or a file's instants written without an offset (<c>"endAt": "2027-12-24T18:00"</c>, a parse
/// preview's <c>"now"</c>), read as the
/// wall-clock time of the zone the same object names (<c>"timeZone"</c>, its own or its <c>"options"</c>' one), as the
/// CLI reads <c>--end-at</c> in <c>--tz</c>. The JSON reader would take such a time in the host's zone, which the writer
/// never meant; one left without a zone is refused by <see cref="Tasks.InstantJsonConverter"/>.
/// </summary>
internal static class WallClockInstants
{
    private static readonly string[] Instants = ["startAfter", "startAt", "endAt", "pauseUntil", "now"];

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
        catch (JsonException)
        {
            // Malformed JSON: the deserializer names what is wrong, where.
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

    private sealed class Frame
    {
        public string? Property;
        public string? Zone;
        public string? OptionsZone;
        public bool IsOptions;
        public readonly List<(int Start, int Length, DateTime Local)> Wall = [];
    }

    private static List<(int, int, string)> Find(ReadOnlySpan<byte> json, string? rootZone)
    {
        var edits = new List<(int Start, int Length, string Value)>();
        var frames = new Stack<Frame?>();
        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            var frame = frames.Count > 0 ? frames.Peek() : null;
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    frames.Push(new Frame { IsOptions = frame?.Property is { } name && name.Equals("options", StringComparison.OrdinalIgnoreCase) });
                    break;
                case JsonTokenType.StartArray:
                    frames.Push(null);
                    break;
                case JsonTokenType.EndObject:
                    frames.Pop();
                    var zone = frame!.Zone ?? frame.OptionsZone ?? (frames.Count == 0 ? rootZone : null);
                    if (zone is not null && TryFind(zone) is { } found)
                        edits.AddRange(frame.Wall.Select(w => (w.Start, w.Length, Written(ZonedClock.ToInstant(w.Local, found), found))));
                    if (frame.IsOptions && frames.Count > 0 && frames.Peek() is { } parent) parent.OptionsZone = frame.Zone;
                    Done(frames);
                    break;
                case JsonTokenType.EndArray:
                    frames.Pop();
                    Done(frames);
                    break;
                case JsonTokenType.PropertyName when frame is not null:
                    frame.Property = reader.GetString();
                    break;
                case JsonTokenType.String when frame?.Property is { } property:
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
    private static void Done(Stack<Frame?> frames)
    {
        if (frames.Count > 0 && frames.Peek() is { } holder) holder.Property = null;
    }

    private static TimeZoneInfo? TryFind(string zone)
    {
        try { return ScheduleTimeZones.Find(zone); }
        catch (ScheduleSpecException) { return null; }
    }

    // With the zone's offset, so a message quoting it shows the wall time written; in UTC where that offset has
    // seconds (a zone's local mean time), which the JSON form cannot carry.
    private static string Written(DateTimeOffset instant, TimeZoneInfo zone)
    {
        var offset = zone.GetUtcOffset(instant);
        var shown = offset.Seconds == 0 ? instant.ToOffset(offset) : instant.ToUniversalTime();
        return "\"" + shown.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture) + "\"";
    }
}
