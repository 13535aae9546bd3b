using Scheduler.Contracts.Audit;

namespace Scheduler.Dashboard.Pages;

/// <summary>How an audit entry's changes read on a page: one "field: before → after" line each, values as JSON.</summary>
internal static class AuditView
{
    public static IEnumerable<string> Changes(AuditEntry entry)
    {
        entry = Security.ViewerRedaction.Redacted(entry);
        var names = (entry.After ?? entry.Before)?.Select(p => p.Key).ToList() ?? [];
        foreach (var name in names)
            yield return $"{name}: {Show(entry.Before, name)} → {Show(entry.After, name)}";
    }

    private static string Show(System.Text.Json.Nodes.JsonObject? side, string name) =>
        side?[name] is { } value ? value.ToJsonString(Relaxed) : "(none)";

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed =
        new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
