namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Which action buttons a task offers in each status. Every holder of a task (a list row, the detail panel) carries
/// <c>data-status</c>, which the page script updates as events arrive, so the buttons follow the state without a
/// reload: an ended task (completed, failed, expired, cancelled) offers no pause, resume or cancel; a paused one offers
/// resume, not pause; a cancelled one cannot be run now; only a running one offers to stop its runs in progress (its
/// schedule kept). Delete stays: it is how an ended task goes for good.
/// </summary>
internal static class ActionStates
{
    private static readonly (string Status, string[] Hidden)[] Rules =
    [
        ("scheduled", ["resume", "stop"]),
        ("running", ["resume"]),
        ("paused", ["pause", "stop"]),
        ("completed", ["pause", "resume", "cancel", "stop"]),
        ("failed", ["pause", "resume", "cancel", "stop"]),
        ("expired", ["pause", "resume", "cancel", "stop"]),
        ("cancelled", ["pause", "resume", "cancel", "trigger", "stop"]),
    ];

    /// <summary>The style block, written once per page.</summary>
    public static readonly string Style = "<style>"
        + string.Join(",\n", Rules.SelectMany(r => r.Hidden.Select(a => $"[data-status=\"{r.Status}\"] button[data-action=\"{a}\"]")))
        + "{display:none}</style>";

    /// <summary>The actions <paramref name="status"/> offers (the same rules as the style), for tests and callers that render without CSS.</summary>
    public static IEnumerable<string> Offered(string status) =>
        new[] { "pause", "resume", "trigger", "stop", "cancel", "delete" }.Except(Rules.FirstOrDefault(r => r.Status == status).Hidden ?? []);
}
