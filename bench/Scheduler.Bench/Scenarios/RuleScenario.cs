using System.Diagnostics;
using System.Globalization;
using Scheduler.Bench.Infrastructure;
using Scheduler.Bench.Results;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.Bench.Scenarios;

/// <summary>
/// Scenario 8: cost of the next occurrence of an RFC 5545 rule whose DTSTART is ten years back (MINUTELY, in UTC
/// and in a DST zone), in process, no Redis. It must not grow with the distance to DTSTART: Ical.Net walked from
/// DTSTART on every call (1.5 s per call for this rule, shared/NOTES.md). Also the one-off cost of compiling a
/// COUNT rule, which is counted from DTSTART once.
/// </summary>
internal static class RuleScenario
{
    public static Task RunAsync(BenchContext ctx, ScenarioResult result)
    {
        var calls = ctx.Options.Quick ? 2_000 : 50_000;
        var now = DateTimeOffset.UtcNow;
        var start = now.AddYears(-10).UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var berlin = ScheduleParser.Parse($"DTSTART;TZID=Europe/Berlin:{start} RRULE:FREQ=MINUTELY", new() { TimeZone = "Europe/Berlin", Now = now });
        var utc = ScheduleParser.Parse($"DTSTART:{start}Z RRULE:FREQ=MINUTELY", new() { Now = now });
        // The same rule starting yesterday: under the same load, the ratio shows whether DTSTART's age costs anything.
        var recentStart = now.AddDays(-1).UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        var recent = ScheduleParser.Parse($"DTSTART:{recentStart}Z RRULE:FREQ=MINUTELY", new() { Now = now });
        Measure(utc, now, 200); // JIT and first-use caches out of the figure
        Measure(berlin, now, 200);
        Measure(recent, now, 200);
        for (var run = 0; run < ctx.Options.Runs; run++)
        {
            result.Sample("minutely_10y_back_utc_us_per_next", Measure(utc, now, calls), "µs");
            result.Sample("minutely_10y_back_berlin_us_per_next", Measure(berlin, now, calls), "µs");
            result.Sample("minutely_1d_back_utc_us_per_next", Measure(recent, now, calls), "µs");
            var watch = Stopwatch.StartNew();
            // A distinct DTSTART per run so the compiled-rule cache does not answer.
            _ = ScheduleParser.Parse($"DTSTART:{start}Z RRULE:FREQ=HOURLY;COUNT={90_000 + run}", new() { Now = now, AllowPast = true });
            result.Sample("hourly_count_90000_10y_back_parse_ms", watch.Elapsed.TotalMilliseconds, "ms");
        }
        result.Summarize();
        result.Add("cost_10y_back_vs_1d_back", Stats.Ratio(result.Find("minutely_10y_back_utc_us_per_next")?.Value, result.Find("minutely_1d_back_utc_us_per_next")?.Value), "x");
        result.Notes.Add($"{calls} NextAfter calls per sample, each from a later instant (spread over a year)");
        return Task.CompletedTask;
    }

    private static double Measure(ParsedSchedule schedule, DateTimeOffset now, int calls)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            if (schedule.NextAfter(now.AddMinutes(i * 263.3)) is null) throw new InvalidOperationException("the rule ended");
        }
        return watch.Elapsed.TotalMilliseconds * 1000 / calls;
    }
}
