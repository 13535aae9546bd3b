using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Scheduler.Cli;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Events;

/// <summary>
/// Subscriptions by event type pattern on real Redis: the client, <c>scheduler events --type</c>, and the dashboard's
/// SSE and WebSocket streams with <c>?type=</c>, all through the one matcher. Each test writes a scheduled, a paused
/// and a cancelled event and replays the stream from its start.
/// </summary>
public sealed class EventPatternTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static async Task<string> ScheduledPausedCancelledAsync(SchedulerClient client)
    {
        var task = await client.ScheduleAsync(new NotificationTask("pattern"), "every 1 hour");
        await client.PauseAsync(task.Id);
        await client.CancelAsync(task.Id);
        return task.Id;
    }

    private static async Task<List<string>> TypesAsync(SchedulerClient client, EventTypePattern pattern, int count)
    {
        using var cts = new CancellationTokenSource(Patience);
        var types = new List<string>();
        await foreach (var e in client.SubscribeAsync(pattern, "0", cts.Token))
        {
            types.Add(e.Type);
            if (types.Count == count) break;
        }
        return types;
    }

    [Fact]
    public async Task Client_subscription_by_pattern_yields_only_matching_event_types()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-pattern");
        var client = redis.CreateClient();
        await ScheduledPausedCancelledAsync(client);

        Assert.Equal([SchedulerEvents.Scheduled, SchedulerEvents.Paused, SchedulerEvents.Cancelled], await TypesAsync(client, EventTypePattern.Parse("scheduler.task.*"), 3));
        Assert.Equal([SchedulerEvents.Scheduled, SchedulerEvents.Paused, SchedulerEvents.Cancelled], await TypesAsync(client, EventTypePattern.Parse("task.*"), 3));
        Assert.Equal([SchedulerEvents.Paused, SchedulerEvents.Cancelled], await TypesAsync(client, EventTypePattern.Parse("task.paused,task.cancel*"), 2));
    }

    [Fact]
    public async Task Cli_events_type_prints_only_matching_events_and_a_bad_pattern_exits_2()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-cli");
        await ScheduledPausedCancelledAsync(redis.CreateClient());
        var env = InProcessCli.Environment(redis, verifyWorkers: true);
        Task<(int Code, string Out, string Err)> Cli(params string[] args) => InProcessCli.RunAsync(env, args);

        var paused = await Cli("events", "--type", "task.pa*", "--json");
        Assert.True(paused.Code == 0, paused.Err);
        var line = Assert.Single(paused.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(SchedulerEvents.Paused, JsonDocument.Parse(line).RootElement.GetProperty("type").GetString());

        var bad = await Cli("events", "--type", "task/<x>");
        Assert.Equal(2, bad.Code);
        Assert.Contains("event type pattern \"task/<x>\" has a character other than", bad.Err);
    }

    [Fact]
    public async Task Sse_and_websocket_streams_take_the_same_type_filter()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-pattern-http");
        var id = await ScheduledPausedCancelledAsync(redis.CreateClient());
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var cts = new CancellationTokenSource(Patience);

        using (var response = await dashboard.Http.GetAsync("/api/events?lastEventId=0&type=task.cancelled", HttpCompletionOption.ResponseHeadersRead, cts.Token))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            string? data = null;
            while (data is null)
            {
                var text = await reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException();
                if (text.StartsWith("data: ")) data = text[6..];
            }
            Assert.Equal(SchedulerEvents.Cancelled, JsonDocument.Parse(data).RootElement.GetProperty("type").GetString());
        }

        using (var socket = new ClientWebSocket())
        {
            await socket.ConnectAsync(new Uri($"ws://{dashboard.Address.Authority}/ws/events?lastEventId=0&type=scheduler.task.paused"), cts.Token);
            var buffer = new byte[64 * 1024];
            var received = await socket.ReceiveAsync(buffer, cts.Token);
            var message = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count)).RootElement;
            Assert.Equal(SchedulerEvents.Paused, message.GetProperty("type").GetString());
            Assert.Equal(id, message.GetProperty("taskId").GetString());
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);
        }

        var bad = await dashboard.Http.GetAsync("/api/events?type=%3Cscript%3E", cts.Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("event type pattern", await bad.Content.ReadAsStringAsync(cts.Token));
    }

    [Fact]
    public async Task A_stream_filters_by_the_names_it_labels_events_with_and_refuses_a_type_no_event_has()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-pattern-names");
        await ScheduledPausedCancelledAsync(redis.CreateClient());
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var cts = new CancellationTokenSource(Patience);

        using (var response = await dashboard.Http.GetAsync("/api/events?lastEventId=0&type=schedule_removed", HttpCompletionOption.ResponseHeadersRead, cts.Token))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
            var (name, data) = ((string?)null, (string?)null);
            while (data is null)
            {
                var text = await reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException();
                if (text.StartsWith("event: ")) name = text[7..];
                if (text.StartsWith("data: ")) data = text[6..];
            }
            Assert.Equal("schedule_removed", name);
            Assert.Equal(SchedulerEvents.Cancelled, JsonDocument.Parse(data).RootElement.GetProperty("type").GetString());
        }

        var bad = await dashboard.Http.GetAsync("/api/events?type=task_finishd", cts.Token);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("event type \"task_finishd\" matches no event", JsonDocument.Parse(await bad.Content.ReadAsStringAsync(cts.Token)).RootElement.GetProperty("detail").GetString());
        // A misspelt parameter on the WebSocket stream is refused before the upgrade, as on SSE: ignored, it streamed every event.
        using (var socket = new ClientWebSocket())
            await Assert.ThrowsAnyAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://{dashboard.Address.Authority}/ws/events?typ=task_error"), cts.Token));
        var cli = await InProcessCli.RunAsync(InProcessCli.Environment(redis), ["events", "--type", "bogus"]);
        Assert.Equal(2, cli.Code);
        Assert.Contains("event type \"bogus\" matches no event", cli.Err);
    }
}
