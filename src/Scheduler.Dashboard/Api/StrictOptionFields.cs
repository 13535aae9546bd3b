using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json.Serialization.Metadata;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// The API reads <c>"replace"</c> in the schedule options as the .NET client's <see cref="ScheduleOptions.Replace"/>: a
/// boolean (another type is a 400 naming the field), honoured by <c>POST /api/tasks/{id}/schedule</c>. Numbers, in these
/// options as in every body, are read strictly by <see cref="ApiBody"/>.
/// </summary>
internal static class StrictOptionFields
{
    private static readonly PropertyInfo ReplaceProperty = typeof(ScheduleOptions).GetProperty(nameof(ScheduleOptions.Replace))!;

    // What the body said, for the options it said it in: PUT must tell "replace": false (which it cannot honour) from
    // no "replace" at all, and ScheduleOptions has only the bool. Weak, so a body's options are never held past it.
    private static readonly ConditionalWeakTable<ScheduleOptions, StrongBox<bool>> Given = new();

    public static void Apply(JsonTypeInfo info)
    {
        if (info.Type != typeof(ScheduleOptions)) return;
        // Replace is not stored with a task, so the contracts keep it out of JSON ([JsonIgnore]) and "replace" would be
        // skipped unread, whatever its value. The API reads it here instead.
        for (var i = info.Properties.Count - 1; i >= 0; i--)
            if (string.Equals(info.Properties[i].Name, "replace", StringComparison.OrdinalIgnoreCase)) info.Properties.RemoveAt(i);
        var replace = info.CreateJsonPropertyInfo(typeof(bool), "replace");
        replace.Set = static (target, value) =>
        {
            ReplaceProperty.SetValue(target, value);
            Given.AddOrUpdate((ScheduleOptions)target, new StrongBox<bool>((bool)value!));
        };
        info.Properties.Add(replace);
        // Paused is not stored either, and the API takes a pause at the top of the body ("paused", "pauseNote",
        // "pauseUntil"): one given in the options, as the .NET client's ScheduleOptions.Paused, is refused, not skipped.
        UnreadOptionFields.Refuse(info, "paused", UnreadOptionFields.PauseAtTop);
    }

    /// <summary>The <c>"replace"</c> the body gave in <paramref name="options"/>; null when it gave none.</summary>
    public static bool? ReplaceGiven(ScheduleOptions? options) =>
        options is not null && Given.TryGetValue(options, out var given) ? given.Value : null;
}
