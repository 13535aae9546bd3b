using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scheduler.Contracts.Flow;

namespace Scheduler.Contracts.Tasks;

/// <summary>
/// Every duration of a task's JSON (jitter, timeouts, retry delays) read as the flow options' are, <c>"30s"</c> as well
/// as <c>"00:00:30"</c>, so one request body does not take "10m" in one field and refuse it in the next. Written as
/// <c>"00:00:30"</c>, the form stored records and older components read.
/// </summary>
internal sealed class DurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        FlowDurationJsonConverter.ReadDuration(ref reader);

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString("c", CultureInfo.InvariantCulture));
}
