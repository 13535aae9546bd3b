using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Housekeeping;

/// <summary>
/// A cleanup's <c>"priority"</c>: JSON null is the default (0), as a null <c>"interval"</c> is hourly, so a body that
/// names every field with null for "not given" is taken whole; anything else reads as any whole number does.
/// </summary>
internal sealed class CleanupPriorityJsonConverter : JsonConverter<int>
{
    public override bool HandleNull => true;

    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? CleanupPriority.Default
        : ((JsonConverter<int>)JsonSerializerOptions.Default.GetConverter(typeof(int))).Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
}
