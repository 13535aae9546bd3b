using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Hosting;
using Scheduler.Runtime.Hosting;

namespace Scheduler.Worker.Notifications;

/// <summary>Adds the <c>notification</c> task kind: its handler and one validated <see cref="WebhookOptions"/> per channel.</summary>
public static class NotificationWorkerExtensions
{
    /// <summary>Runs <c>notification</c> tasks on this worker, with the webhooks under <c>Scheduler:Webhooks</c>.</summary>
    public static SchedulerWorkerBuilder AddNotifications(this SchedulerWorkerBuilder builder, IConfiguration configuration)
    {
        var services = builder.Services;
        // Channels are the section's children, known at start, so each one is checked before the worker takes a job.
        var names = configuration.GetSection(WebhookOptions.Section).GetChildren().Select(c => c.Key).Order(StringComparer.Ordinal).ToList();
        foreach (var name in names)
        {
            services.AddOptions<WebhookOptions>(name).Bind(configuration.GetSection($"{WebhookOptions.Section}:{name}"))
                .RefuseUnknownSettings(configuration.GetSection($"{WebhookOptions.Section}:{name}"))
                .ValidateDataAnnotations()
                .Validate(o => WebhookOptions.IsHttpUrl(o.Url),
                    $"{WebhookOptions.Section}:{name}:Url must be an absolute http(s) URL")
                .ValidateOnStart();
        }
        services.TryAddSingleton(new WebhookChannels(names));
        // A redirect is not followed: a 301/302 would turn the POST into a body-less GET recorded as delivered, and a
        // 307/308 would carry the channel's secret headers to another host; a 3xx fails as any non-2xx does.
        // The client's own timeout is off so WebhookOptions.Timeout (up to 10 minutes) governs, not HttpClient's 100 s.
        // Its loggers are removed: they log the request URI, and Slack or Discord webhooks carry their token in the path.
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false })
            .RemoveAllLoggers();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<NotificationDeliveries>();
        return builder.AddTaskHandler<NotificationTask, NotificationHandler>();
    }
}
