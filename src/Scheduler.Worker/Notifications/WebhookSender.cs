using Microsoft.Extensions.Options;
using Scheduler.Worker.Handlers;

namespace Scheduler.Worker.Notifications;

/// <summary>
/// POSTs notifications to the webhooks configured under <c>Scheduler:Webhooks</c>. A non-success status (a redirect
/// included: it is not followed) or a network error throws, which fails the attempt so the task's retry policy retries the delivery. Cancelled while a request is
/// under way, it waits up to <see cref="AnswerGrace"/> for the answer before giving up.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IOptionsMonitor<WebhookOptions> webhooks, WebhookChannels channels, TimeProvider time)
{
    public const string HttpClientName = "scheduler-webhooks";

    public const string IdempotencyHeader = "Idempotency-Key";

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>How long a request already sent may still answer once the attempt is cancelled.</summary>
    public static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(2);

    /// <summary>Configured channel names, sorted.</summary>
    public IReadOnlyList<string> Names => channels.Names;

    /// <summary>The named webhook's settings (channel names match case-insensitively), or null when it is not configured.</summary>
    public WebhookOptions? Find(string name) =>
        channels.Names.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) is { } configured
            ? webhooks.Get(configured)
            : null;

    /// <summary>
    /// POSTs <paramref name="body"/> with an <c>Idempotency-Key</c> header (unless the channel's own headers set one):
    /// a receiver that saw the key already can drop a repeat sent because its first answer was lost.
    /// </summary>
    public async Task SendAsync(string name, WebhookOptions webhook, object body, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new NonRetryableTaskException($"webhook \"{name}\" has no valid Url (Scheduler:Webhooks:{name}:Url is \"{webhook.Url}\"); expected an absolute http(s) URL");
        cancellationToken.ThrowIfCancellationRequested();
        using var deadline = new CancellationTokenSource(webhook.Timeout, time);
        // A request under way when cancellation comes (a cancel, the soft timeout, the worker stopping) may already have
        // landed: it gets AnswerGrace to answer, so a delivery that landed is recorded as delivered instead of being sent
        // again by the next attempt or delivery; one that does not answer by then is abandoned.
        using var cancelled = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        using var grace = cancellationToken.Register(() => cancelled.CancelAfter(AnswerGrace));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancelled.Token, deadline.Token);
        // Serialized first, so the request has a Content-Length: sent chunked (JsonContent streams), simple receivers
        // and some gateways read an empty body.
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new ByteArrayContent(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(body, WebJson))
            {
                Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
            },
        };
        foreach (var (header, value) in webhook.Headers) request.Headers.TryAddWithoutValidation(header, value);
        if (!webhook.Headers.ContainsKey(IdempotencyHeader)) request.Headers.TryAddWithoutValidation(IdempotencyHeader, idempotencyKey);
        var client = clients.CreateClient(HttpClientName);
        try
        {
            // Only the status matters: the body is never read, so a large or endless one neither fills memory nor holds the attempt.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if ((int)response.StatusCode is >= 300 and < 400)
                throw new HttpRequestException(
                    $"webhook \"{name}\" answered {(int)response.StatusCode} {response.ReasonPhrase}, redirecting to {response.Headers.Location?.ToString() ?? "no Location"}; " +
                    $"redirects are not followed, set Scheduler:Webhooks:{name}:Url to the final address", null, response.StatusCode);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"webhook \"{name}\" answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"webhook \"{name}\" did not answer within {webhook.Timeout}");
        }
    }
}
