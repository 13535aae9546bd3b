using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Flow;
using Scheduler.Contracts.Schedules;

namespace Scheduler.Dashboard.Api;

/// <summary>
/// The API reads the schedule options (and a PATCH's changes) strictly: every field must be of its own JSON type, or the
/// request gets a 400 naming the field, what was given and what is accepted.
/// </summary>
internal static class StrictOptionFields
{
    private static readonly HashSet<Type> Types = [typeof(ScheduleOptions), typeof(TaskUpdate), typeof(ConcurrencyLimit), typeof(RateLimit), typeof(Debounce)];

    public static void Apply(JsonTypeInfo info)
    {
        if (!Types.Contains(info.Type)) return;
        // The web defaults would read "maxRuns": "5" as 5; a number given as a string is refused like any wrong type.
        info.NumberHandling = JsonNumberHandling.Strict;
        if (info.Type != typeof(ScheduleOptions)) return;
        // Replace is not stored with a task, so the contracts keep it out of JSON, and "replace" was skipped unread,
        // whatever its type ("yes" included). It is read here as a boolean so a wrong type is refused; its value is not
        // used: the route decides (PUT replaces, POST does not).
        for (var i = info.Properties.Count - 1; i >= 0; i--)
            if (string.Equals(info.Properties[i].Name, "replace", StringComparison.OrdinalIgnoreCase)) info.Properties.RemoveAt(i);
        var replace = info.CreateJsonPropertyInfo(typeof(bool), "replace");
        replace.Set = static (_, _) => { };
        info.Properties.Add(replace);
    }
}
