using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// Every instant the REST API and the CLI's JSON write has six fractional digits and a numeric offset, the form
/// <c>datetime.fromisoformat</c> parses on every Python 3 from 3.7 (before 3.11 it takes 3 or 6 digits, and no "Z").
/// </summary>
public sealed partial class TimestampFormatTests
{
    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}[+-]\d\d:\d\d$")]
    private static partial Regex Portable();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d")]
    private static partial Regex LooksLikeAnInstant();

    [Fact]
    public async Task Rest_events_audit_and_cli_json_write_instants_with_six_fractional_digits_and_a_numeric_offset()
    {
        await using var redis = await RedisTestContext.CreateAsync("wire-time");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        // On the minute: the serializer's own form would write it with no fraction at all.
        const string body = """{"task": {"type": "notification", "message": "hi"}, "spec": "at:2027-06-01T10:00:00Z"}""";
        var created = await dashboard.Http.PostAsync("/api/tasks/on-the-minute/schedule", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var raw = await dashboard.Http.GetStringAsync("/api/tasks/on-the-minute/schedule");
        // The offset's "+" as itself, as the serializer's own form writes it, not escaped as \u002B.
        Assert.Contains("\"2027-06-01T10:00:00.000000+00:00\"", raw);
        var restInstants = Instants(JsonDocument.Parse(raw).RootElement).ToList();
        Assert.All(restInstants, at => Assert.Matches(Portable(), at));
        // Events and audit entries (their values included), written with the host clock's milliseconds.
        var events = Instants(await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/on-the-minute/events")).ToList();
        var audit = Instants(await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/audit?taskId=on-the-minute")).ToList();
        Assert.NotEmpty(events);
        Assert.Contains("2027-06-01T10:00:00.000000+00:00", audit);
        Assert.All(events.Concat(audit), at => Assert.Matches(Portable(), at));

        var cli = await InProcessCli.RunAsync(redis, "info", "on-the-minute", "--json");
        Assert.True(cli.Code == 0, cli.Err);
        var cliInstants = Instants(JsonDocument.Parse(cli.Out).RootElement).ToList();
        Assert.Contains("2027-06-01T10:00:00.000000+00:00", cliInstants);
        Assert.All(cliInstants, at => Assert.Matches(Portable(), at));
        var parsed = await InProcessCli.RunAsync(redis, "parse", "every day at 9:00", "--tz", "Europe/Berlin", "--json");
        Assert.True(parsed.Code == 0, parsed.Err);
        var next = JsonDocument.Parse(parsed.Out).RootElement.GetProperty("next").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(next);
        Assert.All(next, at => Assert.Matches(@"^\d{4}-\d\d-\d\dT09:00:00\.000000\+0[12]:00$", at));
    }

    // The schedule's canonical spec (an audit entry names it "schedule.canonical") is text our parser reads back (.NET's
    // round-trip form), not an instant field.
    private static IEnumerable<string> Instants(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Where(p => p.Name is not ("canonical" or "schedule.canonical")).SelectMany(p => Instants(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Instants),
        JsonValueKind.String when LooksLikeAnInstant().IsMatch(element.GetString()!) => [element.GetString()!],
        _ => [],
    };
}
