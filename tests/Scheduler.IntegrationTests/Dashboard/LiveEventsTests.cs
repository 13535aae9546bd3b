using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Scheduler.Contracts.Tasks;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>SSE and WebSocket clients receive the events of a real worker run, with the seed's event names, and can resume.</summary>
public sealed class LiveEventsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Sse_client_sees_a_worker_run_and_resumes_after_the_last_event_id()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-sse");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var cts = new CancellationTokenSource(Patience);
        using var response = await dashboard.Http.GetAsync("/api/events", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var task = await redis.CreateClient().ScheduleAsync(new NotificationTask("sse"), "in:1s");
        var seen = new List<(string Id, string Event)>();
        // Fields of one event may come in any order (SSE); the blank line ends the event.
        string? id = null, name = null, data = null;
        while (!seen.Any(e => e.Event == "task_finished"))
        {
            var line = await reader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("id: ")) id = line[4..];
            else if (line.StartsWith("event: ")) name = line[7..];
            else if (line.StartsWith("data: ")) data = line[6..];
            else if (line.Length == 0 && data is not null)
            {
                Assert.Equal(task.Id, JsonDocument.Parse(data).RootElement.GetProperty("taskId").GetString());
                Assert.Equal(id, JsonDocument.Parse(data).RootElement.GetProperty("id").GetString());
                seen.Add((id!, name!));
                (id, name, data) = (null, null, null);
            }
        }
        string[] seedNames = ["schedule_update", "schedule_removed", "task_started", "task_finished", "task_error"];
        // Beat appends "fired" (schedule_update) once the job it enqueued is committed, so a quick worker may have
        // announced the start by then: the second schedule_update comes before or after task_started.
        var seed = seen.Select(e => e.Event).Where(seedNames.Contains).ToList();
        Assert.Equal(["schedule_update", "schedule_update", "task_finished", "task_started"], seed.Order());
        Assert.Equal("schedule_update", seed[0]);
        Assert.True(seed.IndexOf("task_started") < seed.IndexOf("task_finished"), string.Join(", ", seed));
        Assert.Contains(seen, e => e.Event == "notification");

        var resumeFrom = seen[1].Id;
        var resumed = new HttpRequestMessage(HttpMethod.Get, "/api/events");
        resumed.Headers.Add("Last-Event-ID", resumeFrom);
        using var second = await dashboard.Http.SendAsync(resumed, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var secondReader = new StreamReader(await second.Content.ReadAsStreamAsync(cts.Token));
        string? firstId = null;
        while (firstId is null)
        {
            var line = await secondReader.ReadLineAsync(cts.Token) ?? throw new EndOfStreamException();
            if (line.StartsWith("id: ")) firstId = line[4..];
        }
        Assert.Equal(seen[2].Id, firstId);
    }

    [Fact]
    public async Task WebSocket_client_receives_events_and_bad_resume_ids_are_400()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-ws");
        await using var system = await InProcessSystem.StartAsync(redis);
        await using var dashboard = await InProcessDashboard.StartAsync(redis);
        using var cts = new CancellationTokenSource(Patience);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{dashboard.Address.Authority}/ws/events"), cts.Token);

        var task = await redis.CreateClient().ScheduleAsync(new NotificationTask("ws"), "in:1s");
        var names = new List<string>();
        var buffer = new byte[64 * 1024];
        while (!names.Contains("task_finished"))
        {
            var received = await socket.ReceiveAsync(buffer, cts.Token);
            var message = JsonDocument.Parse(Encoding.UTF8.GetString(buffer, 0, received.Count)).RootElement;
            if (message.GetProperty("taskId").GetString() == task.Id) names.Add(message.GetProperty("event").GetString()!);
        }
        Assert.Contains("task_started", names);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", cts.Token);

        var bad = await dashboard.Http.GetAsync("/api/events?lastEventId=DROP%20TABLE", cts.Token);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        var notSocket = await dashboard.Http.GetAsync("/ws/events", cts.Token);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, notSocket.StatusCode);
    }
}
