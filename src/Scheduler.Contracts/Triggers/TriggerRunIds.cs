namespace Scheduler.Contracts.Triggers;

/// <summary>
/// How triggers are named: trigger ids "e&lt;n&gt;", index members "#&lt;triggerId&gt;:&lt;taskId&gt;" ('#' is never in a
/// task id, so a member cannot be mistaken for a manual "taskId:ms" request) and run ids "&lt;taskId&gt;:&lt;triggerId&gt;".
/// </summary>
internal static class TriggerRunIds
{
    public static string Member(string triggerId, string taskId) => $"#{triggerId}:{taskId}";

    public static bool TryParseMember(string member, out string triggerId, out string taskId)
    {
        (triggerId, taskId) = ("", "");
        if (member.Length < 4 || member[0] != '#') return false;
        var separator = member.IndexOf(':');
        if (separator < 2 || separator == member.Length - 1) return false;
        (triggerId, taskId) = (member[1..separator], member[(separator + 1)..]);
        return IsTriggerId(triggerId);
    }

    public static string RunId(string taskId, string triggerId) => $"{taskId}:{triggerId}";

    /// <summary>The trigger id of a run started by a trigger, or null for a clock or manual run.</summary>
    public static string? TriggerIdOf(string runId)
    {
        var tail = runId[(runId.LastIndexOf(':') + 1)..];
        return IsTriggerId(tail) ? tail : null;
    }

    /// <summary>The trigger's sequence number, which orders the runs triggers start.</summary>
    public static long? Sequence(string triggerId) =>
        IsTriggerId(triggerId) ? long.Parse(triggerId.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture) : null;

    private static bool IsTriggerId(string text) =>
        text.Length is > 1 and < 20 && text[0] == 'e' && text.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}
