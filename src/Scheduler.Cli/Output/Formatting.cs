using System.Globalization;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Tasks;

namespace Scheduler.Cli.Output;

/// <summary>
/// Human output: aligned tables and relative times. JSON output uses the task types' JSON options, with instants as the
/// REST API writes them (<see cref="Contracts.Client.WireTimestampJsonConverter"/>).
/// </summary>
internal static class Formatting
{
    public static string Json<T>(T value) => JsonSerializer.Serialize(value, Terminal);

    /// <summary>The options <see cref="Json{T}"/> writes with.</summary>
    public static JsonSerializerOptions JsonOptions => Terminal;

    // Text for a terminal or a pipe, never HTML: "echo hi >&2" prints as itself, not as "echo hi \u003E\u00262".
    private static readonly JsonSerializerOptions Terminal = new(TaskTypes.WireJsonOptions) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Relative(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is not { } instant) return "-";
        var delta = instant - now;
        var future = delta >= TimeSpan.Zero;
        var span = future ? delta : -delta;
        var text = span.TotalSeconds < 1 ? "now"
            : span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours} h"
            : $"{(int)span.TotalDays} d";
        return text == "now" ? text : future ? $"in {text}" : $"{text} ago";
    }

    /// <summary>
    /// When a task runs next, relative to <paramref name="now"/>; a paused task's next run that has come is held by the
    /// pause, not late, and says so.
    /// </summary>
    public static string NextRun(Scheduler.Contracts.Schedules.ScheduledTask task, DateTimeOffset now) =>
        task.Status == Scheduler.Contracts.Schedules.ScheduleStatus.Paused && task.NextRunAt is { } at && at <= now
            ? $"held, due {Relative(at, now)}"
            : Relative(task.NextRunAt, now);

    /// <summary><paramref name="at"/> at the offset of <paramref name="zoneId"/>, the zone named after it unless UTC; as <see cref="Instant"/> when the zone is unknown here.</summary>
    public static string InZone(DateTimeOffset? at, string zoneId)
    {
        if (at is not { } instant || zoneId is "UTC" or "Etc/UTC") return Instant(at);
        return Scheduler.Contracts.Scheduling.ScheduleTimeZones.TryFind(zoneId) is { } zone ? Instant(TimeZoneInfo.ConvertTime(instant, zone)) + " " + zoneId : Instant(at);
    }

    public static string Instant(DateTimeOffset? at) =>
        at is { } instant ? instant.ToString("yyyy-MM-dd HH:mm:ss.fff zzz", CultureInfo.InvariantCulture) : "-";

    // The last column holds a failed attempt's error, else its result (a shell task's exit code and output): without
    // it a run's result could be read only with --json.
    // Unclipped (--full), it is the whole error: a shell task's stderr or a stack trace, which a failure is read for.
    public static string RunsTable(IEnumerable<Scheduler.Contracts.Schedules.TaskRun> runs, DateTimeOffset now, bool clip = true) => Table(
        ["RUN", "ATTEMPT", "OUTCOME", "STARTED", "DURATION", "WORKER", "ERROR / RESULT"],
        runs.Select(r => (IReadOnlyList<string>)
        [
            r.RunId, r.Attempt.ToString(), Outcome(r.Outcome), Relative(r.StartedAt, now),
            $"{r.Duration.TotalMilliseconds:0} ms", r.WorkerId, LastCell(r, clip),
        ]), clip);

    // A run that failed or was cut short may still have a result (a sequence's steps, each finished, interrupted or not
    // started): --full shows it after the error.
    private static string LastCell(Scheduler.Contracts.Schedules.TaskRun run, bool clip) => run.Error is { } error
        ? ErrorCell(error, clip) + (!clip && !string.IsNullOrEmpty(run.Result) ? $"; result: {run.Result}" : "")
        : run.Result ?? "";

    /// <summary>
    /// An outcome as --json writes it and --outcome takes it ("timedOut"): lower-cased whole, "timedout" was a third
    /// spelling of it.
    /// </summary>
    public static string Outcome(Scheduler.Contracts.Schedules.RunOutcome outcome) => JsonNamingPolicy.CamelCase.ConvertName(outcome.ToString());

    /// <summary>A run's error as a column shows it: whole under <c>--full</c>, else in words (<see cref="Contracts.Runs.RunErrorText"/>).</summary>
    public static string ErrorCell(string? error, bool clip) => clip ? Contracts.Runs.RunErrorText.Words(error) : error ?? "";

    /// <summary>The <c>--full</c> option of the commands that print runs: their last column (error or result) whole.</summary>
    public static System.CommandLine.Option<bool> FullOption() =>
        new("--full") { Description = "Print each run's error or result whole (cut at 48 characters otherwise)" };

    /// <summary>An aligned table; cells are cut at 48 characters, except the last column's when <paramref name="clip"/> is false.</summary>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, bool clip = true)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        string Cell(string cell, int i) => clip || i < headers.Count - 1 ? Clip(cell) : cell;
        var widths = headers.Select((_, i) => all.Max(r => Cell(r[i], i).Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in all)
            text.AppendLine(string.Join("  ", row.Select((cell, i) => Cell(cell, i).PadRight(widths[i]))).TrimEnd());
        return text.ToString();
    }

    private static string Clip(string cell) => cell.Length > 48 ? cell[..47] + "…" : cell;
}
