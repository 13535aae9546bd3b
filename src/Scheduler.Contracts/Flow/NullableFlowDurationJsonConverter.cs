using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Flow;

/// <summary>An optional flow duration: <c>null</c>, <c>"1m"</c> or <c>"00:01:00"</c>; written in the compact form.</summary>
internal sealed class NullableFlowDurationJsonConverter : JsonConverter<TimeSpan?>
{
    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return FlowDuration.TryParse(text, out var duration)
            ? duration
            : throw new JsonException(FlowDuration.Refusal(FlowDuration.Given(ref reader), text));
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteStringValue(FlowDuration.Format(v));
        else writer.WriteNullValue();
    }
}
