using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Tasks;

/// <summary>
/// An instant in what a user writes (a REST body, an apply file): an ISO 8601 date-time with its offset. One without
/// an offset is refused, naming the forms taken: the JSON reader would read it in the host's zone, which differs from
/// host to host and is not the zone the writer meant. <see cref="Scheduling.WallClockInstants"/> gives a schedule's
/// instants their offset first, from the zone it names.
/// </summary>
internal sealed class InstantJsonConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && reader.TryGetDateTime(out var time) && time.Kind == DateTimeKind.Unspecified)
            throw new JsonException($"\"{Echo(reader.GetString()!)}\" has no UTC offset; expected one, e.g. \"{time:yyyy-MM-dd'T'HH:mm:ss}Z\" " +
                $"or \"{time:yyyy-MM-dd'T'HH:mm:ss}+01:00\" (a schedule's startAfter, startAt, endAt, pauseUntil and nextExecution without one are read in its timeZone, when it names one)");
        // Anything else as the serializer's own reading takes or refuses it.
        return reader.GetDateTimeOffset();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    private static string Echo(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
