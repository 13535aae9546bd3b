namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Which action buttons a task offers. Every holder of a task (a list row, the detail panel) carries
/// <c>data-status</c> and <c>data-in-progress</c>, which the page script updates as events arrive, so the buttons follow
/// the task without a reload: an ended task (completed, failed, expired, cancelled) offers no pause, resume or cancel; a
/// paused one offers resume, not pause; a cancelled one cannot be run now. Stop follows the runs, not the status: a run
/// asked for by hand runs whatever the schedule's state (paused, scheduled, an ended one-shot), and stop ends it, so
/// stop is offered whenever a run is in progress, except on a cancelled task, whose cancel stopped its runs already.
/// Delete stays: it is how an ended task goes for good.
/// </summary>
internal static class ActionStates
{
    /// <summary>The holder's attribute saying whether a run of its task is in progress and not yet stopped ("true" or "false").</summary>
    public const string InProgressAttribute = "data-in-progress";

    private static readonly string[] Actions = ["pause", "resume", "trigger", "stop", "cancel", "delete"];

    private static readonly (string Status, string[] Hidden)[] Rules =
    [
        ("scheduled", ["resume"]),
        ("running", ["resume"]),
        ("paused", ["pause"]),
        ("completed", ["pause", "resume", "cancel"]),
        ("failed", ["pause", "resume", "cancel"]),
        ("expired", ["pause", "resume", "cancel"]),
        ("cancelled", ["pause", "resume", "cancel", "trigger", "stop"]),
    ];

    // Anchored on [data-task]: the holder is the only ancestor of its buttons that carries the attribute, and the
    // page's other ancestors (body, html) would otherwise match the :not() and hide every stop.
    private static readonly string NothingToStop = $"[data-task]:not([{InProgressAttribute}=\"true\"]) button[data-action=\"stop\"]";

    /// <summary>The style block, written once per page.</summary>
    public static readonly string Style = "<style>"
        + string.Join(",\n", Rules.SelectMany(r => r.Hidden.Select(a => $"[data-status=\"{r.Status}\"] button[data-action=\"{a}\"]")).Append(NothingToStop))
        + "{display:none}</style>";

    /// <summary>
    /// The actions a task in <paramref name="status"/> offers (the same rules as the style), for tests and callers that
    /// render without CSS; <paramref name="runsInProgress"/>: a run of it is in progress and not yet stopped.
    /// </summary>
    public static IEnumerable<string> Offered(string status, bool runsInProgress) =>
        Actions.Except(Rules.FirstOrDefault(r => r.Status == status).Hidden ?? []).Where(a => a != "stop" || runsInProgress);

    /// <summary>The value of <see cref="InProgressAttribute"/>.</summary>
    public static string InProgressValue(bool runsInProgress) => runsInProgress ? "true" : "false";
}
