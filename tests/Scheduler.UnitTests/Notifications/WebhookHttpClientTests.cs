using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scheduler.Worker.Handlers;
using Scheduler.Worker.Hosting;
using Scheduler.Worker.Notifications;

namespace Scheduler.UnitTests.Notifications;

/// <summary>The named HttpClient webhooks are sent with, as registered.</summary>
public sealed class WebhookHttpClientTests
{
    [Fact]
    public void Webhook_client_has_no_timeout_of_its_own_so_a_channel_Timeout_above_100_seconds_holds()
    {
        var services = new ServiceCollection();
        new SchedulerWorkerBuilder(services, new TaskHandlerRegistry()).AddNotifications(new ConfigurationBuilder().Build());
        using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookSender.HttpClientName);

        Assert.Equal(Timeout.InfiniteTimeSpan, client.Timeout);
    }
}
