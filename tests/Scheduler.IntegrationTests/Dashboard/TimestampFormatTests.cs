using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// Every instant in a REST answer has one form, milliseconds and offset (<c>2026-12-06T10:48:40.214+00:00</c>), whatever
/// precision the value had: a whole second, Redis's milliseconds or a clock's ticks.
/// </summary>
public sealed partial class TimestampFormatTests
{
    [Fact]
    public async Task Every_instant_in_the_answers_has_milliseconds_and_an_offset()
    {
        await using var redis = await RedisTestContext.CreateAsync("rest-timestamps");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        // Whole seconds (STJ wrote no decimals for these) beside Redis's milliseconds and the clock's ticks (/api/flow).
        var created = await dashboard.Http.PostAsync("/api/tasks/t1/schedule", new StringContent(
            """{"task": {"type": "notification", "message": "hi"}, "spec": "every day at 9am", "options": {"startAfter": "2029-06-01T12:00:00Z", "endAt": "2030-01-01T00:00:00Z"}}""",
            Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var instants = new List<(string Where, string Value)>();
        foreach (var url in new[] { "/api/tasks/t1", "/api/schedules", "/api/tasks/t1/occurrences?count=3", "/api/tasks/t1/events", "/api/flow", "/api/audit" })
            Collect(url, JsonDocument.Parse(await dashboard.Http.GetStringAsync(url)).RootElement, instants);
        var preview = await dashboard.Http.PostAsync("/api/schedules/parse",
            new StringContent("""{"spec": "every hour", "now": "2026-03-07T12:00:00Z", "count": 2}""", Encoding.UTF8, "application/json"));
        Collect("/api/schedules/parse", JsonDocument.Parse(await preview.Content.ReadAsStringAsync()).RootElement, instants);

        Assert.Contains(instants, i => i.Where.EndsWith(".options.endAt", StringComparison.Ordinal));
        Assert.Contains(instants, i => i.Where.StartsWith("/api/flow", StringComparison.Ordinal));
        Assert.All(instants, i => Assert.True(Written().IsMatch(i.Value), $"{i.Where} is {i.Value}"));
    }

    // Each string that is an ISO 8601 instant, wherever it sits. The audit's before/after are the task as it was
    // recorded then, and a spec is the text a user gave: neither is an instant the API writes.
    private static void Collect(string where, JsonElement element, List<(string, string)> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    if (property.Name is not ("before" or "after" or "spec" or "canonical")) Collect($"{where}.{property.Name}", property.Value, found);
                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray()) Collect($"{where}[{index++}]", item, found);
                break;
            case JsonValueKind.String when Instant().IsMatch(element.GetString()!):
                found.Add((where, element.GetString()!));
                break;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d")]
    private static partial Regex Instant();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d$")]
    private static partial Regex Written();
}
