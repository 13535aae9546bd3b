using System.Text.Json;
using System.Text.Json.Serialization;

namespace Scheduler.Contracts.Schedules;

/// <summary>Writes a status by its lower-case name and reads any name <see cref="ScheduleStatusNames"/> accepts ("pending" too).</summary>
internal sealed class ScheduleStatusJsonConverter : JsonConverter<ScheduleStatus>
{
    public override ScheduleStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && ScheduleStatusNames.TryParse(reader.GetString(), out var status)
            ? status
            : throw new JsonException($"unknown status; expected one of {ScheduleStatusNames.Accepted}");

    public override void Write(Utf8JsonWriter writer, ScheduleStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(ScheduleStatusNames.Name(value));
}
