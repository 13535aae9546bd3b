using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>
/// A malformed event id to resume after is a 400 naming where the caller gave it (the query parameter or the header), the
/// value cut short, and the ids accepted, on both event streams; never the client library's words or a stack trace.
/// </summary>
public sealed class EventResumePointTests
{
    private const string Accepted = "expected an event id as the stream sends them, such as 1732363200000-0, or 0 to replay the retained history";

    [Fact]
    public async Task A_malformed_last_event_id_is_a_400_naming_the_parameter_or_header_given_its_value_and_the_ids_accepted()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-resume-point");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        var longValue = new string('9', 300);

        var query = await ProblemAsync(dashboard, new HttpRequestMessage(HttpMethod.Get, "/api/events?lastEventId=garbage"));
        var header = new HttpRequestMessage(HttpMethod.Get, "/api/events?lastEventId=0");
        header.Headers.Add("Last-Event-ID", longValue);
        var fromHeader = await ProblemAsync(dashboard, header);
        // The WebSocket handshake: the id is checked before the upgrade is accepted, so the refusal is a plain answer.
        var socket = new HttpRequestMessage(HttpMethod.Get, "/ws/events?lastEventId=1732363200000-x");
        socket.Headers.Connection.Add("Upgrade");
        socket.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        socket.Headers.Add("Sec-WebSocket-Version", "13");
        socket.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        var fromSocket = await ProblemAsync(dashboard, socket);

        Assert.Equal(("lastEventId", $"lastEventId \"garbage\" is not accepted; {Accepted}"), query);
        Assert.Equal(("Last-Event-ID", $"Last-Event-ID header \"{longValue[..100]}…\" is not accepted; {Accepted}"), fromHeader);
        Assert.Equal(("lastEventId", $"lastEventId \"1732363200000-x\" is not accepted; {Accepted}"), fromSocket);
    }

    [Theory]
    [InlineData("/api/events?type=%3Cscript%3E&lastEventId=garbage", "type,lastEventId")]
    [InlineData("/api/tasks/t1/events?type=%3Cscript%3E&limit=0", "limit,type")]
    public async Task Two_bad_parameters_are_both_named_each_with_its_field(string url, string fields)
    {
        await using var redis = await RedisTestContext.CreateAsync("events-two-problems");
        await using var dashboard = await InProcessDashboard.StartAsync(redis);

        using var response = await dashboard.Http.GetAsync(url);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {response.StatusCode}: {text}");
        var problem = JsonDocument.Parse(text).RootElement;
        var errors = problem.GetProperty("errors").EnumerateArray().ToList();
        Assert.Equal(fields.Split(','), errors.Select(e => e.GetProperty("field").GetString()));
        // The detail says all of them, as a body's several problems are said: joined by "; ".
        Assert.Equal(string.Join("; ", errors.Select(e => e.GetProperty("message").GetString())), problem.GetProperty("detail").GetString());
        Assert.Contains("\"<script>\"", problem.GetProperty("detail").GetString());
    }

    private static async Task<(string Field, string Detail)> ProblemAsync(InProcessDashboard dashboard, HttpRequestMessage request)
    {
        using var response = await dashboard.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{request.RequestUri}: {response.StatusCode}: {text}");
        Assert.DoesNotContain("   at ", text);
        var problem = JsonDocument.Parse(text).RootElement;
        var detail = problem.GetProperty("detail").GetString()!;
        var error = Assert.Single(problem.GetProperty("errors").EnumerateArray());
        Assert.Equal(detail, error.GetProperty("message").GetString());
        return (error.GetProperty("field").GetString()!, detail);
    }
}
