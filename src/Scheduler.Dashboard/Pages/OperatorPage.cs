using System.Globalization;
using System.Text.Json;
using Hangfire;
using Hangfire.Dashboard;
using Hangfire.Dashboard.Pages;
using Scheduler.Runtime.Storage;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// Base of the operator pages rendered inside Hangfire's dashboard layout (navbar, styles). Every value that can
/// come from a user goes through <see cref="Text"/>, which HTML-encodes; raw markup is only ever our own literals.
/// </summary>
internal abstract partial class OperatorPage(string title) : RazorPage
{
    protected string Title { get; } = title;

    protected IServiceProvider Services => Context.GetHttpContext().RequestServices;

    protected T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Whether the request came with the viewer's read-only credentials: the page then offers no change.</summary>
    protected bool ReadOnly => Security.Actors.IsViewer(Context.GetHttpContext());

    /// <summary>Root of the REST API. The API is mapped at the application root, whichever path the dashboard is at.</summary>
    protected string ApiRoot => Context.GetHttpContext().Request.PathBase.Value is { } basePath && basePath.EndsWith(SchedulerPages.HangfirePath, StringComparison.Ordinal)
        ? basePath[..^SchedulerPages.HangfirePath.Length] + "/api"
        : (Context.GetHttpContext().Request.PathBase.Value ?? "") + "/api";

    public sealed override void Execute()
    {
        Layout = new LayoutPage(Title);
        WriteLiteral("<div class=\"row\"><div class=\"col-md-12\">");
        WriteLiteral("<h1 class=\"page-header\">"); Text(Title); WriteLiteral("</h1>");
        WriteLiteral("<div class=\"alert alert-danger\" data-testid=\"ui-error\" role=\"alert\" hidden></div>");
        WriteLiteral(ActionStates.Style);
        if (ReadOnly) WriteLiteral(ReadOnlyNotice);
        Body();
        WriteLiteral("</div></div>");
        WriteLiteral("<script>"); WriteLiteral(OperatorScript.Source); WriteLiteral("</script>");
    }

    // The viewer's credentials read but change nothing (the gate answers 403): its pages say so, and the controls that
    // would only be refused are hidden, as Hangfire's own pages hide theirs.
    private const string ReadOnlyNotice =
        "<style>[data-action],[data-run-action],[data-bulk],[data-cleanup-action],[data-testid=\"select-matching\"],[data-testid=\"backfill-run\"],"
        + "[data-testid=\"form-save\"]{display:none !important}</style>"
        + "<div class=\"alert alert-info\" data-testid=\"read-only\" role=\"status\">Read-only access: these credentials can look "
        + "at everything here but change nothing.</div>";

    /// <summary>Writes the page's content; runs synchronously because Hangfire renders pages synchronously.</summary>
    protected abstract void Body();

    /// <summary>Writes text HTML-encoded (safe inside elements and double-quoted attributes).</summary>
    protected void Text(object? value) => Write(value?.ToString() ?? "");

    protected void Literal(string html) => WriteLiteral(html);

    protected string PageUrl(string path) => Url.To(path);

    // Hangfire renders synchronously; the storage calls are short Redis reads, like Hangfire's own pages make.
    protected static T Await<T>(Task<T> task) => task.GetAwaiter().GetResult();

    protected static string Time(DateTimeOffset? at) =>
        at is { } t ? t.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "—";

    /// <summary>How long ago, coarsely: "now", "12 s ago", "3 min ago", "2 h ago".</summary>
    protected static string Ago(TimeSpan span) =>
        span.TotalSeconds < 1 ? "now"
        : span.TotalSeconds < 60 ? $"{((int)span.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s ago"
        : span.TotalMinutes < 60 ? $"{((int)span.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min ago"
        : $"{((int)span.TotalHours).ToString(CultureInfo.InvariantCulture)} h ago";

    // As the options' JSON writes durations (1m, 30s, 500ms), so the pages and the REST body read alike.
    protected static string Span(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays % 1 == 0 ? $"{span.TotalDays:0}d"
        : span.TotalHours >= 1 && span.TotalHours % 1 == 0 ? $"{span.TotalHours:0}h"
        : span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 ? $"{span.TotalMinutes:0}m"
        : span.TotalSeconds >= 1 && span.TotalSeconds % 1 == 0 ? $"{span.TotalSeconds:0}s"
        : $"{span.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture)}ms";

    protected static string Zoned(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>An enum as the REST API spells it (camelCase), so server-rendered and script-updated cells agree.</summary>
    protected static string Name<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    protected static string Name<TEnum>(TEnum? value) where TEnum : struct, Enum => value is { } v ? Name(v) : "—";

    /// <summary>
    /// The id of the newest event now, so the page's EventSource resumes right after it and misses nothing that
    /// happens between rendering and connecting. <paramref name="backlog"/> older events are replayed too.
    /// </summary>
    protected string EventResumePoint(int backlog) =>
        Await(Service<OperatorReads>().EventResumePointAsync(backlog));
}
