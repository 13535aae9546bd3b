using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Scheduler.Cli.Output;
using Scheduler.Contracts.Audit;

namespace Scheduler.Cli.Commands;

/// <summary><c>scheduler audit [--task ID] [--actor NAME] [--action ACTION] [--since WHEN] [--limit N] [--json]</c>: who changed what.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        var task = new Option<string?>("--task") { Description = "Only changes of this task (or cleanup registration)" }.AcceptsIds("--task");
        var actor = new Option<string?>("--actor") { Description = "Only changes by this actor" };
        var action = new Option<string?>("--action") { Description = $"Only this action: {string.Join(", ", AuditActions.All)}" };
        var since = new Option<string?>("--since") { Description = "Only changes since then: a duration back (30m, 2h, 2d, \"5 hours ago\") or an instant (2026-11-30T08:00, \"yesterday at 6pm\")" };
        var limit = new Option<int>("--limit") { Description = $"At most this many, newest first (1..{AuditFilter.MaxLimit})", DefaultValueFactory = _ => 50 }.Within(1, AuditFilter.MaxLimit);
        var command = new Command("audit", "Show the audit log: who changed which task, when, and what changed") { task, actor, action, since, limit };
        AuditFilter Filter(ParseResult parse)
        {
            var filter = new AuditFilter
            {
                TaskId = parse.GetValue(task), Actor = parse.GetValue(actor), Action = parse.GetValue(action),
                From = Since(context, parse.GetValue(since)), Limit = parse.GetValue(limit),
            };
            return filter.Problem() is { } problem ? throw new CliException(ExitCodes.BadInput, problem) : filter;
        }
        command.SetAction(context.ConnectedToRead(Filter, async (parse, _, client, ct) =>
        {
            // Read again once connected, so "--since 1h" counts from Redis's clock, not this host's.
            var page = await client.GetAuditAsync(Filter(parse), ct);
            await context.PrintAsync(parse, page, o => o.WriteAsync(Formatting.Table(["AT", "ACTOR", "ACTION", "TASK", "CHANGES"],
                page.Entries.Select(e => (IReadOnlyList<string>)
                    [Formatting.Instant(e.At), e.Actor ?? "-", e.Action, e.TaskId ?? "-", Changes(e)]), clip: false)));
            return ExitCodes.Ok;
        }));
        return command;
    }

    // "status: scheduled → paused; pause.note: (none) → disk full"; a note without field changes is shown alone.
    internal static string Changes(AuditEntry e)
    {
        var names = (e.After ?? e.Before)?.Select(p => p.Key).ToList() ?? [];
        var parts = names.Select(n => $"{n}: {Show(e.Before, n)} → {Show(e.After, n)}").ToList();
        if (e.Note is { } note && !names.Contains("pause.note")) parts.Add($"note: {note}");
        return string.Join("; ", parts);
    }

    // Text for a terminal, not HTML: '+' in an offset and non-ASCII letters print as themselves, not as \u002B.
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Show(System.Text.Json.Nodes.JsonObject? side, string name) =>
        side?[name] is { } value ? value.ToJsonString(Unescaped) : "(none)";

    internal static DateTimeOffset? Since(CliContext context, string? text)
    {
        if (InstantOption.ReadBack(text, "--since", context.Time) is not { } since) return null;
        // The log's entry ids are milliseconds since 1970 (Redis stream ids), which cannot be negative: Redis would
        // refuse the read ("Invalid stream ID") after the connection, rather than the CLI before it.
        return since >= DateTimeOffset.UnixEpoch ? since
            : throw new CliException(ExitCodes.BadInput, $"--since \"{text}\" is {Formatting.Instant(since)}, before the audit log can begin; expected an instant on or after 1970-01-01T00:00Z");
    }
}
