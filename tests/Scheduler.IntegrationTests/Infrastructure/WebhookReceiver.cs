using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Scheduler.IntegrationTests.Infrastructure;

/// <summary>An HTTP endpoint on a free loopback port that records webhook deliveries and answers as the test says.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>Bodies and headers received, in order.</summary>
    public ConcurrentQueue<(string Body, IReadOnlyDictionary<string, string> Headers)> Received { get; } = new();

    /// <summary>Bodies with the instant each arrived, in order.</summary>
    public ConcurrentQueue<(DateTimeOffset At, string Body)> Timeline { get; } = new();

    public string Url => _app.Urls.First() + "/hook";

    /// <summary>Methods of the requests that reached <see cref="TargetUrl"/>, where a 3xx answer points.</summary>
    public ConcurrentQueue<string> TargetRequests { get; } = new();

    public string TargetUrl => _app.Urls.First() + "/target";

    /// <summary>
    /// Starts the receiver; <paramref name="respond"/> gets the 1-based call number and returns the status code to answer.
    /// A 3xx answer carries <c>Location: </c><see cref="TargetUrl"/>. With <paramref name="endlessBody"/> the answer's body
    /// never ends: chunks are written until the caller goes away.
    /// </summary>
    public static async Task<WebhookReceiver> StartAsync(Func<int, CancellationToken, Task<int>>? respond = null, bool endlessBody = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext http) =>
        {
            var call = Interlocked.Increment(ref receiver._calls);
            using var reader = new StreamReader(http.Request.Body);
            // Copied: Kestrel reuses the header collection once the request ends.
            var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            var body = await reader.ReadToEndAsync();
            receiver.Timeline.Enqueue((DateTimeOffset.UtcNow, body));
            receiver.Received.Enqueue((body, headers));
            var status = respond is null ? 200 : await respond(call, http.RequestAborted);
            http.Response.StatusCode = status;
            if (status is >= 300 and < 400) http.Response.Headers.Location = receiver.TargetUrl;
            if (endlessBody) await WriteUntilAbortedAsync(http);
        });
        app.Map("/target", (HttpContext http) =>
        {
            receiver.TargetRequests.Enqueue(http.Request.Method);
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    private static async Task WriteUntilAbortedAsync(HttpContext http)
    {
        var chunk = new byte[64 * 1024];
        try
        {
            while (!http.RequestAborted.IsCancellationRequested)
            {
                await http.Response.Body.WriteAsync(chunk, http.RequestAborted);
                await Task.Delay(10, http.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException) { }
    }

    /// <summary>Worker settings naming this receiver as webhook channel <paramref name="name"/>.</summary>
    public Dictionary<string, string?> Settings(string name) => new()
    {
        [$"Scheduler:Webhooks:{name}:Url"] = Url, [$"Scheduler:Webhooks:{name}:Headers:X-Token"] = "secret",
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
