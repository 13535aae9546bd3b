using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Client;

/// <summary>
/// Writes every instant the same way, <c>2026-12-06T21:00:00.120000+00:00</c>: six fractional digits and a numeric
/// offset. System.Text.Json's own form drops trailing zeros (0 to 7 digits, <c>.12</c> for 120 ms), which
/// <c>datetime.fromisoformat</c> before Python 3.11 refuses unless there are 3 or 6, and it never accepts <c>Z</c>.
/// Stored instants are whole milliseconds (the options' are cut to them as a task is written); a run's start and end
/// keep the host clock's ticks, of which this drops the tenth of a microsecond. Reads any ISO 8601 form.
/// </summary>
internal sealed class WireTimestampJsonConverter : JsonConverter<DateTimeOffset>
{
    public const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'ffffffzzz";

    /// <summary><paramref name="at"/> as this converter writes it.</summary>
    public static string Text(DateTimeOffset at) => at.ToString(Format, CultureInfo.InvariantCulture);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    // Raw, as the built-in writer does: a string value goes through the encoder, whose default escapes "+" as \u002B.
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteRawValue("\"" + Text(value) + "\"", skipInputValidation: true);
}
