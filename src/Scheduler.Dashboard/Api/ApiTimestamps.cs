using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// Every instant the REST API and the event streams write has one form: ISO 8601 with milliseconds and the offset,
/// <c>2026-12-06T10:48:40.214+00:00</c>. System.Text.Json writes as many decimals as a value has, so times from Redis
/// (milliseconds) had 3, a worker's clock 6 or 7, and a whole second none. Milliseconds: what Redis holds and what the
/// CLI and the dashboard's pages show. Reading takes any ISO 8601 form, as before.
/// </summary>
internal sealed class ApiTimestamps : JsonConverter<DateTimeOffset>
{
    /// <summary>The format written, for tests and docs.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.fffzzz";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTimeOffset();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
