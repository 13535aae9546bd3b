using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Flow;

/// <summary>Reads a flow duration as <c>"1m"</c> or <c>"00:01:00"</c>; writes the compact form.</summary>
internal sealed class FlowDurationJsonConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadDuration(ref reader);

    /// <summary>A duration as <c>"1m"</c> or <c>"00:01:00"</c>; anything else is refused naming what is accepted.</summary>
    internal static TimeSpan ReadDuration(ref Utf8JsonReader reader)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return FlowDuration.TryParse(text, out var duration)
            ? duration
            : throw new JsonException(FlowDuration.Refusal(FlowDuration.Given(ref reader), text));
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteStringValue(FlowDuration.Format(value));
}
