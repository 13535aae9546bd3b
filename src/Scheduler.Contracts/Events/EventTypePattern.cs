using System.Text.RegularExpressions;

namespace Scheduler.Contracts.Events;

/// <summary>
/// Which event types a subscriber wants: one or more comma-separated globs over the type names of
/// <see cref="SchedulerEvents"/> (and "scheduler.notification"). <c>*</c> matches any run of characters (dots
/// included), <c>?</c> one character; matching ignores case. The "scheduler." prefix is optional, so
/// <c>task.*</c> and <c>scheduler.task.*</c> are the same filter, and <c>task.success,task.failure</c> takes two types.
/// The names the dashboard's streams label events with (<c>task_finished</c>, <c>task_error</c>, …) stand for the types
/// they group; a part that matches no event type is refused rather than filter out every event.
/// The one matcher behind the client's <c>SubscribeAsync</c>, <c>scheduler events --type</c>, and <c>?type=</c> of the
/// dashboard's SSE and WebSocket streams.
/// </summary>
public sealed partial class EventTypePattern
{
    private const string Prefix = "scheduler.";
    private const int MaxLength = 512;
    private readonly Regex _regex;

    private EventTypePattern(string text, Regex regex) => (Text, _regex) = (text, regex);

    /// <summary>Every event type.</summary>
    public static EventTypePattern All { get; } = Parse("*");

    /// <summary>The pattern as given, normalised (trimmed, no empty parts).</summary>
    public string Text { get; }

    /// <summary>Reads a pattern such as <c>task.*</c>, <c>scheduler.task.success</c> or <c>task.success,task.failure</c>.</summary>
    /// <exception cref="FormatException">The pattern is empty, too long, has a character other than letters, digits, '.', '_', '-', '*', '?' and ',', or a part that matches no event type.</exception>
    public static EventTypePattern Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length > MaxLength) throw new FormatException($"event type pattern is {pattern.Length} characters; at most {MaxLength} are accepted");
        var parts = pattern.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new FormatException("event type pattern is empty; expected e.g. task.*, scheduler.task.success or task.success,task.failure");
        var globs = new List<string>();
        foreach (var part in parts)
        {
            if (!Allowed().IsMatch(part))
                throw new FormatException($"event type pattern \"{part}\" has a character other than letters, digits, '.', '_', '-', '*' and '?'; expected e.g. task.* or scheduler.task.success");
            // A name the dashboard's streams label events with ("task_finished") stands for the types it groups.
            if (StreamEventNames.Groups.TryGetValue(part, out var grouped))
            {
                globs.AddRange(grouped.Select(t => Regex.Escape(t[Prefix.Length..])));
                continue;
            }
            var glob = Regex.Escape(part.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? part[Prefix.Length..] : part).Replace(@"\*", ".*").Replace(@"\?", ".");
            // A misspelt or unknown type would filter out every event, silently: a subscriber waits for nothing.
            var one = new Regex($"^(?:{Regex.Escape(Prefix)})?(?:{glob})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            if (!StreamEventNames.Types.Any(one.IsMatch))
                throw new FormatException($"event type \"{part}\" matches no event; expected a type ({string.Join(", ", StreamEventNames.Types.Select(t => t[Prefix.Length..]))}), " +
                    $"a stream name ({string.Join(", ", StreamEventNames.Groups.Keys)}) or a pattern such as task.*");
            globs.Add(glob);
        }
        // Anchored on the name without its optional prefix; "scheduler." itself is also offered for patterns like "*".
        var regex = new Regex($"^(?:{Regex.Escape(Prefix)})?(?:{string.Join("|", globs)})$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        return new EventTypePattern(string.Join(",", parts), regex);
    }

    /// <summary>Whether an event of <paramref name="type"/> (e.g. "scheduler.task.success") passes the filter.</summary>
    public bool IsMatch(string type) => _regex.IsMatch(type);

    /// <inheritdoc />
    public override string ToString() => Text;

    [GeneratedRegex(@"^[A-Za-z0-9._\-*?]+$")]
    private static partial Regex Allowed();
}
