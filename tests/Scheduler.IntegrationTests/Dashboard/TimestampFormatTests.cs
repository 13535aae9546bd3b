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
    public async Task Rest_and_cli_json_write_instants_with_six_fractional_digits_and_a_numeric_offset()
    {
        await using var redis = await RedisTestContext.CreateAsync("wire-time");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        // On the minute: the serializer's own form would write it with no fraction at all.
        const string body = """{"task": {"type": "notification", "message": "hi"}, "spec": "at:2027-06-01T10:00:00Z"}""";
        var created = await dashboard.Http.PostAsync("/api/tasks/on-the-minute/schedule", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var rest = await dashboard.Http.GetFromJsonAsync<JsonElement>("/api/tasks/on-the-minute/schedule");
        var restInstants = Instants(rest).ToList();
        Assert.Contains("2027-06-01T10:00:00.000000+00:00", restInstants);
        Assert.All(restInstants, at => Assert.Matches(Portable(), at));

        var cli = await InProcessCli.RunAsync(redis, "info", "on-the-minute", "--json");
        Assert.True(cli.Code == 0, cli.Err);
        var cliInstants = Instants(JsonDocument.Parse(cli.Out).RootElement).ToList();
        Assert.Contains("2027-06-01T10:00:00.000000+00:00", cliInstants);
        Assert.All(cliInstants, at => Assert.Matches(Portable(), at));
    }

    // The schedule's canonical spec is text our parser reads back ("at:" and .NET's round-trip form), not an instant field.
    private static IEnumerable<string> Instants(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().Where(p => p.Name != "canonical").SelectMany(p => Instants(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Instants),
        JsonValueKind.String when LooksLikeAnInstant().IsMatch(element.GetString()!) => [element.GetString()!],
        _ => [],
    };
}
