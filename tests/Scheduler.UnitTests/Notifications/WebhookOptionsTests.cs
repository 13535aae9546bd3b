using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scheduler.Worker.Handlers;
using Scheduler.Worker.Hosting;
using Scheduler.Worker.Notifications;

namespace Scheduler.UnitTests.Notifications;

/// <summary>Webhook channels are named options, bound once from <c>Scheduler:Webhooks</c> and checked when the worker starts.</summary>
public sealed class WebhookOptionsTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        new SchedulerWorkerBuilder(services, new TaskHandlerRegistry()).AddNotifications(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void A_webhook_without_an_absolute_http_url_stops_the_worker_at_start_naming_the_setting()
    {
        using var provider = Build(new() { ["Scheduler:Webhooks:ops:Url"] = "hooks.example/notify", ["Scheduler:Webhooks:audit:Url"] = "https://audit.example/in" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Scheduler:Webhooks:ops:Url must be an absolute http(s) URL", failure.Message);
        Assert.DoesNotContain("audit", failure.Message);
    }

    [Fact]
    public void A_webhook_timeout_out_of_range_stops_the_worker_at_start()
    {
        using var provider = Build(new() { ["Scheduler:Webhooks:ops:Url"] = "https://hooks.example/notify", ["Scheduler:Webhooks:ops:Timeout"] = "01:00:00" });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Timeout", failure.Message);
    }

    [Fact]
    public void Configured_channels_are_found_by_name_in_any_case_with_their_settings()
    {
        using var provider = Build(new()
        {
            ["Scheduler:Webhooks:ops:Url"] = "https://hooks.example/notify",
            ["Scheduler:Webhooks:ops:Headers:X-Token"] = "secret",
            ["Scheduler:Webhooks:ops:Timeout"] = "00:00:05",
            ["Scheduler:Webhooks:audit:Url"] = "http://127.0.0.1:9/in",
        });
        provider.GetRequiredService<IStartupValidator>().Validate();
        var sender = provider.GetRequiredService<WebhookSender>();

        var ops = sender.Find("OPS");

        Assert.NotNull(ops);
        Assert.Equal("https://hooks.example/notify", ops.Url);
        Assert.Equal("secret", ops.Headers["x-token"]);
        Assert.Equal(TimeSpan.FromSeconds(5), ops.Timeout);
        Assert.Null(sender.Find("pager"));
        Assert.Equal(["audit", "ops"], sender.Names);
    }
}
