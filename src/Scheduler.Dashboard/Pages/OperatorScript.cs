namespace Scheduler.Dashboard.Pages;

/// <summary>
/// The pages' script (actions through the REST API, live updates over Server-Sent Events), kept as a plain .js file
/// embedded in the assembly: no npm build step, and it is written inline so it needs no route of its own.
/// </summary>
internal static class OperatorScript
{
    // operator-ui.js first: the others use what it exposes (window.schedulerUi).
    private static readonly string[] ResourceNames = ["Scheduler.Dashboard.Pages.operator-ui.js", "Scheduler.Dashboard.Pages.operator-actions.js"];

    public static readonly string Source = string.Join("\n", ResourceNames.Select(Load));

    // What both forms share (how a refusal is shown at its field), written before each form's own script.
    private static readonly string FormProblems = Load("Scheduler.Dashboard.Pages.form-problems.js");

    /// <summary>The schedule list's at-a-glance counts.</summary>
    public static readonly string Glance = Load("Scheduler.Dashboard.Pages.schedule-glance.js");

    /// <summary>The schedule form.</summary>
    public static readonly string Form = FormProblems + "\n" + Load("Scheduler.Dashboard.Pages.schedule-form.js");

    /// <summary>The cleanup registration form.</summary>
    public static readonly string CleanupForm = FormProblems + "\n" + Load("Scheduler.Dashboard.Pages.cleanup-form.js");

    /// <summary>
    /// Every script the pages write inline, exactly as written: the content security policy lets these run by their
    /// hashes and nothing else inline (<see cref="Security.ContentPolicy"/>). A new inline script must be listed here.
    /// </summary>
    public static IReadOnlyList<string> Inline => [Source, Glance, Form, CleanupForm, RunRequestsScript.Source];

    /// <summary>An embedded script of the dashboard, made safe to write inside an inline script element.</summary>
    public static string Load(string resourceName)
    {
        using var stream = typeof(OperatorScript).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"embedded resource {resourceName} is missing from the dashboard assembly");
        using var reader = new StreamReader(stream);
        // "</script" inside the source would end the inline block early; the file never contains it, keep it so.
        return reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
