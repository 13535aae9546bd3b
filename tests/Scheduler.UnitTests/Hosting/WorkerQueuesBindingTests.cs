using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scheduler.Worker.Hosting;

namespace Scheduler.UnitTests.Hosting;

public class WorkerQueuesBindingTests
{
    private static string[] QueuesOf(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSchedulerWorker(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<WorkerOptions>>().Value.Queues;
    }

    [Fact]
    public void Configured_queues_replace_the_default_queue_instead_of_adding_to_it()
    {
        // README: an app's method calls get a queue of their own and its worker runs "on that queue only".
        Assert.Equal(["reports"], QueuesOf(new() { ["Scheduler:Worker:Queues:0"] = "reports" }));
        Assert.Equal(["reports", "mail"], QueuesOf(new() { ["Scheduler:Worker:Queues:0"] = "reports", ["Scheduler:Worker:Queues:1"] = "mail" }));
    }

    [Fact]
    public void A_worker_without_configured_queues_takes_the_default_queue()
    {
        Assert.Equal(["default"], QueuesOf([]));
    }
}
