using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scheduler.Contracts.Tasks;
using Scheduler.Worker.Hosting;

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
                .ValidateDataAnnotations()
                .Validate(o => WebhookOptions.IsHttpUrl(o.Url),
                    $"{WebhookOptions.Section}:{name}:Url must be an absolute http(s) URL")
                .ValidateOnStart();
        }
        services.TryAddSingleton(new WebhookChannels(names));
        services.AddHttpClient(WebhookSender.HttpClientName);
        services.TryAddSingleton<WebhookSender>();
        return builder.AddTaskHandler<NotificationTask, NotificationHandler>();
    }
}
