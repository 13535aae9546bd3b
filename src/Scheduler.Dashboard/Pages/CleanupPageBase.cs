using Hangfire.Dashboard;
using System.Globalization;
using Microsoft.AspNetCore.Antiforgery;
using Scheduler.Contracts.Housekeeping;
using Scheduler.Dashboard.Api;

namespace Scheduler.Dashboard.Pages;

/// <summary>
/// What the cleanup list and one registration's page share: the words for what a registration cleans, when it runs and
/// how a run went, and its actions. The actions are plain forms posted to <see cref="CleanupActionDispatcher"/> with the
/// antiforgery token: a Hangfire route, so the token is checked on every POST (HangfireRequestGuard, then Hangfire), and
/// no script is needed.
/// </summary>
internal abstract class CleanupPageBase(string title) : OperatorPage(title)
{
    /// <summary>Whether this dashboard has allowed roots: without them Run now is refused (as REST's 409), so it is not offered.</summary>
    protected bool CanRun => CleanupApi.AllowedRoots(Service<IConfiguration>()).Count > 0;

    protected void NoRootsNotice()
    {
        Literal("<p class=\"alert alert-warning\" data-testid=\"cleanup-no-roots\">");
        Text($"Run now is not offered: {CleanupApi.NoRoots}. Workers still run registrations by themselves within their own allowed roots.");
        Literal("</p>");
    }

    /// <summary>The policies in words, as the registration has them: "older than 7 days; beyond the newest 10 files".</summary>
    protected static string Policies(CleanupRegistration registration)
    {
        var parts = new List<string>(3);
        if (registration.RetentionDays is { } days) parts.Add($"older than {Count(days, "day")}");
        if (registration.MaxFiles is { } keep) parts.Add($"beyond the newest {Count(keep, "file")}");
        if (registration.MaxSizeMb is { } mb) parts.Add($"over {mb.ToString("0.###", CultureInfo.InvariantCulture)} MB in all, oldest first");
        return string.Join("; ", parts);
    }

    /// <summary>"every 1h; next due 2026-12-06 11:00:00Z", or "due since …" when the time has passed and no worker ran it yet.</summary>
    protected static string Schedule(CleanupRegistration registration, DateTimeOffset? due, DateTimeOffset now) =>
        $"every {Span(registration.Interval)}; " + (due is not { } at ? "not due (no due time stored)"
            : at <= now ? $"due since {Time(at)}" : $"next due {Time(at)}");

    protected static string Outcome(CleanupLastRun run) => run.Succeeded ? "succeeded" : "failed";

    /// <summary>What a run removed: "deleted 2 of 5 files (1.5 KB)".</summary>
    protected static string Removed(CleanupLastRun run) =>
        $"deleted {run.FilesDeleted} of {Count(run.FilesExamined, "file")} ({Bytes(run.BytesFreed)})";

    protected void OutcomeLabel(CleanupLastRun run)
    {
        Literal($"<span class=\"label {(run.Succeeded ? "label-success" : "label-danger")}\" data-testid=\"cleanup-outcome\">");
        Text(Outcome(run)); Literal("</span>");
    }

    /// <summary>Sizes as the registrations count them (a megabyte of 1024 × 1024 bytes).</summary>
    protected static string Bytes(long bytes) =>
        bytes < 1024 ? $"{bytes} B"
        : bytes < CleanupPolicy.BytesPerMb ? $"{(bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture)} KB"
        : bytes < CleanupPolicy.BytesPerMb * 1024 ? $"{(bytes / (double)CleanupPolicy.BytesPerMb).ToString("0.#", CultureInfo.InvariantCulture)} MB"
        : $"{(bytes / (double)(CleanupPolicy.BytesPerMb * 1024)).ToString("0.#", CultureInfo.InvariantCulture)} GB";

    protected static string Count(int count, string unit) => $"{count.ToString(CultureInfo.InvariantCulture)} {unit}{(count == 1 ? "" : "s")}";

    protected void DetailLink(string id)
    {
        Literal("<a data-testid=\"cleanup-link\" href=\""); Text(PageUrl(SchedulerPages.CleanupDetailPath(id))); Literal("\">"); Text(id); Literal("</a>");
    }

    /// <summary>
    /// One action of registration <paramref name="id"/> as a form posting to its route with the antiforgery token. The
    /// form carries <c>data-cleanup-action</c>, which the viewer's read-only style hides.
    /// </summary>
    protected void ActionForm(string id, string action, string label, string style)
    {
        var tokens = Service<IAntiforgery>().GetAndStoreTokens(Context.GetHttpContext());
        Literal($"<form method=\"post\" style=\"display:inline\" data-cleanup-action=\"{action}\" action=\"");
        Text(PageUrl(SchedulerPages.CleanupActionPath(id, action))); Literal("\"><input type=\"hidden\" name=\"");
        Text(tokens.FormFieldName); Literal("\" value=\""); Text(tokens.RequestToken); Literal("\">");
        Literal($"<button type=\"submit\" class=\"btn btn-xs btn-{style}\" data-testid=\"cleanup-{action}\">"); Text(label); Literal("</button></form> ");
    }

    protected void Message(string style, string testId, string text)
    {
        Literal($"<p class=\"alert alert-{style}\" data-testid=\"{testId}\" role=\"status\">"); Text(text); Literal("</p>");
    }
}
