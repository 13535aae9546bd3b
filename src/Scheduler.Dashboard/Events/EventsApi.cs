using System.Net.ServerSentEvents;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Scheduler.Contracts.Client;
using Scheduler.Contracts.Events;
using Scheduler.Dashboard.Api;

namespace Scheduler.Dashboard.Events;

/// <summary>
/// Live events over Server-Sent Events (<c>/api/events</c>) and WebSocket (<c>/ws/events</c>), resumable by event id;
/// a task's recent ones as a JSON list (<c>/api/tasks/{id}/events</c>).
/// </summary>
internal static class EventsApi
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamSseAsync).WithSummary("Server-Sent Events; resume with the Last-Event-ID header or ?lastEventId=");
        api.MapIdGroup("/tasks/{id}", ApiResults.BadId).MapGet("/events", RecentAsync)
            .WithSummary("A task's newest retained events (as the streams send them), oldest first; ?type= and ?limit= (1..1000, default 50)");
        return api;
    }

    public static IEndpointRouteBuilder MapEventSocket(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ws/events", StreamWebSocketAsync);
        return app;
    }

    private static async Task<ServerSentEventsResult<string>> StreamSseAsync(HttpContext context, SchedulerClient client, string? lastEventId, string? type)
    {
        // The header is what a reconnecting EventSource sends; the query is for a first connection that resumes.
        var (types, resumeAfter) = Read(type, () => context.Request.Headers[LastEventIdHeader].FirstOrDefault() is { Length: > 0 } header
            ? ResumePoint(header, $"{LastEventIdHeader} header", LastEventIdHeader)
            : ResumePoint(lastEventId, nameof(lastEventId), nameof(lastEventId)));
        // Fixed before the client hears it is connected: an event written right after that is not missed.
        var after = resumeAfter ?? await client.LatestEventIdAsync(context.RequestAborted);
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.ServerSentEvents(SseItemsAsync(context, client, types, after, context.RequestAborted));
    }

    // SseItem has no form for comments, so ": connected" and ": keep-alive" are written between items, while the
    // formatter waits for the next one; the response then reads byte for byte as before.
    private static async IAsyncEnumerable<SseItem<string>> SseItemsAsync(HttpContext context, SchedulerClient client, EventTypePattern types, string after,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!await TryCommentAsync(context, "connected", cancellationToken)) yield break;
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        await using var events = WithKeepAlive(client.SubscribeAsync(types, after, cancellationToken), time, cancellationToken).GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            SchedulerEvent? e;
            try
            {
                if (!await events.MoveNextAsync()) yield break;
                e = events.Current;
            }
            catch (OperationCanceledException) { yield break; }
            if (e is null)
            {
                if (!await TryCommentAsync(context, "keep-alive", cancellationToken)) yield break;
                continue;
            }
            yield return new SseItem<string>(PublicEvents.Json(e), PublicEvents.NameOf(e.Type)) { EventId = e.Id };
        }
    }

    private static async Task<bool> TryCommentAsync(HttpContext context, string comment, CancellationToken cancellationToken)
    {
        try
        {
            await context.Response.WriteAsync($": {comment}\n\n", cancellationToken);
            await context.Response.Body.FlushAsync(cancellationToken);
            return true;
        }
        catch (OperationCanceledException) { return false; }
    }

    private static async Task StreamWebSocketAsync(HttpContext context, SchedulerClient client, string? lastEventId, string? type)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem("this endpoint speaks WebSocket; connect with a WebSocket client (ws://.../ws/events)",
                statusCode: StatusCodes.Status400BadRequest, title: "WebSocket required").ExecuteAsync(context);
            return;
        }
        var (types, resumeAfter) = Read(type, () => ResumePoint(lastEventId, nameof(lastEventId), nameof(lastEventId)));
        var after = resumeAfter ?? await client.LatestEventIdAsync(context.RequestAborted);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        _ = DrainAsync(socket, closed);
        try
        {
            await foreach (var e in client.SubscribeAsync(types, after, closed.Token))
            {
                var bytes = Encoding.UTF8.GetBytes(PublicEvents.Json(e));
                // Not `closed`: cancelling a send aborts the socket, and the client's close would then get a reset instead of its handshake.
                await socket.SendAsync(bytes, WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        // Complete the close handshake the client started (or start one when the server is stopping).
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try { await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "closing", CancellationToken.None); }
            catch (WebSocketException) { }
        }
    }

    // Reads (and ignores) client messages so a close from the client ends the stream.
    private static async Task DrainAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
                if ((await socket.ReceiveAsync(buffer, closed.Token)).MessageType == WebSocketMessageType.Close) break;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException) { }
        await closed.CancelAsync();
    }

    // The CLI's `events --task <id>` over HTTP: what happened to one task lately, without holding a stream open.
    private static async Task<IResult> RecentAsync(SchedulerClient client, string id, string? type, int? limit, CancellationToken aborted)
    {
        var problems = new List<ApiInputException>();
        if (limit is < 1 or > MaxRecent) problems.Add(new ApiInputException($"limit {limit} is out of range; expected 1..{MaxRecent}", "limit"));
        var (types, _) = Read(type, () => null, problems);
        if (await client.GetAsync(id, aborted) is null) return ApiResults.NotFound(id);
        var events = await client.GetRecentEventsAsync(types, limit ?? 50, id, aborted);
        return Results.Ok(events.Select(PublicEvents.Shape));
    }

    private const int MaxRecent = 1000;

    /// <summary>
    /// The type filter and the event to resume after, each checked: a request with both wrong hears of both (with any
    /// <paramref name="problems"/> found before), as a body's problems are all named.
    /// </summary>
    private static (EventTypePattern Types, string? After) Read(string? type, Func<string?> resumePoint, List<ApiInputException>? problems = null)
    {
        problems ??= [];
        var (types, after) = (EventTypePattern.All, (string?)null);
        try { types = TypesOf(type); }
        catch (ApiInputException e) { problems.Add(e); }
        try { after = resumePoint(); }
        catch (ApiInputException e) { problems.Add(e); }
        if (problems.Count > 0) throw ApiInputException.Of(problems);
        return (types, after);
    }

    /// <summary>The <c>?type=</c> filter, read by the same matcher as the client's and the CLI's; every type when absent.</summary>
    private static EventTypePattern TypesOf(string? type)
    {
        try { return type is null ? EventTypePattern.All : EventTypePattern.Parse(type); }
        catch (FormatException e) { throw new ApiInputException(e.Message, "type"); }
    }

    private const string LastEventIdHeader = "Last-Event-ID";

    /// <summary>
    /// The event to resume after, checked here rather than by the client, whose words ("event id … is not a stream id")
    /// name neither the parameter nor the header the caller set; null when none is given.
    /// </summary>
    /// <param name="value">The id given.</param>
    /// <param name="what">How the message names where it was given ("lastEventId", "Last-Event-ID header").</param>
    /// <param name="field">The problem's field.</param>
    private static string? ResumePoint(string? value, string what, string field)
    {
        if (string.IsNullOrEmpty(value)) return null;
        return SchedulerEvent.IsId(value)
            ? value
            : throw new ApiInputException($"{what} {Echo.Quoted(value)} is not accepted; expected an event id as the stream sends them, "
                + "such as 1732363200000-0, or 0 to replay the retained history", field);
    }

    private static async IAsyncEnumerable<SchedulerEvent?> WithKeepAlive(IAsyncEnumerable<SchedulerEvent> events, TimeProvider time,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var enumerator = events.GetAsyncEnumerator(cancellationToken);
        var next = enumerator.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                var done = await Task.WhenAny(next, Task.Delay(KeepAlive, time, cancellationToken));
                if (done != next) { yield return null; continue; }
                if (!await next) yield break;
                yield return enumerator.Current;
                next = enumerator.MoveNextAsync().AsTask();
            }
        }
        finally
        {
            // An async iterator throws NotSupportedException when disposed with a MoveNextAsync pending, which is the
            // usual state when a client (a closing browser tab) leaves; the request's token ends that call promptly.
            try { await next; }
            catch (Exception) { /* the stream is over; a late failure of the pending read changes nothing */ }
        }
    }
}
