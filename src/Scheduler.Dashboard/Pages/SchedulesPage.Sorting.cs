using System.Globalization;
using Scheduler.Contracts.Schedules;
using Scheduler.Contracts.Client;
using Scheduler.Runtime.Storage;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// The list's order and size: column headings that sort (a link, so the order is in the URL with the filters and
/// survives paging), how many tasks match, and what the page says of a query it cannot use.
/// </summary>
internal sealed partial class SchedulesPage
{
    private static readonly string[] FilterKeys = ["q", "status", "type", "tag", "name", "outcome"];

    /// <summary>A heading that sorts by <paramref name="key"/>: the first click in its natural direction, the next reverses it.</summary>
    private void SortHeading(string heading, ScheduleSortKey key, ScheduleSort current)
    {
        var active = current.Key == key;
        var next = active ? current with { Descending = !current.Descending } : ScheduleSort.FirstClick(key);
        Literal("<th");
        if (active) Literal(current.Descending ? " aria-sort=\"descending\"" : " aria-sort=\"ascending\"");
        Literal("><a data-testid=\"sort-"); Text(next.KeyName); Literal("\" data-sort=\""); Text(next.ToString());
        Literal("\" title=\""); Text($"Sort by {heading.ToLowerInvariant()}, {(next.Descending ? "descending" : "ascending")}");
        Literal("\" href=\""); Text(ListUrl(0, next)); Literal("\">"); Text(heading); Literal("</a>");
        if (active) { Literal(" <span aria-hidden=\"true\">"); Literal(current.Descending ? "▼" : "▲"); Literal("</span>"); }
        Literal("</th>");
    }

    /// <summary>"N tasks" (or "N tasks match" under a filter), and which of them this page shows when they take more than one.</summary>
    private void Total(long total, int offset, int shown)
    {
        var filtered = FilterKeys.Any(k => !string.IsNullOrWhiteSpace(Query(k)));
        Literal("<p data-testid=\"schedule-total\" data-total=\""); Text(total.ToString(CultureInfo.InvariantCulture)); Literal("\"><strong>");
        Text(Count(total) + (filtered ? " match" : "")); Literal("</strong>");
        if (shown > 0 && (offset > 0 || shown < total))
        {
            Literal(" <span class=\"text-muted\" data-testid=\"schedule-showing\">");
            Text($"showing {offset + 1}–{offset + shown} of {total}"); Literal("</span>");
        }
        Literal("</p>");
    }

    private static string Count(long total) => total == 1 ? "1 task" : $"{total.ToString(CultureInfo.InvariantCulture)} tasks";

    // A sort, outcome or offset the page cannot use (a hand-edited or stale link) is said, and the list shown without it.
    private void QueryWarnings(string? outcome, RunOutcome? parsedOutcome, bool sortKnown, string? offsetText)
    {
        if (!string.IsNullOrWhiteSpace(outcome) && parsedOutcome is null)
            FilterWarning($"outcome \"{outcome}\" is not a run outcome, so it is not applied; expected one of {RunOutcomeNames.Accepted}");
        if (!sortKnown)
            FilterWarning($"sort \"{Query("sort")}\" is not a sort key, so the list is newest first; expected one of {ScheduleSort.Accepted}, each with a leading '-' for descending");
        if (!string.IsNullOrWhiteSpace(offsetText) && !(int.TryParse(offsetText, CultureInfo.InvariantCulture, out var n) && n >= 0))
            FilterWarning($"offset \"{offsetText}\" is not a position (0 or more), so the list starts at the first task");
    }

    /// <summary>This list at <paramref name="offset"/> in the order <paramref name="sort"/>, keeping the filters of the request.</summary>
    private string ListUrl(int offset, ScheduleSort sort)
    {
        var query = new List<string>();
        foreach (var key in FilterKeys)
            if (Query(key) is { Length: > 0 } value) query.Add($"{key}={Uri.EscapeDataString(value)}");
        if (!sort.IsDefault) query.Add($"sort={Uri.EscapeDataString(sort.ToString())}");
        if (offset > 0) query.Add($"offset={offset.ToString(CultureInfo.InvariantCulture)}");
        return PageUrl(SchedulerPages.SchedulesPath) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }
}
