using System.Net.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Scheduler.Worker.Webhooks;

/// <summary>
/// POSTs notifications to the webhooks configured under <c>Scheduler:Webhooks</c>. A non-success status or a network
/// error throws, which fails the attempt so the task's retry policy retries the delivery.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IConfiguration configuration)
{
    public const string HttpClientName = "scheduler-webhooks";

    /// <summary>Configured channel names, sorted.</summary>
    public IReadOnlyList<string> Names =>
        [.. configuration.GetSection(WebhookOptions.Section).GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal)];

    /// <summary>The named webhook's settings, or null when it is not configured.</summary>
    public WebhookOptions? Find(string name)
    {
        var section = configuration.GetSection(WebhookOptions.Section).GetChildren()
            .FirstOrDefault(c => string.Equals(c.Key, name, StringComparison.OrdinalIgnoreCase));
        if (section is null) return null;
        var options = new WebhookOptions();
        section.Bind(options);
        return options;
    }

    public async Task SendAsync(string name, WebhookOptions webhook, object body, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(webhook.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            throw new Tasks.NonRetryableTaskException($"webhook \"{name}\" has no valid Url (Scheduler:Webhooks:{name}:Url is \"{webhook.Url}\"); expected an absolute http(s) URL");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(webhook.Timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        foreach (var (header, value) in webhook.Headers) request.Headers.TryAddWithoutValidation(header, value);
        var client = clients.CreateClient(HttpClientName);
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
                throw new HttpRequestException($"webhook \"{name}\" answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"webhook \"{name}\" did not answer within {webhook.Timeout}");
        }
    }
}
