using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Scheduler.Contracts.Schedules;

/// <summary>
/// The <see cref="ScheduleOptions"/> members kept out of JSON because they are not stored with a task
/// (<see cref="ScheduleOptions.Paused"/>, <see cref="ScheduleOptions.Replace"/>): a JSON reader would skip them unread,
/// whatever they said, as if known. A reader of requests or files refuses them instead, saying where they go.
/// </summary>
internal static class UnreadOptionFields
{
    /// <summary>Where a pause goes instead, said in the refusal.</summary>
    public const string PauseAtTop = "a pause is not read in the options; give \"paused\": true beside \"options\" (with \"pauseNote\" and \"pauseUntil\" if wanted)";

    /// <summary>Makes <paramref name="name"/> in a <see cref="ScheduleOptions"/> object a <see cref="JsonException"/> saying <paramref name="refusal"/>.</summary>
    public static void Refuse(JsonTypeInfo info, string name, string refusal)
    {
        if (info.Type != typeof(ScheduleOptions)) return;
        for (var i = info.Properties.Count - 1; i >= 0; i--)
            if (string.Equals(info.Properties[i].Name, name, StringComparison.OrdinalIgnoreCase)) info.Properties.RemoveAt(i);
        var refused = info.CreateJsonPropertyInfo(typeof(JsonElement), name);
        refused.Set = (_, _) => throw new JsonException(refusal);
        info.Properties.Add(refused);
    }
}
