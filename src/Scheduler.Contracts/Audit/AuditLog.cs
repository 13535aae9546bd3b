using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Scheduler.Contracts.Storage;
using StackExchange.Redis;

namespace Scheduler.Contracts.Audit;

/// <summary>
/// The audit log: a capped Redis stream of who changed what, when, with the changed fields before and after. Every
/// change the client makes goes through <see cref="RecordAsync"/>; a server that changes a task itself (Beat lifting a
/// pause) appends in its own script with <see cref="AuditScripts.Function"/>.
/// </summary>
internal sealed partial class AuditLog(IConnectionMultiplexer redis, RedisKeys keys, AuditRetention retention)
{
    /// <summary>Most stream entries one read looks at; the page's <see cref="AuditPage.Next"/> continues from there.</summary>
    internal const int ScanBudget = 10_000;

    private const int ScanPage = 500;

    public AuditRetention Retention { get; } = retention;

    /// <summary>
    /// Records that <paramref name="actor"/> did <paramref name="action"/> to <paramref name="taskId"/>, turning
    /// <paramref name="before"/> into <paramref name="after"/> (any JSON-serialisable views; only the members that
    /// differ are kept, see <see cref="AuditDiff"/>). The one hook every change calls, retry and backfill included.
    /// </summary>
    public async Task RecordAsync(string? actor, string action, string? taskId, object? before, object? after, string? note = null)
    {
        var (b, a) = AuditDiff.Between(AuditDiff.Of(before), AuditDiff.Of(after));
        await redis.GetDatabase().ScriptEvaluateAsync(AuditScripts.Record, [keys.Audit], Arguments(actor, action, taskId, b, a, note));
    }

    /// <summary>
    /// The audit arguments of <paramref name="actor"/> creating <paramref name="created"/>, for the create script to
    /// append in the call that stores it (one round trip, and no task without its entry).
    /// </summary>
    public RedisValue[] CreationArguments(string? actor, string taskId, object created) =>
        Arguments(actor, AuditActions.Schedule, taskId, null, AuditDiff.Between(null, AuditDiff.Of(created)).After, null);

    /// <summary>The ARGV of <see cref="AuditScripts.Record"/> (also the tail a server script passes to its own audit call).</summary>
    public RedisValue[] Arguments(string? actor, string action, string? taskId, JsonObject? before, JsonObject? after, string? note) =>
    [
        Retention.MaxEntries, (long)Retention.MaxAge.TotalMilliseconds, actor ?? "", action, taskId ?? "",
        before?.ToJsonString() ?? "", after?.ToJsonString() ?? "", note ?? "",
    ];

    /// <summary>Entries matching <paramref name="filter"/>, newest first; scans at most <see cref="ScanBudget"/> entries.</summary>
    public async Task<AuditPage> ReadAsync(AuditFilter filter)
    {
        var db = redis.GetDatabase();
        // Whatever the filter holds, only ids Redis accepts are sent: an unreadable id is refused here, and a bound
        // before 1970 (a negative id) or an entry before 0-0 (none) is clamped or answered without asking.
        if (filter.After is { } after && !IsEntryId(after))
            throw new ArgumentException($"after is not an audit entry id greater than 0-0 (\"<ms>-<seq>\"); see {nameof(AuditFilter)}.{nameof(AuditFilter.Problem)}", nameof(filter));
        if (filter.After is null && filter.To < DateTimeOffset.UnixEpoch) return new AuditPage([], null);
        RedisValue upper = filter.After is not null ? $"({filter.After}" : filter.To is { } to ? to.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "+";
        RedisValue lower = filter.From is { } from && from > DateTimeOffset.UnixEpoch ? from.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "-";
        var found = new List<AuditEntry>();
        var scanned = 0;
        while (scanned < ScanBudget)
        {
            var page = await db.StreamRangeAsync(keys.Audit, lower, upper, ScanPage, Order.Descending);
            foreach (var raw in page)
            {
                scanned++;
                var entry = Parse(raw);
                if (filter.Matches(entry)) found.Add(entry);
                if (found.Count == filter.Limit || scanned == ScanBudget) return new AuditPage(found, entry.Id);
            }
            if (page.Length < ScanPage) return new AuditPage(found, null);
            upper = $"({page[^1].Id}";
        }
        return new AuditPage(found, null);
    }

    /// <summary>
    /// True when <paramref name="text"/> is a stream entry id ("ms-seq", each part at most 2^64-1, as Redis takes them)
    /// that entries can lie before: not 0-0, whose exclusive bound Redis refuses.
    /// </summary>
    public static bool IsEntryId(string text)
    {
        if (!EntryId().IsMatch(text)) return false;
        var dash = text.IndexOf('-');
        return ulong.TryParse(text.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ulong.TryParse(text.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            && (ms, seq) != (0, 0);
    }

    internal static AuditEntry Parse(StreamEntry raw)
    {
        var id = raw.Id.ToString();
        var ms = long.Parse(id.AsSpan(0, id.IndexOf('-')), CultureInfo.InvariantCulture);
        string? Field(string name) => raw[name] is { IsNullOrEmpty: false } value ? value.ToString() : null;
        return new AuditEntry(id, DateTimeOffset.FromUnixTimeMilliseconds(ms), Field("actor"), Field("action") ?? "", Field("taskId"),
            Json(Field("before")), Json(Field("after")), Field("note"));
    }

    private static JsonObject? Json(string? text)
    {
        if (text is null) return null;
        try { return JsonNode.Parse(text) as JsonObject; }
        catch (System.Text.Json.JsonException) { return null; }
    }

    [GeneratedRegex(@"^\d{1,20}-\d{1,20}$")]
    private static partial Regex EntryId();
}
