using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Scheduler.IntegrationTests.Infrastructure;

namespace Scheduler.IntegrationTests.Dashboard;

/// <summary>The live-events WebSocket drops a client that stops answering its pings, and keeps one that answers.</summary>
public sealed class EventsClientTimeoutTests
{
    private static readonly Dictionary<string, string?> QuickPings = new()
    {
        ["Scheduler:Dashboard:EventsPingInterval"] = "00:00:01",
        ["Scheduler:Dashboard:EventsClientTimeout"] = "00:00:03",
    };

    [Fact]
    public async Task A_websocket_client_that_never_answers_a_ping_is_disconnected_after_the_client_timeout()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-ws-timeout");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, QuickPings);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(dashboard.Address.Host, dashboard.Address.Port);
        var stream = tcp.GetStream();
        // A WebSocket upgrade by hand: after it, this client reads what comes (pings included) and never answers.
        var upgrade = $"GET /ws/events HTTP/1.1\r\nHost: {dashboard.Address.Authority}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(upgrade));
        var buffer = new byte[4096];
        var head = new StringBuilder();
        while (!head.ToString().Contains("\r\n\r\n"))
        {
            var n = await stream.ReadAsync(buffer);
            Assert.True(n > 0, $"the dashboard closed the connection during the upgrade: {head}");
            head.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        Assert.StartsWith("HTTP/1.1 101", head.ToString());

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var closed = false;
        try
        {
            while (!closed) closed = await stream.ReadAsync(buffer, patience.Token) == 0;
        }
        catch (IOException) { closed = true; }
        catch (OperationCanceledException) { }

        Assert.True(closed, "a client that answered no ping for 20 s was still connected (the client timeout is 3 s)");
    }

    [Fact]
    public async Task A_websocket_client_that_answers_pings_stays_connected_past_the_client_timeout()
    {
        await using var redis = await RedisTestContext.CreateAsync("events-ws-alive");
        await using var dashboard = await InProcessDashboard.StartAsync(redis, QuickPings);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{dashboard.Address.Authority}/ws/events"), CancellationToken.None);

        // A pending receive answers the server's pings; no event comes, so it is still pending after 7 s, more than twice
        // the client timeout. A 3 s timeout over 1 s pings leaves a loaded machine two seconds to send each pong.
        var receive = socket.ReceiveAsync(new byte[4096], CancellationToken.None);
        var finished = await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(7)));

        Assert.NotSame(receive, finished);
        Assert.Equal(WebSocketState.Open, socket.State);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }
}
