namespace Scheduler.Contracts.Client;

/// <summary>
/// An order of the task list: a key and a direction, spelled <c>name</c> (ascending) or <c>-name</c> (descending) in a
/// query string, so a sorted view is a URL. Empty tasks go last whichever the direction (a task with no next run after
/// every one that has one), and ties keep creation order, newest first, so pages of one order never overlap.
/// </summary>
internal sealed record ScheduleSort(ScheduleSortKey Key, bool Descending)
{
    /// <summary>The list's order when none is asked for: newest first, as the creation index holds it.</summary>
    public static readonly ScheduleSort Default = new(ScheduleSortKey.Created, Descending: true);

    private static readonly (string Name, ScheduleSortKey Key)[] Names =
    [
        ("name", ScheduleSortKey.Name), ("type", ScheduleSortKey.Type), ("status", ScheduleSortKey.Status),
        ("next", ScheduleSortKey.NextRun), ("last", ScheduleSortKey.LastRun), ("outcome", ScheduleSortKey.LastOutcome),
        ("runs", ScheduleSortKey.RunCount), ("created", ScheduleSortKey.Created),
    ];

    /// <summary>The accepted keys as a message lists them: "name, type, …", each also with a leading '-' for descending.</summary>
    public static string Accepted => string.Join(", ", Names.Select(n => n.Name));

    /// <summary>True for the default order (the creation index's own, read a page at a time without sorting).</summary>
    public bool IsDefault => this == Default;

    /// <summary>The key's name as a query spells it.</summary>
    public string KeyName => Names.First(n => n.Key == Key).Name;

    /// <summary>As a query spells it: <c>name</c> or <c>-name</c>.</summary>
    public override string ToString() => (Descending ? "-" : "") + KeyName;

    /// <summary>
    /// Reads <c>name</c>, <c>-name</c> (any case); blank reads as <see cref="Default"/>. False for anything else.
    /// </summary>
    public static bool TryParse(string? text, out ScheduleSort sort)
    {
        sort = Default;
        if (string.IsNullOrWhiteSpace(text)) return true;
        var trimmed = text.Trim();
        var descending = trimmed.StartsWith('-');
        var name = descending ? trimmed[1..] : trimmed;
        foreach (var (n, key) in Names)
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) { sort = new ScheduleSort(key, descending); return true; }
        return false;
    }

    /// <summary>
    /// The order a column header's first click asks for: the latest first for times already past and for counts
    /// (what ran last, what ran most), the soonest first for the next run, A to Z for names and words.
    /// </summary>
    public static ScheduleSort FirstClick(ScheduleSortKey key) =>
        new(key, key is ScheduleSortKey.LastRun or ScheduleSortKey.Created or ScheduleSortKey.RunCount);
}
