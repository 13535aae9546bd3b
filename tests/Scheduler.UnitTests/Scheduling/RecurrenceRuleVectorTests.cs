using System.Globalization;
using System.Text.Json;
using Scheduler.Contracts.Scheduling;

namespace Scheduler.UnitTests.Scheduling;

/// <summary>
/// Rules in DST zones checked against python3-dateutil (Vectors/generate_rrule_vectors.py, which maps dateutil's local
/// times to instants as RFC 5545 3.3.5 says): "now" a few days before a clock change, the next five instants.
/// </summary>
public sealed class RecurrenceRuleVectorTests
{
    [Fact]
    public void Every_dateutil_vector_gives_the_same_next_instants()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Scheduling", "Vectors", "rrule_vectors.json");
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        var vectors = json.RootElement.GetProperty("vectors").EnumerateArray().ToList();
        Assert.True(vectors.Count >= 200, $"only {vectors.Count} vectors");
        var failures = new List<string>();
        foreach (var v in vectors)
        {
            var rule = v.GetProperty("rule").GetString()!;
            var now = Parse(v.GetProperty("now").GetString()!);
            var horizon = Parse(v.GetProperty("horizon").GetString()!);
            var expected = v.GetProperty("next").EnumerateArray().Select(e => e.GetString()!).ToList();
            try
            {
                var schedule = ScheduleParser.Parse(rule, new ScheduleParseOptions { TimeZone = v.GetProperty("zone").GetString()!, Now = now, AllowPast = true });
                var actual = schedule.Next(5, now).Where(a => a < horizon).Select(Format).ToList();
                if (!actual.SequenceEqual(expected))
                    failures.Add($"{rule.ReplaceLineEndings(" ")} after {Format(now)}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
            }
            catch (ScheduleSpecException e) when (expected.Count == 0 && e.Message.Contains("can never match", StringComparison.Ordinal))
            {
                // dateutil finds nothing either; refusing the rule is the documented answer.
            }
            catch (ScheduleSpecException e)
            {
                failures.Add($"{rule.ReplaceLineEndings(" ")}: rejected ({e.Message}), expected [{string.Join(", ", expected)}]");
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {vectors.Count} vectors differ:\n" + string.Join("\n", failures.Take(15)));
    }

    private static DateTimeOffset Parse(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
